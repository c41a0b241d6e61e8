#!/usr/bin/python3
"""Builds one seed corpus per fuzz target from the test fixtures.

Usage: make_seeds.py FIXTURE_DIR SEED_DIR
"""
import pathlib
import shutil
import sys
import zipfile

SMALL = 96 * 1024


def main() -> int:
    fixtures, seeds = map(pathlib.Path, sys.argv[1:3])
    dirs = {t: seeds / t for t in ("checkpoint", "pickle", "npy", "npz", "safetensors", "image")}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    for f in sorted(fixtures.rglob("*")):
        if not f.is_file():
            continue
        data = f.read_bytes()
        name = f.relative_to(fixtures).as_posix().replace("/", "_")
        if f.suffix in (".pth", ".pt", ".torch", ".pkl") and len(data) <= SMALL:
            shutil.copy(f, dirs["checkpoint"] / name)
        if f.suffix in (".safetensors", ".tspos") and len(data) <= SMALL:
            shutil.copy(f, dirs["safetensors"] / name)
            shutil.copy(f, dirs["checkpoint"] / name)
        if f.suffix == ".npy" and len(data) <= SMALL:
            shutil.copy(f, dirs["npy"] / name)
        if f.suffix == ".npz" and len(data) <= SMALL:
            shutil.copy(f, dirs["npz"] / name)
        if f.suffix in (".png", ".jpg") and len(data) <= SMALL:
            shutil.copy(f, dirs["image"] / name)
        if zipfile.is_zipfile(f):
            try:
                with zipfile.ZipFile(f) as z:
                    for info in z.infolist():
                        if info.file_size > SMALL:
                            continue
                        member = info.filename.replace("/", "_")
                        if info.filename.endswith("data.pkl"):
                            (dirs["pickle"] / f"{name}_{member}").write_bytes(z.read(info))
                        elif info.filename.endswith(".npy"):
                            (dirs["npy"] / f"{name}_{member}").write_bytes(z.read(info))
            except (zipfile.BadZipFile, OSError):
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Throughput and latency of the PyTorch reference of a spiking ResNet: the idiomatic SpikingJelly path (conv/BN on
the [T*N,...] flattened sequence, every neuron population looped over T in torch), in eval mode under
torch.inference_mode, recording nothing. The baseline the engine's benchmarks quote ratios against.

Usage: torch_reference_bench.py CKPT [--size 224] [--T 4] [--batch N] [--threads N] [--seconds S] [--json]
                                     [--block spiking|sew-add|sew-iand|sew-and] [--neuron lif|if|ann]

CKPT is a SpikingJelly train_classify checkpoint ({"model": state_dict, "args": Namespace}) or a bare state_dict
(a "module." prefix is stripped). resnet18/34/50 is detected from the keys, the stem from conv1's kernel size, the
width from conv1 and the classes from fc. Block type, neuron (ann for a plain "resnet18") and T default to
args.model / args.cnf / args.T when present, else spiking, lif and 4. The input is N smooth random images normalised
like ImageNet.

Prints {"images_per_s", "batch", "threads", "latency_ms" (batch 1, mean), "torch", ...} with --json.
Runs with Debian's /usr/bin/python3 (python3-torch).
"""
import argparse
import json
import pathlib
import sys
import time

import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "fixtures"))

import resnet_reference as ref  # noqa: E402
import spiking_reference as sr  # noqa: E402

CNF_BLOCK = {"ADD": "sew-add", "IAND": "sew-iand", "AND": "sew-and"}


def load(path):
    ck = torch.load(path, map_location="cpu")
    args = None
    if isinstance(ck, dict) and "model" in ck and isinstance(ck["model"], dict):
        sd, args = ck["model"], ck.get("args")
    elif isinstance(ck, dict) and "state_dict" in ck and isinstance(ck["state_dict"], dict):
        sd = ck["state_dict"]
    else:
        sd = ck
    sd = {(k[len("module."):] if k.startswith("module.") else k): v for k, v in sd.items()}
    return sd, args


def build(sd):
    kind, width, classes, cifar = sr.detect(sd)
    net = ref.make(kind, seed=0, width=width, num_classes=max(classes, 1), cifar_stem=cifar, fc=classes > 0)
    net.load_state_dict(sd)
    return net.eval(), kind, width, classes, cifar


def timed(fn, seconds, min_runs):
    fn()  # warm-up
    runs, t0 = 0, time.perf_counter()
    while True:
        fn()
        runs += 1
        elapsed = time.perf_counter() - t0
        if runs >= min_runs and elapsed >= seconds:
            return runs, elapsed


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("ckpt")
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--T", type=int, default=None)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seconds", type=float, default=5.0)
    p.add_argument("--block", choices=sr.BLOCK_TYPES, default=None)
    p.add_argument("--neuron", choices=sr.NEURONS, default=None,
                   help="default: ann when args.model is a plain torchvision name (resnet18...), else lif")
    p.add_argument("--json", action="store_true")
    a = p.parse_args(argv)

    torch.set_num_threads(a.threads)
    sd, args = load(a.ckpt)
    net, kind, width, classes, cifar = build(sd)
    model = getattr(args, "model", "") or ""
    block = a.block or (CNF_BLOCK.get(getattr(args, "cnf", None), "sew-add") if model.startswith("sew") else "spiking")
    T = a.T if a.T is not None else int(getattr(args, "T", 4) or 4)
    if a.neuron is None:
        a.neuron = "ann" if model.startswith("resnet") else "lif"
    if a.neuron == "ann":
        T = 1
    kw = dict(block_type=block, neuron=a.neuron, cifar_stem=cifar, record=False)

    x = sr.grating_images(a.batch, a.size, seed=7)
    x1 = x[:1].clone()
    with torch.inference_mode():
        runs, elapsed = timed(lambda: sr.forward(net, x, T, **kw), a.seconds, 2)
        ips = a.batch * runs / elapsed
        if a.batch == 1:
            latency = 1000.0 * elapsed / runs
        else:
            r1, e1 = timed(lambda: sr.forward(net, x1, T, **kw), a.seconds, 3)
            latency = 1000.0 * e1 / r1
        rate = None
        if a.neuron != "ann":
            res = sr.forward(net, x1, T, block_type=block, neuron=a.neuron, cifar_stem=cifar)
            spikes = res["spikes"].values()
            rate = float(sum(float(s.sum()) for s in spikes) / sum(s.numel() for s in res["spikes"].values()))
    out = {"images_per_s": round(ips, 3), "batch": a.batch, "threads": a.threads, "latency_ms": round(latency, 2),
           "torch": torch.__version__, "T": T, "size": a.size, "architecture": kind, "width": width,
           "num_classes": classes, "stem": "cifar" if cifar else "imagenet", "block": block, "neuron": a.neuron,
           "firing_rate": None if rate is None else round(rate, 4), "runs": runs, "seconds": round(elapsed, 2)}
    if a.json:
        print(json.dumps(out))
    else:
        what = "ann (ReLU)" if a.neuron == "ann" else f"{block}/{a.neuron}"
        print(f"{kind} w{width} {out['stem']} {what} T={T} {a.size}px: {ips:.2f} img/s at batch {a.batch}, "
              f"{latency:.1f} ms at batch 1, {a.threads} thread(s), firing {out['firing_rate']}, "
              f"torch {torch.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

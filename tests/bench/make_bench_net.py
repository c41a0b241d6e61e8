#!/usr/bin/python3
"""Writes a full-width spiking ResNet-18 whose BN is calibrated to fire like a real network, for benchmarks.

Usage: make_bench_net.py OUT.pth [--cifar] [--target-rate 0.1] [--block spiking] [--T 4] [--images 4] [--seed 0]

ImageNet stem and 1000 classes (calibrated on 224x224 images), or with --cifar the CIFAR stem (3x3 conv, no maxpool)
and 100 classes (32x32 images). Random weights; every BN's running statistics come from its actual input on smooth
random images, and its affine parameters are set so that each LIF population (tau 2, v_th 1, hard reset to 0) fires
around --target-rate per neuron-step (each population between 0.6x and 1.5x of it; checked). Written as a SpikingJelly
train_classify checkpoint (args.model spiking_resnet18 or sew_resnet18, args.T). Deterministic for a given seed.
"""
import argparse
import pathlib
import sys
import time

import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "fixtures"))

import resnet_reference as ref  # noqa: E402
import spiking_reference as sr  # noqa: E402
from spiking_fixtures import CNF, checkpoint  # noqa: E402
from torch_fixtures import namespace  # noqa: E402


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out")
    p.add_argument("--cifar", action="store_true")
    p.add_argument("--target-rate", type=float, default=0.1)
    p.add_argument("--block", choices=sr.BLOCK_TYPES[:3], default="spiking")
    p.add_argument("--T", type=int, default=4)
    p.add_argument("--images", type=int, default=4)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args(argv)

    t0 = time.time()
    size, classes = (32, 100) if a.cifar else (224, 1000)
    net = ref.make("resnet18", seed=a.seed, num_classes=classes, cifar_stem=a.cifar).eval()
    x = sr.grating_images(a.images, size, seed=a.seed + 1)
    lo, hi = 0.5 * a.target_rate, 1.6 * a.target_rate
    rates = sr.calibrate(net, x, a.T, a.block, target_rate=a.target_rate, seed=a.seed, cifar_stem=a.cifar,
                         check=(lo, hi))
    args = {"model": ("sew_" if a.block.startswith("sew") else "spiking_") + "resnet18", "T": a.T}
    if a.block in CNF:
        args["cnf"] = CNF[a.block]
    torch.save(checkpoint(net, namespace(**args)), a.out)
    mean = sum(rates.values()) / len(rates)
    print(f"{a.out}: resnet18 {'cifar' if a.cifar else 'imagenet'} {a.block} T={a.T}, {len(rates)} populations fire "
          f"{min(rates.values()):.3f}..{max(rates.values()):.3f} (mean {mean:.3f}) on {a.images} images of {size}px, "
          f"{time.time() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

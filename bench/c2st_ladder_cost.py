"""What the strong C2ST's judge ladder costs (issue 28): one fold of each judge on a few hundred real symbols, then
the full ladder extrapolated from it (pairs, folds, seeds and each judge's epochs as training/metrics/c2st.py has
them, both classes, every rung run plus the real-vs-real floor at the largest).

    python3 bench/c2st_ladder_cost.py [--images 256] [--resolution 64] [--threads 1] [--device cpu]
    python3 bench/c2st_ladder_cost.py --device cuda --images 4096      # on a GPU: seconds

Times one epoch of each judge (training with the C2ST's own fit_predict, then predicting) and prints seconds per
training image, multiply-accumulates per image, and the extrapolated minutes. On a GPU, --device cuda measures
instead of guessing. --resolution 128 uses the page-scale corpus (training/data/symbols128).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from training.dataset import load_split  # noqa: E402
from training.metrics.c2st import DEFAULT_LADDER, JUDGES, fit_predict  # noqa: E402
from training.pixels import site_mask, u8_to_unit  # noqa: E402


def macs_per_image(net: torch.nn.Module, resolution: int) -> int:
    """Multiply-accumulates of one forward pass (convolutions and linear layers)."""
    total = 0

    def hook(module, inputs, output):
        nonlocal total
        if isinstance(module, torch.nn.Conv2d):
            total += output.numel() * module.in_channels // module.groups * module.kernel_size[0] * module.kernel_size[1]
        elif isinstance(module, torch.nn.Linear):
            total += output.numel() * module.in_features

    handles = [m.register_forward_hook(hook) for m in net.modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
    with torch.no_grad():
        net.eval()(torch.ones(1, 1, resolution, resolution))
    for h in handles:
        h.remove()
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--images", type=int, default=256, help="training images per timed fold (half real, half flipped)")
    ap.add_argument("--resolution", type=int, default=64, choices=(64, 128))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--judges", default=",".join(DEFAULT_LADDER))
    ap.add_argument("--pairs", type=int, default=6000)
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--seeds", type=int, default=3)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    data = "training/data/symbols" if args.resolution == 64 else "training/data/symbols128"
    real = site_mask(u8_to_unit(load_split(data, "train")[:args.images // 2 + 8]))
    x = torch.from_numpy(np.where(real, -1, 1).astype(np.int8)).unsqueeze(1)
    # Real symbols against the same symbols with ink and paper swapped: the cost does not depend on the task.
    x_train = torch.cat([x[:args.images // 2], -x[:args.images // 2]])
    y_train = torch.cat([torch.zeros(args.images // 2), torch.ones(args.images // 2)])
    x_test = torch.cat([x[-8:], -x[-8:]])          # predicting a fold is cheap next to its epochs: keep it out
    train_per_fold = 2 * args.pairs * (args.folds - 1) / args.folds
    runs = args.seeds * args.folds
    print(f"{args.images} training images at {args.resolution}px, {args.threads} thread(s), {args.device}; "
          f"full ladder: {args.pairs} pairs, {args.folds} folds, {args.seeds} seeds")
    total = 0.0
    for name in args.judges.split(","):
        judge = JUDGES[name]
        net = judge.build(args.resolution)
        macs = macs_per_image(net, args.resolution)
        if args.device.startswith("cuda"):       # warm up: cuDNN's first calls and the allocator are not the cost
            fit_predict(judge.build(args.resolution), x_train[:judge.batch], y_train[:judge.batch], x_test, 1,
                        judge.batch, judge.lr, 0, args.device)
            torch.cuda.synchronize()
        wall, cpu = time.perf_counter(), time.process_time()
        pred = fit_predict(net, x_train, y_train, x_test, 1, judge.batch, judge.lr, 0, args.device)
        if args.device.startswith("cuda"):
            torch.cuda.synchronize()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        # On the CPU, process time is what an idle machine's wall clock would be (a busy one shares its cores).
        seconds = cpu / args.threads if args.device == "cpu" else wall
        per_image = seconds / len(x_train)
        rung = per_image * train_per_fold * judge.epochs * runs
        total += rung
        print(f"{name:10s} {sum(p.numel() for p in net.parameters()):>9,} params  {macs / 1e6:7.1f}M MACs/image  "
              f"one epoch of {len(x_train)}: {wall:6.2f}s wall, {cpu:6.2f}s CPU ({per_image * 1e3:6.2f} ms/image; "
              f"{len(pred)} predicted)  -> rung ({judge.epochs} epochs x {args.folds} folds x {args.seeds} seeds): "
              f"{rung / 60:7.1f} min")
    print(f"every rung: {total / 60:.1f} min; with the floor at the largest rung: {(total + rung) / 60:.1f} min "
          f"({(total + rung) / 3600:.1f} h)" + (" of an idle core (process time)" if args.device == "cpu" else ""))


if __name__ == "__main__":
    main()

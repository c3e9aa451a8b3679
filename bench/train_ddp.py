"""Data-parallel training on this CPU: `torchrun --standalone --nproc_per_node=2` with one thread per process
against one process with two threads, images per second side by side (interleaved rounds, medians).

    python3 bench/train_ddp.py [--rounds 3] [--steps 60] [--preset rpgan] [--conditional]

Each round trains a fresh run for --steps steps (batch 32 per process, so the torchrun world sees twice the images
per step) and reads img/s from the run's stats.jsonl, skipping the first tick (start-up and warm-up). Run with
nothing else busy.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TORCHRUN = [shutil.which("torchrun") or "torchrun", "--redirects", "1", "--tee", "1", "--standalone"]


def rate(runs_dir: Path) -> float:
    """img/s over every tick after the first (each tick's line holds its own img/s, over all processes)."""
    stats = next(runs_dir.glob("*/stats.jsonl"))
    ticks = [json.loads(line) for line in stats.read_text().splitlines() if '"img_per_s"' in line]
    return statistics.mean(t["img_per_s"] for t in ticks[1:])


def one(cmd: list[str], args) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        flags = ["--runs", tmp, "--max_steps", str(args.steps), "--tick_steps", str(args.steps // 4),
                 "--metrics_ticks", "0", "--preset", args.preset] + (["--conditional"] if args.conditional else [])
        subprocess.run(cmd + flags, cwd=ROOT, check=True, capture_output=True, text=True)
        return rate(Path(tmp))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--preset", default="rpgan")
    parser.add_argument("--conditional", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    single = [sys.executable, "-m", "training", "train", "--threads", "2"]
    ddp = TORCHRUN + ["--nproc_per_node=2", "-m", "training", "train", "--threads", "1"]
    results: dict[str, list[float]] = {"one process, 2 threads": [], "torchrun, 2 processes x 1 thread": []}
    for r in range(args.rounds):
        for name, cmd in zip(results, (single, ddp)):
            results[name].append(one(cmd, args))
            print(f"round {r + 1}: {name}: {results[name][-1]:.1f} img/s", flush=True)
    medians = {name: statistics.median(v) for name, v in results.items()}
    for name, m in medians.items():
        print(f"{name}: median {m:.1f} img/s")
    a, b = medians.values()
    print(f"torchrun / one process: {b / a:.2f}x")


if __name__ == "__main__":
    main()

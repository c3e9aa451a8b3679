"""Run folders (runs/00001-<desc>/), atomic file writes and checkpoints.

A checkpoint holds the models, optimisers, counters and the options that made them, so any run can be resumed
or rebuilt. There is one checkpoint per run, replaced in place: write to a temporary name, then rename.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import torch

CHECKPOINT = "checkpoint.pt"
_RUN_NAME = re.compile(r"^(\d{5})-")


class RunError(ValueError):
    pass


def atomic_write(path: str | Path, write) -> None:
    """Call write(file_object) on a temporary file beside path, then rename it over path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)           # mkstemp makes 0600; published files must be readable by a web server
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes(path: str | Path, data: bytes) -> None:
    atomic_write(path, lambda f: f.write(data))


def write_json(path: str | Path, obj) -> None:
    write_bytes(path, (json.dumps(obj, indent=2) + "\n").encode())


def new_run_dir(root: str | Path, desc: str) -> Path:
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    numbers = [int(m.group(1)) for p in root.iterdir() if (m := _RUN_NAME.match(p.name))]
    run = root / f"{max(numbers, default=0) + 1:05d}-{re.sub(r'[^a-zA-Z0-9_.-]+', '-', desc)}"
    run.mkdir()
    return run


def find_run(root: str | Path, which: str) -> Path:
    """`which` is a run folder path, or "latest" for the highest-numbered run under root that has a checkpoint."""
    if which != "latest":
        run = Path(which)
        if not (run / CHECKPOINT).is_file():
            raise RunError(f"{run} has no {CHECKPOINT}")
        return run
    root = Path(root)
    runs = sorted(p for p in root.iterdir() if _RUN_NAME.match(p.name) and (p / CHECKPOINT).is_file()) \
        if root.is_dir() else []
    if not runs:
        raise RunError(f"no run with a checkpoint under {root}; run `python3 -m training train` first")
    return runs[-1]


def save_checkpoint(run: Path, state: dict) -> None:
    atomic_write(run / CHECKPOINT, lambda f: torch.save(state, f))


def save_snapshot(run: Path, step: int, state: dict) -> None:
    """A sampled generator kept for later evaluation (metric curves over training); one file per snapshot."""
    atomic_write(run / "snapshots" / f"g-{step:07d}.pt", lambda f: torch.save(state, f))


def list_snapshots(run: Path) -> list[Path]:
    return sorted((run / "snapshots").glob("g-*.pt"))


def load_checkpoint(run: Path, device: str = "cpu") -> dict:
    return torch.load(run / CHECKPOINT, map_location=device)

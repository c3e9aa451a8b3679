"""Checkpoints and every other saved weight file load with torch.load(weights_only=True) (PyTorch 2.6's default),
old pickled files still resume, and a run killed mid-tick resumes from its last checkpoint."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

from training import runs
from training.config import TrainConfig
from training.loop import train
from training.metrics.features import WEIGHTS

ROOT = Path(__file__).resolve().parents[2]


def small(tmp_path, **kw):
    return TrainConfig(runs=str(tmp_path / "runs"), dry_run=True, batch=8, g_width=32, g_min_width=8, d_width=8,
                       max_steps=4, tick_steps=2, metrics_ticks=0, **kw)


def test_checkpoint_snapshot_and_features_load_weights_only(tmp_path):
    run = train(small(tmp_path, snapshot_ticks=1, conditional=True, preset="rpgan"))
    for path in [run / "checkpoint.pt", *runs.list_snapshots(run), WEIGHTS]:
        saved = torch.load(path, map_location="cpu", weights_only=True)
        assert saved["format"] == runs.PLAIN_FORMAT, path
    ckpt = runs.load_checkpoint(run)
    assert ckpt.step == 4 and isinstance(ckpt.torch, str) and ckpt.config["conditional"] is True


def test_an_old_pickled_checkpoint_resumes(tmp_path):
    run = train(small(tmp_path))
    state = runs.load_checkpoint(run).to_dict()
    state["torch"] = torch.__version__                         # the old format: a TorchVersion object, pickled
    for key in ("cpu_seconds", "fixed_style"):
        state.pop(key)
    state["config"] = {k: v for k, v in state["config"].items() if k not in ("conditional", "generator", "gamma")}
    torch.save(state, run / "checkpoint.pt")
    with pytest.raises(Exception):
        torch.load(run / "checkpoint.pt", weights_only=True)
    resumed = train(TrainConfig(runs=str(tmp_path / "runs"), resume=str(run), max_steps=6, tick_steps=2))
    assert runs.load_checkpoint(resumed).step == 6


def test_a_foreign_pickle_is_refused_in_one_line(tmp_path):
    path = tmp_path / "x.pt"
    torch.save({"v": torch.__version__}, path)
    with pytest.raises(runs.RunError, match="older pickled format"):
        runs.load_plain(path)


def test_a_run_killed_mid_tick_resumes_at_its_last_checkpoint(tmp_path, tiny_dataset):
    args = [sys.executable, "-m", "training", "train", "--data", str(tiny_dataset), "--runs", str(tmp_path / "runs"),
            "--batch", "8", "--g_width", "32", "--g_min_width", "8", "--d_width", "8", "--tick_steps", "5",
            "--metrics_ticks", "0", "--threads", "1", "--minutes", "5"]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    run_dir = tmp_path / "runs"
    deadline = time.time() + 120
    while time.time() < deadline:                             # wait for the second tick's checkpoint
        stats = list(run_dir.glob("*/stats.jsonl"))
        if stats and len(stats[0].read_text().splitlines()) >= 2:
            break
        time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    run = next(run_dir.iterdir())
    saved = runs.load_checkpoint(run)
    lines = [json.loads(l) for l in (run / "stats.jsonl").read_text().splitlines()]
    # The checkpoint is a whole tick's (the kill may land between a tick's stats line and its checkpoint).
    assert saved.step % 5 == 0 and saved.step in [l["step"] for l in lines] and saved.step >= 5
    resumed = train(TrainConfig(runs=str(run_dir), resume=str(run), max_steps=saved.step + 5, tick_steps=5))
    assert runs.load_checkpoint(resumed).step == saved.step + 5
    events = [json.loads(l) for l in (run / "stats.jsonl").read_text().splitlines() if '"event"' in l]
    assert events[-1]["event"] == "resumed" and events[-1]["step"] == saved.step and 0 <= events[-1]["c2st"] <= 1
    assert (run / events[-1]["sheet"]).is_file()


def test_a_carry_file_restores_a_resumable_run_elsewhere(tmp_path):
    carry = tmp_path / "carry" / "run.pt"
    run = train(small(tmp_path, conditional=True, preset="rpgan", carry=str(carry)))
    original = runs.load_checkpoint(run)
    assert torch.load(carry, weights_only=True)["format"] == runs.PLAIN_FORMAT
    restored = runs.restore_carry(carry, tmp_path / "elsewhere")
    back = runs.load_checkpoint(restored)
    assert back.step == original.step and (restored / "stats.jsonl").read_text() == (run / "stats.jsonl").read_text()
    for key, value in original.g_ema.items():
        assert torch.allclose(back.g_ema[key].float(), value.float(), rtol=1e-2, atol=1e-3), key
    state = next(iter(original.opt_d["state"].values()))["exp_avg_sq"]
    assert torch.allclose(next(iter(back.opt_d["state"].values()))["exp_avg_sq"], state, rtol=2e-3, atol=1e-12)
    resumed = train(TrainConfig(runs=str(tmp_path / "elsewhere"), resume=str(carry), max_steps=6, tick_steps=2))
    assert resumed == restored and runs.load_checkpoint(resumed).step == 6

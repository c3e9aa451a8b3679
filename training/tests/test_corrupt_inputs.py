"""A truncated or corrupt checkpoint, carry file, snapshot, denoiser, model folder or feature-weights file given to any
stage is one line on stderr naming the file, exit code 2, and nothing already written is touched (every file in the
workspace byte-identical afterwards, no file added)."""
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from training import runs
from training.__main__ import main
from training.config import ExportConfig, TrainConfig
from training.dataset import synthetic
from training.denoise import DenoiseConfig, train_denoiser
from training.export import export
from training.loop import train
from training.metrics.features import WEIGHTS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Once per module: a tiny run (checkpoint, a snapshot, a carry file), a denoiser run, a model folder exported from
    them (with its denoiser/) in models/ with index.json, and a 32px corpus. About 10 s."""
    root = tmp_path_factory.mktemp("built")
    run = train(TrainConfig(runs=str(root / "runs"), dry_run=True, batch=8, g_width=32, g_min_width=8, d_width=8,
                            max_steps=2, tick_steps=2, metrics_ticks=0, snapshot_ticks=1, carry=str(root / "carry.pt")))
    run.rename(root / "runs" / "00001-run")
    runs.save_carry(root / "runs" / "00001-run", runs.load_checkpoint(root / "runs" / "00001-run"), root / "carry.pt")
    denoiser = train_denoiser(DenoiseConfig(runs=str(root / "runs"), dry_run=True, batch=8))
    denoiser.rename(root / "runs" / "00002-denoiser")
    folder = export(ExportConfig(run=str(root / "runs" / "00001-run"), models=str(root / "models"), model_id="tiny",
                                 denoiser=str(root / "runs" / "00002-denoiser"), agreement_latents=8, golden=2,
                                 c2st_epochs=1))
    assert folder == root / "models" / "tiny"
    data = root / "data"
    data.mkdir()
    np.save(data / "images.npy", synthetic(16, 32, seed=1))
    (data / "meta.jsonl").write_text("".join(json.dumps({"source": "synthetic", "label": str(i),
                                                         "split": "holdout" if i % 4 == 0 else "train"}) + "\n"
                                             for i in range(16)))
    shutil.copy(WEIGHTS, root / "features.pt")
    return root


@pytest.fixture
def ws(built, tmp_path) -> Path:
    """A fresh copy of the built workspace for one test to damage."""
    shutil.copytree(built, tmp_path / "ws")
    return tmp_path / "ws"


def tree(root: Path) -> dict:
    """Every path under root with its bytes (None for a folder)."""
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


def refused(capsys, ws: Path, *args, names: Path) -> str:
    """Runs the CLI in-process; asserts exit code 2, one line on stderr naming the file, and an untouched workspace."""
    before = tree(ws)
    code = main([str(a) for a in args])
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1, err
    assert str(names) in lines[0] and lines[0].startswith(f"python3 -m training {args[0]}: error: "), lines[0]
    after = tree(ws)
    assert after.keys() == before.keys(), set(after) ^ set(before)
    assert [k for k in before if before[k] != after[k]] == []
    return lines[0]


# ---------------------------------------------------------------- ways to damage a file

def truncate(path: Path) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])
    return path


def garbage(path: Path) -> Path:
    path.write_bytes(random.Random(0).randbytes(max(path.stat().st_size, 64)))
    return path


def scribble(path: Path) -> Path:
    """Overwrite bytes at the start, keeping the length (and a zip archive's directory at its end)."""
    data = bytearray(path.read_bytes())
    data[:64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    return path


def flip_middle(path: Path) -> Path:
    """Invert 64 bytes in the middle (inside a tensor's data), keeping the length and the archive's directory."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 64] = bytes(255 - b for b in data[middle:middle + 64])
    path.write_bytes(bytes(data))
    return path


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def edit_plain(path: Path, change) -> Path:
    """Rewrite a save_plain file (a checkpoint, carry, snapshot, denoiser.pt, features) with change(state) applied."""
    state = runs.load_plain(path)
    change(state)
    runs.save_plain(path, state)
    return path


def edit_json(path: Path, change) -> Path:
    obj = json.loads(path.read_text())
    change(obj)
    path.write_text(json.dumps(obj))
    return path


def wrong_shape(state: dict, key: str) -> None:
    name = next(k for k, v in state[key].items() if v.dim() >= 2)
    state[key][name] = torch.zeros(3, 5)


# ---------------------------------------------------------------- the good workspace is accepted

def test_the_undamaged_workspace_opens_in_every_stage_that_reads_it(ws, capsys):
    run, model = ws / "runs/00001-run", ws / "models/tiny"
    snapshot = next((run / "snapshots").iterdir())
    code = main(["evaluate", str(run), str(model), str(snapshot), "--denoiser", str(ws / "runs/00002-denoiser"),
                 "--data", str(ws / "data"), "--features", str(ws / "features.pt"), "--dry_run"])
    assert code == 0, capsys.readouterr().err
    assert main(["sample", "--run", str(model), "--n", "2", "--out", str(ws / "out")]) == 0
    assert len(list((ws / "out").iterdir())) == 2


# ---------------------------------------------------------------- checkpoints

@pytest.mark.parametrize("damage", [truncate, garbage, scribble, flip_middle, empty])
def test_train_resume_from_a_damaged_checkpoint(ws, capsys, damage):
    path = damage(ws / "runs/00001-run/checkpoint.pt")
    refused(capsys, ws, "train", "--resume", ws / "runs/00001-run", "--runs", ws / "runs", "--carry",
            ws / "carry.pt", names=path)


def test_a_checkpoint_missing_an_entry(ws, capsys):
    path = edit_plain(ws / "runs/00001-run/checkpoint.pt", lambda s: s.pop("step"))
    line = refused(capsys, ws, "evaluate", ws / "runs/00001-run", "--dry_run", names=path)
    assert "lacks step" in line


def test_a_checkpoint_with_a_wrong_tensor_shape(ws, capsys):
    path = edit_plain(ws / "runs/00001-run/checkpoint.pt", lambda s: wrong_shape(s, "g_ema"))
    line = refused(capsys, ws, "sample", "--run", ws / "runs/00001-run", "--out", ws / "out", names=path)
    assert "g_ema does not match g" in line


def test_a_checkpoint_whose_optimizer_state_does_not_fit_its_network(ws, capsys):
    def change(state):
        first = next(iter(state["opt_d"]["state"].values()))
        first["exp_avg"] = torch.zeros(2, 2)
    path = edit_plain(ws / "runs/00001-run/checkpoint.pt", change)
    refused(capsys, ws, "train", "--resume", ws / "runs/00001-run", "--runs", ws / "runs", names=path)


def test_a_checkpoint_whose_weights_do_not_fit_its_options(ws, capsys):
    path = edit_plain(ws / "runs/00001-run/checkpoint.pt", lambda s: s["config"].update(g_width=64))
    line = refused(capsys, ws, "evaluate", ws / "runs/00001-run", "--dry_run", names=path)
    assert "does not fit the network its options build" in line


def test_resuming_a_checkpoint_whose_weights_do_not_fit_its_options(ws, capsys):
    path = edit_plain(ws / "runs/00001-run/checkpoint.pt", lambda s: s["config"].update(g_width=64))
    line = refused(capsys, ws, "train", "--resume", ws / "runs/00001-run", "--runs", ws / "runs", names=path)
    assert "do not fit the run's own options" in line


def test_export_of_a_damaged_run_writes_no_model_folder_and_leaves_index_json(ws, capsys):
    path = truncate(ws / "runs/00001-run/checkpoint.pt")
    refused(capsys, ws, "export", "--run", ws / "runs/00001-run", "--models", ws / "models", names=path)


# ---------------------------------------------------------------- carry files

@pytest.mark.parametrize("damage", [truncate, garbage, scribble, flip_middle])
def test_resume_from_a_damaged_carry_leaves_the_carry_and_restores_nothing(ws, capsys, damage):
    path = damage(ws / "carry.pt")
    refused(capsys, ws, "train", "--resume", path, "--carry", path, "--runs", ws / "elsewhere", names=path)


def test_a_carry_with_a_wrong_tensor_shape(ws, capsys):
    path = edit_plain(ws / "carry.pt", lambda s: wrong_shape(s["checkpoint"], "g"))
    refused(capsys, ws, "train", "--resume", path, "--carry", path, "--runs", ws / "elsewhere", names=path)


def test_a_carry_whose_run_name_leaves_the_runs_folder(ws, capsys):
    path = edit_plain(ws / "carry.pt", lambda s: s.update(run="../../00001-escaped"))
    refused(capsys, ws, "train", "--resume", path, "--runs", ws / "elsewhere", names=path)


# ---------------------------------------------------------------- snapshots

def test_a_truncated_snapshot(ws, capsys):
    path = truncate(next((ws / "runs/00001-run/snapshots").iterdir()))
    refused(capsys, ws, "evaluate", path, "--dry_run", "--out", ws / "reports", names=path)


def test_a_snapshot_with_a_wrong_tensor_shape(ws, capsys):
    path = edit_plain(next((ws / "runs/00001-run/snapshots").iterdir()), lambda s: wrong_shape(s, "g"))
    refused(capsys, ws, "evaluate", path, "--dry_run", "--out", ws / "reports", names=path)


# ---------------------------------------------------------------- denoisers

def test_export_with_a_truncated_denoiser_writes_nothing(ws, capsys):
    path = truncate(ws / "runs/00002-denoiser/denoiser.pt")
    refused(capsys, ws, "export", "--run", ws / "runs/00001-run", "--models", ws / "models", "--denoiser",
            ws / "runs/00002-denoiser", names=path)


def test_a_denoiser_with_a_wrong_tensor_shape(ws, capsys):
    path = edit_plain(ws / "runs/00002-denoiser/denoiser.pt", lambda s: wrong_shape(s, "model"))
    refused(capsys, ws, "evaluate", ws / "models/tiny", "--denoiser", ws / "runs/00002-denoiser", "--dry_run",
            names=path)


def test_a_model_folders_damaged_denoiser(ws, capsys):
    path = truncate(ws / "models/tiny/denoiser/group1-shard1of1.bin")
    refused(capsys, ws, "sample", "--run", ws / "models/tiny", "--out", ws / "out", names=path)


# ---------------------------------------------------------------- model folders

def test_a_truncated_weight_shard(ws, capsys):
    path = truncate(ws / "models/tiny/group1-shard1of1.bin")
    line = refused(capsys, ws, "sample", "--run", ws / "models/tiny", "--out", ws / "out", names=path)
    assert "manifest needs" in line


def test_a_weight_shard_with_bytes_appended(ws, capsys):
    path = ws / "models/tiny/group1-shard1of1.bin"
    path.write_bytes(path.read_bytes() + b"\0" * 16)
    refused(capsys, ws, "blind", ws / "models/tiny", "--data", ws / "data", "--n", "2", "--out", ws / "sheet",
            names=path)


def test_a_weight_shard_changed_in_place_fails_its_golden_outputs(ws, capsys):
    path = ws / "models/tiny/group1-shard1of1.bin"
    data = bytearray(path.read_bytes())
    data[:256] = bytes(255 - b for b in data[:256])           # the dense layer's first weights, same length
    path.write_bytes(bytes(data))
    line = refused(capsys, ws, "sample", "--run", ws / "models/tiny", "--out", ws / "out",
                   names=ws / "models/tiny/golden.json")
    assert "changed after export" in line


@pytest.mark.parametrize("damage", [truncate, garbage, empty])
def test_a_broken_model_json(ws, capsys, damage):
    path = damage(ws / "models/tiny/model.json")
    refused(capsys, ws, "evaluate", ws / "models/tiny", "--dry_run", names=path)


def test_a_model_json_missing_its_manifest(ws, capsys):
    path = edit_json(ws / "models/tiny/model.json", lambda m: m.pop("weightsManifest"))
    refused(capsys, ws, "sample", "--run", ws / "models/tiny", "--out", ws / "out", names=path)


def test_a_broken_golden_json(ws, capsys):
    path = truncate(ws / "models/tiny/golden.json")
    refused(capsys, ws, "sample", "--run", ws / "models/tiny", "--out", ws / "out", names=path)


def test_a_broken_model_card(ws, capsys):
    path = truncate(ws / "models/tiny/model-card.json")
    refused(capsys, ws, "sample", "--run", ws / "models/tiny", "--out", ws / "out", names=path)


def test_a_model_card_with_wrong_types(ws, capsys):
    path = edit_json(ws / "models/tiny/model-card.json", lambda c: c.update(styles="rune", minStray="many"))
    refused(capsys, ws, "evaluate", ws / "models/tiny", "--dry_run", names=path)


def test_export_next_to_a_broken_index_json_leaves_it_and_adds_no_folder(ws, capsys):
    path = truncate(ws / "models/index.json")
    refused(capsys, ws, "export", "--run", ws / "runs/00001-run", "--models", ws / "models", names=path)


def test_real_set_next_to_a_broken_index_json_writes_nothing(ws, capsys):
    path = garbage(ws / "models/index.json")
    refused(capsys, ws, "real-set", ws / "models/tiny", "--data", ws / "data", names=path)


def test_real_set_on_an_index_entry_without_a_resolution(ws, capsys):
    path = edit_json(ws / "models/index.json", lambda i: i["models"][0].pop("resolution"))
    refused(capsys, ws, "real-set", ws / "models/tiny", "--data", ws / "data", names=path)


def test_real_set_on_a_folder_with_a_truncated_shard_writes_nothing(ws, capsys):
    path = truncate(ws / "models/tiny/group1-shard1of1.bin")
    refused(capsys, ws, "real-set", ws / "models/tiny", "--data", ws / "data", names=path)


def test_real_set_on_a_broken_real_symbols_json(ws, capsys):
    path = ws / "models/tiny/real-symbols.json"
    path.write_text('{"version": 1, "count": 3, "bitm')
    refused(capsys, ws, "real-set", ws / "models/tiny", "--data", ws / "data", names=path)


# ---------------------------------------------------------------- the feature network's weights

@pytest.mark.parametrize("damage", [truncate, garbage, scribble, flip_middle, empty])
def test_damaged_feature_weights(ws, capsys, damage):
    path = damage(ws / "features.pt")
    refused(capsys, ws, "evaluate", ws / "runs/00001-run", "--data", ws / "data", "--features", path, "--dry_run",
            names=path)


def test_feature_weights_missing_a_layer(ws, capsys):
    path = edit_plain(ws / "features.pt", lambda s: s["state"].pop(next(iter(s["state"]))))
    refused(capsys, ws, "evaluate", ws / "runs/00001-run", "--data", ws / "data", "--features", path, "--dry_run",
            names=path)


# ---------------------------------------------------------------- as a process: no traceback reaches the terminal

def test_the_command_prints_one_line_and_exits_2(ws):
    path = truncate(ws / "carry.pt")
    before = path.read_bytes()
    result = subprocess.run([sys.executable, "-m", "training", "train", "--resume", str(path), "--carry", str(path),
                             "--runs", str(ws / "elsewhere")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert str(path) in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before and not (ws / "elsewhere").exists()

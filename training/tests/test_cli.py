"""Bad command-line input exits with code 2 and one line on stderr."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def cli(*args):
    return subprocess.run([sys.executable, "-m", "training", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("args", [
    ["prepare", "--images", "/no/such/folder"],
    ["prepare", "--resolution", "48"],
    ["train", "--batch", "0"],
    ["train", "--loss", "wasserstein"],
    ["train", "--augment", "rotate"],
    ["train", "--batch", "many"],
    ["export", "--quantize", "int4"],
    ["export", "--run", "/no/such/run"],
    ["sample", "--n", "0"],
    ["evaluate", "/no/such/run"],
    ["evaluate", "--n", "2"],
    ["evaluate", "latest", "--features", "/no/such/weights.pt", "--dry_run"],
    ["denoise", "--salt_pepper", "0.7"],
    ["features", "--data", "/no/such/data"],
    ["features", "--epochs", "0"],
    ["train", "--preset", "seed-dcgan", "--conditional"],
    ["train", "--generator", "transformer"],
    ["train", "--g_convs", "3"],
    ["train", "--g_convs", "2", "--generator", "plain"],
    ["train", "--topk", "0"],
    ["train", "--topk", "0.5", "--topk_kimg", "-1"],
    ["sample", "--run", "public/models/sigil-64-20261123-2", "--style", "rune"],
    ["blind", "--guess", "3", "--out", "/no/such/sheet"],
    ["blind", "a", "b"],
    ["real-set"],
    ["real-set", "/no/such/model"],
    ["real-set", "public/models/sigil-64-20261201", "--per_style", "0"],
    ["launch"],
])
def test_bad_input_exits_2_with_one_line(args):
    result = cli(*args)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "error" in result.stderr


def test_empty_images_folder_exits_2(tmp_path):
    result = cli("prepare", "--images", str(tmp_path), "--dry_run", "--out_root", str(tmp_path / "out"))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def test_help_shows_defaults():
    result = cli("train", "--help")
    assert result.returncode == 0 and "(default: 'hinge')" in result.stdout


def test_evaluate_dry_run_checks_sources_and_weights(tiny_dataset):
    default = json.loads((ROOT / "public/models/index.json").read_text())["default"]
    result = cli("evaluate", f"public/models/{default}", "--data", str(tiny_dataset), "--dry_run")
    assert result.returncode == 0, result.stderr
    assert "would evaluate" in result.stdout and "features-v1" in result.stdout


def test_features_refuse_a_corpus_at_another_resolution(tmp_path):
    import numpy as np
    from training.dataset import synthetic
    np.save(tmp_path / "images.npy", synthetic(8, 32))
    (tmp_path / "meta.jsonl").write_text("".join(json.dumps({"split": "train", "group": f"g{i % 2}"}) + "\n"
                                                 for i in range(8)))
    result = cli("features", "--data", str(tmp_path), "--out", str(tmp_path / "w.pt"))
    assert result.returncode == 2 and "defined at 64px" in result.stderr, result.stderr
    assert not (tmp_path / "w.pt").exists()


def test_presets_keep_abbreviated_flags_the_user_typed(tmp_path):
    result = cli("train", "--preset", "seed-dcgan", "--bat", "5", "--dry_run", "--runs", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "batch=5" in result.stdout and "preset='seed-dcgan'" in result.stdout   # the preset's 64 did not win

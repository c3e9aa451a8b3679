import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from training.dataset import synthetic


@pytest.fixture(autouse=True)
def small_slider_measurements(monkeypatch):
    """Export names sliders on up to 2,000 latents and sweeps them on 500 (training/sefa.py): minutes of drawing
    for every export a test makes. Tests of the sliders stage itself pass their sizes as options."""
    from training import sefa
    monkeypatch.setattr(sefa, "SAMPLES", 48)
    monkeypatch.setattr(sefa, "SEEDS", 12)


@pytest.fixture
def tiny_dataset(tmp_path: Path) -> Path:
    """A prepared-dataset folder of 64 synthetic 32px symbols (56 train, 8 holdout)."""
    folder = tmp_path / "data" / "tiny"
    folder.mkdir(parents=True)
    images = synthetic(64, 32, seed=1)
    np.save(folder / "images.npy", images)
    with open(folder / "meta.jsonl", "w") as f:
        for i in range(len(images)):
            f.write(json.dumps({"source": "synthetic", "label": str(i), "split": "holdout" if i % 8 == 0 else "train"}) + "\n")
    return folder


FIXTURE_MODELS = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "models"


@pytest.fixture
def copy_models(tmp_path: Path):
    """copy(drop_models=(), drop_parts=()) -> a copy of tests/fixtures/models (folders and index.json) under tmp_path,
    less the named model folders and their entries, and less the named parts (a subfolder and its index entry, e.g.
    "encoder") of every model: what a test writes itself."""
    def copy(drop_models: tuple[str, ...] = (), drop_parts: tuple[str, ...] = ()) -> Path:
        out = tmp_path / "models"
        shutil.copytree(FIXTURE_MODELS, out, ignore=shutil.ignore_patterns(*drop_models, *drop_parts))
        index = json.loads((out / "index.json").read_text())
        index["models"] = [{k: v for k, v in m.items() if k not in drop_parts} for m in index["models"]
                           if m["id"] not in drop_models]
        (out / "index.json").write_text(json.dumps(index))
        return out
    return copy


def tree_hash(folder: Path) -> str:
    """One hash of every file under `folder`, names and bytes: a published folder a stage must leave as it was."""
    digest = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            digest.update(p.relative_to(folder).as_posix().encode() + p.read_bytes())
    return digest.hexdigest()

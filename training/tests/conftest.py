import json
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

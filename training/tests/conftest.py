import json
from pathlib import Path

import numpy as np
import pytest

from training.dataset import synthetic


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

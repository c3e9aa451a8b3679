"""Reads a dataset folder written by `prepare` (images.npy + meta.jsonl). Training only reads; it never prepares."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from training.errors import UserError


class DatasetError(UserError):
    pass


def load_split(folder: str | Path, split: str = "train") -> np.ndarray:
    """uint8 images [N, R, R] (255 = paper, 0 = ink) of one split."""
    folder = Path(folder)
    images_path, meta_path = folder / "images.npy", folder / "meta.jsonl"
    if not images_path.is_file() or not meta_path.is_file():
        raise DatasetError(f"{folder} has no images.npy/meta.jsonl; run `python3 -m training prepare` first")
    images = np.load(images_path, mmap_mode="r")
    with open(meta_path) as f:
        splits = np.array([json.loads(line)["split"] for line in f if line.strip()])
    if len(splits) != len(images):
        raise DatasetError(f"{folder}: {len(images)} images but {len(splits)} meta lines")
    chosen = np.asarray(images[splits == split])
    if len(chosen) == 0:
        raise DatasetError(f"{folder} has no {split!r} images")
    return chosen


def synthetic(n: int = 64, resolution: int = 32, seed: int = 0) -> np.ndarray:
    """Tiny stand-in corpus for --dry-run and tests: random ink bars and rings on paper, uint8 [n, R, R]."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:resolution, 0:resolution] / resolution
    out = np.full((n, resolution, resolution), 255, np.uint8)
    for img in out:
        cy, cx, r = rng.uniform(0.35, 0.65), rng.uniform(0.35, 0.65), rng.uniform(0.15, 0.3)
        img[np.abs(np.hypot(yy - cy, xx - cx) - r) < 0.04] = 0
        if rng.random() < 0.5:
            img[:, np.abs(xx[0] - cx) < 0.03] = 0
    return out


def load_labels(folder: str | Path, split: str = "train", key: str = "group") -> np.ndarray:
    """Integer class ids [N] of one split, aligned with load_split: the glyph identity the feature network learns."""
    with open(Path(folder) / "meta.jsonl") as f:
        meta = [json.loads(line) for line in f if line.strip()]
    names = [m[key] for m in meta if m["split"] == split]
    ids = {name: i for i, name in enumerate(sorted(set(names)))}
    return np.array([ids[n] for n in names], dtype=np.int64)


def load_styles(folder: str | Path, split: str = "train") -> np.ndarray:
    """Style index [N] (training.data.styles order; -1 for images of no listed style) of one split, aligned with
    load_split. Computed from source and kind, so corpora prepared before styles existed read the same."""
    from training.data.styles import STYLES, style_of
    ids = {s.id: i for i, s in enumerate(STYLES)}
    with open(Path(folder) / "meta.jsonl") as f:
        meta = [json.loads(line) for line in f if line.strip()]
    return np.array([ids.get(style_of(m.get("source", ""), m.get("kind", "")), -1) for m in meta if m["split"] == split], np.int64)


def load_group_names(folder: str | Path, split: str = "train") -> list[str]:
    """Glyph group name [N] of one split, aligned with load_split (the same glyph has the same name in a corpus
    prepared at another resolution)."""
    with open(Path(folder) / "meta.jsonl") as f:
        return [m.get("group", m.get("base", str(i))) for i, m in enumerate(map(json.loads, filter(str.strip, f)))
                if m["split"] == split]


def load_groups(folder: str | Path, split: str = "train") -> np.ndarray:
    """Glyph group id [N] of one split, aligned with load_split: augmented copies of one glyph share a group (the
    held-out split is drawn by group, and the C2ST folds follow groups so no glyph is in two folds)."""
    names = load_group_names(folder, split)
    ids = {name: i for i, name in enumerate(sorted(set(names)))}
    return np.array([ids[n] for n in names], dtype=np.int64)

"""Metric registry: each metric is one function of the real reference and a set of generated images.

`Reference` holds the real side, computed once per dataset: held-out and training features, the copy threshold and
the real-vs-real floor. `measure` runs every registered metric and returns one record per metric; training
(loop.py) and `python3 -m training evaluate` append those records to metrics.jsonl as one JSON line each, so runs
and exported models stay comparable.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch

from training.metrics import distances
from training.pixels import site_mask, u8_to_unit
from training.metrics.features import RESOLUTION, Embedder
from training.metrics.sample_stats import sample_stats

PR_K = 3
COPY_PERCENTILE = 1.0


def to_resolution(images: np.ndarray, resolution: int = RESOLUTION) -> np.ndarray:
    """[N, R, R] -> [N, resolution, resolution], area-averaged down or bilinear up, in the input's dtype. Every metric
    is taken at the feature network's resolution, so a 128px model is scored against the same held-out images, in
    the same space, as a 64px one."""
    if images.shape[-1] == resolution:
        return images
    x = torch.from_numpy(np.asarray(images, dtype=np.float32)).unsqueeze(1)
    mode = "area" if images.shape[-1] > resolution else "bilinear"
    out = torch.nn.functional.interpolate(x, size=(resolution, resolution), mode=mode)[:, 0].numpy()
    return np.rint(out).clip(0, 255).astype(np.uint8) if images.dtype == np.uint8 else out


@dataclass
class Reference:
    holdout: np.ndarray          # float [H, 64, 64] in [-1, 1]
    train: np.ndarray            # uint8 [T, 64, 64], for the nearest-neighbour sheet
    holdout_features: np.ndarray
    train_features: np.ndarray
    copy_threshold: float        # 1st percentile of held-out-to-train nearest distances
    real_diversity: float        # mean pairwise feature distance among held-out images
    embed: Embedder
    data: str = ""               # the dataset folder it was built from
    holdout_styles: np.ndarray | None = None   # [H] style index per held-out image (-1: none)
    train_styles: np.ndarray | None = None     # [T]
    holdout_groups: np.ndarray | None = None   # [H] glyph group id (augmented copies of one glyph share it)
    train_groups: np.ndarray | None = None     # [T]
    _floors: dict = field(default_factory=dict, repr=False)   # floor(n) results: the same for every source

    @classmethod
    def build(cls, data: str, embed: Embedder | None = None) -> "Reference":
        from training.dataset import load_groups, load_split, load_styles
        embed = embed or Embedder()
        train = to_resolution(load_split(data, "train"))
        holdout = u8_to_unit(to_resolution(load_split(data, "holdout")))
        train_features = embed(u8_to_unit(train))
        holdout_features = embed(holdout)
        _, d = distances.nearest(holdout_features, train_features)
        return cls(holdout, train, holdout_features, train_features,
                   float(np.percentile(d, COPY_PERCENTILE)), distances.mean_pairwise(holdout_features), embed, data,
                   load_styles(data, "holdout"), load_styles(data, "train"), load_groups(data, "holdout"),
                   load_groups(data, "train"))

    def holdout_masks(self) -> np.ndarray:
        """The held-out symbols as the site would show them: bool [H, 64, 64]."""
        if "masks" not in self._floors:
            self._floors["masks"] = site_mask(self.holdout)
        return self._floors["masks"]

    def c2st_floor(self, epochs: int, n: int = 0) -> dict:
        """The C2ST of training symbols against the held-out ones, each held-out symbol paired with a training symbol
        of its style, one per training glyph where the style has enough glyphs: what a generator that drew real
        glyphs it was trained on would score."""
        key = ("c2st", epochs, n)
        if key not in self._floors:
            from training.metrics.c2st import C2STConfig, c2st
            from training.data.styles import STYLES
            rng = np.random.default_rng(0)
            pick = np.empty(len(self.holdout), np.int64)
            for style in np.unique(self.holdout_styles):
                want = np.flatnonzero(self.holdout_styles == style)
                pool = np.flatnonzero(self.train_styles == style)
                order = rng.permutation(len(pool))
                _, first = np.unique(self.train_groups[pool[order]], return_index=True)
                distinct = pool[order][first]                 # one random image of each training glyph
                if len(distinct) >= len(want):
                    pick[want] = rng.choice(distinct, len(want), replace=False)
                else:
                    pick[want] = rng.choice(pool, len(want), replace=len(pool) < len(want))
            n = n or len(self.holdout)
            self._floors[key] = c2st(self.holdout_masks()[:n], site_mask(u8_to_unit(self.train[pick[:n]])),
                                     np.clip(self.holdout_styles, 0, None)[:n], [s.id for s in STYLES],
                                     C2STConfig(epochs=epochs), groups=self.holdout_groups[:n])
        return self._floors[key]

    def floor(self, n: int, seed: int = 0) -> dict:
        """The metrics of n real training images against the held-out ones: the best a generator can score.
        Copies is left out: every training image is its own nearest training image."""
        if (n, seed) not in self._floors:
            pick = np.random.default_rng(seed).choice(len(self.train), min(n, len(self.train)), replace=False)
            images = u8_to_unit(self.train[pick])
            self._floors[n, seed] = flatten(measure(self, images, skip=("copies",)))
        return self._floors[n, seed]


def kid(ref: Reference, images: np.ndarray, feats: np.ndarray) -> dict:
    return {"kid": distances.kid(ref.holdout_features, feats)}


def fid(ref: Reference, images: np.ndarray, feats: np.ndarray) -> dict:
    return {"fid": distances.fid(ref.holdout_features, feats)}


def precision_recall(ref: Reference, images: np.ndarray, feats: np.ndarray) -> dict:
    # Equal set sizes: the k-NN radii shrink as a set grows, so unequal sizes would tilt the two numbers.
    n = min(len(feats), len(ref.holdout_features))
    p, r = distances.precision_recall(ref.holdout_features[:n], feats[:n], PR_K)
    return {"precision": p, "recall": r}


def copies(ref: Reference, images: np.ndarray, feats: np.ndarray) -> dict:
    _, d = distances.nearest(feats, ref.train_features)
    return {"copies": float((d < ref.copy_threshold).mean())}


def pepper(ref: Reference, images: np.ndarray, feats: np.ndarray) -> dict:
    return sample_stats(images)     # pepper with ink, blob and empty shares: all from the binarized samples


def diversity(ref: Reference, images: np.ndarray, feats: np.ndarray) -> dict:
    return {"diversity": distances.mean_pairwise(feats) / ref.real_diversity}


REGISTRY = {
    "kid": kid,
    "fid": fid,
    "precision_recall": precision_recall,
    "copies": copies,
    "pepper": pepper,
    "diversity": diversity,
}


def measure(ref: Reference, images: np.ndarray, feats: np.ndarray | None = None,
            skip: tuple[str, ...] = ()) -> list[dict]:
    """images: [N, R, R] floats in [-1, 1], ink negative, any R (resized to the reference's). One record
    {"metric": name, values...} per metric."""
    images = np.asarray(images, dtype=np.float32).reshape(len(images), images.shape[-2], images.shape[-1])
    images = to_resolution(images, ref.holdout.shape[-1])
    feats = ref.embed(images) if feats is None else feats
    return [{"metric": name, **{k: float(f"{v:.6g}") for k, v in fn(ref, images, feats).items()}}
            for name, fn in REGISTRY.items() if name not in skip]


def flatten(records: list[dict]) -> dict:
    """[{"metric": "kid", "kid": x}, ...] -> {"kid": x, ...}"""
    return {k: v for r in records for k, v in r.items() if k != "metric"}

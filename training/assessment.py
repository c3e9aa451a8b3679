"""One source measured against the held-out split: the metric registry, the C2ST and the nearest-pair sheet, the same
way for `evaluate` and for `export` (which measures what it writes, and the default it would replace)."""
from __future__ import annotations

import numpy as np

from training import metrics, pixels, sources
from training.metrics import c2st as c2st_test
from training.metrics import distances

LATENT_SEED = 31337        # the same latents for every source, so two models are compared on equal draws
C2ST_SEED = 4242           # the C2ST's generated side: one per held-out symbol, in its style
SHEET_PAIRS = 12


def nearest_pairs(ref: metrics.Reference, images: np.ndarray, feats: np.ndarray, k: int) -> np.ndarray:
    """The k samples closest to a training image, each above its nearest training image: [2k, R, R]."""
    idx, d = distances.nearest(feats, ref.train_features)
    order = np.argsort(d)[:k]
    train = pixels.u8_to_unit(ref.train[idx[order]])
    return np.concatenate([images[order], train])


def c2st_of(ref: metrics.Reference, source: sources.Source, clean: bool, epochs: int, n: int | None = None) -> dict:
    """The C2ST of a source against the held-out symbols: one generated symbol per held-out one, in its style when
    the source is conditional; per-style accuracies only then. n < the held-out count uses the first n pairs."""
    styles = np.clip(ref.holdout_styles, 0, None) if source.styles else None
    fake, _ = source.sample(len(ref.holdout), seed=C2ST_SEED, styles=styles, clean=clean)
    ids = [s["id"] for s in source.styles] if source.styles else None
    n = n or len(ref.holdout)
    return c2st_test.c2st(ref.holdout_masks()[:n], pixels.site_mask(metrics.to_resolution(fake))[:n], styles, ids,
                          c2st_test.C2STConfig(epochs=epochs), groups=ref.holdout_groups[:n])


def assess(ref: metrics.Reference, source: sources.Source, n: int, clean: bool = True, c2st_epochs: int = 0
           ) -> tuple[dict, np.ndarray, np.ndarray]:
    """Every metric for one source (with its denoiser when clean), with the floor; c2st_epochs > 0 adds the C2ST.
    Returns (result, samples, nearest pairs)."""
    images, _ = source.sample(n, seed=LATENT_SEED, clean=clean)
    images = metrics.to_resolution(images)
    feats = ref.embed(images)
    result = {"source": str(source.path), "name": source.name, "n": n, "features": ref.embed.meta["version"],
              "metrics": metrics.flatten(metrics.measure(ref, images, feats)), "floor": dict(ref.floor(n)),
              "styles": [s["id"] for s in source.styles]}
    if c2st_epochs:
        test = c2st_of(ref, source, clean, c2st_epochs)
        floor = ref.c2st_floor(c2st_epochs)
        result["metrics"]["c2st"], result["floor"]["c2st"] = test["accuracy"], floor["accuracy"]
        result["c2st"] = {**test, "floor": floor}
    return result, images, nearest_pairs(ref, images, feats, SHEET_PAIRS)

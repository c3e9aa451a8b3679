"""Cheap, model-free looks at generated symbols, measured as the site shows them (ink where value < 0).

- ink: mean share of ink pixels (real symbols sit around 0.1; grey mush or blobs push it up);
- blob_share: share of samples that are mostly a filled mass (ink above 45% of the image);
- pepper: mean number of specks (8-connected ink components under 4 pixels) per sample;
- empty_share: share of samples with almost no ink.
"""
from __future__ import annotations

import numpy as np
from scipy import ndimage

from training.pixels import SPECK_PIXELS   # the site's speck size: what the despeckle removes is what pepper counts

BLOB_INK = 0.45
EMPTY_INK = 0.005
_EIGHT = np.ones((3, 3), dtype=bool)


def specks(ink: np.ndarray) -> int:
    """Connected ink components smaller than SPECK_PIXELS in one binary image [H, W]."""
    labels, n = ndimage.label(ink, structure=_EIGHT)
    if n == 0:
        return 0
    sizes = np.bincount(labels.ravel())[1:]
    return int((sizes < SPECK_PIXELS).sum())


def sample_stats(images: np.ndarray) -> dict:
    """images: [N, H, W] (or [N, 1, H, W]) floats in [-1, 1], ink negative."""
    ink = np.asarray(images).reshape(len(images), images.shape[-2], images.shape[-1]) < 0
    share = ink.mean(axis=(1, 2))
    return {
        "ink": float(share.mean()),
        "blob_share": float((share > BLOB_INK).mean()),
        "empty_share": float((share < EMPTY_INK).mean()),
        "pepper": float(np.mean([specks(i) for i in ink])),
    }

"""Pixel conventions in one place: uint8 images (255 = paper, 0 = ink) <-> floats in [-1, 1] (ink -1), and what the
site shows of a generated field: ink where the value is < 0, then lib/render/postprocess.ts's despeckle (8-connected ink
specks under SPECK_PIXELS erased, 4-connected enclosed paper holes under SPECK_PIXELS filled) and, for a model that asks
for it (its `minStray`), the stray marks beside the figure.

Samples, metrics, the C2ST and the blind sheet all go through `site_mask`, so every number and every sheet sees
the symbol the site draws.
"""
from __future__ import annotations

import numpy as np
import torch
from scipy import ndimage

SPECK_PIXELS = 4
_EIGHT = np.ones((3, 3), dtype=bool)
_FOUR = ndimage.generate_binary_structure(2, 1)


def u8_to_unit(images: np.ndarray) -> np.ndarray:
    """uint8 [..., R, R] (255 paper) -> float32 in [-1, 1] (ink -1)."""
    return np.asarray(images, dtype=np.float32) / 127.5 - 1.0


def unit_to_u8(images: np.ndarray) -> np.ndarray:
    """floats in [-1, 1] -> uint8 (255 paper), rounded and clipped."""
    return np.clip((np.asarray(images, dtype=np.float32) + 1.0) * 127.5, 0, 255).round().astype(np.uint8)


def u8_to_tensor(batch: torch.Tensor) -> torch.Tensor:
    """uint8 tensor [B, R, R] -> float [B, 1, R, R] in [-1, 1], on the batch's device (training's hot path)."""
    return batch.unsqueeze(1).float().div_(127.5).sub_(1.0)


def _erased(labels: np.ndarray, min_speck: int, min_stray: int) -> np.ndarray:
    """Per 8-connected ink label (0 = paper): whether lib/render/postprocess.ts's one pass over the components erases
    it: under min_speck pixels, or under min_stray and not the largest (the first of the largest in scan order)."""
    sizes = np.bincount(labels.ravel())
    erase = sizes < min_speck
    if min_stray > 0 and len(sizes) > 2:
        stray = sizes < min_stray
        stray[int(sizes[1:].argmax()) + 1] = False
        erase |= stray
    erase[0] = False                          # the paper is never erased
    return erase


def strays(ink: np.ndarray, min_stray: int) -> np.ndarray:
    """The ink pixels of one binary image [H, W] that a model's minStray erases (specks aside)."""
    labels, _ = ndimage.label(np.asarray(ink, dtype=bool), structure=_EIGHT)
    return _erased(labels, 0, min_stray)[labels]


def despeckle(ink: np.ndarray, min_speck: int = SPECK_PIXELS, min_hole: int = SPECK_PIXELS,
              min_stray: int = 0) -> np.ndarray:
    """One binary image [H, W] (True = ink) -> the same with small ink specks (and, with min_stray, stray marks)
    erased and small enclosed holes filled, as lib/render/postprocess.ts does it."""
    ink = np.asarray(ink, dtype=bool)
    labels, _ = ndimage.label(ink, structure=_EIGHT)
    ink = ink & ~_erased(labels, min_speck, min_stray)[labels]
    if min_hole > 0:
        holes, n = ndimage.label(~ink, structure=_FOUR)
        if n:
            sizes = np.bincount(holes.ravel())
            border = np.unique(np.concatenate([holes[0], holes[-1], holes[:, 0], holes[:, -1]]))
            fill = sizes < min_hole
            fill[0] = False                   # label 0 is the ink
            fill[border] = False              # paper touching the border is background, not a hole
            ink = ink | fill[holes]
    return ink


def site_mask(images: np.ndarray, min_stray: int = 0) -> np.ndarray:
    """[N, H, W] (or [N, 1, H, W]) floats in [-1, 1] -> bool [N, H, W]: the ink the site draws (with a model's
    minStray when given)."""
    images = np.asarray(images)
    images = images.reshape(len(images), images.shape[-2], images.shape[-1])
    return (np.stack([despeckle(img < 0, min_stray=min_stray) for img in images]) if len(images)
            else images.astype(bool))


def erase_strays(images: np.ndarray, min_stray: int) -> np.ndarray:
    """[N, H, W] fields -> the same with the pixels of stray marks set to paper (+1): site_mask of the result is
    site_mask(images, min_stray), so everything downstream of a source's samples sees what the site draws."""
    if min_stray <= 0 or not len(images):
        return images
    marks = np.stack([strays(img < 0, min_stray) for img in images])
    return np.where(marks, np.float32(1), images).astype(images.dtype)


def mask_to_unit(mask: np.ndarray) -> np.ndarray:
    """bool ink mask -> float32 in {-1, 1} (ink -1), the form networks and metrics take."""
    return np.where(mask, -1.0, 1.0).astype(np.float32)

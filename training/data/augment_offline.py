"""Prepare-time augmentation of a base image: stroke weight, small rotation, scale and shift (seeded).

Not to be confused with training/augment.py (DiffAugment, applied to batches while training). Works on the
base image at twice the output resolution, then box-downsamples, so every copy is freshly antialiased.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

MAX_ROTATION = 10.0            # degrees, either way
SCALE = (0.85, 1.05)           # content size relative to the base's
MAX_SHIFT = 3.0                # output pixels, each axis
WEIGHTS = (-1, 0, 0, 1, 1, 2)  # stroke weight steps drawn uniformly: -1 thinner, 1 and 2 bolder


@dataclass(frozen=True)
class Params:
    rotation: float = 0.0      # degrees, counter-clockwise
    scale: float = 1.0
    dx: float = 0.0            # output pixels
    dy: float = 0.0
    weight: int = 0            # min/max filter steps at the working resolution

    def as_meta(self) -> dict:
        return {"rot": round(self.rotation, 2), "scale": round(self.scale, 3), "dx": round(self.dx, 2),
                "dy": round(self.dy, 2), "weight": self.weight}


IDENTITY = Params()


def draw_params(rng: np.random.Generator) -> Params:
    return Params(rotation=float(rng.uniform(-MAX_ROTATION, MAX_ROTATION)), scale=float(rng.uniform(*SCALE)),
                  dx=float(rng.uniform(-MAX_SHIFT, MAX_SHIFT)), dy=float(rng.uniform(-MAX_SHIFT, MAX_SHIFT)),
                  weight=int(WEIGHTS[rng.integers(len(WEIGHTS))]))


def _reweight(img: Image.Image, weight: int) -> Image.Image:
    """Bolder: MinFilter grows black ink; thinner: MaxFilter shrinks it, unless that would erase strokes."""
    if weight > 0:
        return img.filter(ImageFilter.MinFilter(2 * weight + 1))
    if weight < 0:
        thin = img.filter(ImageFilter.MaxFilter(3))
        before = (np.asarray(img) < 128).sum()
        after = (np.asarray(thin) < 128).sum()
        if before and after >= 0.55 * before:
            return thin
    return img


def apply(base: np.ndarray, p: Params, out_size: int) -> np.ndarray:
    """base: uint8 paper [2*out, 2*out]; returns uint8 paper [out, out]."""
    work = base.shape[0]
    k = work / out_size
    img = _reweight(Image.fromarray(base, "L"), p.weight)
    if p != IDENTITY and (p.rotation or p.scale != 1 or p.dx or p.dy):
        # Inverse map for PIL: output pixel -> input pixel, about the centre.
        a = np.deg2rad(p.rotation)
        cos, sin = np.cos(a) / p.scale, np.sin(a) / p.scale
        c = work / 2
        tx, ty = p.dx * k, p.dy * k
        # input = R^-1 S^-1 (output - c - t) + c
        coeffs = (cos, -sin, c - cos * (c + tx) + sin * (c + ty),
                  sin, cos, c - sin * (c + tx) - cos * (c + ty))
        img = img.transform((work, work), Image.Transform.AFFINE, coeffs,
                            resample=Image.Resampling.BICUBIC, fillcolor=255)
    if work != out_size:
        img = img.reduce(int(round(k))) if float(k).is_integer() else img.resize(
            (out_size, out_size), Image.Resampling.LANCZOS)
    return np.asarray(img, np.uint8)


def touches_edge(paper: np.ndarray, border: int = 1) -> bool:
    ink = paper < 192
    return bool(ink[:border].any() or ink[-border:].any() or ink[:, :border].any() or ink[:, -border:].any())


def augment(base: np.ndarray, rng: np.random.Generator, out_size: int) -> tuple[np.ndarray, Params]:
    """One random copy; if the transform pushes ink onto the border, retry smaller and centred."""
    p = draw_params(rng)
    density = float((base < 128).mean())
    if p.weight > 1 and density > 0.12:         # already dense: two steps would fill it in
        p = Params(p.rotation, p.scale, p.dx, p.dy, 1)
    if (p.weight > 0 and density > 0.3) or (p.weight < 0 and density < 0.08):   # no blobs, no hairlines
        p = Params(p.rotation, p.scale, p.dx, p.dy, 0)
    out = apply(base, p, out_size)
    if touches_edge(out):
        p = Params(rotation=p.rotation, scale=min(p.scale, 0.9), weight=p.weight)
        out = apply(base, p, out_size)
        if touches_edge(out):
            p = Params(weight=p.weight)
            out = apply(base, p, out_size)
    return out, p

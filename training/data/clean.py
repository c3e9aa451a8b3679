"""Cleaning shared by every source: binarize, crop to content, pad to a square, resize, "defined" filter, dedupe.

Images travel as float "ink" in [0, 1] (1 = black) while being cleaned and as uint8 "paper" (255 = white,
0 = black) once normalized, the dataset's own format.
"""
from __future__ import annotations

import numpy as np
from PIL import Image
from scipy import fft, ndimage

MARGIN = 0.1          # blank border on each side of the content, as a fraction of the side
INK_LEVEL = 0.25      # a pixel counts as ink above this (float ink) when measuring content

# "Defined" filter limits, measured on the normalized base image.
MIN_INK = 0.012       # below: too faint / almost empty
MAX_INK = 0.40        # above: a blob, not a line drawing
MAX_ASPECT = 6.0      # longer / shorter side of the content box: a lone line or dash is not a symbol
MAX_PARTS = 24        # more separate ink parts than this (after removing specks) is noise, not a symbol


def otsu_threshold(gray: np.ndarray) -> float:
    """Otsu's threshold of a uint8 image: the level that maximizes between-class variance."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128.0
    levels = np.arange(256, dtype=np.float64)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    w1 = total - w0
    mean_all = m0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean_all * w0 - m0 * total) ** 2 / (w0 * w1)
    between[~np.isfinite(between)] = -1
    return float(np.argmax(between)) + 0.5


def content_box(ink: np.ndarray, level: float = INK_LEVEL) -> tuple[int, int, int, int] | None:
    """(top, bottom, left, right) of pixels above level, bottom/right exclusive; None when there is none."""
    rows = np.flatnonzero((ink > level).any(1))
    if len(rows) == 0:
        return None
    cols = np.flatnonzero((ink > level).any(0))
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


def aspect(box: tuple[int, int, int, int]) -> float:
    h, w = box[1] - box[0], box[3] - box[2]
    return max(h, w) / max(1, min(h, w))


def normalize(ink: np.ndarray, size: int, margin: float = MARGIN) -> np.ndarray | None:
    """Crop float ink to its content, pad to a centred square with `margin` each side, resize to size.

    Returns uint8 paper [size, size] (antialiased grayscale, ink black), or None when there is no content.
    """
    box = content_box(ink)
    if box is None:
        return None
    t, b, l, r = box
    crop = ink[t:b, l:r]
    h, w = crop.shape
    side = int(np.ceil(max(h, w) / (1 - 2 * margin)))
    canvas = np.zeros((side, side), np.float32)
    y0, x0 = (side - h) // 2, (side - w) // 2
    canvas[y0:y0 + h, x0:x0 + w] = crop
    img = Image.fromarray(np.round(255 * (1 - np.clip(canvas, 0, 1))).astype(np.uint8), "L")
    if side != size:
        img = img.resize((size, size), Image.Resampling.LANCZOS)
    return np.asarray(img, np.uint8)


def defined_reason(paper: np.ndarray) -> str | None:
    """Why a normalized base image is not a well-defined symbol, or None when it is fine."""
    ink = 1 - paper.astype(np.float32) / 255
    frac = float(ink.mean())
    if frac < MIN_INK:
        return "faint"
    if frac > MAX_INK:
        return "blob"
    box = content_box(ink)
    if box is None:
        return "faint"
    if aspect(box) > MAX_ASPECT:
        return "elongated"
    labels, n = ndimage.label(ink > 0.5, structure=np.ones((3, 3)))
    if n > MAX_PARTS:
        sizes = np.bincount(labels.ravel())[1:]
        if int((sizes >= 4).sum()) > MAX_PARTS:
            return "noisy"
    return None


def to_paper(ink: np.ndarray) -> np.ndarray:
    return np.round(255 * (1 - np.clip(ink, 0, 1))).astype(np.uint8)


# ---------------------------------------------------------------- perceptual hashes and near-duplicate index

_POP16 = np.array([bin(i).count("1") for i in range(1 << 16)], np.uint8)


def phash64(paper: np.ndarray) -> np.ndarray:
    """64-bit DCT perceptual hash (as 8 bytes): the sign of the 8x8 lowest frequencies against their median."""
    small = np.asarray(Image.fromarray(paper, "L").resize((32, 32), Image.Resampling.BOX), np.float64)
    coeffs = fft.dctn(small, norm="ortho")[:8, :8].ravel()
    bits = coeffs > np.median(coeffs[1:])
    return np.packbits(bits)


def dhash256(paper: np.ndarray) -> np.ndarray:
    """256-bit difference hash (as 32 bytes) on a 17x16 thumbnail: finer than phash64, for augmented copies."""
    small = np.asarray(Image.fromarray(paper, "L").resize((17, 16), Image.Resampling.BOX), np.int16)
    return np.packbits(small[:, 1:] > small[:, :-1])


class NearDuplicates:
    """Hashes seen so far; `seen(h, d)` is True when one lies within Hamming distance d of h (and h is not added)."""

    def __init__(self, nbytes: int):
        self.nbytes = nbytes
        self.hashes = np.zeros((0, nbytes), np.uint8)
        self._n = 0

    def seen(self, h: np.ndarray, distance: int) -> bool:
        if self._n:
            x = np.bitwise_xor(self.hashes[:self._n], h[None, :]).view(np.uint16)
            if int(_POP16[x].sum(1, dtype=np.int32).min()) <= distance:
                return True
        if self._n == len(self.hashes):
            grown = np.zeros((max(64, 2 * len(self.hashes)), self.nbytes), np.uint8)
            grown[:self._n] = self.hashes[:self._n]
            self.hashes = grown
        self.hashes[self._n] = h
        self._n += 1
        return False

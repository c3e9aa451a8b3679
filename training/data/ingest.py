"""A folder of user images (--images): read anything safely, split sheets into symbols, clean like the other sources.

Every file ends up either as symbols or as one counted rejection reason; nothing here raises on bad input.
Reasons per file: empty_file, not_an_image, unsupported_format, too_large, corrupt, truncated, too_small,
faint, empty, noisy. Reasons per symbol (after splitting): too_small, faint, blob, elongated, noisy.
"""
from __future__ import annotations

import contextlib
import os
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image, ImageFile, UnidentifiedImageError
from scipy import ndimage

from training.data import clean

MAX_PIXELS = 50_000_000             # refuse larger images before decoding them
FORMATS = {"PNG", "JPEG", "GIF", "WEBP", "BMP", "MPO"}
WORK_SIDE = 2048                    # large sheets are reduced to this before splitting (symbols stay sharp)
MIN_SYMBOL_PX = 12                  # a symbol's content box must be at least this tall or wide
MIN_CONTRAST = 60                   # paper minus ink median gray levels; below is too faint to be defined
MAX_SYMBOLS_PER_FILE = 256
_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")


class _Reject(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@contextlib.contextmanager
def _pixel_guard():
    """PIL's decompression-bomb limit set to MAX_PIXELS (its warning made an error), restored afterwards."""
    old = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    finally:
        Image.MAX_IMAGE_PIXELS = old


def image_files(folder: Path) -> list[Path]:
    """Every regular file under folder, recursively, in a fixed order (hidden files and folders skipped)."""
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out.extend(Path(root) / f for f in sorted(files) if not f.startswith("."))
    return out


def _looks_like_image(head: bytes) -> bool:
    return head.startswith(_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def load_gray(path: Path) -> tuple[np.ndarray, str]:
    """uint8 grayscale of the first frame, transparency composited on white; raises _Reject with the reason."""
    try:
        size = path.stat().st_size
    except OSError:
        raise _Reject("not_an_image")
    if size == 0:
        raise _Reject("empty_file")
    with open(path, "rb") as f:
        head = f.read(16)
    with _pixel_guard():
        try:
            img = Image.open(path)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _Reject("too_large")
        except (UnidentifiedImageError, SyntaxError, ValueError, OSError):
            raise _Reject("corrupt" if _looks_like_image(head) else "not_an_image")
        with img:
            if img.format not in FORMATS:
                raise _Reject("unsupported_format")
            w, h = img.size
            if w * h > MAX_PIXELS:                           # checked on the header, before decoding
                raise _Reject("too_large")
            try:
                img.seek(0)
                img.load()
                gray = _to_gray(img)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                raise _Reject("too_large")
            except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as e:
                raise _Reject("truncated" if "truncat" in str(e).lower() else "corrupt")
            return gray, img.format


def _to_gray(img: Image.Image) -> np.ndarray:
    if img.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        a = np.asarray(img, np.float64)
        lo, hi = float(a.min()), float(a.max())
        return np.round((a - lo) / max(hi - lo, 1e-9) * 255).astype(np.uint8)
    has_alpha = img.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in img.info
    if has_alpha:
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, rgba)
    if max(img.size) > WORK_SIDE:
        img = img.copy()
        img.thumbnail((WORK_SIDE, WORK_SIDE), Image.Resampling.LANCZOS)
    return np.asarray(img.convert("L"), np.uint8)


def _merge_boxes(boxes: list[tuple[int, int, int, int]], pad: int) -> list[int]:
    """Union-find over content boxes that overlap once padded: a symbol's dots and inner parts join it."""
    parent = list(range(len(boxes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    changed = True
    while changed:
        changed = False
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                a, b = boxes[i], boxes[j]
                if (a[0] - pad < b[1] and b[0] - pad < a[1] and a[2] - pad < b[3] and b[2] - pad < a[3]
                        and find(i) != find(j)):
                    parent[find(j)] = find(i)
                    changed = True
    return [find(i) for i in range(len(boxes))]


def split_symbols(gray: np.ndarray, stats: Counter) -> list[np.ndarray]:
    """Binarize (Otsu), fix polarity, split into symbols; float ink crops. Raises _Reject for the whole file."""
    h, w = gray.shape
    if min(h, w) < 16:
        raise _Reject("too_small")
    t = clean.otsu_threshold(gray)
    frame = np.concatenate([gray[:2].ravel(), gray[-2:].ravel(), gray[:, :2].ravel(), gray[:, -2:].ravel()])
    if np.median(frame) < t:                                # dark paper, light ink: invert
        gray = 255 - gray
        t = 255 - t
        stats["inverted"] += 1
    ink = gray < t
    if not ink.any() or ink.all():
        raise _Reject("faint")
    contrast = float(np.median(gray[~ink])) - float(np.median(gray[ink]))
    if contrast < MIN_CONTRAST:
        raise _Reject("faint")
    # Components after a small dilation, so a stroke broken by scanning stays one part.
    r = max(1, int(round(0.004 * max(h, w))))
    grown = ndimage.binary_dilation(ink, structure=np.ones((2 * r + 1, 2 * r + 1), bool))
    labels, n = ndimage.label(grown)
    if n == 0:
        raise _Reject("empty")
    sizes = ndimage.sum(ink, labels, index=np.arange(1, n + 1))
    biggest = float(sizes.max())
    keep = [i + 1 for i in range(n) if sizes[i] >= max(6.0, 0.015 * biggest)]
    specks = n - len(keep)
    stats["specks_dropped"] += specks
    if not keep:
        raise _Reject("empty")
    if specks > 200 or (specks > 30 and specks > 3 * len(keep)):
        raise _Reject("noisy")
    slices = ndimage.find_objects(labels)
    boxes = [(slices[k - 1][0].start, slices[k - 1][0].stop, slices[k - 1][1].start, slices[k - 1][1].stop)
             for k in keep]
    groups = _merge_boxes(boxes, pad=r)
    symbols = []
    for g in sorted(set(groups), key=lambda g: (boxes[g][0] // max(1, h // 16), boxes[g][2])):
        members = [keep[i] for i in range(len(keep)) if groups[i] == g]
        t0 = min(boxes[i][0] for i in range(len(keep)) if groups[i] == g)
        b0 = max(boxes[i][1] for i in range(len(keep)) if groups[i] == g)
        l0 = min(boxes[i][2] for i in range(len(keep)) if groups[i] == g)
        r0 = max(boxes[i][3] for i in range(len(keep)) if groups[i] == g)
        mask = np.isin(labels[t0:b0, l0:r0], members) & ink[t0:b0, l0:r0]
        symbols.append(mask.astype(np.float32))
    return symbols[:MAX_SYMBOLS_PER_FILE]


def bases(folder: Path, size: int, rejected: Counter, stats: Counter):
    """Yield (relative path, symbol index, uint8 paper [size, size]) for every good symbol under folder."""
    for path in image_files(folder):
        rel = path.relative_to(folder).as_posix()
        stats["files_seen"] += 1
        try:
            gray, _ = load_gray(path)
            symbols = split_symbols(gray, stats)
        except _Reject as r:
            rejected[r.reason] += 1
            continue
        used = 0
        for k, ink in enumerate(symbols):
            box = clean.content_box(ink, 0.5)
            if box is None or max(box[1] - box[0], box[3] - box[2]) < MIN_SYMBOL_PX:
                rejected["too_small"] += 1
                continue
            paper = clean.normalize(ink, size)
            reason = clean.defined_reason(paper) if paper is not None else "faint"
            if reason:
                rejected[reason] += 1
                continue
            used += 1
            yield rel, k, paper
        stats["files_used"] += int(used > 0)
        stats["symbols"] += used

"""Hershey vector fonts (.jhf, hershey-fonts-data): parse strokes, render symbol glyphs as polylines.

Format of one glyph record: 5 chars glyph number, 3 chars vertex count (the left/right margin pair counts as
one vertex), 1 char left margin, 1 char right margin, then (count - 1) coordinate pairs, each char an offset
from 'R' (ord 82); the pair " R" lifts the pen. Records may wrap at 72 columns, so we parse by count, not by line.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from training.data import draw

HERSHEY_DIR = Path("/usr/share/hershey-fonts")

# Symbol sets worth learning from, with the glyph indexes (record i is ASCII 32 + i) to keep. Chosen by
# looking at labelled sheets of each file: the astrology, occult and heraldic marks; not the Latin letters,
# digits, punctuation, plain lines or geometric primitives these files also carry.
SYMBOL_SETS: dict[str, tuple[int, ...]] = {
    "astrology.jhf": (1, 3, 4, 5, 6, 7, 10, 11, 13, 15, 26, 27, 28, 29, 30, 31, 32, 59, 61, 62, 63, 64,
                      91, 92, 93, 94),
    "symbolic.jhf": (27, 28, 29, 30, 31, 32, 33, 44, 47, 50, 51, 52, 53, 55, 56, 57, 58, 62, 63, 64,
                     74, 75, 77, 78, 80, 87, 94),
    "meteorology.jhf": (1, 2, 3, 4, 5, 6, 7, 63),
}


@dataclass(frozen=True)
class Glyph:
    index: int                                   # record index in the file (ASCII code - 32)
    left: int                                    # left margin (font units)
    right: int                                   # right margin
    strokes: tuple[tuple[tuple[int, int], ...], ...]   # pen-down polylines of (x, y), y grows downward


def parse_jhf(text: str) -> list[Glyph]:
    """All glyph records of a .jhf file, in file order."""
    s = text.replace("\r", "")
    glyphs: list[Glyph] = []
    i, n = 0, len(s)
    while i < n:
        if s[i] == "\n":
            i += 1
            continue
        head = s[i:i + 8]
        if len(head) < 8 or not head[5:8].strip().isdigit():
            break  # trailing junk: stop rather than guess
        count = int(head[5:8])
        i += 8
        # Gather 2*count payload chars, skipping the newlines of wrapped lines.
        payload = []
        while len(payload) < 2 * count and i < n:
            if s[i] != "\n":
                payload.append(s[i])
            i += 1
        body = "".join(payload)
        left, right = ord(body[0]) - 82, ord(body[1]) - 82
        strokes, cur = [], []
        for k in range(2, len(body) - 1, 2):
            pair = body[k:k + 2]
            if pair == " R":
                if len(cur) > 0:
                    strokes.append(tuple(cur))
                cur = []
            else:
                cur.append((ord(pair[0]) - 82, ord(pair[1]) - 82))
        if cur:
            strokes.append(tuple(cur))
        glyphs.append(Glyph(len(glyphs), left, right, tuple(strokes)))
    return glyphs


@functools.lru_cache(maxsize=None)
def load_font(name: str) -> tuple[Glyph, ...]:
    return tuple(parse_jhf((HERSHEY_DIR / name).read_text(encoding="latin-1")))


def glyph_for_char(font: str, ch: str) -> Glyph:
    """The glyph of a printable ASCII character in a Hershey text font (e.g. rowmans.jhf)."""
    return load_font(font)[ord(ch) - 32]


def normalized_strokes(g: Glyph) -> list[np.ndarray]:
    """Strokes scaled into [-0.5, 0.5] keeping aspect, centred on the ink's bounding box (float arrays [k, 2])."""
    pts = np.concatenate([np.asarray(s, np.float64) for s in g.strokes])
    lo, hi = pts.min(0), pts.max(0)
    span = max(float((hi - lo).max()), 1e-6)
    centre = (lo + hi) / 2
    return [(np.asarray(s, np.float64) - centre) / span for s in g.strokes]


def is_drawable(g: Glyph) -> bool:
    """True for a glyph with ink that is more than a dot or a single short dash."""
    if not g.strokes:
        return False
    pts = np.concatenate([np.asarray(s, np.float64) for s in g.strokes])
    span = pts.max(0) - pts.min(0)
    return bool(span.max() >= 4 and sum(len(s) for s in g.strokes) >= 3)


def bases(size: int, rng: np.random.Generator, limit: int | None = None):
    """Yield (key, label, ink) for every chosen symbol glyph, rendered at size x size (float ink in [0, 1]).

    The pen width is drawn per glyph; further stroke-weight variety comes from augmentation.
    """
    done = 0
    for fname, keep in SYMBOL_SETS.items():
        if not (HERSHEY_DIR / fname).is_file():
            continue
        for g in load_font(fname):
            if g.index not in keep or not is_drawable(g):
                continue
            if limit is not None and done >= limit:
                return
            ink = draw.polylines(normalized_strokes(g), size, width=float(rng.uniform(0.045, 0.07)))
            label = f"{fname[:-4]}:{g.index}"
            yield f"hershey/{label}", label, ink
            done += 1

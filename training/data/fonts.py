"""Traditional symbols rendered from installed fonts: alchemy, astrology, occult and religious signs, runes, ogham.

Each codepoint is rendered from every font whose cmap really maps it (fontTools), so different designs of the
same sign become separate base images. A rendering is dropped when it is empty or when it is the font's own
.notdef (tofu) box. Label = "U+XXXX".
"""
from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

import numpy as np
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

FONT_DIRS = [Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts/opentype")]

# Font files whose designs we use (searched under FONT_DIRS). Light/bold cuts of one family differ enough at
# 64 px to be real variety; the near-duplicate filter drops the ones that do not.
FONT_FILES = [
    "NotoSansSymbols-Regular.ttf", "NotoSansSymbols-Bold.ttf", "NotoSansSymbols2-Regular.ttf",
    "NotoSansRunic-Regular.ttf", "NotoSansOgham-Regular.ttf", "Symbola_hint.ttf",
    "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf", "DejaVuSerif.ttf",
    "FreeSerif.ttf", "FreeSans.ttf", "FreeMono.ttf", "NotoSansMath-Regular.ttf",
]


def _r(a: int, b: int) -> list[int]:
    return list(range(a, b + 1))


# Signs of traditional superstition, not emoji, arrows, boxes or plain geometry. Grouped by kind (kept in meta).
CODEPOINTS: dict[str, list[int]] = {
    # minus the few drawn as plain Latin letters (QE, aaa, SSS, MB, VB, sp, 3ss) or a solid blob (month)
    "alchemical": [c for c in _r(0x1F700, 0x1F77F) if c not in (0x1F700, 0x1F747, 0x1F75B, 0x1F75C, 0x1F75D,
                                                                 0x1F76B, 0x1F76C, 0x1F771, 0x1F772, 0x1F773)],
    "astrological": [0x2604, 0x2609, 0x260A, 0x260B, 0x260C, 0x260D, 0x263D, 0x263E] + _r(0x263F, 0x2653)
    + _r(0x26B2, 0x26BC) + [0x26CE, 0x26E2, 0x2BC9] + _r(0x2BD3, 0x2BDD) + [0x2BDF] + _r(0x2BE0, 0x2BE7)
    + _r(0x2BF0, 0x2BF8),
    "religious": [0x2613] + _r(0x2624, 0x262C) + [0x262F, 0x2638, 0x2670, 0x2671, 0x2695, 0x2697, 0x269A,
                                                   0x269B, 0x269C, 0x269D, 0x2BDE]
    + [0x2719, 0x271B, 0x271D, 0x271F, 0x2720, 0x2721],
    "divination": _r(0x2630, 0x2637) + _r(0x268C, 0x268F),
    "genealogical": _r(0x26A2, 0x26A9) + _r(0x26AD, 0x26AF),
    "occult": _r(0x26E4, 0x26E7),
    "runic": _r(0x16A0, 0x16EA) + _r(0x16EE, 0x16F8),
    "ogham": _r(0x1681, 0x169A),
}


def find_font(name: str) -> Path | None:
    for d in FONT_DIRS:
        hits = sorted(d.rglob(name)) if d.is_dir() else []
        if hits:
            return hits[0]
    return None


@functools.lru_cache(maxsize=None)
def cmap(path: str) -> frozenset[int]:
    """Codepoints the font really maps to a glyph."""
    with TTFont(path, lazy=True) as f:
        return frozenset((f.getBestCmap() or {}).keys())


def render_glyph(font: ImageFont.FreeTypeFont, ch: str) -> np.ndarray:
    """Float ink of one character, tightly around its ink box (shape (0, 0) when it draws nothing)."""
    box = font.getbbox(ch)
    w, h = box[2] - box[0], box[3] - box[1]
    if w <= 0 or h <= 0:
        return np.zeros((0, 0), np.float32)
    pad = 4
    img = Image.new("L", (w + 2 * pad, h + 2 * pad), 0)
    ImageDraw.Draw(img).text((pad - box[0], pad - box[1]), ch, font=font, fill=255)
    return np.asarray(img, np.float32) / 255.0


def _same_shape(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and float(np.abs(a - b).mean()) < 0.02


def notdef_rendering(font: ImageFont.FreeTypeFont, mapped: frozenset[int]) -> np.ndarray:
    """What the font draws for a codepoint it lacks (its .notdef glyph, often a tofu box)."""
    for cp in (0x10FFFD, 0xE0FFF, 0x10FFF0, 0xFFFF0):
        if cp not in mapped:
            return render_glyph(font, chr(cp))
    return np.zeros((0, 0), np.float32)


def candidates() -> list[tuple[str, str, int]]:
    """(font path, kind, codepoint) for every wanted codepoint each available font maps, in a fixed order."""
    out = []
    for name in FONT_FILES:
        path = find_font(name)
        if path is None:
            continue
        mapped = cmap(str(path))
        for kind, cps in CODEPOINTS.items():
            out.extend((str(path), kind, cp) for cp in cps if cp in mapped)
    return out


def bases(limit: int | None = None, px: int = 256, rejected: dict[str, int] | None = None):
    """Yield (font name, kind, codepoint, float ink) for each real glyph. limit: spread a sample over all fonts.

    px is the font size used to render; the caller crops and resizes. Tofu and empty renderings are skipped
    and counted in `rejected` under "tofu" and "empty".
    """
    todo = candidates()
    if limit is not None and limit < len(todo):
        step = len(todo) / limit
        todo = [todo[int(i * step)] for i in range(limit)]
    fonts: dict[str, tuple[ImageFont.FreeTypeFont, np.ndarray]] = {}
    for path, kind, cp in todo:
        if path not in fonts:
            f = ImageFont.truetype(path, px)
            fonts[path] = (f, notdef_rendering(f, cmap(path)))
        font, notdef = fonts[path]
        ink = render_glyph(font, chr(cp))
        reason = None
        if ink.size == 0 or float(ink.max()) < 0.5:
            reason = "empty"
        elif notdef.size and _same_shape(ink, notdef):
            reason = "tofu"
        if reason:
            if rejected is not None:
                rejected[reason] = rejected.get(reason, 0) + 1
            continue
        yield Path(path).stem, kind, cp, ink


def label(cp: int) -> str:
    return f"U+{cp:04X}"


def name(cp: int) -> str:
    return unicodedata.name(chr(cp), "")

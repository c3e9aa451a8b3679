"""Procedural sigils made by historical construction methods. Deterministic for a given numpy Generator.

- kamea: a name's letters reduced to numbers and traced over the cells of a planetary magic square
  (Agrippa, De Occulta Philosophia II.22), with the customary circle at the start and bar at the end.
- bindrune: two or three Elder Futhark runes sharing one stave.
- seal: concentric rings, a star polygon {p/q}, small marks set around the ring.
- chaos: a statement of intent with vowels and repeated letters struck out (Spare's method), the remaining
  letters of a stroke font overlaid in one box.
"""
from __future__ import annotations

import math

import numpy as np

from training.data import draw, hershey

# ---------------------------------------------------------------- magic squares (kameas)

PLANETS = {3: "saturn", 4: "jupiter", 5: "mars", 6: "sun", 7: "venus", 8: "mercury", 9: "moon"}


def _siamese(n: int) -> np.ndarray:
    """Odd order, de la Loubere's method, flipped so that order 3 is Agrippa's Saturn square (4 9 2 / 3 5 7 / 8 1 6)."""
    m = np.zeros((n, n), np.int64)
    i, j = 0, n // 2
    for k in range(1, n * n + 1):
        m[i, j] = k
        ni, nj = (i - 1) % n, (j + 1) % n
        if m[ni, nj]:
            ni, nj = (i + 1) % n, j
        i, j = ni, nj
    return np.flipud(m)


def _doubly_even(n: int) -> np.ndarray:
    """Order 4k: fill 1..n^2 in rows, complement the cells on the diagonals of each 4x4 block."""
    m = np.arange(1, n * n + 1, dtype=np.int64).reshape(n, n)
    i, j = np.indices((n, n))
    diag = ((i % 4) == (j % 4)) | (((i % 4) + (j % 4)) == 3)
    m[diag] = n * n + 1 - m[diag]
    return m


def _singly_even(n: int) -> np.ndarray:
    """Order 4k+2, Strachey's method: four odd squares as quadrants, then column swaps between them."""
    h = n // 2
    a = _siamese(h)
    m = np.zeros((n, n), np.int64)
    m[:h, :h] = a
    m[h:, h:] = a + h * h
    m[:h, h:] = a + 2 * h * h
    m[h:, :h] = a + 3 * h * h
    k = (n - 2) // 4
    for i in range(h):
        cols = list(range(k))
        if i == h // 2:
            cols = list(range(1, k + 1))       # the middle row shifts its swapped cells one to the right
        for j in cols:
            m[i, j], m[i + h, j] = m[i + h, j], m[i, j]
    for j in range(n - k + 1, n):
        for i in range(h):
            m[i, j], m[i + h, j] = m[i + h, j], m[i, j]
    return m


def magic_square(n: int) -> np.ndarray:
    """A magic square of order n >= 3 (every row, column and both diagonals sum to n(n^2+1)/2)."""
    if n < 3:
        raise ValueError(f"no magic square of order {n}")
    if n % 2:
        return _siamese(n)
    if n % 4 == 0:
        return _doubly_even(n)
    return _singly_even(n)


def name_numbers(name: str, n: int) -> list[int]:
    """Letters a=1..z=26, each reduced by repeated digit sum until it fits the square's 1..n^2."""
    out = []
    for ch in name.lower():
        if not ("a" <= ch <= "z"):
            continue
        v = ord(ch) - 96
        while v > n * n:
            v = sum(int(d) for d in str(v))
        out.append(v)
    return out


# Names of planetary intelligences and spirits (Agrippa), angels and goetic spirits, then generated ones.
NAMES = """agiel zazel iophiel hismael graphiel barzabel nachiel sorath hagiel kedemel tiriel
taphthartharath malkah chasmodai schedbarschemoth bartzabel michael gabriel raphael uriel cassiel sachiel
samael anael haniel zadkiel metatron sandalphon raziel tzaphkiel camael jophiel azrael barachiel jehudiel
sealtiel paimon bael agares vassago samigina marbas valefor amon barbatos buer gusion sitri beleth leraje
eligos zepar botis bathin sallos purson marax ipos aim naberius glasya bune ronove berith astaroth forneus
foras asmoday gaap furfur marchosias stolas phenex halphas malphas raum focalor vepar sabnock shax vine
bifrons uvall haagenti crocell furcas balam alloces caim murmur orobas gremory ose amy orias vapula zagan
volac andras haures andrealphus cimeies amdusias belial decarabia seere dantalion andromalius abraxas
adonai elohim shaddai tetragrammaton ararita agla hermes thoth isis osiris horus hecate selene helios
saturn jupiter mars sol venus mercury luna aries taurus gemini cancer leo virgo libra scorpio sagittarius
capricorn aquarius pisces""".split()

_ONSETS = "b c d f g h k l m n p r s t v z th sh ch br gr kr tr dr st sp".split()
_VOWELS = "a e i o u ae ai ia ie ou".split()
_CODAS = ["", "", "", "l", "n", "r", "s", "th", "m", "el", "iel", "on", "ax", "oth", "ar"]


def generated_name(rng: np.random.Generator) -> str:
    parts = [_ONSETS[rng.integers(len(_ONSETS))] + _VOWELS[rng.integers(len(_VOWELS))]
             for _ in range(int(rng.integers(2, 4)))]
    return "".join(parts) + _CODAS[rng.integers(len(_CODAS))]


def kamea(rng: np.random.Generator, size: int) -> tuple[str, np.ndarray]:
    order = int(rng.integers(3, 10))
    square = magic_square(order)
    where = {int(v): (i, j) for (i, j), v in np.ndenumerate(square)}
    for _ in range(20):
        name = NAMES[rng.integers(len(NAMES))] if rng.random() < 0.4 else generated_name(rng)
        nums = name_numbers(name, order)
        pts = []
        for v in nums:
            p = np.array([(where[v][1] + 0.5) / order - 0.5, (where[v][0] + 0.5) / order - 0.5])
            if not pts or not np.allclose(pts[-1], p):
                pts.append(p)
        if len({tuple(p) for p in pts}) >= 3:
            break
    pts = np.array(pts) + rng.normal(0, 0.006, (len(pts), 2))
    width = float(rng.uniform(0.03, 0.06))
    c = draw.Canvas(size)
    if rng.random() < 0.25:                               # some grimoires draw arcs between the cells
        path = [pts[0]]
        for a, b in zip(pts[:-1], pts[1:]):
            mid, d = (a + b) / 2, b - a
            bulge = np.array([-d[1], d[0]]) * float(rng.uniform(-0.35, 0.35))
            for t in np.linspace(0, 1, 9)[1:]:
                path.append((1 - t) ** 2 * a + 2 * (1 - t) * t * (mid + bulge) + t * t * b)
        c.line(path, width)
    else:
        c.line(pts, width)
    # The start: a small circle; the end: a short bar across the last stroke.
    r0 = float(rng.uniform(0.035, 0.06))
    d0 = pts[1] - pts[0]
    c.circle(pts[0] - d0 / (np.linalg.norm(d0) + 1e-9) * r0, r0, width * 0.8)
    d1 = pts[-1] - pts[-2]
    d1 = d1 / (np.linalg.norm(d1) + 1e-9)
    perp = np.array([-d1[1], d1[0]]) * float(rng.uniform(0.05, 0.08))
    c.line([pts[-1] - perp, pts[-1] + perp], width)
    return f"kamea:{PLANETS[order]}:{name}", c.ink()


# ---------------------------------------------------------------- Elder Futhark runes as strokes

# Each rune as polylines on a grid where its stave is x = 0 from y = 0 (top) to y = 1 (bottom); branches
# mostly to the right. STAVED runes draw the shared stave themselves; the others are laid over it.
RUNES: dict[str, list[list[tuple[float, float]]]] = {
    "fehu": [[(0, 0.35), (0.4, 0.05)], [(0, 0.6), (0.4, 0.3)]],
    "uruz": [[(0, 0), (0.4, 0.3), (0.4, 1)]],
    "thurisaz": [[(0, 0.25), (0.35, 0.5), (0, 0.75)]],
    "ansuz": [[(0, 0), (0.4, 0.25)], [(0, 0.3), (0.4, 0.55)]],
    "raido": [[(0, 0), (0.35, 0.22), (0, 0.45), (0.38, 1)]],
    "kaunan": [[(0.4, 0.2), (0, 0.45), (0.4, 0.7)]],
    "gebo": [[(-0.4, 0), (0.4, 1)], [(0.4, 0), (-0.4, 1)]],
    "wunjo": [[(0, 0), (0.35, 0.2), (0, 0.4)]],
    "hagalaz": [[(0.4, 0), (0.4, 1)], [(0, 0.35), (0.4, 0.6)]],
    "naudiz": [[(-0.25, 0.35), (0.25, 0.6)]],
    "isa": [],
    "jera": [[(-0.05, 0.2), (-0.3, 0.4), (-0.05, 0.6)], [(0.05, 0.4), (0.3, 0.6), (0.05, 0.8)]],
    "eihwaz": [[(0, 0), (0.3, 0.15)], [(0, 1), (-0.3, 0.85)]],
    "perthro": [[(0, 0), (0.3, 0.2), (0.3, 0.35)], [(0, 1), (0.3, 0.8), (0.3, 0.65)]],
    "algiz": [[(0, 0.45), (-0.35, 0.05)], [(0, 0.45), (0.35, 0.05)]],
    "sowilo": [[(-0.2, 0), (-0.2, 0.45), (0.2, 0.55), (0.2, 1)]],
    "tiwaz": [[(0, 0), (-0.35, 0.3)], [(0, 0), (0.35, 0.3)]],
    "berkanan": [[(0, 0), (0.3, 0.25), (0, 0.5), (0.3, 0.75), (0, 1)]],
    "ehwaz": [[(0.5, 0), (0.5, 1)], [(0, 0), (0.25, 0.3), (0.5, 0)]],
    "mannaz": [[(0.5, 0), (0.5, 1)], [(0, 0), (0.5, 0.45)], [(0.5, 0), (0, 0.45)]],
    "laguz": [[(0, 0), (0.35, 0.3)]],
    "ingwaz": [[(0, 0.2), (0.3, 0.5), (0, 0.8), (-0.3, 0.5), (0, 0.2)]],
    "dagaz": [[(-0.35, 0), (-0.35, 1)], [(0.35, 0), (0.35, 1)], [(-0.35, 0), (0.35, 1)], [(0.35, 0), (-0.35, 1)]],
    "othala": [[(0, 0), (0.3, 0.35), (-0.25, 1)], [(0, 0), (-0.3, 0.35), (0.25, 1)]],
}
STAVELESS = {"kaunan", "gebo", "jera", "ingwaz", "dagaz", "othala", "sowilo"}
STAVE = [(0.0, 0.0), (0.0, 1.0)]


def rune_strokes(name: str, mirror: bool = False) -> list[np.ndarray]:
    """A single rune's strokes in its grid (stave included when it has one)."""
    strokes = [np.array(s, np.float64) for s in RUNES[name]]
    if name not in STAVELESS:
        strokes.append(np.array(STAVE, np.float64))
    if mirror:
        for s in strokes:
            s[:, 0] *= -1
    return strokes


def bindrune(rng: np.random.Generator, size: int) -> tuple[str, np.ndarray]:
    names = list(RUNES)
    picked = [names[i] for i in rng.choice(len(names), size=int(rng.integers(2, 4)), replace=False)]
    if all(p in STAVELESS or p == "isa" for p in picked):
        picked[0] = "fehu"
    strokes: list[np.ndarray] = [np.array(STAVE, np.float64)]
    for p in picked:
        mirror = bool(rng.random() < 0.4)
        shift = float(rng.choice([0.0, 0.0, -0.15, 0.15])) if p not in STAVELESS else 0.0
        for s in rune_strokes(p, mirror):
            if len(s) == 2 and np.allclose(s, STAVE):
                continue                                   # the shared stave is drawn once
            s = s.copy()
            s[:, 1] = np.clip(s[:, 1] + shift, 0, 1)
            strokes.append(s)
    stretch = float(rng.uniform(0.8, 1.15))
    if rng.random() < 0.3:
        for s in strokes:
            s[:, 0] *= -1
    out = []
    for s in strokes:
        t = s.copy()
        t[:, 0] *= stretch
        t[:, 1] = t[:, 1] - 0.5
        out.append(t + rng.normal(0, 0.004, t.shape))
    width = float(rng.uniform(0.035, 0.06))
    return "bindrune:" + "+".join(picked), draw.polylines(out, size, width)


# ---------------------------------------------------------------- seals

STARS = [(5, 2), (6, 2), (7, 2), (7, 3), (8, 3), (8, 2), (9, 4)]


def star_polygon(p: int, q: int, radius: float, rot: float) -> list[np.ndarray]:
    """{p/q}: join every q-th of p points on a circle; a compound of gcd(p, q) polygons when they share factors."""
    g = math.gcd(p, q)
    ang = rot + 2 * np.pi * np.arange(p) / p
    pts = np.stack([np.cos(ang), np.sin(ang)], 1) * radius
    out = []
    for start in range(g):
        idx = [(start + k * q) % p for k in range(p // g + 1)]
        out.append(pts[idx])
    return out


def _mark(rng: np.random.Generator, centre: np.ndarray, scale: float, up: np.ndarray) -> list[np.ndarray]:
    """A small glyph for the ring: a rune, or a planet-like circle-and-cross, oriented along `up`."""
    right = np.array([-up[1], up[0]])
    if rng.random() < 0.6:
        strokes = rune_strokes(list(RUNES)[rng.integers(len(RUNES))], bool(rng.random() < 0.5))
        strokes = [np.stack([s[:, 0], s[:, 1] - 0.5], 1) for s in strokes]
    else:
        t = np.linspace(0, 2 * np.pi, 13)
        circ = np.stack([0.22 * np.cos(t), 0.22 * np.sin(t) - 0.2], 1)
        strokes = [circ, np.array([(0, 0.02), (0, 0.5)]), np.array([(-0.2, 0.28), (0.2, 0.28)])]
        if rng.random() < 0.5:
            strokes = [np.stack([s[:, 0], -s[:, 1]], 1) for s in strokes]
    return [centre + scale * (s[:, :1] * right + s[:, 1:] * (-up)) for s in strokes]


def seal(rng: np.random.Generator, size: int) -> tuple[str, np.ndarray]:
    c = draw.Canvas(size)
    width = float(rng.uniform(0.022, 0.038))
    rings = int(rng.integers(1, 4))
    gap = float(rng.uniform(0.09, 0.13))
    radii = [0.5 - k * gap for k in range(rings)]
    for r in radii:
        c.circle((0, 0), r, width)
    p, q = STARS[rng.integers(len(STARS))]
    inner = radii[-1] if rings > 1 or rng.random() < 0.5 else radii[-1] * 0.98
    rot = -np.pi / 2 + (0 if rng.random() < 0.7 else np.pi / p)
    for poly in star_polygon(p, q, inner, rot):
        c.line(poly, width)
    marks = "none"
    if rings >= 2:                                     # marks in the band between the two outer rings
        k = int(rng.integers(5, 11))
        band = (radii[0] + radii[1]) / 2
        off = float(rng.uniform(0, 2 * np.pi))
        for i in range(k):
            a = off + 2 * np.pi * i / k
            up = np.array([np.cos(a), np.sin(a)])
            for s in _mark(rng, up * band, gap * 0.75, up):
                c.line(s, width * 0.85)
        marks = f"ring{k}"
    if rng.random() < 0.5:                              # a mark in the centre
        for s in _mark(rng, np.zeros(2), inner * 0.45, np.array([0.0, -1.0])):
            c.line(s, width)
    return f"seal:{{{p}/{q}}}:r{rings}:{marks}", c.ink()


# ---------------------------------------------------------------- chaos-magic sigils

_SUBJECTS = "i my we our".split()
_VERBS = ("am will have find see keep guard heal know call bind open close seek hold bring walk dream "
          "remember become").split()
_OBJECTS = ("strong free safe whole wealthy calm brave loved home path door truth light shadow fire river "
            "stone wind luck health fortune wisdom courage silence sleep voice gate crown garden harvest "
            "mirror").split()


def intent(rng: np.random.Generator) -> str:
    return " ".join([_SUBJECTS[rng.integers(len(_SUBJECTS))], _VERBS[rng.integers(len(_VERBS))],
                     _OBJECTS[rng.integers(len(_OBJECTS))]])


def sigil_letters(statement: str) -> str:
    """Spare's reduction: keep consonants, each once, in order of first appearance."""
    out = []
    for ch in statement.upper():
        if "A" <= ch <= "Z" and ch not in "AEIOU" and ch not in out:
            out.append(ch)
    return "".join(out)


def chaos(rng: np.random.Generator, size: int) -> tuple[str, np.ndarray]:
    statement = intent(rng)
    letters = sigil_letters(statement)
    n_keep = int(rng.integers(3, 5))
    if len(letters) > n_keep:                           # overlaying more than a few is only a blot
        keep = np.sort(rng.choice(len(letters), n_keep, replace=False))
        letters = "".join(letters[i] for i in keep)
    font = "futural.jhf" if rng.random() < 0.5 else "rowmans.jhf"
    enclosed = bool(rng.random() < 0.3)
    fit = 0.62 if enclosed else 0.9                     # leave room inside the circle
    strokes = []
    for ch in letters:
        g = hershey.glyph_for_char(font, ch)
        ang = float(rng.uniform(-0.35, 0.35))
        rot = np.array([[np.cos(ang), -np.sin(ang)], [np.sin(ang), np.cos(ang)]])
        sc = float(rng.uniform(0.7, 1.0)) * fit
        mirror = -1.0 if rng.random() < 0.25 else 1.0
        off = rng.uniform(-0.1, 0.1, 2) * fit
        parts = hershey.normalized_strokes(g)
        if len(parts) > 1:                              # simplify: strike out some strokes, as practitioners do
            keep = [s for s in parts if rng.random() > 0.25] or parts[:1]
            parts = keep
        for s in parts:
            s = s * np.array([mirror, 1.0])
            strokes.append((s @ rot.T) * sc + off)
    c = draw.Canvas(size)
    width = float(rng.uniform(0.03, 0.055))
    for s in strokes:
        c.line(s, width)
    if enclosed:
        c.circle((0, 0), 0.48, width)
    return f"chaos:{letters}:{statement.replace(' ', '_')}", c.ink()


GENERATORS = {"kamea": kamea, "bindrune": bindrune, "seal": seal, "chaos": chaos}
KIND_SHARES = {"kamea": 0.3, "bindrune": 0.25, "seal": 0.2, "chaos": 0.25}


def generate(kind: str, seed: int, index: int, size: int) -> tuple[str, np.ndarray]:
    """The index-th sigil of a kind for a seed: its own Generator, so any subset is reproducible alone."""
    kind_id = list(GENERATORS).index(kind)
    rng = np.random.default_rng([seed, 7919, kind_id, index])
    return GENERATORS[kind](rng, size)

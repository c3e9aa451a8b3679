"""python3 -m training nearest public/models/<id>: every symbol's nearest real symbols, and a verdict people can trust.

One job: the index of the training corpus's real symbols a model folder ships as nearest.json, the embedding it is
searched in, and the verdict rule ("new", "close to <name>", "a copy of <name>"). The format and the algorithm are a
contract with the site (docs/model-folder.md, `nearest.json`): the site runs the same embedding in TypeScript over the
same file, so both are written by hand, step by step, and pinned by the file's `golden` entries.

- The index: one entry per base glyph of the corpus's TRAINING split (the clean copy 0 of each, not its augmented
  copies), binarized as the site binarizes (training/pixels.py), with its name, source in words and style, a 1-bit
  64x64 thumbnail and its embedding.
- The embedding ("centered-pool2-blur"): centre the ink's bounding box, 2x2 average pool to 32x32, a separable Gaussian
  blur, then a linear projection to DIMS numbers (the file's mean and components). Centring makes a shift invisible;
  pooling and blurring make a few degrees of turn a small move. The components are fitted here (the site only
  applies them): not the pixel PCA, which ranks stroke weight first, so that a copy one pixel bolder lands farther
  from its original than other glyphs are (41% of planted copies found), but Fisher's discriminant between the
  training glyphs and the moves disguised copies of them make (96%; training/README.md has the measurements).
- The verdict, calibrated on the held-out split (glyphs the model never saw, real symbols that are not in the index):
  each held-out base glyph's distance to its nearest training glyph. Below their COPY_PERCENTILE-th percentile (1, as
  the copies metric) a symbol is "a copy of" its nearest glyph; at or above their NEW_PERCENTILE-th percentile (50,
  their median) it is "new": farther from every training symbol than half of the real symbols the model never saw
  are from theirs; between, "close to" its nearest glyph.

Export writes nearest.json for every new 64 px model; this command adds it to a folder exported before it existed,
like `real-set`: it refuses a corpus that is not the one the model card names, never rewrites a folder's nearest.json
unless --rewrite says so, and records it in index.json (`nearest`: file, sha256, bytes, count) and the verdict shares
of 2,000 of the model's symbols in model-card.json (`nearestVerdicts`). The model's weights and sha256 are untouched.
"""
from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from training import model_folder, pixels, real_set, runs
from training.errors import UserError, reading

FILE = "nearest.json"
FORMAT_VERSION = 1
KIND = "centered-pool2-blur"
RESOLUTION = 64                # masks are 64 x 64; pooled to 32 x 32
POOLED = RESOLUTION // 2
BLUR_SIGMA = 1.0               # in 32 px pixels; chosen by planted-copy recall (training/README.md, "nearest")
BLUR_RADIUS = 3                # kernel half-width, ceil(3 sigma): 2r + 1 taps
DIMS = 64                      # dimensions kept
PROJECTION = "discriminant"    # how the components are fitted (fit); "pca" measured beside it
DISGUISES = 2                  # disguised copies per training glyph that the discriminant learns to ignore
REGULARIZATION = 0.01          # added to the disguises' covariance, as a share of its mean variance
FIT_SEED = 1                   # the disguises the components are fitted on (PLANT_SEED's are measured)
THIN_KEEPS = 0.55              # a disguise thins a glyph only where that keeps this share of its ink
COPY_PERCENTILE = 1.0          # as the copies metric (training/metrics COPY_PERCENTILE)
NEW_PERCENTILE = 50.0          # "new": farther from the training set than half the real symbols the model never saw
NEIGHBOURS = 3                 # what the site shows, and what golden pins
VERDICT_SAMPLES = 2000         # the model card's verdict shares
GOLDEN_REAL = 4                # golden entries from held-out real symbols ...
GOLDEN_GENERATED = 4           # ... and from the model's own symbols
GOLDEN_SEED = 20261206
PLANT_SEED = 0
DEFAULT_DATA = "training/data/symbols"


class NearestError(UserError):
    """A model folder or corpus that cannot be given a nearest index: one line for the user."""


@dataclass
class NearestConfig:
    folders: list[str] = field(default_factory=list)   # model folders (public/models/<id>) to give a nearest index
    data: str = DEFAULT_DATA              # the corpus the model trained on: its train split is the index, its held-out split calibrates the verdict
    rewrite: bool = False                 # rebuild a folder's nearest.json that is already there (its sha256 changes)
    sweep: bool = False                   # measure planted-copy recall and false copies for a grid of projections, blurs and sizes; write nothing
    tries: int = 500                      # planted copies per setting (--sweep)
    dry_run: bool = False                 # build the index for each folder and print its size and thresholds; write nothing

    def validate(self) -> "NearestConfig":
        from training.config import ConfigError
        if not self.folders and not self.sweep:
            raise ConfigError("name a model folder, e.g. public/models/sigil-64-20261201-4 (or pass --sweep)")
        if self.tries < 1:
            raise ConfigError("--tries must be positive")
        return self


# ---------------------------------------------------------------- the embedding
#
# Written out by hand in numpy rather than with scipy.ndimage's shift/zoom/gaussian_filter: the TypeScript twin
# (lib/, searching the same nearest.json) must take the same decisions, and scipy's filters have their own border
# modes and truncation rules that a hand-written loop in TypeScript would not reproduce. Every step below is the
# contract's, in its order.

def center(masks: np.ndarray) -> np.ndarray:
    """bool [N, 64, 64] -> the same with each ink bounding box [r0, r1] x [c0, c1] moved to the middle: shifted by
    dy = 32 - floor((r0 + r1 + 1) / 2), dx likewise (integers); pixels shifted out are dropped, new ones are paper.
    An empty mask is not shifted."""
    masks = np.asarray(masks, dtype=bool)
    out = np.zeros_like(masks)
    half = masks.shape[-1] // 2
    for i, m in enumerate(masks):
        rows, cols = np.flatnonzero(m.any(1)), np.flatnonzero(m.any(0))
        if not len(rows):
            out[i] = m
            continue
        dy = half - (int(rows[0]) + int(rows[-1]) + 1) // 2
        dx = half - (int(cols[0]) + int(cols[-1]) + 1) // 2
        n = m.shape[0]
        # destination rows [max(0, dy), min(n, n + dy)) take source rows shifted back by dy (and columns by dx)
        out[i, max(0, dy):min(n, n + dy), max(0, dx):min(n, n + dx)] = \
            m[max(0, -dy):min(n, n - dy), max(0, -dx):min(n, n - dx)]
    return out


def pool2(masks: np.ndarray) -> np.ndarray:
    """bool [N, 64, 64] -> float64 [N, 32, 32]: the mean of each 2x2 block (0, .25, .5, .75 or 1)."""
    n, h, w = masks.shape
    return np.asarray(masks, np.float64).reshape(n, h // 2, 2, w // 2, 2).mean(axis=(2, 4))


def blur_taps(sigma: float, radius: int) -> np.ndarray:
    """The 2r + 1 Gaussian taps exp(-x^2 / (2 sigma^2)) for x = -r .. r, normalised to sum 1."""
    x = np.arange(-radius, radius + 1, dtype=np.float64)
    taps = np.exp(-x * x / (2.0 * sigma * sigma))
    return taps / taps.sum()


def blur(images: np.ndarray, sigma: float, radius: int) -> np.ndarray:
    """float [N, S, S] -> the same blurred by the separable Gaussian, rows then columns, zero outside the image:
    out[y, x] = sum_k taps[k + r] * in[y, x + k] along each row, then the same along each column."""
    taps = blur_taps(sigma, radius)
    n, s, _ = images.shape
    padded = np.zeros((n, s, s + 2 * radius))
    padded[:, :, radius:radius + s] = images
    rows = sum(taps[k] * padded[:, :, k:k + s] for k in range(2 * radius + 1))          # along each row
    padded = np.zeros((n, s + 2 * radius, s))
    padded[:, radius:radius + s, :] = rows
    return sum(taps[k] * padded[:, k:k + s, :] for k in range(2 * radius + 1))          # along each column


def vectors(masks: np.ndarray, sigma: float, radius: int) -> np.ndarray:
    """Steps 1-3 and the flattening of step 4: bool [N, 64, 64] -> float64 [N, 1024], row-major."""
    masks = np.asarray(masks, dtype=bool)
    if masks.shape[1:] != (RESOLUTION, RESOLUTION):
        raise NearestError(f"the nearest index takes {RESOLUTION}x{RESOLUTION} masks, not {masks.shape[1:]}")
    return blur(pool2(center(masks)), sigma, radius).reshape(len(masks), POOLED * POOLED)


@dataclass(frozen=True)
class Embedding:
    sigma: float
    radius: int
    mean: np.ndarray           # float32 [1024]: exactly what the file holds
    components: np.ndarray     # float32 [D, 1024], one component per row

    @property
    def dims(self) -> int:
        return len(self.components)

    def __call__(self, masks: np.ndarray) -> np.ndarray:
        """bool [N, 64, 64] -> float64 [N, D]: minus the mean, then the dot product with each component."""
        x = vectors(masks, self.sigma, self.radius) - self.mean.astype(np.float64)
        return x @ self.components.astype(np.float64).T


def disguise(mask: np.ndarray, rng: np.random.Generator, guard: bool = True) -> np.ndarray:
    """A copy of one glyph as a forger would hide it: turned up to 8 degrees (scipy.ndimage.rotate on the 64px mask,
    binarized again at half), one pixel bolder or thinner (binary dilation or erosion, 4-connected), shifted up to 3
    px. With guard, thinner only where the thinning keeps at least THIN_KEEPS of the ink (the corpus's own rule,
    data/augment_offline.py), bolder otherwise: one pixel off a seal's or a sigil's 1-2 px lines erases the
    symbol, which is no longer a copy anyone could see. The draws are the same with and without guard."""
    from scipy import ndimage
    turned = ndimage.rotate(np.where(mask, 1.0, 0.0), rng.uniform(-8, 8), reshape=False, order=1, cval=0.0) >= 0.5
    bolder = rng.random() < 0.5
    dy, dx = (int(v) for v in rng.integers(-3, 4, size=2))
    cross = ndimage.generate_binary_structure(2, 1)
    thin = None if bolder else ndimage.binary_erosion(turned, cross)
    if thin is not None and (not guard or thin.sum() >= THIN_KEEPS * turned.sum()):
        weighed = thin
    else:
        weighed = ndimage.binary_dilation(turned, cross)
    out = np.zeros_like(weighed)
    n = len(out)
    out[max(0, dy):min(n, n + dy), max(0, dx):min(n, n + dx)] = \
        weighed[max(0, -dy):min(n, n - dy), max(0, -dx):min(n, n - dx)]
    return out


def fit(masks: np.ndarray, sigma: float = BLUR_SIGMA, radius: int = BLUR_RADIUS, dims: int = DIMS,
        projection: str = PROJECTION, fit_on: np.ndarray | None = None) -> Embedding:
    """The mean and the `dims` components of the masks' pooled, blurred vectors, rounded to float32 as the file
    stores them, each component signed so that its largest-magnitude entry is positive (eigenvector signs are
    arbitrary, and the file must be the same bytes on every run).

    projection "pca": the principal components (numpy's SVD of the centred vectors). "discriminant" (shipped): the
    directions that spread different glyphs apart most relative to how far a disguised copy moves (Fisher's
    discriminant): between = the glyphs' covariance, within = the covariance of the moves DISGUISES disguised copies
    of each glyph make (seeded, FIT_SEED; only the glyphs where fit_on is True when given), plus REGULARIZATION of
    its mean variance; the generalized eigenvectors of (between, within) with the largest eigenvalues, scaled so a
    disguise's move has unit variance along each. Pixel PCA ranks stroke weight first (a bolder copy moves further
    than another glyph is away), so it found 41% of planted copies here against 96% (training/README.md). The
    site computes the embedding from mean and components alone: it cannot tell which fit made them."""
    x = vectors(masks, sigma, radius)
    mean = x.mean(axis=0)
    if projection == "pca":
        _, _, vt = np.linalg.svd(x - mean, full_matrices=False)
        comps = vt[:dims].copy()
    elif projection == "discriminant":
        keep = np.arange(len(masks)) if fit_on is None else np.flatnonzero(fit_on)
        rng = np.random.default_rng(FIT_SEED)
        which = np.repeat(keep, DISGUISES)
        moved = vectors(np.stack([disguise(masks[i], rng) for i in which]), sigma, radius) - x[which]
        within = moved.T @ moved / len(moved)
        within += REGULARIZATION * np.trace(within) / len(within) * np.eye(len(within))
        between = (x - mean).T @ (x - mean) / len(x)
        # whiten the within scatter (within = q diag(lam) q^T), then the principal axes of the whitened between
        lam, q = np.linalg.eigh(within)
        whiten = (q / np.sqrt(lam)) @ q.T
        _, u = np.linalg.eigh(whiten @ between @ whiten)
        comps = (whiten @ u[:, ::-1][:, :dims]).T.copy()
    else:
        raise ValueError(f"projection {projection!r}: pca or discriminant")
    biggest = np.abs(comps).argmax(axis=1)
    comps *= np.where(comps[np.arange(len(comps)), biggest] < 0, -1.0, 1.0)[:, None]
    return Embedding(float(sigma), int(radius), mean.astype(np.float32), comps.astype(np.float32))


def search(index: np.ndarray, queries: np.ndarray, k: int = NEIGHBOURS, chunk: int = 64
           ) -> tuple[np.ndarray, np.ndarray]:
    """The k nearest index rows of each query by Euclidean distance, nearest first, ties to the lower index:
    (indices int [Q, k], distances float64 [Q, k]). Differences are summed directly (not |a|^2 + |b|^2 - 2ab,
    which loses the small distances of copies to cancellation), as the site does."""
    index = np.asarray(index, np.float64)
    queries = np.asarray(queries, np.float64)
    k = min(k, len(index))
    idx, dist = np.zeros((len(queries), k), np.int64), np.zeros((len(queries), k))
    for i in range(0, len(queries), chunk):
        d = np.sqrt(((queries[i:i + chunk, None, :] - index[None, :, :]) ** 2).sum(-1))
        order = np.argsort(d, axis=1, kind="stable")[:, :k]          # stable: equal distances keep index order
        idx[i:i + chunk], dist[i:i + chunk] = order, np.take_along_axis(d, order, axis=1)
    return idx, dist


# ---------------------------------------------------------------- the verdict

def verdict(distance: float, thresholds: dict) -> str:
    """The one rule, here and on the site: "copy" below thresholds["copy"], "new" at or above thresholds["new"],
    "close" between (the site says "a copy of <name>", "new", "close to <name>")."""
    if distance < thresholds["copy"]:
        return "copy"
    if distance >= thresholds["new"]:
        return "new"
    return "close"


def calibrate(distances: np.ndarray, copy_percentile: float = COPY_PERCENTILE,
              new_percentile: float = NEW_PERCENTILE) -> dict:
    """The thresholds from held-out real symbols' nearest distances to the training index."""
    d = np.asarray(distances, np.float64)
    return {"copy": float(np.percentile(d, copy_percentile)), "new": float(np.percentile(d, new_percentile)),
            "newPercentile": new_percentile, "copyPercentile": copy_percentile}


def shares(verdicts: list[str]) -> dict:
    """{"new", "close", "copy"}: each verdict's share, rounded to 4 decimals."""
    n = max(len(verdicts), 1)
    return {v: round(sum(x == v for x in verdicts) / n, 4) for v in ("new", "close", "copy")}


def say(s: dict) -> str:
    return f"nearest: new {s['new']:.1%}, close {s['close']:.1%}, copy {s['copy']:.1%}"


# ---------------------------------------------------------------- the corpus's glyphs

def base_glyphs(metas: list[dict], split: str) -> list[int]:
    """One image index per base glyph of a split: its clean copy (the lowest `copy`, 0 when prepare kept it), in
    the order of the base keys, so the index's order does not follow the corpus's shuffle."""
    best: dict[str, int] = {}
    for i, m in enumerate(metas):
        if m["split"] == split and (m["base"] not in best or m.get("copy", 0) < metas[best[m["base"]]].get("copy", 0)):
            best[m["base"]] = i
    return [best[b] for b in sorted(best)]


def masks_of(images: np.ndarray, chosen: list[int]) -> np.ndarray:
    """Corpus images (uint8, 255 = paper) -> the ink the site would draw of them: bool [N, R, R]."""
    if not chosen:
        return np.zeros((0, images.shape[-2], images.shape[-1]), bool)
    return pixels.site_mask(pixels.u8_to_unit(np.asarray(images[np.array(chosen)])))


def _font_words(font: str) -> str:
    """"NotoSansSymbols2-Regular" -> "Noto Sans Symbols 2", "DejaVuSans-Bold" -> "DejaVu Sans Bold"."""
    import re
    family, _, weight = font.partition("-")
    family = family.removesuffix("_hint")
    words = family if family.startswith("Free") else re.sub(r"(?<=[a-z])(?=[A-Z0-9])", " ", family)
    words = words.replace("Deja Vu", "DejaVu")
    return words + (f" {weight}" if weight and weight != "Regular" else "")


def describe(meta: dict) -> dict:
    """A glyph's {name, source, style} for people, from real_set.source_of's facts and sentence."""
    src = real_set.source_of(meta)
    if src["type"] == "font":
        name = src["name"] or src["codePoint"]
        source = f"{_font_words(src['font'])}, {src['codePoint']}"
    elif src["type"] == "hershey":
        name = f"Hershey {src['file'].removesuffix('.jhf')} glyph {src['glyph']}"
        source = src["text"]
    elif src["type"] == "sigil":
        parts = src["recipe"].split(":")
        name = {"kamea": lambda: f"Kamea sigil of \u201c{parts[2].title()}\u201d",
                "chaos": lambda: f"Chaos sigil of \u201c{parts[2].replace('_', ' ')}\u201d",
                "bindrune": lambda: f"Bindrune of {real_set._and([r.title() for r in parts[1].split('+')])}",
                "seal": lambda: f"Seal of a {parts[1]} star"}.get(src["method"], lambda: f"{src['method']} sigil")
        try:
            name = name()
        except IndexError:                    # a recipe of another form: its method alone
            name = f"{src['method'].title()} sigil"
        source = src["text"]
    else:
        name, source = src["text"], src["text"]
    return {"name": name, "source": source, "style": meta.get("style") or None}


# ---------------------------------------------------------------- the bytes

def b64_floats(values: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(values, dtype="<f4").tobytes()).decode("ascii")


def floats_b64(text: str, shape: tuple[int, ...]) -> np.ndarray:
    raw = np.frombuffer(base64.b64decode(text, validate=True), dtype="<f4")
    return raw.reshape(shape).astype(np.float32)


def b64_bits(masks: np.ndarray) -> str:
    """bool [N, 64, 64] -> base64 of 512 bytes each: row-major, most significant bit first, 1 = ink, no zlib (a
    golden entry's one `mask`: 512 bytes that zlib would barely shrink)."""
    flat = np.asarray(masks, bool).reshape(len(masks), -1)
    return base64.b64encode(np.packbits(flat, axis=1).tobytes()).decode("ascii")


def bits_b64(text: str, count: int) -> np.ndarray:
    raw = np.frombuffer(base64.b64decode(text, validate=True), np.uint8)
    return np.unpackbits(raw).reshape(count, RESOLUTION, RESOLUTION).astype(bool)


def b64_thumbs(masks: np.ndarray) -> str:
    """The thumbnails, bool [N, 64, 64] -> `thumbs`: base64 of ONE zlib stream of the N packed masks (512 bytes each,
    as b64_bits packs them) one after another, as real-symbols.json stores its bitmaps (real_set.encode). The
    site inflates them once when it reads the file; zlib takes the default model's 1.86 MB of base64 to 0.46 MB."""
    return real_set.encode(masks)


def thumbs_b64(text: str, count: int) -> np.ndarray:
    """The inverse of b64_thumbs: bool [count, 64, 64]. A stream that is not base64 or does not inflate, or holds
    other than count masks, is a ValueError (what `reading` reports as a damaged file)."""
    try:
        base64.b64decode(text, validate=True)
        return real_set.decode(text, count, RESOLUTION)
    except (binascii.Error, zlib.error) as e:
        raise ValueError(f"thumbs do not inflate ({e})") from None
    except ValueError:
        raise ValueError(f"thumbs do not hold {count} packed {RESOLUTION}x{RESOLUTION} masks") from None


def _num(x: float) -> float:
    """A float as the file writes it: 7 significant digits (float32's precision; the golden check is 1e-3)."""
    return float(f"{x:.7g}")


@dataclass
class Index:
    """nearest.json decoded: what the site searches, and what every Python measure here uses."""
    embedding: Embedding
    glyphs: list[dict]
    embeddings: np.ndarray     # float32 [N, D]
    thumbs: np.ndarray         # bool [N, 64, 64]
    thresholds: dict           # copy, new, newPercentile, copyPercentile

    def nearest(self, masks: np.ndarray, k: int = NEIGHBOURS) -> tuple[np.ndarray, np.ndarray]:
        return search(self.embeddings, self.embedding(masks), k)

    def verdicts(self, masks: np.ndarray) -> list[str]:
        _, d = self.nearest(masks, 1)
        return [verdict(float(x), self.thresholds) for x in d[:, 0]]

    @classmethod
    def from_asset(cls, asset: dict) -> "Index":
        e, n = asset["embedding"], len(asset["glyphs"])
        dims = int(e["dims"])
        emb = Embedding(float(e["blurSigma"]), int(e["blurRadius"]), floats_b64(e["mean"], (POOLED * POOLED,)),
                        floats_b64(e["components"], (dims, POOLED * POOLED)))
        return cls(emb, asset["glyphs"], floats_b64(asset["embeddings"], (n, dims)), thumbs_b64(asset["thumbs"], n),
                   {k: asset["verdict"][k] for k in ("copy", "new", "newPercentile", "copyPercentile")})

    @classmethod
    def read(cls, folder: Path) -> "Index":
        """A folder's nearest.json, checked: a damaged one is one line naming it."""
        path = Path(folder) / FILE
        asset = runs.read_json(path)
        with reading(path, "not a nearest.json"):
            if asset.get("version") != FORMAT_VERSION or asset["embedding"]["kind"] != KIND:
                raise ValueError(f"version {asset.get('version')!r}, kind {asset['embedding']['kind']!r}")
            return cls.from_asset(asset)


def asset_bytes(asset: dict) -> bytes:
    """Compact JSON, one glyph and one golden entry per line, each long base64 string on its own line."""
    def dump(x) -> str:
        return json.dumps(x, ensure_ascii=False, separators=(",", ":"))
    e = asset["embedding"]
    emb = ("{" + ",".join(f'"{k}":{dump(e[k])}' for k in ("kind", "blurSigma", "blurRadius", "dims")) + ",\n"
           + f'"mean":{dump(e["mean"])},\n"components":{dump(e["components"])}}}')
    parts = [f'"version":{asset["version"]},"resolution":{asset["resolution"]}', f'"embedding":{emb}',
             '"glyphs":[\n' + ",\n".join(dump(g) for g in asset["glyphs"]) + "\n]",
             f'"embeddings":{dump(asset["embeddings"])}', f'"thumbs":{dump(asset["thumbs"])}',
             f'"verdict":{dump(asset["verdict"])}',
             '"golden":[\n' + ",\n".join(dump(g) for g in asset["golden"]) + "\n]"]
    return ("{" + ",\n".join(parts) + "}\n").encode()


# ---------------------------------------------------------------- building it

@dataclass
class Corpus:
    """The corpus's base glyphs as the site would draw them."""
    train: np.ndarray          # bool [T, 64, 64], one per training base glyph, in base-key order
    train_metas: list[dict]
    holdout: np.ndarray        # bool [H, 64, 64], one per held-out base glyph
    holdout_metas: list[dict]

    @classmethod
    def read(cls, data: str | Path) -> "Corpus":
        images, metas, _ = real_set.read_corpus(data)
        if images.shape[-1] != RESOLUTION:
            raise NearestError(f"the corpus {data} is {images.shape[-1]}px; the nearest index is for {RESOLUTION}px "
                               f"corpora and models")
        train, holdout = base_glyphs(metas, "train"), base_glyphs(metas, "holdout")
        if len(train) < 2 or not holdout:
            raise NearestError(f"the corpus {data} has {len(train)} training and {len(holdout)} held-out base "
                               f"glyphs: too few to index and calibrate")
        return cls(masks_of(images, train), [metas[i] for i in train], masks_of(images, holdout),
                   [metas[i] for i in holdout])


def build_index(corpus: Corpus, sigma: float = BLUR_SIGMA, radius: int = BLUR_RADIUS, dims: int = DIMS,
                projection: str = PROJECTION, fit_on: np.ndarray | None = None) -> Index:
    """The index (without golden) as the file will hold it: embedding and glyph vectors rounded to float32, the
    thresholds calibrated with those float32 values."""
    embedding = fit(corpus.train, sigma, radius, min(dims, len(corpus.train)), projection, fit_on)
    embeddings = embedding(corpus.train).astype(np.float32)
    _, d = search(embeddings, embedding(corpus.holdout), 1)
    thresholds = {k: (_num(v) if k in ("copy", "new") else v) for k, v in calibrate(d[:, 0]).items()}
    return Index(embedding, [describe(m) for m in corpus.train_metas], embeddings, corpus.train, thresholds)


def _safe(index: Index, idx: np.ndarray, dist: np.ndarray) -> bool:
    """A golden entry both sides must agree on: its verdict is not within 1% of a threshold and its neighbours'
    order (the 3 shown and the 4th after them) is not within 1e-3 of a tie."""
    t = index.thresholds
    d0 = dist[0]
    if any(abs(d0 - t[k]) <= 0.01 * max(t[k], 1e-9) for k in ("copy", "new")):
        return False
    return bool(np.all(np.diff(dist) > 1e-3 * np.maximum(dist[1:], 1e-9)))


def pick_golden(index: Index, masks: np.ndarray, count: int) -> list[int]:
    """`count` masks spread from the nearest to the farthest from the training set (so the verdicts differ: the
    closest real symbol is under the copy threshold), each moved on to the next in distance order until safe."""
    idx, dist = index.nearest(masks, NEIGHBOURS + 1)
    order = list(np.argsort(dist[:, 0], kind="stable"))
    chosen: list[int] = []
    for q in np.linspace(0, len(order) - 1, count).round().astype(int):
        for j in list(range(q, len(order))) + list(range(q - 1, -1, -1)):
            i = int(order[j])
            if i not in chosen and masks[i].any() and _safe(index, idx[i], dist[i]):
                chosen.append(i)
                break
    return chosen


def golden(index: Index, masks: np.ndarray) -> list[dict]:
    idx, dist = index.nearest(masks, NEIGHBOURS)
    return [{"mask": b64_bits(m[None]), "nearest": [int(j) for j in i], "distances": [_num(x) for x in d],
             "verdict": verdict(float(d[0]), index.thresholds)} for m, i, d in zip(masks, idx, dist)]


def site_symbols(source, n: int, seed: int) -> np.ndarray:
    """n symbols of a model folder as the site draws them: bool [n, 64, 64] (its denoiser, stray marks, threshold,
    specks), from the same latents every stage draws for seed (sources.Source.sample)."""
    images, _ = source.sample(n, seed=seed, clean=True)
    return pixels.site_mask(images)


def asset_of(index: Index, golden_entries: list[dict]) -> dict:
    e = index.embedding
    return {
        "version": FORMAT_VERSION, "resolution": RESOLUTION,
        "embedding": {"kind": KIND, "blurSigma": e.sigma, "blurRadius": e.radius, "dims": e.dims,
                      "mean": b64_floats(e.mean), "components": b64_floats(e.components)},
        "glyphs": index.glyphs,
        "embeddings": b64_floats(index.embeddings),
        "thumbs": b64_thumbs(index.thumbs),
        "verdict": index.thresholds,
        "golden": golden_entries,
    }


def build(data: str | Path, source) -> dict:
    """The whole asset for a model folder's source (sources.open_model): the index, then golden computed by
    decoding the index's own bytes, from GOLDEN_REAL held-out real symbols and GOLDEN_GENERATED of the model's."""
    corpus = Corpus.read(data)
    if source.resolution != RESOLUTION:
        raise NearestError(f"{source.name} draws {source.resolution}px symbols; the nearest index is for "
                           f"{RESOLUTION}px models")
    draft = asset_of(build_index(corpus), [])
    index = Index.from_asset(json.loads(asset_bytes(draft)))     # from the bytes written, as the site reads them
    made = site_symbols(source, 64, GOLDEN_SEED)
    made = made[pick_golden(index, made, GOLDEN_GENERATED)]
    # a model that draws the same blank square for every latent (an untrained one) leaves its share to real symbols
    real = corpus.holdout[pick_golden(index, corpus.holdout, GOLDEN_REAL + GOLDEN_GENERATED - len(made))]
    return {**draft, "golden": golden(index, np.concatenate([real, made]))}


def index_entry(folder: Path) -> dict:
    """What index.json records of a folder's nearest.json: file, sha256, bytes, count."""
    data = (folder / FILE).read_bytes()
    with reading(folder / FILE, "not a nearest.json"):
        count = len(json.loads(data)["glyphs"])
    return {"file": FILE, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "count": count}


def write(folder: Path, asset: dict) -> dict:
    """Write the asset into a model folder (written then renamed); returns its index.json entry."""
    runs.write_bytes(folder / FILE, asset_bytes(asset))
    return index_entry(folder)


def verdict_shares(index: Index, source, command: str, n: int | None = None) -> dict:
    """The model card's nearestVerdicts: the share of each verdict over n (VERDICT_SAMPLES) of the model's symbols,
    drawn as every stage draws them (assessment.LATENT_SEED, the latents `evaluate` measures too) through the site's
    pipeline."""
    from training.assessment import LATENT_SEED
    n = n or VERDICT_SAMPLES
    return {"n": n, **shares(index.verdicts(site_symbols(source, n, LATENT_SEED))),
            "measured": datetime.date.today().isoformat(), "command": command}


def add(folder: Path, data: str | Path, command: str) -> tuple[dict, dict]:
    """Export's step: build the asset for the model folder being written, write it, and measure the model's verdict
    shares with it. Returns (index.json entry, model card nearestVerdicts)."""
    from training import sources
    source = sources.open_model(folder)
    asset = build(data, source)
    entry = write(folder, asset)
    shares_ = verdict_shares(Index.from_asset(asset), source, command)
    print(f"wrote {FILE}: {entry['count']} training glyphs, {entry['bytes']:,} bytes; {say(shares_)}")
    return entry, shares_


_BUILT: dict[str, Index | None] = {}


def index_for(source, data: str | Path) -> Index | None:
    """The index a source's verdicts are measured with (evaluate): a model folder's own nearest.json, which is what
    the site shows, or else one built from the corpus with the shipped settings (once per corpus); None for a corpus
    that is not 64 px."""
    if source.kind == "model" and (Path(source.path) / FILE).is_file():
        return Index.read(Path(source.path))
    key = str(Path(data).resolve())
    if key not in _BUILT:
        try:
            _BUILT[key] = build_index(Corpus.read(data))
        except NearestError:
            _BUILT[key] = None
    return _BUILT[key]


# ---------------------------------------------------------------- choosing the parameters: planted copies

def planted(corpus: Corpus, tries: int, guard: bool = True, seed: int = PLANT_SEED) -> tuple[np.ndarray, np.ndarray]:
    """tries disguised copies of random training base glyphs: (which glyph [tries], masks [tries, 64, 64]). The
    same glyphs and draws with and without guard."""
    rng = np.random.default_rng(seed)
    which = rng.integers(len(corpus.train), size=tries)
    return which, np.stack([disguise(corpus.train[i], rng, guard) for i in which])


def half_of(key: str) -> int:
    """A glyph group's half (0 or 1) for the measures that fit on one half and test on the other."""
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % 2


def found(index: Index, corpus: Corpus, which: np.ndarray, copies: np.ndarray) -> np.ndarray:
    """bool [tries]: whether each planted copy's nearest glyph is the planted one or another design of its group."""
    groups = np.array([m["group"] for m in corpus.train_metas])
    idx, _ = index.nearest(copies, 1)
    return groups[idx[:, 0]] == groups[which]


def false_copies(index: Index, corpus: Corpus) -> tuple[float, float]:
    """How often a held-out real symbol (never a training glyph) is called a copy: on the base glyphs the thresholds
    came from (COPY_PERCENTILE by construction), and with the thresholds calibrated on the other half of the
    held-out glyph groups (2-fold), which is what a symbol the calibration never saw meets."""
    _, d = index.nearest(corpus.holdout, 1)
    d = d[:, 0]
    in_sample = float(np.mean([verdict(float(x), index.thresholds) == "copy" for x in d]))
    halves = np.array([half_of(m["group"]) for m in corpus.holdout_metas])
    crossed = [verdict(float(x), calibrate(d[halves != h])) == "copy"
               for h in (0, 1) if (halves == h).any() and (halves != h).any() for x in d[halves == h]]
    return in_sample, float(np.mean(crossed)) if crossed else float("nan")


def index_size(corpus: Corpus, dims: int) -> int:
    """nearest.json's bytes, near enough (the base64 of vectors and components, the thumbnails as written, and the
    glyph lines)."""
    n = len(corpus.train)
    raw = 4 * (n * dims + (dims + 1) * POOLED * POOLED)
    names = sum(len(json.dumps(describe(m), ensure_ascii=False)) + 2 for m in corpus.train_metas)
    return 4 * raw // 3 + len(b64_thumbs(corpus.train)) + names + 3000


SWEEP = [("pca", 0.75, 48), ("pca", 1.0, 48), ("pca", 1.5, 48), ("pca", 2.0, 48), ("pca", 1.0, 64), ("pca", 1.0, 128),
         ("discriminant", 0.75, 64), ("discriminant", 1.0, 32), ("discriminant", 1.0, 48), ("discriminant", 1.0, 64),
         ("discriminant", 1.0, 128), ("discriminant", 1.5, 64), ("discriminant", 2.0, 64)]


def radius_for(sigma: float) -> int:
    return max(1, int(np.ceil(3 * sigma)))


def sweep(cfg: NearestConfig) -> list[dict]:
    """The tables of training/README.md's "nearest" section: each setting's planted-copy recall (disguises as
    `disguise` makes them, and with the thinning unguarded as the issue's recipe reads literally), its recall on
    glyph groups its fit never saw, how often a held-out real symbol is called a copy, and the file's size; then,
    for the chosen setting, what each `new` percentile means for real unseen symbols and for planted copies."""
    corpus = Corpus.read(cfg.data)
    which, copies = planted(corpus, cfg.tries)
    _, literal = planted(corpus, cfg.tries, guard=False)
    fit_half = np.array([half_of(m["group"]) == 0 for m in corpus.train_metas])
    unseen = ~fit_half[which]
    print(f"{len(corpus.train)} training and {len(corpus.holdout)} held-out base glyphs of {cfg.data}; {cfg.tries} "
          f"planted copies (seed {PLANT_SEED}); {int(unseen.sum())} of them of glyph groups outside a half fit")
    print("| projection | blurSigma | blurRadius | dims | recall | recall, thinning unguarded | recall, groups not "
          "fitted | held-out called copy (in sample / 2-fold) | nearest.json |")
    print("|---|---|---|---|---|---|---|---|---|")
    rows, chosen = [], None
    for projection, sigma, dims in SWEEP:
        radius = radius_for(sigma)
        index = build_index(corpus, sigma, radius, dims, projection)
        half = (build_index(corpus, sigma, radius, dims, projection, fit_half) if projection == "discriminant"
                else index)
        inside, crossed = false_copies(index, corpus)
        row = {"projection": projection, "blurSigma": sigma, "blurRadius": radius, "dims": dims,
               "recall": float(found(index, corpus, which, copies).mean()),
               "recallLiteral": float(found(index, corpus, which, literal).mean()),
               "recallUnfitted": float(found(half, corpus, which, copies)[unseen].mean()),
               "falseCopy": inside, "falseCopyTwoFold": crossed, "bytes": index_size(corpus, dims)}
        rows.append(row)
        is_chosen = (projection, sigma, radius, dims) == (PROJECTION, BLUR_SIGMA, BLUR_RADIUS, DIMS)
        chosen = index if is_chosen else chosen
        print(f"| {projection}{' (shipped)' if is_chosen else ''} | {sigma} | {radius} | {dims} | "
              f"{row['recall']:.1%} | "
              f"{row['recallLiteral']:.1%} | {row['recallUnfitted']:.1%} | {inside:.1%} / {crossed:.1%} | "
              f"{row['bytes'] / 1e6:.2f} MB |", flush=True)
    if chosen is not None:
        _, d_held = chosen.nearest(corpus.holdout, 1)
        _, d_plant = chosen.nearest(copies, 1)
        _, d_lit = chosen.nearest(literal, 1)
        print(f"\nThe shipped setting's verdicts (copy below the {COPY_PERCENTILE:g}th percentile of held-out "
              f"distances, {chosen.thresholds['copy']:.4g}):")
        print("| newPercentile | new from | held-out real symbols called new | planted copies called copy / close / "
              "new | thinning unguarded: new |")
        print("|---|---|---|---|---|")
        for p in (10, 25, 50, 67, 75):
            t = calibrate(d_held[:, 0], new_percentile=p)
            v = shares([verdict(float(x), t) for x in d_plant[:, 0]])
            lit = shares([verdict(float(x), t) for x in d_lit[:, 0]])
            held = shares([verdict(float(x), t) for x in d_held[:, 0]])
            print(f"| {p}{' (shipped)' if p == NEW_PERCENTILE else ''} | {t['new']:.4g} | {held['new']:.1%} | "
                  f"{v['copy']:.1%} / {v['close']:.1%} / {v['new']:.1%} | {lit['new']:.1%} |")
    return rows


# ---------------------------------------------------------------- the command: backfill existing folders

def command_for(folder: Path, data: str) -> str:
    return f"python3 -m training nearest {folder}" + (f" --data {data}" if data != DEFAULT_DATA else "")


def backfill(folder: Path, cfg: NearestConfig) -> dict | None:
    """Give one model folder its nearest.json and record it in index.json and the card's nearestVerdicts; the
    model's own files stay as they are. Every input is read and checked before anything is written."""
    from training import sources
    index_path = folder.parent / "index.json"
    index, entry = model_folder.read_entry(folder)
    source = sources.open_model(folder)       # a damaged folder gets nothing: its weights replay golden.json
    card = model_folder.read_card(folder)
    if source.resolution != RESOLUTION:
        raise NearestError(f"{folder.name} draws {source.resolution}px symbols; the nearest index is for "
                           f"{RESOLUTION}px models")
    command = command_for(folder, cfg.data)
    if (folder / FILE).is_file() and not cfg.rewrite:     # published: never rebuilt unless asked, only re-recorded
        recorded = index_entry(folder)
        said = entry.get("nearest", recorded)
        if said != recorded:
            told = said.get("sha256", "") if isinstance(said, dict) else said
            raise NearestError(f"{folder / FILE} does not match its index.json entry (sha256 "
                               f"{recorded['sha256'][:12]}..., index.json says {str(told)[:12]}...); it was changed "
                               f"after it was written (--rewrite builds it again)")
        built = Index.read(folder)
        print(f"{folder / FILE} is already there ({recorded['count']} glyphs); kept as it is")
        if cfg.dry_run:
            return None
    else:
        real_set.check_corpus(cfg.data, card)
        asset = build(cfg.data, source)
        built = Index.from_asset(asset)
        if cfg.dry_run:
            print(f"dry run: {folder.name} would get {len(asset['glyphs'])} glyphs, "
                  f"{len(asset_bytes(asset)):,} bytes, thresholds copy {asset['verdict']['copy']:.4g} "
                  f"new {asset['verdict']['new']:.4g}")
            return None
        recorded = write(folder, asset)
        print(f"wrote {folder / FILE}: {recorded['count']} training glyphs, {recorded['bytes']:,} bytes; copy below "
              f"{asset['verdict']['copy']:.4g}, new from {asset['verdict']['new']:.4g}")
    if "nearestVerdicts" not in card or recorded != entry.get("nearest"):
        card = {**card, "nearestVerdicts": verdict_shares(built, source, command)}
        runs.write_json(folder / "model-card.json", card)
        print(f"{say(card['nearestVerdicts'])} over {card['nearestVerdicts']['n']:,} symbols; recorded in "
              f"{folder / 'model-card.json'}")
    if entry.get("nearest") != recorded:
        entry["nearest"] = recorded
        runs.write_json(index_path, index)
        print(f"recorded it in {index_path}")
    return recorded


def nearest(cfg: NearestConfig) -> list:
    if cfg.sweep:
        return sweep(cfg)
    return [backfill(Path(f), cfg) for f in cfg.folders]

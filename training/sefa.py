"""python3 -m training sliders public/models/<id>: the named sliders of a model folder (sliders.json).

SeFa (Shen & Zhou, "Closed-Form Factorization of Latent Semantics in GANs", CVPR 2021): the directions n of the
latent z that the generator's first layer moves most, the unit n maximising |A n|^2 where A is that layer's weight on
z, i.e. the top eigenvectors of A^T A. Closed form, no training. Our first layer is the Dense of the exported
model.json, read from the bytes the site loads (training/tfjs.py), so batch norm is already folded in as the runtime
folds it; its kernel is [latent + styles, units] and only its first `latentSize` rows (the part z multiplies) are
used, since the sliders move z and never the style one-hot. As in the paper, A is not normalised per column.

Each direction is then named by what it measurably does to the symbol the site draws (the model's own denoiser,
stray marks and threshold, training/pixels.py), on fifteen measures of the ink mask (MEASURES): its share of the
square, stroke width, separate parts, left-right symmetry, roundness, where its centre sits (left-right, low-high), how
far it spreads (width, height), closed shapes, how much of its outline runs level, how far it spreads every way (size),
how much of the square's middle and of a ring near its edge it covers, and whether it is wider than tall. Those after
the first five were added on 2026-12-07 in the hope that where and how large the ink is follows z more steadily than
its shape; along straight directions on the default they did not, along the learned field (training/slider_field.py)
several do (training/README.md, Named sliders). Over SAMPLES latents (cycled through the styles), each
direction is tried on its share of them at -range and +range; its effect on a measure is the mean change divided by
that measure's spread over the unmoved samples, and the measure it moves most names it (the sign orients it: a
positive offset gives "more"). A direction whose best effect is under MIN_EFFECT spreads names nothing and is dropped.

SeFa's strongest directions mostly rearrange the figure, moving several measures up and down at once, so few of them
move one measure steadily. So, second, for each measure the direction inside the span of SeFa's top SUBSPACE that
best predicts it (fit_direction: a least-squares fit of the measure on the unmoved samples' latents in that span;
closed form, no training), strongest fit first, each fitted in what the sliders kept before it leave of the span
(without), so no two kept sliders share a direction. Each slider records which method found it ("sefa" or
"sefa-subspace-fit").

Then the goal of issue 26: on SEEDS other latents, each named slider is swept over POINTS offsets from -range to
range, and it is monotonic for a seed when its measure never goes down and ends above where it started (sweep; it
stops early once a slider can no longer pass). Only the sliders that meet MIN_MONOTONIC (`passes`) are kept, so every
slider the site shows does what it is called for at least that share of symbols; `--no-require_monotonic` keeps the
failing ones too, marked. The card records every slider's effect and monotonic share, and the dropped directions.

The site reads sliders.json (docs/model-folder.md): each slider's id, label, the words for its two ends, and its unit
direction (base64 little-endian float32). Written then renamed, recorded in index.json (`sliders`: file, sha256,
bytes, count) and the card (`sliders`); the model's own files and sha256 are untouched. Export calls `add` for every
new model.
"""
from __future__ import annotations

import base64
import datetime
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import ndimage

from training import model_folder, pixels, runs
from training.errors import UserError

FILE = "sliders.json"
FORMAT_VERSION = 1
CANDIDATES = 12                # SeFa directions tried, by eigenvalue
RANGE = 3.0                    # offsets go from -RANGE to RANGE (z is N(0, I): 3 is three spreads along the direction)
SAMPLES = 2000                 # latents the effects are measured on, shared round-robin between the candidates
SEEDS = 500                    # latents each named slider's monotonicity is measured on (the goal)
POINTS = 5                     # offsets per sweep, -RANGE .. RANGE
MIN_EFFECT = 0.5               # a direction must move its measure by this many spreads over its range to be named
MIN_MONOTONIC = 0.9            # share of seeds a kept slider moves its measure monotonically on (the goal)
SUBSPACE = 16                  # SeFa directions whose span the fitted sliders are found in (12 to 32 fit the default
                               # model's measures about as well, R^2 within 0.02: the signal is in the top few)
SWEEP_BLOCK = 100              # seeds per block of a monotonicity sweep (it stops once a slider can no longer pass)
EFFECT_SEED = 20261207
MONOTONIC_SEED = 20261208
SEFA = "sefa"                  # a slider that is one of SeFa's own directions
SUBSPACE_FIT = "sefa-subspace-fit"   # one fitted to a measure inside the span of SeFa's top `subspace`
METHOD = "sefa, sefa-subspace-fit"   # the file's and the card's: each slider says which of the two it is


class SlidersError(UserError):
    """A model folder that cannot be given sliders: one line for the user."""


@dataclass
class SlidersConfig:
    folders: list[str] = field(default_factory=list)   # model folders (public/models/<id>) to give named sliders
    candidates: int = CANDIDATES          # SeFa directions tried, largest eigenvalue first
    subspace: int = SUBSPACE              # fit a direction to each measure in the span of this many SeFa directions (0: none)
    range: float = RANGE                  # offsets go from -range to range (a multiple of 0.1)
    samples: int = SAMPLES                # latents the effects are measured on (shared between the candidates)
    seeds: int = SEEDS                    # latents each slider's monotonicity is measured on
    points: int = POINTS                  # offsets per monotonicity sweep, from -range to range
    min_effect: float = MIN_EFFECT        # smallest effect (in spreads of the measure) a named slider may have
    min_monotonic: float = MIN_MONOTONIC  # share of seeds a slider must move monotonically on to pass (the goal)
    require_monotonic: bool = True        # keep only the sliders that pass (--no-require_monotonic keeps and marks failing ones)
    rewrite: bool = False                 # measure again and rewrite a folder's sliders.json that is already there
    dry_run: bool = False                 # measure and print; write nothing

    def validate(self) -> "SlidersConfig":
        from training.config import ConfigError
        if not self.folders:
            raise ConfigError("name a model folder, e.g. public/models/sigil-64-20261201-4")
        if not 1 <= self.candidates <= 64:
            raise ConfigError("--candidates must be from 1 to 64")
        if not (self.subspace == 0 or 2 <= self.subspace <= 64):
            raise ConfigError("--subspace must be 0 or from 2 to 64")
        if not (0 < self.range <= 20 and abs(self.range * 10 - round(self.range * 10)) < 1e-9):
            raise ConfigError("--range must be a multiple of 0.1 from 0.1 to 20")
        if self.samples < self.candidates or self.seeds < 1 or self.points < 3:
            raise ConfigError("--samples must be at least --candidates, --seeds at least 1 and --points at least 3")
        if not (0 < self.min_monotonic <= 1 and self.min_effect >= 0):
            raise ConfigError("--min_monotonic must be in (0, 1] and --min_effect not negative")
        return self


# ---------------------------------------------------------------- SeFa

def directions(kernel: np.ndarray, latent_size: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The first Dense layer's kernel [latent + styles, units] (tfjs layout) -> (k unit directions [k, latent] and
    their eigenvalues [k]), largest eigenvalue first. Each direction's sign is fixed so that its largest component
    is positive, so the same weights give the same directions on every machine (orientation by effect comes later)."""
    a = np.asarray(kernel, np.float64)[:latent_size].T            # A: [units, latent], z's part only
    values, vectors = np.linalg.eigh(a.T @ a)                      # ascending, orthonormal columns
    order = np.argsort(values)[::-1][:k]
    dirs = vectors[:, order].T                                     # [k, latent]
    flip = np.sign(dirs[np.arange(len(dirs)), np.abs(dirs).argmax(1)])
    return dirs * flip[:, None], values[order]


def fit_direction(basis: np.ndarray, z: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, float, float]:
    """The direction inside span(basis) (orthonormal rows [m, latent], some of SeFa's top directions) that best
    predicts a measure: the least-squares fit of the measure, in its spreads, on z's coordinates in that span over
    the samples z [n, latent] with their measures [n]. Still closed form and still among the directions the first
    layer stretches most, but aimed at one measure where a raw eigenvector moves several. For Gaussian z the fit's
    weights estimate the measure's mean gradient (Stein's lemma), so the direction is the one that raises the measure
    fastest on average. Returns (unit direction [latent], oriented so + raises the measure; the slope: spreads of the
    measure per unit of z along it; the fit's R^2)."""
    x = np.asarray(z, np.float64) @ basis.T                                        # [n, m]
    y = (values - values.mean()) / max(float(values.std()), 1e-12)
    w, *_ = np.linalg.lstsq(np.column_stack([np.ones(len(x)), x]), y, rcond=None)
    residual = y - w[0] - x @ w[1:]
    slope = float(np.linalg.norm(w[1:]))
    return (w[1:] / max(slope, 1e-12)) @ basis, slope, float(1 - residual.var() / max(y.var(), 1e-12))


def without(basis: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """Orthonormal rows spanning the part of span(basis) orthogonal to `direction` (a unit vector; one row fewer when
    it lies in the span): what a later fit may still use once a slider has taken that direction (Gram-Schmidt)."""
    rest = basis - np.outer(basis @ direction, direction)                          # each row less its part along it
    _u, sv, vt = np.linalg.svd(rest, full_matrices=False)
    return vt[sv > 1e-6]


# ---------------------------------------------------------------- the measures, on the site's ink masks

def _perimeter(masks: np.ndarray) -> np.ndarray:
    """Ink-paper edges between 4-neighbours, the square's border counting as paper: [N]."""
    padded = np.pad(masks, ((0, 0), (1, 1), (1, 1)))
    return (np.abs(np.diff(padded, axis=1)).sum((1, 2)) + np.abs(np.diff(padded, axis=2)).sum((1, 2))).astype(np.float64)


def ink(masks: np.ndarray) -> np.ndarray:
    """Share of the square that is ink."""
    return masks.mean((1, 2))


def stroke(masks: np.ndarray) -> np.ndarray:
    """Stroke width in pixels of the mask: 2 x area / perimeter (a stroke of width w and length L has area wL and
    perimeter about 2L); 0 for an empty mask."""
    area = masks.sum((1, 2)).astype(np.float64)
    p = _perimeter(masks.astype(np.int8))
    return np.where(p > 0, 2 * area / np.maximum(p, 1), 0.0)


def parts(masks: np.ndarray) -> np.ndarray:
    """Separate pieces of ink (8-connected)."""
    return np.array([ndimage.label(m, structure=np.ones((3, 3)))[1] for m in masks], np.float64)


def symmetry(masks: np.ndarray) -> np.ndarray:
    """Left-right symmetry: the ink's overlap (intersection over union) with its mirror image about the middle of its
    own bounding box, so a symbol off the centre is not penalised; 0 for an empty mask."""
    out = np.zeros(len(masks))
    for i, m in enumerate(masks):
        cols = np.flatnonzero(m.any(0))
        if not len(cols):
            continue
        c0, c1 = cols[0], cols[-1]
        box = m[:, c0:c1 + 1]
        mirror = box[:, ::-1]
        out[i] = (box & mirror).sum() / max((box | mirror).sum(), 1)
    return out


def roundness(masks: np.ndarray) -> np.ndarray:
    """How evenly the ink spreads in every direction: the smaller over the larger eigenvalue of its pixels' coordinate
    covariance (1: as wide every way, like a ring or a cross; near 0: a line); 0 under 3 ink pixels."""
    out = np.zeros(len(masks))
    for i, m in enumerate(masks):
        ys, xs = np.nonzero(m)
        if len(ys) < 3:
            continue
        values = np.linalg.eigvalsh(np.cov(np.stack([ys, xs]).astype(np.float64)))
        out[i] = values[0] / values[1] if values[1] > 0 else 0.0
    return out


def _coordinates(masks: np.ndarray):
    """Each mask's ink pixel coordinates as fractions of the square: (list of ys, list of xs), 0 at the top left."""
    size = masks.shape[1]
    for m in masks:
        ys, xs = np.nonzero(m)
        yield ys / (size - 1), xs / (size - 1)


def lean(masks: np.ndarray) -> np.ndarray:
    """Where the ink's centre sits left to right, 0 at the left edge and 1 at the right; 0.5 for an empty mask."""
    return np.array([xs.mean() if len(xs) else 0.5 for _ys, xs in _coordinates(masks)])


def rise(masks: np.ndarray) -> np.ndarray:
    """Where the ink's centre sits bottom to top, 0 at the bottom edge and 1 at the top; 0.5 for an empty mask."""
    return np.array([1 - ys.mean() if len(ys) else 0.5 for ys, _xs in _coordinates(masks)])


def width(masks: np.ndarray) -> np.ndarray:
    """How far the ink spreads left and right: the spread (standard deviation) of its x, in widths of the square."""
    return np.array([xs.std() if len(xs) else 0.0 for _ys, xs in _coordinates(masks)])


def height(masks: np.ndarray) -> np.ndarray:
    """How far the ink spreads up and down: the spread of its y, in heights of the square."""
    return np.array([ys.std() if len(ys) else 0.0 for ys, _xs in _coordinates(masks)])


def size(masks: np.ndarray) -> np.ndarray:
    """How far the ink spreads every way from its centre: the root of its x and y variances summed, in widths of the
    square."""
    return np.array([np.sqrt(xs.var() + ys.var()) if len(xs) else 0.0 for ys, xs in _coordinates(masks)])


def aspect(masks: np.ndarray) -> np.ndarray:
    """Wide or tall: half the log of the ink's x variance over its y variance (0 as wide as tall, above 0 wider);
    0 under 2 ink pixels, and each variance at least 1e-8."""
    return np.array([0.5 * np.log(max(xs.var(), 1e-8) / max(ys.var(), 1e-8)) if len(xs) > 1 else 0.0
                     for ys, xs in _coordinates(masks)])


def band_mask(side: int, inner: float, outer: float) -> np.ndarray:
    """[side, side] bool: the pixels whose centres lie from `inner` to under `outer` from the square's middle, in
    widths of the square (the coordinates of _coordinates)."""
    yy, xx = np.mgrid[0:side, 0:side] / (side - 1)
    d = np.hypot(yy - 0.5, xx - 0.5)
    return (d >= inner) & (d < outer)


MIDDLE = (0.0, 0.2)       # the disc at the square's middle (radius a fifth of its width)
RIM = (0.3, 0.45)         # the ring near its edge, inside the inscribed circle's border


def middle(masks: np.ndarray) -> np.ndarray:
    """Share of the disc at the square's middle (MIDDLE) that is ink."""
    band = band_mask(masks.shape[1], *MIDDLE)
    return (masks.astype(bool) & band).sum((1, 2)) / band.sum()


def rim(masks: np.ndarray) -> np.ndarray:
    """Share of the ring near the square's edge (RIM) that is ink: a seal's border, or strokes reaching outwards."""
    band = band_mask(masks.shape[1], *RIM)
    return (masks.astype(bool) & band).sum((1, 2)) / band.sum()


def holes(masks: np.ndarray) -> np.ndarray:
    """Enclosed counters (paper regions the ink closes off from the border, 4-connected, as in a ring or an 8)."""
    out = np.zeros(len(masks))
    for i, m in enumerate(masks):
        labels, count = ndimage.label(np.pad(~m.astype(bool), 1))      # the padding joins every open region
        out[i] = count - 1 if count else 0
    return out


def level(masks: np.ndarray) -> np.ndarray:
    """How much of the ink's outline runs level rather than upright: the share of its edges between a pixel and the
    one above or below it (a horizontal stroke's long sides) among all its edges; 0.5 for an empty mask."""
    padded = np.pad(masks.astype(np.int8), ((0, 0), (1, 1), (1, 1)))
    across = np.abs(np.diff(padded, axis=1)).sum((1, 2)).astype(np.float64)     # ink above or below paper
    along = np.abs(np.diff(padded, axis=2)).sum((1, 2)).astype(np.float64)      # ink beside paper
    return np.where(across + along > 0, across / np.maximum(across + along, 1), 0.5)


# name -> (function, label, words for less, words for more, unit for the card)
MEASURES = {
    "ink": (ink, "Ink", "less ink", "more ink", "share of the square"),
    "stroke": (stroke, "Stroke width", "thinner strokes", "bolder strokes", "pixels at 64 px"),
    "parts": (parts, "Parts", "fewer parts", "more parts", "separate pieces"),
    "symmetry": (symmetry, "Symmetry", "less symmetric", "more symmetric", "mirror overlap"),
    "roundness": (roundness, "Roundness", "more elongated", "rounder", "axis ratio"),
    "lean": (lean, "Left or right", "further left", "further right", "centre, share of the width"),
    "rise": (rise, "Low or high", "lower", "higher", "centre, share of the height"),
    "width": (width, "Width", "narrower", "wider", "spread, share of the width"),
    "height": (height, "Height", "shorter", "taller", "spread, share of the height"),
    "holes": (holes, "Closed shapes", "fewer closed shapes", "more closed shapes", "enclosed counters"),
    "level": (level, "Level or upright", "more upright strokes", "more level strokes", "share of level edges"),
    "size": (size, "Size", "smaller", "larger", "spread, share of the width"),
    "middle": (middle, "Middle", "emptier middle", "fuller middle", "share of the middle disc inked"),
    "aspect": (aspect, "Tall or wide", "taller", "wider", "log of width over height"),
    "rim": (rim, "Outer ring", "less ink near the edge", "more ink near the edge", "share of the outer ring inked"),
}


def measure_all(masks: np.ndarray) -> dict[str, np.ndarray]:
    return {name: fn(masks) for name, (fn, *_rest) in MEASURES.items()}


# ---------------------------------------------------------------- drawing as the site draws

def site_masks(source, z: np.ndarray, styles: np.ndarray | None, batch: int = 250) -> np.ndarray:
    """Latents (and style indices) -> the ink masks the site draws for them: generator, the model's denoiser, stray
    marks and the threshold with its speck clean-up (training/pixels.py)."""
    out = []
    for i in range(0, len(z), batch):
        images = source.generate(z[i:i + batch].astype(np.float32), None if styles is None else styles[i:i + batch])
        if source.denoiser is not None:
            images = source.denoiser(images)
        out.append(pixels.site_mask(images, source.min_stray))
    return np.concatenate(out)


def latents(source, n: int, seed: int) -> tuple[np.ndarray, np.ndarray | None]:
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, source.latent_size))
    return z, (np.arange(n) % len(source.styles)) if source.styles else None


# ---------------------------------------------------------------- naming and checking

def effects(source, dirs: np.ndarray, cfg: SlidersConfig) -> tuple[dict[str, np.ndarray], np.ndarray, dict[str, float],
                                                                   np.ndarray, dict[str, np.ndarray]]:
    """(each measure's change over the range per direction [k], in its own units; the same in spreads [k, measures];
    each measure's spread over the unmoved samples; those samples' latents and measures, which the subspace fit
    learns from). Direction j is tried on samples j, j + k, j + 2k, ..."""
    z, styles = latents(source, cfg.samples, EFFECT_SEED)
    base = measure_all(site_masks(source, z, styles))
    spread = {name: float(v.std()) for name, v in base.items()}
    which = np.arange(cfg.samples) % len(dirs)
    low = measure_all(site_masks(source, z - cfg.range * dirs[which], styles))
    high = measure_all(site_masks(source, z + cfg.range * dirs[which], styles))
    change = {name: np.array([(high[name] - low[name])[which == j].mean() for j in range(len(dirs))])
              for name in MEASURES}
    scaled = np.stack([change[name] / max(spread[name], 1e-12) for name in MEASURES], axis=1)
    return change, scaled, spread, z, base


def monotonic(values: np.ndarray) -> np.ndarray:
    """Per seed, from a measure at offsets -range .. range [seeds, points]: it never goes down and ends higher (the
    issue's rule, for straight and field sliders alike)."""
    return (np.diff(values, axis=1) >= 0).all(1) & (values[:, -1] > values[:, 0])


def sweep(source, direction: np.ndarray, name: str, cfg: SlidersConfig, z: np.ndarray,
          styles: np.ndarray | None) -> tuple[float, float, int]:
    """(share of the seeds whose measure `name` never goes down along `direction` over POINTS offsets from -range to
    range and ends above where it started; the measure's mean change from -range to range, in its units; the seeds
    measured). Seeds go in blocks of SWEEP_BLOCK, and the sweep stops once more seeds have failed than min_monotonic
    allows of all of them: the slider can no longer pass, and the rest would only cost time (most of SeFa's raw
    directions fail within the first block). The share is then over the seeds measured."""
    fn = MEASURES[name][0]
    offsets = np.linspace(-cfg.range, cfg.range, cfg.points)
    allowed = (1 - cfg.min_monotonic) * len(z)
    good = failed = done = 0
    ends = []
    for i in range(0, len(z), SWEEP_BLOCK):
        zi, si = z[i:i + SWEEP_BLOCK], None if styles is None else styles[i:i + SWEEP_BLOCK]
        values = np.stack([fn(site_masks(source, zi + t * direction, si)) for t in offsets], axis=1)   # [seeds, points]
        ok = monotonic(values)
        good, failed, done = good + int(ok.sum()), failed + int((~ok).sum()), done + len(zi)
        ends.append(values[:, -1] - values[:, 0])
        if failed > allowed + 1e-9:
            break
    return good / done, float(np.concatenate(ends).mean()), done


def b64_floats(values: np.ndarray) -> str:
    return base64.b64encode(np.asarray(values, "<f4").tobytes()).decode()


def _check(source, row: dict, direction: np.ndarray, cfg: SlidersConfig, z: np.ndarray, styles: np.ndarray | None,
           kept: list, dropped: list) -> bool:
    """Sweep one named direction for monotonicity and keep it (with its id and words) or drop it (failing, under
    require_monotonic). Returns whether it was kept."""
    name = row["measure"]
    share, mean_change, done = sweep(source, direction, name, cfg, z, styles)
    row.update(monotonic=round(share, 4), seeds=done, passes=share >= cfg.min_monotonic and done == len(z))
    if row["method"] == SUBSPACE_FIT:          # its change is the sweep's (it was never tried on the effect samples)
        row.update(change=round(abs(mean_change), 4), effect=round(abs(mean_change) / max(row.pop("spread"), 1e-12), 3))
    print(f"{row['method']} {row.get('rank', '')}: {name} changes by {row['change']:.4g} {row['unit']} "
          f"({row['effect']:.2f} spreads), monotonic in {share:.1%} of {done} seeds", flush=True)
    if not row["passes"] and cfg.require_monotonic:
        dropped.append({**row, "why": f"monotonic in {share:.1%} of {done} seeds, under {cfg.min_monotonic:.0%}"})
        return False
    count = 1 + sum(s["measure"] == name for s in kept)
    _fn, label, less, more, _unit = MEASURES[name]
    kept.append({**row, "id": name + (f"-{count}" if count > 1 else ""), "label": label + (f" {count}" if count > 1 else ""),
                 "less": less, "more": more, "direction": direction})
    return True


def measure(source, cfg: SlidersConfig) -> dict:
    """Everything sliders.json and the card say, measured: the kept sliders and the dropped directions. First SeFa's
    own top `candidates` directions, each named by the measure it moves most; then, for each measure once, the
    direction in the span of the top `subspace` that best predicts it (fit_direction), named by that measure, strongest
    fit first. Every kept slider's direction is taken out of the span before the next fit (without), so the fitted
    sliders are orthogonal to each other and to the kept raw ones and none repeats another; a dropped one takes
    nothing. Each is swept for monotonicity on the same seeds."""
    layers = model_folder.read_layers(source.path)
    basis, eigen = directions(layers[0].kernel, source.latent_size, max(cfg.candidates, cfg.subspace))
    dirs = basis[:cfg.candidates]
    change, scaled, spread, z_fit, base = effects(source, dirs, cfg)
    names = list(MEASURES)
    z, styles = latents(source, cfg.seeds, MONOTONIC_SEED)
    kept, dropped = [], []
    for j in range(len(dirs)):
        best = int(np.abs(scaled[j]).argmax())
        name = names[best]
        sign = 1.0 if scaled[j, best] >= 0 else -1.0
        row = {"method": SEFA, "rank": j, "eigenvalue": round(float(eigen[j]), 4), "measure": name,
               "effect": round(float(abs(scaled[j, best])), 3),
               "change": round(float(abs(change[name][j])), 4), "unit": MEASURES[name][4]}
        if abs(scaled[j, best]) < cfg.min_effect:
            dropped.append({**row, "why": f"moves no measure by {cfg.min_effect} spreads"})
            print(f"direction {j}: {name} {row['effect']:.2f} spreads: too weak, dropped", flush=True)
            continue
        _check(source, row, sign * dirs[j], cfg, z, styles, kept, dropped)
    span = basis[:cfg.subspace]
    for s in kept:
        span = without(span, s["direction"])
    left = list(MEASURES) if cfg.subspace else []
    while left and len(span):
        fits = {name: fit_direction(span, z_fit, base[name]) for name in left}
        name = max(left, key=lambda n: fits[n][1])                # strongest first: it has the most of the span to use
        left.remove(name)
        direction, slope, r2 = fits[name]
        row = {"method": SUBSPACE_FIT, "subspace": cfg.subspace, "measure": name, "slope": round(slope, 4),
               "r2": round(r2, 4), "unit": MEASURES[name][4], "spread": spread[name]}
        if _check(source, row, direction, cfg, z, styles, kept, dropped):
            span = without(span, direction)
    return {"kept": kept, "dropped": dropped, "spread": {k: round(v, 5) for k, v in spread.items()}}


def asset_of(source, model_id: str, result: dict, cfg: SlidersConfig) -> dict:
    return {
        "version": FORMAT_VERSION,
        "modelId": model_id,
        "latentSize": source.latent_size,
        "method": METHOD,
        "range": cfg.range,
        "sliders": [{"id": s["id"], "label": s["label"], "less": s["less"], "more": s["more"], "measure": s["measure"],
                     "direction": b64_floats(s["direction"]), "method": s["method"],
                     **{k: s[k] for k in ("rank", "eigenvalue", "subspace", "slope", "r2") if k in s},
                     "change": s["change"], "unit": s["unit"], "effect": s["effect"], "monotonic": s["monotonic"],
                     "passes": s["passes"]}
                    for s in result["kept"]],
    }


def asset_bytes(asset: dict) -> bytes:
    return (json.dumps(asset, indent=1, ensure_ascii=False) + "\n").encode()


def card_entry(result: dict, cfg: SlidersConfig, command: str) -> dict:
    """The model card's `sliders`: what each kept slider does and how monotonic it is, and the dropped directions."""
    strip = lambda s: {k: v for k, v in s.items() if k != "direction"}     # noqa: E731
    return {"method": METHOD, "range": cfg.range, "candidates": cfg.candidates, "subspace": cfg.subspace,
            "samples": cfg.samples, "requireMonotonic": cfg.require_monotonic,
            "seeds": cfg.seeds, "points": cfg.points, "minMonotonic": cfg.min_monotonic,
            "goalMet": bool(result["kept"]) and all(s["passes"] for s in result["kept"]),
            "kept": [strip(s) for s in result["kept"]], "dropped": result["dropped"], "spread": result["spread"],
            "measured": datetime.date.today().isoformat(), "command": command}


def index_entry(folder: Path) -> dict:
    data = (folder / FILE).read_bytes()
    return {"file": FILE, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
            "count": len(json.loads(data)["sliders"])}


def add(folder: Path, cfg: SlidersConfig, command: str, model_id: str | None = None) -> tuple[dict | None, dict]:
    """Measure the folder's sliders and write sliders.json (written then renamed) when at least one is kept. Returns
    (its index.json entry or None, the card's `sliders`). `model_id`: the id, when the folder is not yet named by it
    (export writes into a temporary folder)."""
    from training import sources
    source = sources.open_model(folder)
    result = measure(source, cfg)
    card = card_entry(result, cfg, command)
    if not result["kept"]:
        print(f"{folder.name}: no direction passed; no sliders.json")
        return None, card
    if cfg.dry_run:
        return None, card
    runs.write_bytes(folder / FILE, asset_bytes(asset_of(source, model_id or folder.name, result, cfg)))
    return index_entry(folder), card


def command_for(folder: Path) -> str:
    return f"python3 -m training sliders {folder}"


def backfill(folder: Path, cfg: SlidersConfig) -> dict | None:
    """Give one exported model folder its sliders and record them in index.json and the card; the model's own files
    stay as they are. index.json and the card are read and checked before anything is measured or written."""
    index, entry = model_folder.read_entry(folder)
    card = model_folder.read_card(folder)
    if (folder / FILE).is_file() and not cfg.rewrite:
        raise SlidersError(f"{folder / FILE} is already there; --rewrite measures and writes it again")
    recorded, card_sliders = add(folder, cfg, command_for(folder))
    if cfg.dry_run:
        print(f"dry run: {len(card_sliders['kept'])} sliders would be kept; nothing written")
        return None
    # Read again: measuring takes minutes, and another stage (the encoder's) may have written either file meanwhile.
    index, entry = model_folder.read_entry(folder)
    card = model_folder.read_card(folder)
    runs.write_json(folder / "model-card.json", {**card, "sliders": card_sliders})
    if recorded is None:
        entry.pop("sliders", None)
    else:
        entry["sliders"] = recorded
        print(f"wrote {folder / FILE}: {recorded['count']} sliders, {recorded['bytes']:,} bytes")
    runs.write_json(folder.parent / "index.json", index)
    return recorded


def sliders(cfg: SlidersConfig) -> list:
    import torch
    torch.set_num_threads(1)      # a measurement beside training runs: one core
    return [backfill(Path(f), cfg) for f in cfg.folders]

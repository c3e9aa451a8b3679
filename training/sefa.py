"""python3 -m training sliders public/models/<id>: the named sliders of a model folder (sliders.json).

SeFa (Shen & Zhou, "Closed-Form Factorization of Latent Semantics in GANs", CVPR 2021): the directions n of the
latent z that the generator's first layer moves most, the unit n maximising |A n|^2 where A is that layer's weight on
z, i.e. the top eigenvectors of A^T A. Closed form, no training. Our first layer is the Dense of the exported
model.json, read from the bytes the site loads (training/tfjs.py), so batch norm is already folded in as the runtime
folds it; its kernel is [latent + styles, units] and only its first `latentSize` rows (the part z multiplies) are
used, since the sliders move z and never the style one-hot. As in the paper, A is not normalised per column.

Each direction is then named by what it measurably does to the symbol the site draws (the model's own denoiser,
stray marks and threshold, training/pixels.py), on five measures of the ink mask (MEASURES): its share of the square,
stroke width, separate parts, left-right symmetry and roundness. Over SAMPLES latents (cycled through the styles), each
direction is tried on its share of them at -range and +range; its effect on a measure is the mean change divided by
that measure's spread over the unmoved samples, and the measure it moves most names it (the sign orients it: a
positive offset gives "more"). A direction whose best effect is under MIN_EFFECT spreads names nothing and is dropped.
Then the goal of issue 26: on SEEDS other latents, each named slider is swept over POINTS offsets from -range to
range, and it is monotonic for a seed when its measure never goes down and ends above where it started. Every named
slider is kept with its monotonic share and whether it meets MIN_MONOTONIC (`passes`), so the card and the site say
which sliders do what they are called without fail and which only on the whole; `--require_monotonic` keeps only
those that pass. The card records every slider's effect and monotonic share, and the dropped directions.

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
EFFECT_SEED = 20261207
MONOTONIC_SEED = 20261208
EIGEN_TOL = 1e-9


class SlidersError(UserError):
    """A model folder that cannot be given sliders: one line for the user."""


@dataclass
class SlidersConfig:
    folders: list[str] = field(default_factory=list)   # model folders (public/models/<id>) to give named sliders
    candidates: int = CANDIDATES          # SeFa directions tried, largest eigenvalue first
    range: float = RANGE                  # offsets go from -range to range (a multiple of 0.1)
    samples: int = SAMPLES                # latents the effects are measured on (shared between the candidates)
    seeds: int = SEEDS                    # latents each slider's monotonicity is measured on
    points: int = POINTS                  # offsets per monotonicity sweep, from -range to range
    min_effect: float = MIN_EFFECT        # smallest effect (in spreads of the measure) a named slider may have
    min_monotonic: float = MIN_MONOTONIC  # share of seeds a slider must move monotonically on to pass (the goal)
    require_monotonic: bool = False       # keep only the sliders that pass (else they are kept and marked as failing)
    rewrite: bool = False                 # measure again and rewrite a folder's sliders.json that is already there
    dry_run: bool = False                 # measure and print; write nothing

    def validate(self) -> "SlidersConfig":
        from training.config import ConfigError
        if not self.folders:
            raise ConfigError("name a model folder, e.g. public/models/sigil-64-20261201-4")
        if not 1 <= self.candidates <= 64:
            raise ConfigError("--candidates must be from 1 to 64")
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


# name -> (function, label, words for less, words for more, unit for the card)
MEASURES = {
    "ink": (ink, "Ink", "less ink", "more ink", "share of the square"),
    "stroke": (stroke, "Stroke width", "thinner strokes", "bolder strokes", "pixels at 64 px"),
    "parts": (parts, "Parts", "fewer parts", "more parts", "separate pieces"),
    "symmetry": (symmetry, "Symmetry", "less symmetric", "more symmetric", "mirror overlap"),
    "roundness": (roundness, "Roundness", "more elongated", "rounder", "axis ratio"),
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

def effects(source, dirs: np.ndarray, cfg: SlidersConfig) -> tuple[dict[str, np.ndarray], np.ndarray, dict[str, float]]:
    """(each measure's change over the range per direction [k], in its own units; the same in spreads [k, measures];
    each measure's spread over the unmoved samples). Direction j is tried on samples j, j + k, j + 2k, ..."""
    z, styles = latents(source, cfg.samples, EFFECT_SEED)
    base = measure_all(site_masks(source, z, styles))
    spread = {name: float(v.std()) for name, v in base.items()}
    which = np.arange(cfg.samples) % len(dirs)
    low = measure_all(site_masks(source, z - cfg.range * dirs[which], styles))
    high = measure_all(site_masks(source, z + cfg.range * dirs[which], styles))
    change = {name: np.array([(high[name] - low[name])[which == j].mean() for j in range(len(dirs))])
              for name in MEASURES}
    scaled = np.stack([change[name] / max(spread[name], 1e-12) for name in MEASURES], axis=1)
    return change, scaled, spread


def monotonic_share(source, direction: np.ndarray, name: str, cfg: SlidersConfig, z: np.ndarray,
                    styles: np.ndarray | None) -> float:
    """Share of the seeds whose measure `name` never goes down along `direction` over POINTS offsets from -range to
    range, and ends above where it started."""
    fn = MEASURES[name][0]
    offsets = np.linspace(-cfg.range, cfg.range, cfg.points)
    values = np.stack([fn(site_masks(source, z + t * direction, styles)) for t in offsets], axis=1)   # [seeds, points]
    steps = np.diff(values, axis=1)
    return float(((steps >= 0).all(1) & (values[:, -1] > values[:, 0])).mean())


def b64_floats(values: np.ndarray) -> str:
    return base64.b64encode(np.asarray(values, "<f4").tobytes()).decode()


def measure(source, cfg: SlidersConfig) -> dict:
    """Everything sliders.json and the card say, measured: the kept sliders and the dropped directions."""
    layers = model_folder.read_layers(source.path)
    dirs, eigen = directions(layers[0].kernel, source.latent_size, cfg.candidates)
    change, scaled, spread = effects(source, dirs, cfg)
    names = list(MEASURES)
    z, styles = latents(source, cfg.seeds, MONOTONIC_SEED)
    kept, dropped, used = [], [], {}
    for j in range(len(dirs)):
        best = int(np.abs(scaled[j]).argmax())
        name = names[best]
        sign = 1.0 if scaled[j, best] >= 0 else -1.0
        row = {"rank": j, "eigenvalue": round(float(eigen[j]), 4), "measure": name,
               "effect": round(float(abs(scaled[j, best])), 3),
               "change": round(float(abs(change[name][j])), 4), "unit": MEASURES[name][4]}
        if abs(scaled[j, best]) < cfg.min_effect:
            dropped.append({**row, "why": f"moves no measure by {cfg.min_effect} spreads"})
            print(f"direction {j}: {name} {row['effect']:.2f} spreads: too weak, dropped", flush=True)
            continue
        direction = sign * dirs[j]
        share = monotonic_share(source, direction, name, cfg, z, styles)
        row["monotonic"] = round(share, 4)
        print(f"direction {j}: {name} changes by {row['change']:.4g} {row['unit']} ({row['effect']:.2f} spreads), "
              f"monotonic in {share:.1%} of {cfg.seeds} seeds", flush=True)
        row["passes"] = share >= cfg.min_monotonic
        if not row["passes"] and cfg.require_monotonic:
            dropped.append({**row, "why": f"monotonic in {share:.1%} of seeds, under {cfg.min_monotonic:.0%}"})
            continue
        used[name] = used.get(name, 0) + 1
        _fn, label, less, more, _unit = MEASURES[name]
        suffix = "" if used[name] == 1 else f" {used[name]}"
        kept.append({**row, "id": f"{name}{'-' + str(used[name]) if used[name] > 1 else ''}", "label": label + suffix,
                     "less": less, "more": more, "direction": direction})
    return {"kept": kept, "dropped": dropped, "spread": {k: round(v, 5) for k, v in spread.items()}}


def asset_of(source, model_id: str, result: dict, cfg: SlidersConfig) -> dict:
    return {
        "version": FORMAT_VERSION,
        "modelId": model_id,
        "latentSize": source.latent_size,
        "method": "sefa",
        "range": cfg.range,
        "sliders": [{"id": s["id"], "label": s["label"], "less": s["less"], "more": s["more"], "measure": s["measure"],
                     "direction": b64_floats(s["direction"]), "rank": s["rank"], "eigenvalue": s["eigenvalue"],
                     "change": s["change"], "unit": s["unit"], "effect": s["effect"], "monotonic": s["monotonic"],
                     "passes": s["passes"]}
                    for s in result["kept"]],
    }


def asset_bytes(asset: dict) -> bytes:
    return (json.dumps(asset, indent=1, ensure_ascii=False) + "\n").encode()


def card_entry(result: dict, cfg: SlidersConfig, command: str) -> dict:
    """The model card's `sliders`: what each kept slider does and how monotonic it is, and the dropped directions."""
    strip = lambda s: {k: v for k, v in s.items() if k != "direction"}     # noqa: E731
    return {"method": "sefa", "range": cfg.range, "candidates": cfg.candidates, "samples": cfg.samples,
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

"""python3 -m training slider-field public/models/<id>: named sliders that follow a learned field (sliders.json v2).

A straight direction of z changes most measures of a symbol steadily only over a fraction of a unit (training/README.md,
Named sliders), but following the gradient of a measure step by step does: from each symbol, steps of 0.1 along the
unit gradient of a smooth stand-in for the measure (SOFT, on the generator's ink before the threshold), taken again at
every step, moved six to seven measures one way for over 90% of seeds. A gradient costs a backward pass through the
generator, too slow for the site's redraws, so this stage learns it: a small network, the field, from (z, style one-hot,
measure one-hot) to a direction of z (ReLU MLP), fitted to unit gradients at random latents by cosine. The site
follows it exactly as `follow` does here (lib/sliders/field.ts: float64, steps of `step`, unit directions).

Two steps, each resumable:
- `--collect N` adds N latents' unit gradients (every measure of MEASURE_NAMES) to training/cache/slider-field/<id>/,
  in chunks of CHUNK written then renamed, so a stopped collection keeps what it finished. A forward pass and one
  backward pass per measure per latent: about 1,000 latents a minute for nine measures on one of these cores, far
  faster on a GPU. Chunks collected before a measure was added to MEASURE_NAMES are given it first (one backward pass
  per latent and missing measure), so the cache grows with the list instead of starting again.
- Without `--collect`, it fits the field on every collected (latent, measure) pair (its held-out cosine per measure is
  printed and recorded), rounds its weights to float16 as sliders.json stores them, and sweeps each measure's slider
  over POINTS offsets from -range to range on SEEDS latents with the site's own drawing (training/sefa.py `sweep`'s
  rule: the measure never goes down and ends higher). Sliders that pass MIN_MONOTONIC, for a measure no straight slider
  of the file already names, are appended to sliders.json (version 2), after the file's straight sliders, which keep
  their indices, so older `?e=` links draw as before. The card's `sliders.field` records every measure's result.
"""
from __future__ import annotations

import base64
import datetime
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from training import model_folder, runs, sefa
from training.errors import UserError

CACHE = Path("training/cache/slider-field")
CHUNK = 2000
SEEDS = 500
POINTS = 5
RANGE = 1.0
STEP = 0.1
HIDDEN = 256
EPOCHS = 12
WEIGHT_DECAY = 0.05
HELD_OUT = 500                 # collected latents kept out of the fit, for its cosine per measure
MONOTONIC_SEED = sefa.MONOTONIC_SEED
GOLDEN_SEED = 20261209
FIELD_METHOD = "field"


class SliderFieldError(UserError):
    """A model folder that cannot be given field sliders: one line for the user."""


@dataclass
class SliderFieldConfig:
    folders: list[str] = field(default_factory=list)   # the model folder (public/models/<id>) to give field sliders
    collect: int = 0                  # add this many latents' gradients to the cache and stop (0: fit, measure, write)
    hidden: int = HIDDEN              # units of the field's two hidden layers
    epochs: int = EPOCHS              # passes over the collected latents
    weight_decay: float = WEIGHT_DECAY  # AdamW's, against fitting the collected latents too closely
    range: float = RANGE              # field sliders' offsets go from -range to range (a multiple of 0.1)
    seeds: int = SEEDS                # latents each slider's monotonicity is measured on
    points: int = POINTS              # offsets per sweep, from -range to range
    min_monotonic: float = sefa.MIN_MONOTONIC  # share of seeds a slider must move monotonically on to be kept
    replace: bool = False             # fit again over a file that already has a field (links that moved its sliders change)
    dry_run: bool = False             # fit and measure on what is collected; write nothing

    def validate(self) -> "SliderFieldConfig":
        from training.config import ConfigError
        if len(self.folders) != 1:
            raise ConfigError("name one model folder, e.g. public/models/sigil-64-20261201-5")
        if self.collect < 0 or self.hidden < 8 or self.epochs < 1 or self.weight_decay < 0:
            raise ConfigError("--collect must not be negative, --hidden at least 8, --epochs at least 1")
        if not (0 < self.range <= 3 and abs(self.range * 10 - round(self.range * 10)) < 1e-9):
            raise ConfigError("--range must be a multiple of 0.1 from 0.1 to 3")
        if self.seeds < 1 or self.points < 3 or not 0 < self.min_monotonic <= 1:
            raise ConfigError("--seeds must be at least 1, --points at least 3, --min_monotonic in (0, 1]")
        return self


# ---------------------------------------------------------------- smooth stand-ins, on the generator's ink

def soft_measures():
    """name -> differentiable function of ink [B, R, R] in [0, 1] -> [B], each rising where sefa.MEASURES' rises."""
    import torch
    import torch.nn.functional as F

    def grid(p):
        r = p.shape[-1]
        yy, xx = torch.meshgrid(torch.linspace(0, 1, r), torch.linspace(0, 1, r), indexing="ij")
        return yy, xx

    def moments(p):
        yy, xx = grid(p)
        w = p.sum((1, 2)) + 1e-6
        cx, cy = (p * xx).sum((1, 2)) / w, (p * yy).sum((1, 2)) / w
        dx, dy = xx - cx[:, None, None], yy - cy[:, None, None]
        return cx, cy, (p * dx ** 2).sum((1, 2)) / w, (p * dy ** 2).sum((1, 2)) / w, (p * dx * dy).sum((1, 2)) / w

    def edges(p):      # total variation across (rows) and along (columns)
        return (p[:, 1:] - p[:, :-1]).abs().sum((1, 2)), (p[:, :, 1:] - p[:, :, :-1]).abs().sum((1, 2))

    def stroke(p):
        across, along = edges(p)
        return 2 * p.sum((1, 2)) / (across + along + 1e-6)

    def level(p):
        across, along = edges(p)
        return across / (across + along + 1e-6)

    def roundness(p):
        _cx, _cy, vx, vy, c = moments(p)
        half_trace = (vx + vy) / 2
        disc = (half_trace ** 2 - (vx * vy - c * c)).clamp_min(1e-12).sqrt()
        return (half_trace - disc) / (half_trace + disc)

    def symmetry(p):
        yy, xx = grid(p)
        cx = moments(p)[0]
        b, r = p.shape[0], p.shape[-1]
        gx = 2 * (2 * cx[:, None, None] - xx[None]) - 1
        gy = (2 * yy[None] - 1).expand(b, r, r)
        mirror = F.grid_sample(p[:, None], torch.stack([gx, gy], -1), align_corners=True)[:, 0]
        return (p * mirror).sum((1, 2)) / ((p + mirror - p * mirror).sum((1, 2)) + 1e-6)

    def band(p, inner, outer):    # sefa.band_mask's pixels, weighted by ink, as a share of the band
        w = torch.from_numpy(sefa.band_mask(p.shape[-1], inner, outer)).float()
        return (p * w).sum((1, 2)) / w.sum()

    def size(p):
        _cx, _cy, vx, vy, _c = moments(p)
        return (vx + vy).clamp_min(1e-8).sqrt()

    def aspect(p):
        _cx, _cy, vx, vy, _c = moments(p)
        return 0.5 * (vx.clamp_min(1e-8).log() - vy.clamp_min(1e-8).log())

    return {
        "ink": lambda p: p.mean((1, 2)),
        "stroke": stroke,
        "level": level,
        "lean": lambda p: moments(p)[0],
        "rise": lambda p: 1 - moments(p)[1],
        "width": lambda p: moments(p)[2].clamp_min(1e-8).sqrt(),
        "height": lambda p: moments(p)[3].clamp_min(1e-8).sqrt(),
        "roundness": roundness,
        "symmetry": symmetry,
        "size": size,
        "middle": lambda p: band(p, *sefa.MIDDLE),
        "rim": lambda p: band(p, *sefa.RIM),
        "aspect": aspect,
    }


# A field's heads, in order. New measures go at the end: `--collect` fills them in for chunks collected before them.
MEASURE_NAMES = ["ink", "stroke", "level", "lean", "rise", "width", "height", "roundness", "symmetry", "size", "middle",
                 "rim", "aspect"]


def unit_gradients(layers, styles: int, z: np.ndarray, style: np.ndarray | None,
                   names: list[str] = MEASURE_NAMES) -> np.ndarray:
    """[names, N, latent] float32: each named measure's unit gradient with respect to z, through the folder's
    generator."""
    import torch
    import torch.nn.functional as F
    from training import tfjs
    soft = soft_measures()
    out = np.zeros((len(names), len(z), z.shape[1]), np.float32)
    for i in range(0, len(z), 100):
        zt = torch.tensor(z[i:i + 100], dtype=torch.float32, requires_grad=True)
        x = torch.cat([zt, F.one_hot(torch.as_tensor(style[i:i + 100]), styles).float()], 1) if styles else zt
        ink = ((1 - tfjs.run(layers, x)[:, 0]) / 2).clamp(0, 1)                   # [B, R, R]
        for k, name in enumerate(names):
            g, = torch.autograd.grad(soft[name](ink).sum(), zt, retain_graph=k + 1 < len(names))
            out[k, i:i + 100] = g.numpy()
    return out / np.linalg.norm(out, axis=2, keepdims=True).clip(1e-12)


def write_chunk(path: Path, z: np.ndarray, style: np.ndarray, grads: np.ndarray, names: list[str]) -> None:
    tmp = path.with_name(f".{path.stem}.tmp.npz")
    np.savez(tmp, z=z, styles=style, grads=grads.astype(np.float16), names=np.array(names))
    os.replace(tmp, path)


def fill_in(layers, styles: int, cache: Path) -> None:
    """Give every chunk collected before MEASURE_NAMES grew the measures it lacks (a forward pass and one backward pass
    per missing measure: far cheaper than new latents), rewriting it in place."""
    for path in sorted(cache.glob("chunk-*.npz")):
        with np.load(path) as d:
            names = [str(v) for v in d["names"]]
            missing = [m for m in MEASURE_NAMES if m not in names]
            if not missing:
                continue
            z, style, grads = d["z"], d["styles"], d["grads"]
        extra = unit_gradients(layers, styles, z, style if styles else None, missing)
        have = {**dict(zip(names, grads)), **dict(zip(missing, extra))}
        write_chunk(path, z, style, np.stack([have[m] for m in MEASURE_NAMES]), MEASURE_NAMES)
        print(f"{path}: {len(z)} latents given {', '.join(missing)}", flush=True)


def collect(folder: Path, n: int) -> None:
    """Fill in the measures older chunks lack, then add n latents' unit gradients to the folder's cache, CHUNK at a
    time; chunk i draws its latents from seed i."""
    import torch
    torch.set_num_threads(1)       # beside a training run: one core
    layers = model_folder.read_layers(folder)
    styles = len(model_folder.read_card(folder).get("styles") or [])
    latent = layers[0].kernel.shape[0] - styles
    cache = CACHE / folder.name
    cache.mkdir(parents=True, exist_ok=True)
    fill_in(layers, styles, cache)
    done = 0
    i = 0
    while done < n:
        path = cache / f"chunk-{i:05d}.npz"
        if path.exists():
            i += 1
            continue
        rng = np.random.default_rng(i)
        z = rng.standard_normal((CHUNK, latent)).astype(np.float32)
        style = rng.integers(0, styles, CHUNK) if styles else np.zeros(CHUNK, np.int64)
        write_chunk(path, z, style, unit_gradients(layers, styles, z, style if styles else None), MEASURE_NAMES)
        done += CHUNK
        print(f"{path}: {CHUNK} latents ({done} of {n})", flush=True)
        i += 1


def load(folder: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(z [N, latent], styles [N], unit gradients [measures, N, latent], which of them were collected [measures, N])
    of every collected chunk, in chunk order; a measure a chunk lacks (collected before MEASURE_NAMES grew) is zeros."""
    files = sorted((CACHE / folder.name).glob("chunk-*.npz"))
    if not files:
        raise SliderFieldError(f"nothing collected for {folder.name} in {CACHE / folder.name}: run with --collect first")
    zs, styles, grads, have = [], [], [], []
    for f in files:
        try:
            with np.load(f) as d:
                z, style, g, names = d["z"], d["styles"], d["grads"], [str(v) for v in d["names"]]
        except (OSError, ValueError, KeyError) as e:
            raise SliderFieldError(f"{f} cannot be read ({e}): delete it and collect again") from e
        if g.shape != (len(names), len(z), z.shape[1]) or len(style) != len(z):
            raise SliderFieldError(f"{f} holds gradients of shape {g.shape} for {len(z)} latents: delete it and collect again")
        full = np.zeros((len(MEASURE_NAMES), *g.shape[1:]), np.float32)
        mask = np.zeros((len(MEASURE_NAMES), len(z)), bool)
        for k, name in enumerate(MEASURE_NAMES):
            if name in names:
                full[k], mask[k] = g[names.index(name)], True
        zs.append(z), styles.append(style), grads.append(full), have.append(mask)
    return np.concatenate(zs), np.concatenate(styles), np.concatenate(grads, axis=1), np.concatenate(have, axis=1)


# ---------------------------------------------------------------- the field: fit, store, follow

def fit(z: np.ndarray, style: np.ndarray, grads: np.ndarray, have: np.ndarray, styles: int, cfg: SliderFieldConfig,
        seed: int = 0) -> tuple[list[tuple[np.ndarray, np.ndarray]], dict[str, float]]:
    """The field's layers [(kernel [in, out], bias [out])] fitted by cosine on the collected (latent, measure) pairs,
    and each measure's mean held-out cosine (over its last HELD_OUT collected latents, never fitted)."""
    import torch
    import torch.nn.functional as F
    torch.manual_seed(seed)
    m, n, latent = grads.shape
    counts = have.sum(1)
    if counts.min() < 5:
        lacking = [name for name, c in zip(MEASURE_NAMES, counts) if c < 5]
        raise SliderFieldError(f"too few latents have {', '.join(lacking)}: run with --collect, which fills them in")
    held = min(HELD_OUT, int(counts.min()) // 5)
    net = torch.nn.Sequential(torch.nn.Linear(latent + styles + m, cfg.hidden), torch.nn.ReLU(),
                              torch.nn.Linear(cfg.hidden, cfg.hidden), torch.nn.ReLU(), torch.nn.Linear(cfg.hidden, latent))

    def inputs(rows: np.ndarray) -> torch.Tensor:      # rows index measure-major pairs: row = k * n + i
        k, i = rows // n, rows % n
        parts = [torch.from_numpy(z[i])]
        if styles:
            parts.append(F.one_hot(torch.from_numpy(style[i]).long(), styles).float())
        parts.append(F.one_hot(torch.from_numpy(k).long(), m).float())
        return torch.cat(parts, 1)

    target = torch.from_numpy(grads.reshape(m * n, latent))
    pairs = [k * n + np.flatnonzero(have[k]) for k in range(m)]       # measure-major, as `inputs` reads them
    train = np.concatenate([p[:-held] for p in pairs])
    test = np.concatenate([p[-held:] for p in pairs])
    opt = torch.optim.AdamW(net.parameters(), 1e-3, weight_decay=cfg.weight_decay)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, cfg.epochs)
    rng = np.random.default_rng(seed)
    for epoch in range(cfg.epochs):
        order = rng.permutation(train)
        for b in range(0, len(order), 256):
            rows = order[b:b + 256]
            loss = 1 - F.cosine_similarity(net(inputs(rows)), target[rows]).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        sched.step()
        print(f"field epoch {epoch + 1}/{cfg.epochs}: training cosine {1 - loss.item():.3f}", flush=True)
    with torch.no_grad():
        cos = F.cosine_similarity(net(inputs(test)), target[test]).reshape(m, held).mean(1)
    linears = [l for l in net if isinstance(l, torch.nn.Linear)]
    layers = [(l.weight.detach().numpy().T.astype(np.float16), l.bias.detach().numpy().astype(np.float16)) for l in linears]
    return layers, {name: round(float(c), 4) for name, c in zip(MEASURE_NAMES, cos)}


def direction(layers, x: np.ndarray, style: np.ndarray | None, styles: int, head: int) -> np.ndarray:
    """The field's raw directions at x [N, latent] (float64), as lib/sliders/field.ts fieldDirection computes them."""
    onehots = [np.eye(styles)[style]] if styles else []
    h = np.concatenate([x, *onehots, np.tile(np.eye(len(MEASURE_NAMES))[head], (len(x), 1))], axis=1)
    for j, (kernel, bias) in enumerate(layers):
        if j:
            h = np.maximum(h, 0)
        h = h @ kernel.astype(np.float64) + bias.astype(np.float64)
    return h


def follow(layers, z: np.ndarray, style: np.ndarray | None, styles: int, head: int, amount: float,
           step: float = STEP) -> np.ndarray:
    """z [N, latent] moved `amount` along head `head`: round(|amount| / step) steps of `step` along the unit direction
    at the point reached (lib/sliders/field.ts followField, in float64)."""
    x = np.asarray(z, np.float64).copy()
    for _ in range(int(round(abs(amount) / step))):
        d = direction(layers, x, style, styles, head)
        norm = np.sqrt((d * d).sum(1, keepdims=True))
        scale = np.where(norm > 0, np.sign(amount) * step / np.where(norm > 0, norm, 1), 0)   # as field.ts: (±step / norm) * d
        x += scale * d
    return x


def sweep(source, layers, styles: int, head: int, cfg: SliderFieldConfig, z: np.ndarray,
          style: np.ndarray | None) -> tuple[float, float]:
    """(share of the seeds whose measure never goes down over POINTS offsets from -range to range and ends higher; the
    mean change from -range to range), drawn as the site draws (sefa.site_masks)."""
    fn = sefa.MEASURES[MEASURE_NAMES[head]][0]
    offsets = np.round(np.linspace(-cfg.range, cfg.range, cfg.points) / STEP) * STEP
    values = np.stack([fn(sefa.site_masks(source, follow(layers, z, style, styles, head, t).astype(np.float32), style))
                       for t in offsets], axis=1)
    return float(sefa.monotonic(values).mean()), float((values[:, -1] - values[:, 0]).mean())


def b64_halves(values: np.ndarray) -> str:
    return base64.b64encode(np.asarray(values, "<f2").tobytes()).decode()


def field_json(layers, styles: int, golden: dict) -> dict:
    return {"styles": styles, "heads": len(MEASURE_NAMES), "measures": MEASURE_NAMES, "step": STEP,
            "layers": [{"inputs": int(k.shape[0]), "units": int(k.shape[1]), "kernel": b64_halves(k),
                        "bias": b64_halves(b)} for k, b in layers],
            "golden": golden}


def golden_of(layers, styles: int, latent: int, heads: list[int], amount: float) -> dict:
    """One latent moved by each kept head to +amount, as float32: tests/unit/slider-field.test.ts replays it in JS."""
    z = np.random.default_rng(GOLDEN_SEED).standard_normal((1, latent)).astype(np.float32)
    style = np.array([styles - 1]) if styles else None
    return {"latent": [float(v) for v in z[0]], "style": None if style is None else int(style[0]), "amount": amount,
            "moved": {str(h): [float(v) for v in follow(layers, z, style, styles, h, amount).astype(np.float32)[0]]
                      for h in heads}}


# ---------------------------------------------------------------- the stage

def command(folder: Path, cfg: SliderFieldConfig) -> str:
    """The command that fits this field again: the options that differ from their defaults, `--replace` when given."""
    default = SliderFieldConfig()
    opts = [f"--{name} {getattr(cfg, name)}" for name in ("hidden", "epochs", "weight_decay", "range", "seeds", "points",
                                                          "min_monotonic") if getattr(cfg, name) != getattr(default, name)]
    return " ".join([f"python3 -m training slider-field {folder}", *(["--replace"] if cfg.replace else []), *opts])


def measure_and_write(folder: Path, cfg: SliderFieldConfig) -> dict:
    import torch
    from training import sources
    torch.set_num_threads(1)
    source = sources.open_model(folder)
    index, entry = model_folder.read_entry(folder)
    if not entry.get("sliders"):
        raise SliderFieldError(f"{folder} has no sliders.json: run `python3 -m training sliders {folder}` first")
    asset = json.loads((folder / sefa.FILE).read_bytes())
    if asset.get("fields") and not cfg.replace:
        raise SliderFieldError(f"{folder / sefa.FILE} already has a field; --replace fits it again (links that moved "
                               f"its sliders will then move differently)")
    straight = [s for s in asset["sliders"] if "field" not in s]
    styles = len(source.styles)
    z_all, style_all, grads, have = load(folder)
    counts = dict(zip(MEASURE_NAMES, have.sum(1).tolist()))
    print(f"fitting the field on {grads.shape[1]:,} latents, {sum(counts.values()):,} (latent, measure) pairs", flush=True)
    layers, cosine = fit(z_all, style_all, grads, have, styles, cfg)
    z, style = sefa.latents(source, cfg.seeds, MONOTONIC_SEED)
    named = {s["measure"] for s in straight}
    rows, kept = [], []
    for head, name in enumerate(MEASURE_NAMES):
        share, change = sweep(source, layers, styles, head, cfg, z, style)
        _fn, label, less, more, unit = sefa.MEASURES[name]
        row = {"measure": name, "head": head, "method": FIELD_METHOD, "latents": counts[name], "cosine": cosine[name],
               "change": round(abs(change), 4), "unit": unit, "monotonic": round(share, 4), "seeds": cfg.seeds,
               "passes": share >= cfg.min_monotonic}
        rows.append(row)
        print(f"field {name}: monotonic in {share:.1%} of {cfg.seeds} seeds, change {change:.4g} {unit}, "
              f"held-out cosine {cosine[name]:.3f}" + (" (a straight slider names it already)" if name in named else ""),
              flush=True)
        if row["passes"] and name not in named:
            kept.append({"id": name, "label": label, "less": less, "more": more, "measure": name, "field": 0,
                         "head": head, "range": cfg.range, "method": FIELD_METHOD, "change": row["change"],
                         "unit": unit, "monotonic": row["monotonic"], "passes": True})
    data = {"latents": int(grads.shape[1]), "hidden": cfg.hidden, "epochs": cfg.epochs, "weightDecay": cfg.weight_decay}
    card_field = {"range": cfg.range, "step": STEP, "seeds": cfg.seeds, "points": cfg.points,
                  "minMonotonic": cfg.min_monotonic, **data, "measures": rows,
                  "kept": [k["id"] for k in kept], "measured": datetime.date.today().isoformat(),
                  "command": command(folder, cfg)}
    if cfg.dry_run or not kept:
        print("dry run: nothing written" if cfg.dry_run else "no field slider passed; sliders.json unchanged")
        return card_field
    golden = golden_of(layers, styles, source.latent_size, [k["head"] for k in kept], cfg.range)
    new_asset = {**asset, "version": 2, "method": asset["method"].split(", field")[0] + ", field",
                 "range": max(asset["range"], cfg.range), "fields": [{**field_json(layers, styles, golden), **data}],
                 "sliders": straight + kept}
    runs.write_bytes(folder / sefa.FILE, sefa.asset_bytes(new_asset))
    index, entry = model_folder.read_entry(folder)      # read again: fitting takes minutes
    card = model_folder.read_card(folder)
    entry["sliders"] = sefa.index_entry(folder)
    card_sliders = {**card.get("sliders", {}), "field": card_field}
    card_sliders["kept"] = [s for s in card_sliders.get("kept", []) if s.get("method") != FIELD_METHOD] + [
        {k: v for k, v in s.items() if k not in ("field", "head", "less", "more")} | {"seeds": cfg.seeds} for s in kept]
    runs.write_json(folder / "model-card.json", {**card, "sliders": card_sliders})
    runs.write_json(folder.parent / "index.json", index)
    print(f"wrote {folder / sefa.FILE}: {len(straight)} straight and {len(kept)} field sliders, "
          f"{entry['sliders']['bytes']:,} bytes")
    return card_field


def slider_field(cfg: SliderFieldConfig) -> None:
    folder = Path(cfg.folders[0])
    model_folder.read_entry(folder)            # a folder index.json lists, checked before any work
    if cfg.collect:
        collect(folder, cfg.collect)
    else:
        measure_and_write(folder, cfg)

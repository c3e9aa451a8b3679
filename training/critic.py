"""python3 -m training critic <model-folder>: importance resampling's critic (issue 28 section 3), trained, measured by
judges it was not tuned to, and shipped with a new model id.

Best-of-K by the GAN's own discriminator made symbols easier to tell from real: argmax selection is mode-seeking.
Importance resampling instead (likelihood-free importance weighting, Grover et al. 2019; Azadi et al. 2019's
calibrated critic) draws K candidates per seed and keeps one with probability proportional to w = p_real/p_generated,
which a calibrated real-vs-generated classifier estimates as exp(logit). Done right, the kept symbols follow the real
distribution more closely than the generator's own; done wrong, they follow the critic's blind spots. So:
- Real symbols are split by glyph group (the CRC-32 of the group's name, CRITIC_SHARE): the critic learns from one
  side only (and calibrates on a part of it it did not train on); the judges measure with the other side only, so
  the critic never saw a glyph the judges test with.
- The generated side is drawn as the site shows it: the folder's own TensorFlow.js weights and denoiser, minStray,
  binarized and despeckled (sources.open_model, pixels.site_mask), and the critic sees exactly that mask.
- The critic is four stride-2 convs and two Dense layers (networks.Critic: the small judge's shape); it is judged by
  the ladder's stride-1 GroupNorm judges (another shape, more capacity) beside the small one, so a gain only the small
  judge sees is the critic and the judge sharing blind spots.
- Calibration: one temperature fitted on the held-back part of the critic's side (minimum log loss), folded into the
  last layer, so exp(logit) is the weight itself.

The measurement: for each K in --ks, the same real symbols and the same candidates (candidate sets are nested, as in
the site's seed mapping, where candidate 0 is the plain symbol and K=1 is plain generation), one kept per real symbol
with a uniform of its own; then the judge-side C2ST (--c2st_judges, --c2st_seeds), recall, diversity, copies and ink
at 64 px, and with --page_scale the C2ST at the page's scale. Results go to the run's measured.json and the summary.

--ship K --as_id <model-id> writes a new model folder: the source folder's files under the new id, its critic/ (uint8
TensorFlow.js layers, golden.json) and index.json's `resample` entry, which switches the site to seed mapping v2
(docs/model-folder.md). A published folder is never changed: resampling changes which symbol a seed draws.
"""
from __future__ import annotations

import json
import os
import re
import time
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from training import metrics, model_folder, page_scale, pixels, plots, runs, sources, tfjs
from training.data.styles import STYLES
from training.dataset import load_group_names
from training.errors import UserError, reading
from training.mask_network import fold, folder_hash, pack
from training.networks import Critic
from training.resample import choose

FOLDER = "critic"
WEIGHTS_FILE = "critic.pt"
CRITIC_SHARE = 3            # glyph groups whose name's CRC-32 is 0 modulo this are the critic's; the rest the judges'
CALIBRATION_SHARE = 5       # of the critic's groups, those whose CRC-32 // CRITIC_SHARE is 0 modulo this calibrate it
CANDIDATES_SEED = 7070      # the measurement's candidate latents and uniforms
SHEET_SEED = 64             # the shipped folder's samples.png
GOLDEN = 4
MAX_K = 16
STYLE_IDS = [s.id for s in STYLES]


class CriticError(UserError):
    pass


def say(message: str) -> None:
    print(message, flush=True)


@dataclass
class CriticConfig:
    folders: list[str] = field(default_factory=list)   # one model folder (public/models/<id>)
    data: str = "training/data/symbols"       # the corpus the model trained on (64 px)
    data128: str = "training/data/symbols128"  # the same corpus prepared at 128 px, for --page_scale
    runs: str = "training/runs"               # the run goes to runs/<n>-critic-<model-id>/
    run: str = ""                              # a critic run to measure or ship instead of training a new one
    minutes: float = 15.0                      # training budget (wall clock)
    threads: int = 0                           # CPU threads for torch; 0 = all cores
    batch: int = 64                            # images per step, half real, half generated
    lr: float = 1e-3
    ks: str = "1,2,4,8,16"                     # candidates per symbol to measure ('' = do not measure)
    c2st_judges: str = "small,strong-s"        # the judges for the K comparison (metrics.c2st.JUDGES)
    c2st_seeds: int = 1                        # classifier seeds per judge
    c2st_pairs: int = 6000                     # judge-side real symbols, each paired with a kept generated one
    c2st_folds: int = 4                        # folds by glyph group: each judge trains on all but one
    c2st_test_folds: int = 1                   # folds tested (0 = all): one is a quarter of the cost, 1,500 test pairs
    page_scale: bool = False                   # also the C2ST at the page's scale (needs --data128 and Node)
    page_judges: str = "small"                 # the judges at the page's scale
    ship: int = 0                              # with --as: K to ship in a new model folder (0 = ship nothing)
    as_id: str = ""                            # the new model folder's id
    make_default: bool = False                 # with --ship: the new model becomes index.json's default
    quantize: str = "uint8"                    # uint8 | float16 | none
    seed: int = 0
    dry_run: bool = False                      # a few steps on a stand-in corpus; nothing is written but the run

    def validate(self) -> "CriticConfig":
        from training.config import ConfigError
        from training.metrics.c2st import JUDGES
        if len(self.folders) != 1:
            raise ConfigError("name one model folder, e.g. public/models/sigil-64-20261201-4")
        if self.minutes <= 0 or self.batch < 4 or self.batch % 2:
            raise ConfigError("--minutes must be positive and --batch an even number of at least 4")
        try:
            ks = self.k_list()
        except ValueError:
            raise ConfigError(f"--ks must be integers from 1 to {MAX_K} separated by commas, got {self.ks!r}")
        if any(not 1 <= k <= MAX_K for k in ks):
            raise ConfigError(f"--ks must be integers from 1 to {MAX_K}, got {self.ks!r}")
        for flag, names in (("--c2st_judges", self.c2st_judges), ("--page_judges", self.page_judges)):
            unknown = [n for n in names.split(",") if n not in JUDGES]
            if unknown:
                raise ConfigError(f"{flag}: unknown judge {unknown[0]!r}; the judges are {', '.join(JUDGES)}")
        if not 1 <= self.c2st_seeds <= 10 or self.c2st_pairs < 64 or self.c2st_folds < 2 or self.c2st_test_folds < 0:
            raise ConfigError("--c2st_seeds must be 1-10, --c2st_pairs at least 64, --c2st_folds at least 2 and "
                              "--c2st_test_folds at least 0")
        if self.threads < 0:
            raise ConfigError("--threads must be >= 0")
        if bool(self.ship) != bool(self.as_id) or (self.make_default and not self.ship):
            raise ConfigError("--ship K and --as_id <model-id> go together, and --make_default needs them")
        if self.ship and not 1 <= self.ship <= MAX_K:
            raise ConfigError(f"--ship must be from 1 to {MAX_K}, got {self.ship}")
        if self.as_id and not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,47}", self.as_id):   # export.py's MODEL_ID
            raise ConfigError(f"--as_id {self.as_id!r} must be lowercase letters, digits and '-', at most 48")
        if self.quantize not in ("uint8", "float16", "none"):
            raise ConfigError(f"--quantize must be uint8, float16 or none, got {self.quantize!r}")
        return self

    def k_list(self) -> list[int]:
        return sorted({int(k) for k in self.ks.split(",")}) if self.ks.strip() else []


# ---------------------------------------------------------------- the real symbols, split by glyph group

def critic_side(names: list[str]) -> np.ndarray:
    """bool [N]: the symbols whose glyph group belongs to the critic (the rest are the judges')."""
    return np.array([zlib.crc32(n.encode()) % CRITIC_SHARE == 0 for n in names], bool)


def calibration_side(names: list[str]) -> np.ndarray:
    """bool [N]: of the critic's groups, those held back to calibrate it."""
    return np.array([(zlib.crc32(n.encode()) // CRITIC_SHARE) % CALIBRATION_SHARE == 0 for n in names], bool)


@dataclass
class Corpus:
    masks: np.ndarray        # bool [N, R, R], as the site would show them
    styles: np.ndarray       # [N] style index (>= 0)
    names: list[str]         # [N] glyph group names


def corpus(data: str, dry_run: bool, resolution: int) -> Corpus:
    """Both splits of a prepared corpus (strong_c2st.corpus's order), with each symbol's glyph group name."""
    from training.dataset import synthetic
    from training.strong_c2st import corpus as both_splits
    if dry_run:
        images = synthetic(96, resolution, 0)
        return Corpus(pixels.site_mask(pixels.u8_to_unit(images)), np.zeros(len(images), np.int64),
                      [f"stand-in-{i // 2}" for i in range(len(images))])
    images, styles, _ = both_splits(data)
    if images.shape[-1] != resolution:
        raise CriticError(f"{data} holds {images.shape[-1]} px symbols; the model draws {resolution} px")
    names = load_group_names(data, "train") + load_group_names(data, "holdout")
    return Corpus(pixels.site_mask(pixels.u8_to_unit(images)), np.clip(styles, 0, None), names)


# ---------------------------------------------------------------- drawing and scoring

def draw(source: sources.Source, z: np.ndarray, styles: np.ndarray | None, fields: bool = False):
    """Latents [N, L] (and style indices [N]) -> bool masks [N, R, R] as the site draws them; with `fields`, (masks,
    the cleaned fields [N, R, R] they were cut from), which a `subpixel` model's outlines follow."""
    out = np.concatenate([source.generate(z[i:i + sources.BATCH], None if styles is None else styles[i:i + sources.BATCH])
                          for i in range(0, len(z), sources.BATCH)])
    if source.denoiser is not None:
        out = source.denoiser(out)
    out = pixels.erase_strays(out, source.min_stray)
    masks = pixels.site_mask(out, source.min_stray)
    return (masks, out.astype(np.float32)) if fields else masks


def to_unit(masks: np.ndarray) -> torch.Tensor:
    """bool [N, R, R] -> float [N, 1, R, R], ink -1 (the critic's input, as the site feeds it)."""
    return torch.from_numpy(pixels.mask_to_unit(masks))[:, None]


@torch.no_grad()
def logits(net: Critic, masks: np.ndarray, batch: int = 512) -> np.ndarray:
    return np.concatenate([net(to_unit(masks[i:i + batch]))[:, 0].numpy() for i in range(0, len(masks), batch)]
                          ) if len(masks) else np.zeros(0, np.float32)


# ---------------------------------------------------------------- training and calibration

def train(net: Critic, source: sources.Source, real: Corpus, cfg: CriticConfig, run: Path) -> dict:
    gen = np.random.default_rng(cfg.seed)
    opt = torch.optim.Adam(net.parameters(), lr=cfg.lr)
    x_real = to_unit(real.masks)
    half = cfg.batch // 2
    labels = torch.cat([torch.ones(half), torch.zeros(half)])
    budget, start, step, tick, window = cfg.minutes * 60, time.time(), 0, time.time(), []
    while time.time() - start < budget and not (cfg.dry_run and step >= 4):
        pick = gen.integers(len(x_real), size=half)
        styles = real.styles[pick] if source.styles else None       # the generated half in the real half's styles
        fake = draw(source, gen.standard_normal((half, source.latent_size)).astype(np.float32), styles)
        out = net(torch.cat([x_real[pick], to_unit(fake)]))[:, 0]
        loss = F.binary_cross_entropy_with_logits(out, labels)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        window.append((float(loss), float(((out > 0).float() == labels).float().mean())))
        if time.time() - tick >= 60 or cfg.dry_run:
            row = {"step": step, "seconds": round(time.time() - start), "loss": round(float(np.mean([w[0] for w in window])), 4),
                   "accuracy": round(float(np.mean([w[1] for w in window])), 4)}
            with open(run / "stats.jsonl", "a") as f:
                f.write(json.dumps(row) + "\n")
            print("critic: " + "  ".join(f"{k} {v}" for k, v in row.items()), flush=True)
            tick, window = time.time(), []
    return {"steps": step, "seconds": round(time.time() - start), "generatedSeen": step * half}


def calibrate(net: Critic, source: sources.Source, held: Corpus, seed: int) -> dict:
    """Fit one temperature on held-back real symbols against as many fresh generated ones (minimum log loss), fold
    it into the last layer, and report accuracy and log loss before and after."""
    gen = np.random.default_rng([seed, 2])
    styles = held.styles if source.styles else None
    fake = draw(source, gen.standard_normal((len(held.masks), source.latent_size)).astype(np.float32), styles)
    s = np.concatenate([logits(net, held.masks), logits(net, fake)]).astype(np.float64)
    y = np.concatenate([np.ones(len(held.masks)), np.zeros(len(fake))])
    loss = lambda t: float(np.mean(np.logaddexp(0, -s / t) * y + np.logaddexp(0, s / t) * (1 - y)))
    grid = np.exp(np.linspace(np.log(0.25), np.log(20), 400))   # no sharper than 4x: a critic that separates its calibration set perfectly would have T go to 0
    t = float(grid[np.argmin([loss(v) for v in grid])])
    with torch.no_grad():
        net.head.weight /= t
        net.head.bias /= t
    return {"n": int(len(y)), "temperature": round(t, 4), "accuracy": round(float(((s > 0) == y).mean()), 4),
            "logLossBefore": round(loss(1.0), 4), "logLossAfter": round(loss(t), 4)}


# ---------------------------------------------------------------- measuring K

def kept_symbols(net: Critic, source: sources.Source, real_styles: np.ndarray, ks: list[int], seed: int,
                 log=say, fields: bool = False) -> dict[int, tuple]:
    """For each K, one symbol per real one (in its style) kept from the first K of the same candidates by the
    site's rule: bool masks [n, R, R] per K, and the kept candidates' mean logit; with `fields`, also the kept
    candidates' cleaned fields (a `subpixel` model's page-scale drawing follows them), else None."""
    n, kmax = len(real_styles), max(ks)
    gen = np.random.default_rng([CANDIDATES_SEED, seed])
    # Drawn for MAX_K candidates whatever the largest K asked, so a K's symbols are the same in every measurement.
    z = gen.standard_normal((n, MAX_K, source.latent_size)).astype(np.float32)[:, :kmax]
    u = gen.random(n)
    t0 = time.time()
    styles = np.repeat(real_styles, kmax) if source.styles else None
    candidates, cand_fields = draw(source, z.reshape(n * kmax, -1), styles, fields=True) if fields else (
        draw(source, z.reshape(n * kmax, -1), styles), None)
    scores = logits(net, candidates).reshape(n, kmax)
    candidates = candidates.reshape(n, kmax, *candidates.shape[1:])
    if cand_fields is not None:
        cand_fields = cand_fields.reshape(n, kmax, *cand_fields.shape[1:])
    log(f"critic: {n * kmax} candidates drawn and scored in {time.time() - t0:.0f}s")
    out = {}
    for k in ks:
        pick = choose(scores[:, :k], u)
        out[k] = (candidates[np.arange(n), pick], float(scores[np.arange(n), pick].mean()),
                  None if cand_fields is None else cand_fields[np.arange(n), pick])
    return out


def measure(net: Critic, source: sources.Source, cfg: CriticConfig, log=say) -> dict:
    """Every K of --ks on the judge side: the same real symbols, nested candidate sets, one uniform per symbol."""
    from training.strong_c2st import RealSide, StrongConfig, strong_c2st
    ks = cfg.k_list()
    side = lambda data, judges: RealSide.build(
        data, StrongConfig(pairs=cfg.c2st_pairs, folds=cfg.c2st_folds, seeds=cfg.c2st_seeds,
                           judges=tuple(judges.split(",")), seed=cfg.seed),
        keep=~critic_side(corpus_names(data)))
    real = side(cfg.data, cfg.c2st_judges)
    kept = kept_symbols(net, source, real.styles, ks, cfg.seed, log)
    page, page_kept = None, {}
    if cfg.page_scale:
        page = side(cfg.data128, cfg.page_judges)
        page_kept = kept_symbols(net, source, page.styles, ks, cfg.seed, log, fields=source.subpixel)
    ref = metrics.Reference.build(cfg.data)
    style_ids = STYLE_IDS if source.styles else None
    results = []
    for k in ks:
        masks, mean_logit, _fields = kept[k]
        row: dict = {"k": k, "inkShare": round(float(masks.mean()), 4),
                     "blobShare": round(float((masks.mean((1, 2)) > 0.45).mean()), 4),
                     "meanLogitKept": round(mean_logit, 4)}
        log(f"critic: K={k}: the judge-side C2ST at 64 px")
        row["c2st"] = strong_c2st(real, masks, style_ids, log=log)
        quality = metrics.flatten(metrics.measure(ref, pixels.mask_to_unit(masks)))
        row.update({key: round(float(quality[key]), 4) for key in ("recall", "precision", "diversity", "copies", "kid")})
        if page is not None:
            log(f"critic: K={k}: the judge-side C2ST at the page's scale")
            kept_masks, _logit, kept_fields = page_kept[k]
            drawn = page_scale.raster(kept_masks, page.resolution, fields=kept_fields,
                                      cache=f"critic-{source.name}-k{k}-{len(page.masks)}-{cfg.seed}")
            row["c2stPage"] = strong_c2st(page, pixels.site_mask(pixels.mask_to_unit(drawn)), style_ids, log=log)
        results.append(row)
        log(f"critic: K={k}: " + json.dumps({key: v["accuracy"] if isinstance(v, dict) else v for key, v in row.items()}))
    return {"n": len(real.masks), "judgeSide": f"glyph groups whose name's CRC-32 is not 0 modulo {CRITIC_SHARE}",
            "pairs": cfg.c2st_pairs, "folds": cfg.c2st_folds, "testFolds": cfg.c2st_test_folds, "seeds": cfg.c2st_seeds,
            "judges": cfg.c2st_judges,
            "pageJudges": cfg.page_judges if cfg.page_scale else None, "ks": results}


def measured_name(cfg: CriticConfig) -> str:
    """measured.json for the default measurement; other judges, pairs or the page's scale get their own file, so
    measurements of one critic made side by side keep each other."""
    default = CriticConfig()
    same = (cfg.c2st_judges, cfg.c2st_pairs, cfg.page_scale) == (default.c2st_judges, default.c2st_pairs, False)
    return "measured.json" if same else (f"measured-{cfg.c2st_pairs}-{cfg.c2st_judges.replace(',', '+')}"
                                         f"{'-page-' + cfg.page_judges.replace(',', '+') if cfg.page_scale else ''}.json")


def merged_measurements(run: Path) -> dict | None:
    """The run's measured.json with the page-scale C2ST of a side measurement (measured-*-page-*.json) added to each K's
    row as c2stPage; None when the critic was never measured."""
    main = runs.read_json(run / "measured.json") if (run / "measured.json").is_file() else None
    for path in sorted(run.glob("measured-*-page-*.json")):
        side = runs.read_json(path)
        if main is None:
            return side
        pages = {row["k"]: row["c2stPage"] for row in side["ks"] if "c2stPage" in row}
        for row in main["ks"]:
            if row["k"] in pages:
                row["c2stPage"] = pages[row["k"]]
        main["pageJudges"], main["pagePairs"] = side["pageJudges"], side["pairs"]
    return main


def corpus_names(data: str) -> list[str]:
    return load_group_names(data, "train") + load_group_names(data, "holdout")


# ---------------------------------------------------------------- export

def write_critic(folder: Path, net: Critic, quantization: str, golden: np.ndarray) -> dict:
    """<folder>/critic/: model.json, shard and golden.json (packed masks -> logits). Returns the folder's hash and size."""
    target = folder / FOLDER
    target.mkdir()
    decoded = tfjs.write(fold(net), 0, target, quantization, resolution=golden.shape[-1], name="critic")
    outputs = tfjs.forward(decoded, pixels.mask_to_unit(golden))
    with torch.no_grad():
        float_out = net(to_unit(golden)).numpy()
    runs.write_json(target / "golden.json", {
        "inputs": pack(golden), "resolution": int(golden.shape[-1]),
        "outputs": [[round(float(v), 6) for v in row] for row in outputs], "atol": 1e-3,
        "maxAbsDifferenceFromFloat32": round(float(np.abs(outputs - float_out).max()), 5),
    })
    check(target)
    digest, size = folder_hash(target)
    return {"folder": FOLDER, "sha256": digest, "bytes": size}


def check(critic_folder: Path) -> list[tfjs.Layer]:
    """A critic/ folder's layers, its golden.json replayed on its own inputs (a damaged file is one line)."""
    return model_folder.read_mask_network(critic_folder)


def ship(source_folder: Path, new_id: str, net: Critic, k: int, quantization: str, golden: np.ndarray,
         card_entry: dict, make_default: bool = False, source: sources.Source | None = None) -> Path:
    """public/models/<new_id>/: the source folder's files with the new id (model_folder.derived_folder), plus critic/
    and index.json's `resample` entry."""
    try:
        with model_folder.derived_folder(source_folder, new_id, make_default) as (tmp, entry):
            resample = {**write_critic(tmp, net, quantization, golden), "k": k}
            # The sheet shows what the site now draws: each of the 64 symbols kept from K candidates in its style.
            source = source or sources.open_model(source_folder)      # the stage passes the one it already opened
            styles = np.arange(64) % len(source.styles) if source.styles else np.zeros(64, np.int64)
            sheet = kept_symbols(net, source, styles, [k], SHEET_SEED, log=lambda _: None)[k][0]
            plots.save_grid(np.where(sheet, -1.0, 1.0), tmp / "samples.png", scale=2)
            card = model_folder.read_card(tmp)
            card["resample"] = {**card_entry, "k": k, "bytes": resample["bytes"], "quantization": quantization}
            runs.write_json(tmp / "model-card.json", card)
            entry["resample"] = resample
    except UserError as e:
        raise CriticError(str(e)) from None
    return source_folder.parent / new_id


# ---------------------------------------------------------------- the stage

def critic(cfg: CriticConfig) -> dict | None:
    folder = Path(cfg.folders[0])
    model_folder.read_entry(folder)
    source = sources.open_model(folder)
    if source.resolution % 16:
        raise CriticError(f"{folder.name} draws {source.resolution} px symbols; the critic needs a multiple of 16")
    torch.set_num_threads(cfg.threads or os.cpu_count() or 1)
    torch.manual_seed(cfg.seed)
    net = Critic(source.resolution)
    if cfg.run:
        run = Path(cfg.run)
        state = runs.load_plain(run / WEIGHTS_FILE)
        with reading(run / WEIGHTS_FILE, "not a critic of this resolution"):
            net.load_state_dict(state["model"])
        trained = {k: state[k] for k in ("steps", "seconds", "generatedSeen", "calibration")}
        if state.get("modelId") != folder.name:
            raise CriticError(f"{run / WEIGHTS_FILE} is the critic of {state.get('modelId')}, not of {folder.name}: "
                              "retrain the critic for each generator")
    else:
        real = corpus(cfg.data, cfg.dry_run, source.resolution)
        mine = critic_side(real.names)
        held = calibration_side(real.names)
        pick = lambda keep: Corpus(real.masks[keep], real.styles[keep], [n for n, k in zip(real.names, keep) if k])
        run = runs.new_run_dir(cfg.runs, f"{'dry-run-' if cfg.dry_run else ''}critic-{folder.name}")
        runs.write_json(run / "options.json", asdict(cfg))
        print(f"critic: {int((mine & ~held).sum())} real symbols to learn from, {int((mine & held).sum())} to "
              f"calibrate on, {int((~mine).sum())} kept for the judges", flush=True)
        trained = train(net, source, pick(mine & ~held), cfg, run)
        net.eval()
        trained["calibration"] = calibrate(net, source, pick(mine & held), cfg.seed)
        print(f"critic: {json.dumps(trained)}", flush=True)
        runs.save_plain(run / WEIGHTS_FILE, {"model": net.state_dict(), **trained, "modelId": folder.name,
                                              "config": asdict(cfg)})
    net.eval()
    result: dict = {"run": run.name, "parameters": sum(p.numel() for p in net.parameters()), **trained}
    if cfg.k_list() and not cfg.dry_run:
        result["measured"] = measure(net, source, cfg)
        runs.write_json(run / measured_name(cfg), result["measured"])
    if cfg.dry_run:
        print(f"dry run: nothing shipped; the run is {run}")
        return result
    if cfg.ship:
        measured = merged_measurements(run)
        golden = corpus(cfg.data, False, source.resolution).masks[:GOLDEN]
        entry = {"run": run.name, "parameters": result["parameters"], "steps": trained["steps"],
                 "calibration": trained["calibration"], "measured": measured,
                 "command": f"python3 -m training critic {folder} --minutes {cfg.minutes:g}",
                 "date": time.strftime("%Y-%m-%d")}
        target = ship(folder, cfg.as_id, net, cfg.ship, cfg.quantize, golden, entry, cfg.make_default, source)
        print(f"wrote {target} (resampling K={cfg.ship}) and its index.json entry")
    return result

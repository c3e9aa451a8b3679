"""python3 -m training evaluate <run-or-model> [...]: the metric registry on the held-out split, a one-page report.

For each source (a run folder, "latest", or an exported model folder) it samples --n symbols from fixed latents,
measures every metric in training/metrics against the held-out images in the learned feature space, and runs the
classifier two-sample test (C2ST: can a small CNN tell the held-out symbols from as many generated ones, both as the
site shows them?). Writes <out>/<name>/metrics.json, nearest.png (the closest sample/training pairs) and report.png.
With --snapshots it also measures each generator a run kept in snapshots/ (metric curves against training minutes);
with two or more sources it writes <out>/compare.md and compare.png side by side. The real-vs-real floor (training
images scored as if generated) comes with every result, the C2ST's included. --c2st_strong and --c2st_page_scale
add the C2ST whose classifier is not the limit (training/strong_c2st.py), at 64 px and at the page's scale. --psi
measures each source truncated as the site's strangeness control truncates it (every latent scaled by psi).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from training import metrics, model_folder, nearest, pixels, plots, report, runs, sources
from training.assessment import LATENT_SEED, assess, c2st_of
from training.config import ConfigError
from training.metrics.c2st import DEFAULT_LADDER
from training.metrics.features import WEIGHTS, Embedder
from training import page_scale
from training.page_scale import PAGE_DATA, check_corpus
from training.strong_c2st import (RealSide, StrongConfig, check_strong_options, generated_masks, pick_device,
                                  strong_c2st_of)

# The site's strangeness range (lib/seeds/truncation.ts TRUNCATION_MIN and TRUNCATION_MAX): --psi measures what a
# visitor can ask for.
PSI_MIN, PSI_MAX = 0.3, 1.5


@dataclass
class EvaluateConfig:
    sources: list[str] = field(default_factory=lambda: ["latest"])   # run folders, "latest", or model folders
    data: str = "training/data/symbols"   # the prepared dataset whose held-out split is the reference
    n: int = 2000                         # generated symbols per measurement
    snapshots: bool = False               # also measure the generators a run kept in snapshots/ (curves)
    snapshot_stride: int = 1              # measure every Nth snapshot (and always the last)
    denoiser: str = ""                    # "" = a model folder's own denoiser/ (as the site runs it); a denoiser run or model folder; "none"
    min_stray: int = -1                   # erase marks under N pixels beside the figure (try one before export); -1 = a folder's own
    psi: float = 1.0                      # truncation: every latent scaled by psi, as the site's strangeness control does (0.3-1.5); 1 = as drawn
    c2st: bool = True                     # run the classifier two-sample test (about 2 CPU-minutes per source)
    c2st_epochs: int = 60                 # the C2ST classifier's passes over its training pairs (30 was still short)
    c2st_ladder: int = 0                  # > 0: also run the C2ST with samples and epochs halved 1..N times (is the classifier the limit?)
    c2st_strong: bool = False             # the C2ST that cannot saturate: the judge ladder on real symbols of both splits (GPU minutes, CPU hours: README)
    c2st_page_scale: bool = False         # the same ladder at the page's scale: outlines traced and filled at 128px by the site's renderer, against --page_data
    c2st_pairs: int = 6000                # the strong and page-scale C2STs: real symbols (both splits), each paired with a generated one
    c2st_judges: str = ",".join(DEFAULT_LADDER)   # the ladder's judges, smallest first (training/metrics/c2st.py JUDGES)
    c2st_seeds: int = 3                   # classifier seeds per judge (mean and spread)
    page_data: str = PAGE_DATA            # the corpus prepared at 128px for --c2st_page_scale (prepare --resolution 128 --name symbols128)
    device: str = "auto"                  # where the strong judges train: auto (CUDA when there is one) | cpu | cuda
    features: str = str(WEIGHTS)          # the feature network weights (the space every distance lives in)
    out: str = "training/reports"         # <out>/<name>/ per source
    record: bool = False                  # for a model folder: write the metrics and C2ST into its model-card.json and its report.png (the model page shows both)
    dry_run: bool = False                 # open every source, the denoiser, the dataset and the weights; measure nothing

    def validate(self) -> "EvaluateConfig":
        if self.n < 8:
            raise ConfigError("--n must be at least 8")
        if self.min_stray < -1:
            raise ConfigError("--min_stray is a pixel count, or -1 for each source's own")
        if not PSI_MIN <= self.psi <= PSI_MAX:
            raise ConfigError(f"--psi must be between {PSI_MIN} and {PSI_MAX}, the site's strangeness range; got {self.psi}")
        if self.psi != 1 and self.record:
            raise ConfigError("--record writes what the site shows at the default strangeness: measure with --psi 1")
        if self.snapshot_stride < 1:
            raise ConfigError("--snapshot_stride must be at least 1")
        if not self.sources:
            raise ConfigError("name at least one run folder, model folder or 'latest'")
        check_strong_options(self.c2st_pairs, self.c2st_judges, self.c2st_seeds, self.device)
        return self

    def strong(self) -> StrongConfig:
        return StrongConfig(pairs=self.c2st_pairs, seeds=self.c2st_seeds, judges=tuple(self.c2st_judges.split(",")),
                            device=str(pick_device(self.device)))


def with_cleanup(cfg: EvaluateConfig, source: sources.Source) -> sources.Source:
    """The source with the denoiser cfg.denoiser names ("" keeps a model folder's own, "none" drops it), the
    minStray cfg.min_stray names (-1 keeps the source's own) and every latent scaled by cfg.psi (named in the
    source's name, so its reports and page-scale drawings are kept apart from the untruncated ones)."""
    if cfg.psi != 1:
        if source.resample:
            raise ConfigError(f"{source.path} is resampled: it chooses among untruncated candidates and truncates the "
                              "chosen one, which --psi does not reproduce; measure it with --psi 1")
        generate = source.generate
        source.generate = lambda z, styles: generate(z * np.float32(cfg.psi), styles)
        source.name = f"{source.name}-psi{cfg.psi:g}"
    from training import denoise
    if cfg.denoiser == "none":
        source.denoiser = None
    elif cfg.denoiser:
        source.denoiser = denoise.load_cleaner(Path(cfg.denoiser))
    if cfg.min_stray >= 0:
        source.min_stray = cfg.min_stray
    return source


def evaluate_one(cfg: EvaluateConfig, ref: metrics.Reference, source: sources.Source,
                 strong_sides: dict | None = None) -> dict:
    folder = Path(cfg.out) / source.name
    result, images, pairs = assess(ref, source, cfg.n, True, cfg.c2st_epochs if cfg.c2st else 0)
    near = nearest.index_for(source, cfg.data)           # the verdict of "Does it exist?" on each sample
    if near is not None:
        result["nearest"] = nearest.shares(near.verdicts(pixels.site_mask(images)))
    result["denoiser"] = (cfg.denoiser if cfg.denoiser not in ("", "none") else
                          str(source.path / "denoiser") if source.denoiser else None)
    result["minStray"] = source.min_stray
    if cfg.c2st and cfg.c2st_ladder:
        result["c2st"]["ladder"] = []
        for k in range(cfg.c2st_ladder, 0, -1):
            n, epochs = len(ref.holdout) >> k, max(1, cfg.c2st_epochs >> k)
            acc = c2st_of(ref, source, True, epochs, n)["accuracy"]
            floor = ref.c2st_floor(epochs, n)["accuracy"]
            result["c2st"]["ladder"].append({"pairs": n, "epochs": epochs, "accuracy": acc, "floor": floor})
            print(f"  {source.name} C2ST with {n} pairs, {epochs} epochs: {acc:.3f} (real vs real {floor:.3f})")
        result["c2st"]["ladder"].append({"pairs": result["c2st"]["n"], "epochs": cfg.c2st_epochs,
                                         "accuracy": result["c2st"]["accuracy"],
                                         "floor": result["c2st"]["floor"]["accuracy"]})
    for key, real in (strong_sides or {}).items():          # the judge ladders (--c2st_strong, --c2st_page_scale)
        print(f"  {source.name} {STRONG_LABELS[key]} C2ST, judges {cfg.c2st_judges} x {cfg.c2st_seeds} seeds:")
        result[key] = strong_c2st_of(source, real)
        result["metrics"][key], result["floor"][key] = result[key]["accuracy"], result[key]["floor"]["accuracy"]
    if cfg.snapshots and source.kind == "run":
        result["curve"] = []
        for path in snapshot_paths(source.path, cfg.snapshot_stride):
            snap = with_cleanup(cfg, sources.open_snapshot(path))
            snap_images, _ = snap.sample(cfg.n, seed=LATENT_SEED)
            meta = runs.load_plain(path, trusted_legacy=True)
            row = {"minutes": round(meta["trained_seconds"] / 60, 2), "kimg": round(meta["nimg"] / 1000, 3),
                   "step": meta["step"], **metrics.flatten(metrics.measure(ref, metrics.to_resolution(snap_images)))}
            result["curve"].append(row)
            print(f"  {source.name} snapshot step {row['step']} ({row['minutes']:.1f} min): KID {row['kid']:.4f} "
                  f"recall {row['recall']:.3f} pepper {row['pepper']:.2f}")
    plots.save_grid(pairs, folder / "nearest.png", scale=2, rows=2)
    runs.write_json(folder / "metrics.json", result)
    report.save_report(source.history or source.path, result, images[:16], pairs, folder / "report.png")
    if cfg.record and source.kind == "model":
        record_in_card(source.path, result, cfg, folder / "report.png")
    return result


def record_in_card(model: Path, result: dict, cfg: EvaluateConfig, report_png: Path) -> None:
    """A model folder's card and report.png updated with this evaluation (its weights, and so its symbols, never
    change: only what is known about them)."""
    card_path = model / "model-card.json"
    card = model_folder.read_card(model) or {"id": model.name}
    card["metrics"] = {"features": result["features"], "samples": result["n"], "heldOut": cfg.data,
                       **result["metrics"], "floor": result["floor"],
                       **({"c2st": result["c2st"]} if "c2st" in result else {}),
                       **{CARD_KEYS[k]: result[k] for k in STRONG_LABELS if k in result}}
    runs.write_json(card_path, card)
    runs.write_bytes(model / "report.png", report_png.read_bytes())
    print(f"recorded in {card_path} and {model / 'report.png'}")


STRONG_LABELS = {"c2st_strong": "strong (64px)", "c2st_page": "page-scale (128px)"}
CARD_KEYS = {"c2st_strong": "c2stStrong", "c2st_page": "c2stPage"}   # the model card's names (the model page reads them)


def print_strong(label: str, c: dict) -> None:
    """A strong C2ST's figure, its ladder and its floor, as the summary prints them."""
    print(f"  C2ST {label}: {c['accuracy']:.3f} +- {c['spread']:.3f} by {c['judge']} on {c['n']} pairs "
          f"({'flattened' if c['flattened'] else 'NOT flattened: a lower bound'}; real vs real "
          f"{c['floor']['accuracy']:.3f} +- {c['floor']['spread']:.3f}); ladder "
          + ", ".join(f"{r['judge']} {r['accuracy']:.3f}+-{r['spread']:.3f}" for r in c["ladder"]))
    for sid, acc in c.get("per_style", {}).items():
        print(f"    C2ST {label} {sid}: {acc:.3f} (real vs real {c['floor'].get('per_style', {}).get(sid, float('nan')):.3f})")


def snapshot_paths(run: Path, stride: int = 1) -> list[Path]:
    """Every stride-th snapshot the run kept, and the last, oldest first."""
    paths = runs.list_snapshots(run)
    return [p for i, p in enumerate(paths) if i % stride == stride - 1 or i == len(paths) - 1]


def print_result(r: dict) -> None:
    m, f = r["metrics"], r["floor"]
    print(f"{r['name']}{' + denoiser' if r['denoiser'] else ''}: KID {m['kid']:.4f} (floor {f['kid']:.4f})  "
          f"FID {m['fid']:.2f} (floor {f['fid']:.2f})  precision {m['precision']:.3f}  recall {m['recall']:.3f}  copies {m['copies']:.3%}  "
          f"pepper {m['pepper']:.3f}  diversity {m['diversity']:.3f}  blobs {m['blob_share']:.3f}"
          + (f"  C2ST {m['c2st']:.3f} (real vs real {f['c2st']:.3f})" if "c2st" in m else ""))
    for sid, acc in r.get("c2st", {}).get("per_style", {}).items():
        print(f"    C2ST {sid}: {acc:.3f} (real vs real {r['c2st']['floor'].get('per_style', {}).get(sid, float('nan')):.3f})")
    if r.get("nearest"):
        print(f"    {nearest.say(r['nearest'])}")
    for key, label in STRONG_LABELS.items():
        if key in r:
            print_strong(label, r[key])


def evaluate(cfg: EvaluateConfig) -> list[dict]:
    from training.dataset import load_split
    # Open every source (and its denoiser) first: a damaged one stops the command before anything is measured.
    opened = [with_cleanup(cfg, sources.open_source(name)) for name in cfg.sources]
    if cfg.c2st_page_scale:
        shared = check_corpus(cfg.page_data, cfg.data)
        print(f"page scale: {cfg.page_data} shares {shared['shared']} of {cfg.data}'s {shared['of']} glyph groups, "
              f"split alike")
    if cfg.dry_run:
        if cfg.c2st_page_scale:           # draw through the site's renderer now, for a machine without Node (the GPU's)
            page = RealSide.build(cfg.page_data, cfg.strong())
            for source in opened:
                generated_masks(source, page)
                print(f"drew {len(page.masks)} symbols of {source.name} at the page's scale into {page_scale.CACHE}")
        for source in opened:
            print(f"would evaluate {source.path}")
        load_split(cfg.data, "holdout")
        print(f"features: {Embedder(Path(cfg.features)).meta['version']}; dataset: {cfg.data}")
        return []
    embed = Embedder(Path(cfg.features))
    ref = metrics.Reference.build(cfg.data, embed)
    strong_sides = {key: RealSide.build(data, cfg.strong()) for key, data in
                    (("c2st_strong", cfg.data if cfg.c2st_strong else ""),
                     ("c2st_page", cfg.page_data if cfg.c2st_page_scale else "")) if data}
    results = []
    for source in opened:
        results.append(evaluate_one(cfg, ref, source, strong_sides))
        print_result(results[-1])
    if len(results) > 1:
        report.save_comparison(results, Path(cfg.out))
        print(f"wrote {Path(cfg.out) / 'compare.md'} and compare.png")
    return results

"""python3 -m training evaluate <run-or-model> [...]: the metric registry on the held-out split, a one-page report.

For each source (a run folder, "latest", or an exported model folder) it samples --n symbols from fixed latents,
measures every metric in training/metrics against the held-out images in the learned feature space, and writes
<out>/<name>/metrics.json, nearest.png (the closest sample/training pairs) and report.png. With --snapshots it
also measures each generator a run kept in snapshots/ (metric curves against training minutes); with two or more
sources it writes <out>/compare.md and compare.png side by side. The real-vs-real floor (training images scored
as if generated) comes with every result.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from training import metrics, networks, plots, report, runs
from training.config import ConfigError, TrainConfig
from training.metrics import distances
from training.metrics.features import WEIGHTS, Embedder

LATENT_SEED = 31337        # the same latents for every source, so two models are compared on equal draws
SHEET_PAIRS = 12


@dataclass
class EvaluateConfig:
    sources: list[str] = field(default_factory=lambda: ["latest"])   # run folders, "latest", or model folders
    data: str = "training/data/symbols"   # the prepared dataset whose held-out split is the reference
    n: int = 2000                         # generated symbols per measurement
    snapshots: bool = False               # also measure the generators a run kept in snapshots/ (curves)
    snapshot_stride: int = 1              # measure every Nth snapshot (and always the last)
    denoiser: str = ""                    # "" = a model folder's own denoiser/ (as the site runs it); a denoiser run or model folder; "none"
    features: str = str(WEIGHTS)          # the feature network weights (the space every distance lives in)
    out: str = "training/reports"         # <out>/<name>/ per source
    dry_run: bool = False                 # check that every source, the dataset and the weights exist; measure nothing

    def validate(self) -> "EvaluateConfig":
        if self.n < 8:
            raise ConfigError("--n must be at least 8")
        if self.snapshot_stride < 1:
            raise ConfigError("--snapshot_stride must be at least 1")
        if not self.sources:
            raise ConfigError("name at least one run folder, model folder or 'latest'")
        return self


def source_name(source: str, path: Path) -> str:
    return path.name if source != "latest" else f"latest-{path.name}"


def resolve(source: str) -> Path:
    path = Path(source)
    if (path / "model.json").is_file():
        return path
    return runs.find_run(TrainConfig().runs if source == "latest" else ".", source)


def snapshot_generators(run: Path, stride: int = 1):
    """(minutes, kimg, step, generator) for every stride-th snapshot the run kept and the last, oldest first."""
    state = runs.load_checkpoint(run)
    cfg = TrainConfig(**state["config"])
    paths = runs.list_snapshots(run)
    for path in [p for i, p in enumerate(paths) if i % stride == stride - 1 or i == len(paths) - 1]:
        snap = torch.load(path, map_location="cpu")
        g, _ = networks.build(cfg, state["resolution"])
        g.load_state_dict(snap["g"])
        yield snap["trained_seconds"] / 60, snap["nimg"] / 1000, snap["step"], g.eval()


def torch_sampler(g: torch.nn.Module):
    @torch.no_grad()
    def generate(z: np.ndarray) -> np.ndarray:
        return g(torch.from_numpy(z))[:, 0].numpy()
    return generate


def latents(n: int, latent_size: int) -> np.ndarray:
    return np.random.default_rng(LATENT_SEED).standard_normal((n, latent_size)).astype(np.float32)


def draw(generate, n: int, latent_size: int, clean) -> np.ndarray:
    """n images [n, 64, 64] from the shared latents, cleaned at the model's resolution, then resized to the metrics'
    (so a 128px model is measured against the same held-out images as a 64px one)."""
    z = latents(n, latent_size)
    out = np.concatenate([generate(z[i:i + 250]) for i in range(0, n, 250)])
    return metrics.to_resolution(clean(out) if clean else out)


def nearest_pairs(ref: metrics.Reference, images: np.ndarray, feats: np.ndarray, k: int) -> np.ndarray:
    """The k samples closest to a training image, each above its nearest training image: [2k, R, R]."""
    idx, d = distances.nearest(feats, ref.train_features)
    order = np.argsort(d)[:k]
    train = ref.train[idx[order]].astype(np.float32) / 127.5 - 1
    return np.concatenate([images[order], train])


def assess(ref: metrics.Reference, path: Path, name: str, n: int, clean) -> tuple[dict, np.ndarray, np.ndarray]:
    """Every metric for one run or model folder, with the floor; returns (result, samples, nearest pairs)."""
    from training.sample import generator_for
    generate, latent_size = generator_for(str(path))
    images = draw(generate, n, latent_size, clean)
    feats = ref.embed(images)
    result = {"source": str(path), "name": name, "n": n, "features": ref.embed.meta["version"],
              "metrics": metrics.flatten(metrics.measure(ref, images, feats)), "floor": ref.floor(n)}
    return result, images, nearest_pairs(ref, images, feats, SHEET_PAIRS)


def cleaner_for(cfg: EvaluateConfig, path: Path):
    """The denoiser that applies to this source (see EvaluateConfig.denoiser), as (function or None, its name)."""
    from training import denoise
    if cfg.denoiser == "none":
        return None, None
    if cfg.denoiser:
        return denoise.load_cleaner(Path(cfg.denoiser)), cfg.denoiser
    own = denoise.model_cleaner(path)
    return own, str(path / "denoiser") if own else None


def evaluate_one(cfg: EvaluateConfig, ref: metrics.Reference, source: str) -> dict:
    path = resolve(source)
    name = source_name(source, path)
    folder = Path(cfg.out) / name
    clean, result_denoiser = cleaner_for(cfg, path)
    result, images, pairs = assess(ref, path, name, cfg.n, clean)
    result["denoiser"] = result_denoiser
    if cfg.snapshots and not (path / "model.json").is_file():
        result["curve"] = []
        for minutes, kimg, step, g in snapshot_generators(path, cfg.snapshot_stride):
            row = {"minutes": round(minutes, 2), "kimg": round(kimg, 3), "step": step,
                   **metrics.flatten(metrics.measure(ref, draw(torch_sampler(g), cfg.n, g.latent_size, clean)))}
            result["curve"].append(row)
            print(f"  {name} snapshot step {step} ({minutes:.1f} min): KID {row['kid']:.4f} "
                  f"recall {row['recall']:.3f} pepper {row['pepper']:.2f}")
    plots.save_grid(pairs, folder / "nearest.png", scale=2, rows=2)
    runs.write_json(folder / "metrics.json", result)
    report.save_report(path, result, images[:16], pairs, folder / "report.png")
    return result


def print_result(r: dict) -> None:
    m, f = r["metrics"], r["floor"]
    print(f"{r['name']}{' + denoiser' if r['denoiser'] else ''}: KID {m['kid']:.4f} (floor {f['kid']:.4f})  "
          f"FID {m['fid']:.2f} (floor {f['fid']:.2f})  precision {m['precision']:.3f}  recall {m['recall']:.3f}  copies {m['copies']:.3%}  "
          f"pepper {m['pepper']:.3f}  diversity {m['diversity']:.3f}  blobs {m['blob_share']:.3f}")


def evaluate(cfg: EvaluateConfig) -> list[dict]:
    from training.dataset import load_split
    if cfg.dry_run:
        for source in cfg.sources:
            print(f"would evaluate {resolve(source)}")
        load_split(cfg.data, "holdout")
        print(f"features: {Embedder(Path(cfg.features)).meta['version']}; dataset: {cfg.data}")
        return []
    embed = Embedder(Path(cfg.features))
    ref = metrics.Reference.build(cfg.data, embed)
    results = []
    for source in cfg.sources:
        results.append(evaluate_one(cfg, ref, source))
        print_result(results[-1])
    if len(results) > 1:
        report.save_comparison(results, Path(cfg.out))
        print(f"wrote {Path(cfg.out) / 'compare.md'} and compare.png")
    return results

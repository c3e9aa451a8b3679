"""Export a run's EMA generator to public/models/<model-id>/ (the contract is docs/model-folder.md).

Writes into a temporary folder beside the target and renames it into place, then rewrites index.json
atomically: a failed export leaves neither a half-written model folder nor a broken index.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import re
import shutil
import tempfile
from pathlib import Path

import numpy as np
import torch

from training import denoise, networks, plots, runs, tfjs
from training.config import ConfigError, ExportConfig, TrainConfig

GOLDEN_SEED = 20261122
AGREEMENT_SEED = 7
MODEL_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,47}$")
DENOISER = "denoiser"      # the subfolder a denoiser ships in, beside the generator


class WorseModelError(ValueError):
    """Making this model the default would make the site worse (by KID); nothing was written."""


def run_events(run: Path) -> list[dict]:
    """Lines a person appended to stats.jsonl with an "event" key (e.g. when samples first looked like symbols)."""
    stats = run / "stats.jsonl"
    if not stats.is_file():
        return []
    return [row for row in map(json.loads, filter(str.strip, stats.read_text().splitlines())) if "event" in row]


def load_generator(run: Path) -> tuple[networks.Generator, dict]:
    """The EMA generator of a run's checkpoint (the training G for runs without EMA), in eval mode."""
    state = runs.load_checkpoint(run)
    cfg = TrainConfig(**state["config"])
    g, _ = networks.build(cfg, state["resolution"])
    use_ema = cfg.ema_half_life_kimg > 0
    g.load_state_dict(state["g_ema"] if use_ema else state["g"])
    return g.eval(), state


def agreement(a: np.ndarray, b: np.ndarray) -> float:
    """Share of pixels on the same side of the ink threshold (value < 0)."""
    return float(((a < 0) == (b < 0)).mean())


def model_hash(folder: Path) -> tuple[str, int]:
    """sha256 over model.json then each weight file in manifest order (then the same for denoiser/ when the
    model has one), and the total bytes."""
    digest, total = hashlib.sha256(), 0
    denoiser = folder / DENOISER
    for network in [folder] + ([denoiser] if (denoiser / "model.json").is_file() else []):
        model_json = (network / "model.json").read_bytes()
        files = [model_json] + [(network / path).read_bytes()
                                for group in json.loads(model_json)["weightsManifest"] for path in group["paths"]]
        for data in files:
            digest.update(data)
            total += len(data)
    return digest.hexdigest(), total


def read_index(models: Path) -> dict:
    path = models / "index.json"
    return json.loads(path.read_text()) if path.is_file() else {"version": 1, "default": None, "models": []}


def pick_id(cfg: ExportConfig, resolution: int, taken: set[str]) -> str:
    if cfg.model_id:
        if not MODEL_ID.match(cfg.model_id):
            raise ConfigError(f"--model_id {cfg.model_id!r} must be lowercase letters, digits and '-', at most 48")
        if cfg.model_id in taken:
            raise ConfigError(f"model {cfg.model_id!r} already exists; model folders are never rewritten")
        return cfg.model_id
    base = f"{cfg.name}-{resolution}-{datetime.date.today():%Y%m%d}"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    if not MODEL_ID.match(candidate):
        raise ConfigError(f"model id {candidate!r} is invalid: use a short lowercase --name")
    return candidate


def dataset_summary(data: str) -> dict:
    report = Path(data) / "report.json"
    if not report.is_file():
        return {"name": Path(data).name}
    r = json.loads(report.read_text())
    return {
        "name": Path(data).name, "resolution": r.get("resolution"), "seed": r.get("seed"),
        "train": r["counts"]["train"], "holdout": r["counts"]["holdout"],
        "trainShareBySource": r.get("shares_train"),
        "imagesBySource": {name: src.get("images") for name, src in r.get("sources", {}).items()},
    }


def write_denoiser(run: Path, folder: Path, quantization: str, inputs: np.ndarray, resolution: int) -> dict:
    """The denoiser as <model>/denoiser/{model.json, shard, golden.json}. Its golden outputs are what it makes of the
    generator's golden outputs (not repeated here), so a TensorFlow.js pipeline can check both networks at once.
    Returns the model card's denoiser entry."""
    net = denoise.load_network(run)
    layers = denoise.fold(net)
    (folder / DENOISER).mkdir()
    decoded = tfjs.write(layers, 0, folder / DENOISER, quantization, resolution=resolution, name="denoiser")
    outputs = tfjs.forward(decoded, inputs)
    runs.write_json(folder / DENOISER / "golden.json", {
        "inputs": "the outputs of ../golden.json",
        "outputs": [[round(float(v), 6) for v in img.ravel()] for img in outputs],
        "resolution": resolution, "atol": 1e-3,
    })
    with torch.no_grad():
        float_out = net(torch.from_numpy(inputs[:, None]))[:, 0].numpy()
    return {**denoise.summary(run), "pixelAgreementWithFloat32": round(agreement(outputs, float_out), 5)}


def pipeline_metrics(folder: Path, name: str, ref, n: int, history: Path | None = None) -> dict:
    """The metric registry (against ref, a metrics.Reference) on what the site shows from this model folder: decoded
    weights, denoiser included, with the real-vs-real floor; with a run as history, also writes report.png into it."""
    from training import evaluate, report
    clean = denoise.model_cleaner(folder)
    result, images, pairs = evaluate.assess(ref, folder, name, n, clean)
    if history:
        result["denoiser"] = DENOISER if clean else None
        report.save_report(history, result, images[:16], pairs, folder / "report.png")
    return {"features": result["features"], "samples": n, "heldOut": ref.data, **result["metrics"],
            "floor": result["floor"]}


def check_default(cfg: ExportConfig, models: Path, index: dict, metrics: dict, ref) -> None:
    """Refuse (unless --force) to replace a default whose KID, measured now on the same reference, is lower."""
    current = index.get("default")
    if not cfg.make_default or cfg.force or not current or not (models / current / "model.json").is_file():
        return
    theirs = pipeline_metrics(models / current, current, ref, cfg.eval_samples)
    print(f"current default {current}: KID {theirs['kid']:.5f}; this model: KID {metrics['kid']:.5f}")
    if metrics["kid"] > theirs["kid"]:
        raise WorseModelError(
            f"this model's KID {metrics['kid']:.5f} is worse than the default {current}'s {theirs['kid']:.5f}; not "
            f"exported. Pass --force to make it the default anyway, or --no-make_default to add it beside.")


def export(cfg: ExportConfig) -> Path:
    # Load the generator (a tiny untrained one for --dry_run).
    if cfg.dry_run:
        g = networks.Generator(latent_size=100, resolution=16, width=32, min_width=8).eval()
        state = {"step": 0, "nimg": 0, "trained_seconds": 0.0, "device": "cpu", "config": {}, "dataset": ""}
        models, events = Path(tempfile.mkdtemp(prefix="export-dry-run-")), []
    else:
        run = runs.find_run(TrainConfig().runs if cfg.run == "latest" else ".", cfg.run)
        g, state = load_generator(run)
        models, events = Path(cfg.models), run_events(run)
    latent, resolution = g.latent_size, g.resolution
    models.mkdir(parents=True, exist_ok=True)
    index = read_index(models)
    model_id = pick_id(cfg, resolution, {m["id"] for m in index["models"]} | {p.name for p in models.iterdir()})

    # Fold batch norm, convert to NHWC and check the folded network against the PyTorch module.
    layers = tfjs.fold(g)
    z_check = np.random.default_rng(AGREEMENT_SEED).standard_normal((cfg.agreement_latents, latent)).astype(np.float32)
    with torch.no_grad():
        reference = g(torch.from_numpy(z_check))[:, 0].numpy()
    float_out = tfjs.forward(layers, z_check)
    fold_error = float(np.abs(float_out - reference).max())
    if fold_error > 1e-3:
        raise RuntimeError(f"folded network differs from the PyTorch generator by {fold_error:.2e}; not exporting")

    # Write the folder into a temporary sibling, then rename it into place.
    tmp = Path(tempfile.mkdtemp(prefix=f".{model_id}.", dir=models))
    tmp.chmod(0o755)
    try:
        decoded = tfjs.write(layers, latent, tmp, cfg.quantize)
        quant_out = tfjs.forward(decoded, z_check)
        pixel_agreement = agreement(quant_out, float_out)
        z_golden = np.random.default_rng(GOLDEN_SEED).standard_normal((cfg.golden, latent)).astype(np.float32)
        golden_out = tfjs.forward(decoded, z_golden)
        runs.write_json(tmp / "golden.json", {
            "modelId": model_id, "latentSize": latent, "resolution": resolution,
            "latents": [[float(v) for v in row] for row in z_golden],
            "outputs": [[round(float(v), 6) for v in img.ravel()] for img in golden_out],
            "atol": 1e-3,
        })
        denoiser_card = None
        if cfg.denoiser:
            denoiser_card = write_denoiser(Path(cfg.denoiser), tmp, cfg.quantize, golden_out, resolution)
            quant_out = denoise.load_cleaner(tmp)(quant_out)
        plots.save_grid(np.where(quant_out[:64] < 0, -1.0, 1.0), tmp / "samples.png", scale=2)
        digest, size = model_hash(tmp)
        data = cfg.data or state.get("dataset", "")
        metrics = None
        if data and not cfg.dry_run:
            from training.metrics import Reference
            ref = Reference.build(data)        # once: both this model and the current default are measured on it
            metrics = pipeline_metrics(tmp, model_id, ref, cfg.eval_samples, run)
            print("metrics: " + ", ".join(f"{k} {v:.4g}" for k, v in metrics.items() if isinstance(v, float)))
            check_default(cfg, models, index, metrics, ref)
        train_cfg = state["config"]
        card = {
            "id": model_id, "latentSize": latent, "resolution": resolution,
            "architecture": "DCGAN generator: dense 4x4, nearest upsample + 3x3 conv per scale, tanh; batch norm folded",
            "parameters": int(sum(p.numel() for p in g.parameters())),
            "dataset": dataset_summary(state.get("dataset", "")) if state.get("dataset") else None,
            "training": {
                "steps": state["step"], "imagesSeen": state["nimg"], "device": state["device"],
                "minutes": round(state["trained_seconds"] / 60, 1), "events": events,
                "recipe": {k: train_cfg.get(k) for k in ("preset", "loss", "batch", "lr_g", "lr_d", "beta1", "augment",
                                                          "ema_half_life_kimg", "ema_rampup", "g_width", "d_width")},
            },
            "export": {
                "quantization": cfg.quantize, "bytes": size, "sha256": digest,
                "foldedMaxAbsError": fold_error,
                "pixelAgreementWithFloat32": round(pixel_agreement, 5),
                "agreementLatents": cfg.agreement_latents,
            },
            "denoiser": denoiser_card,
            "metrics": metrics,
            "date": datetime.date.today().isoformat(),
        }
        runs.write_json(tmp / "model-card.json", card)
        target = models / model_id
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise

    # Register it in index.json.
    index["models"] = [m for m in index["models"] if m["id"] != model_id] + [{
        "id": model_id, "resolution": resolution, "latentSize": latent, "sha256": digest, "bytes": size,
        "created": card["date"], **({"denoiser": DENOISER} if denoiser_card else {}),
    }]
    if cfg.make_default or not index.get("default"):
        index["default"] = model_id
    runs.write_json(models / "index.json", index)
    print(f"exported {target} ({size / 1024:.0f} KiB, {cfg.quantize}); uint8-vs-float32 pixel agreement "
          f"{pixel_agreement:.2%} over {cfg.agreement_latents} latents; default: {index['default']}")
    return target

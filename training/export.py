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

from training import denoise, model_folder, networks, pixels, plots, real_set, report, runs, sources, strong_c2st, tfjs
from training import nearest, sefa
from training.assessment import assess
from training.config import ConfigError, ExportConfig
from training.data.styles import manifest
from training.errors import UserError, reading

GOLDEN_SEED = 20261122
AGREEMENT_SEED = 7
MODEL_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,47}$")
DENOISER = "denoiser"      # the subfolder a denoiser ships in, beside the generator


class WorseModelError(UserError):
    """Making this model the default would make the site worse (by the C2ST); nothing was written."""


def run_events(run: Path) -> list[dict]:
    """Lines a person appended to stats.jsonl with an "event" key (e.g. when samples first looked like symbols)."""
    stats = run / "stats.jsonl"
    if not stats.is_file():
        return []
    with reading(stats, "a line is not JSON"):
        rows = [json.loads(line) for line in stats.read_text().splitlines() if line.strip()]
    return [row for row in rows if isinstance(row, dict) and "event" in row]


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


def pipeline_metrics(folder: Path, ref, n: int, c2st_epochs: int, history: Path | None = None,
                     name: str = "", strong=None) -> dict:
    """The metric registry and the C2ST (against ref, a metrics.Reference) on what the site shows from this model
    folder: decoded weights, denoiser included, with the real-vs-real floor; with a run as history, also writes
    report.png into the folder. With strong (a strong_c2st.RealSide), also the judge ladder's C2ST (c2stStrong)."""
    source = sources.open_model(folder)
    source.name = name or folder.name          # a folder being exported still has its temporary name
    result, images, pairs = assess(ref, source, n, True, c2st_epochs)
    if strong is not None:
        result["c2st_strong"] = strong_c2st.strong_c2st_of(source, strong)
        result["metrics"]["c2st_strong"] = result["c2st_strong"]["accuracy"]
        result["floor"]["c2st_strong"] = result["c2st_strong"]["floor"]["accuracy"]
    if history:
        result["denoiser"] = DENOISER if source.denoiser else None
        result["minStray"] = source.min_stray
        report.save_report(history, result, images[:16], pairs, folder / "report.png")
    return {"features": result["features"], "samples": n, "heldOut": ref.data, **result["metrics"],
            "floor": result["floor"], **({"c2st": result["c2st"]} if "c2st" in result else {}),
            **({"c2stStrong": result["c2st_strong"]} if "c2st_strong" in result else {})}


def check_default(cfg: ExportConfig, models: Path, index: dict, metrics: dict, ref, strong=None) -> None:
    """Refuse (unless --force) to replace a default that the C2ST, measured now on the same reference, finds harder
    to tell from real symbols (a lower accuracy is better). --guard strong compares the judge ladder's figure: the
    current default judged by the judge this model's ladder settled on, on the same real symbols and seeds."""
    current = index.get("default")
    if not cfg.make_default or cfg.force or not current or not (models / current / "model.json").is_file():
        return
    if strong is not None:
        ours = metrics["c2stStrong"]
        mine, theirs = ours["accuracy"], strong_c2st.strong_c2st_of(sources.open_model(models / current), strong,
                                                                    (ours["judge"],))["accuracy"]
        label = f"strong C2ST (judge {ours['judge']}, {ours['seeds']} seeds)"
    else:
        mine = metrics["c2st"]["accuracy"]
        theirs = pipeline_metrics(models / current, ref, cfg.eval_samples, cfg.c2st_epochs)["c2st"]["accuracy"]
        label = "C2ST"
    print(f"current default {current}: {label} {theirs:.4f}; this model: {mine:.4f} (0.5 = indistinguishable from "
          f"real)")
    if mine >= theirs:
        raise WorseModelError(
            f"this model's {label} accuracy {mine:.4f} is not below the default {current}'s {theirs:.4f}; not "
            f"exported. Pass --force to make it the default anyway, or --no-make_default to add it beside.")


def golden_inputs(z: np.ndarray, styles: list[dict], seed: int) -> tuple[np.ndarray, np.ndarray | None]:
    """The network inputs for latents z: z itself, or z with a one-hot style appended (styles in turn, from `seed`)."""
    if not styles:
        return z, None
    picks = (np.arange(len(z)) + seed) % len(styles)
    return np.concatenate([z, sources.one_hot(picks, len(styles))], axis=1), picks


def export(cfg: ExportConfig) -> Path:
    # Load the generator (a tiny untrained one for --dry_run).
    if cfg.dry_run:
        g = networks.Generator(latent_size=100, resolution=16, width=32, min_width=8).eval()
        ckpt, run, models, events = None, None, Path(tempfile.mkdtemp(prefix="export-dry-run-")), []
    else:
        source = sources.open_source(cfg.run)
        if source.kind != "run":
            raise ConfigError(f"--run {cfg.run!r} is not a run folder with a checkpoint")
        g, ckpt, run, models, events = source.module, source.checkpoint, source.path, Path(cfg.models), run_events(source.path)
        if cfg.denoiser:                      # a damaged denoiser stops the export here, before anything is written
            denoise.summary(Path(cfg.denoiser))
            denoise.load_network(Path(cfg.denoiser))
    latent, resolution = g.latent_size, g.resolution
    styles = manifest()[:g.styles] if getattr(g, "styles", 0) else []
    models.mkdir(parents=True, exist_ok=True)
    index = model_folder.read_index(models)
    model_id = pick_id(cfg, resolution, {m["id"] for m in index["models"]} | {p.name for p in models.iterdir()})

    # Fold batch norm, convert to NHWC and check the folded network against the PyTorch module.
    layers = tfjs.fold(g)
    rng = np.random.default_rng(AGREEMENT_SEED)
    z_check, _ = golden_inputs(rng.standard_normal((cfg.agreement_latents, latent)).astype(np.float32), styles, 0)
    with torch.no_grad():
        reference = g(torch.from_numpy(z_check[:, :latent]),
                      torch.from_numpy(z_check[:, latent:]) if styles else None)[:, 0].numpy()
    float_out = tfjs.forward(layers, z_check)
    fold_error = float(np.abs(float_out - reference).max())
    if fold_error > 1e-3:
        raise RuntimeError(f"folded network differs from the PyTorch generator by {fold_error:.2e}; not exporting")

    # Write the folder into a temporary sibling, then rename it into place.
    tmp = Path(tempfile.mkdtemp(prefix=f".{model_id}.", dir=models))
    tmp.chmod(0o755)
    try:
        decoded = tfjs.write(layers, latent + len(styles), tmp, cfg.quantize)
        quant_out = tfjs.forward(decoded, z_check)
        pixel_agreement = agreement(quant_out, float_out)
        z_golden = np.random.default_rng(GOLDEN_SEED).standard_normal((cfg.golden, latent)).astype(np.float32)
        inputs_golden, golden_styles = golden_inputs(z_golden, styles, GOLDEN_SEED)
        golden_out = tfjs.forward(decoded, inputs_golden)
        runs.write_json(tmp / "golden.json", {
            "modelId": model_id, "latentSize": latent, "resolution": resolution,
            "latents": [[float(v) for v in row] for row in z_golden],
            **({"styles": [int(s) for s in golden_styles]} if styles else {}),
            "outputs": [[round(float(v), 6) for v in img.ravel()] for img in golden_out],
            "atol": 1e-3,
        })
        denoiser_card = None
        if cfg.denoiser:
            denoiser_card = write_denoiser(Path(cfg.denoiser), tmp, cfg.quantize, golden_out, resolution)
            quant_out = denoise.load_cleaner(tmp)(quant_out)
        sheet = pixels.site_mask(quant_out[:64], cfg.min_stray)
        plots.save_grid(np.where(sheet, -1.0, 1.0), tmp / "samples.png", scale=2)
        card_styles = [dict(s) for s in styles]
        stray = {"minStray": cfg.min_stray} if cfg.min_stray else {}
        runs.write_json(tmp / "model-card.json", {"id": model_id, "styles": card_styles, **stray})   # for open_model
        digest, size = model_hash(tmp)
        data = cfg.data or (ckpt.dataset if ckpt else "")
        metrics = None
        if data and not cfg.dry_run:
            from training.metrics import Reference
            ref = Reference.build(data)        # once: both this model and the current default are measured on it
            strong = (strong_c2st.RealSide.build(data, strong_c2st.StrongConfig(
                device=str(strong_c2st.pick_device("auto")))) if cfg.guard == "strong" else None)
            metrics = pipeline_metrics(tmp, ref, cfg.eval_samples, cfg.c2st_epochs, run, model_id, strong)
            print("metrics: " + ", ".join(f"{k} {v:.4g}" for k, v in metrics.items() if isinstance(v, float)))
            check_default(cfg, models, index, metrics, ref, strong)
            if styles:
                counts = json.loads((Path(data) / "report.json").read_text()).get("styles", {})
                for s in card_styles:
                    s["trainImages"] = counts.get("train", {}).get(s["id"])
                    s["c2st"] = metrics["c2st"].get("per_style", {}).get(s["id"])
                    s["c2stFloor"] = metrics["c2st"]["floor"].get("per_style", {}).get(s["id"])
        train_cfg = ckpt.config if ckpt else {}
        card = {
            "id": model_id, "latentSize": latent, "resolution": resolution,
            **({"styles": card_styles, "input": f"latent ({latent}) then the style's one-hot ({len(styles)})"}
               if styles else {}),
            "architecture": ("DCGAN generator: dense 4x4, nearest upsample + 3x3 conv per scale, tanh"
                             + ("; batch norm folded" if train_cfg.get("generator", "batchnorm") == "batchnorm"
                                else "; no normalization")),
            "parameters": int(sum(p.numel() for p in g.parameters())),
            "dataset": dataset_summary(ckpt.dataset) if ckpt and ckpt.dataset else None,
            "training": {
                "steps": ckpt.step if ckpt else 0, "imagesSeen": ckpt.nimg if ckpt else 0,
                "device": ckpt.device if ckpt else "cpu",
                "minutes": round((ckpt.trained_seconds if ckpt else 0) / 60, 1), "events": events,
                "recipe": {k: train_cfg.get(k) for k in (
                    "preset", "conditional", "generator", "loss", "gamma", "reg_interval", "schedule_kimg", "batch",
                    "lr_g", "lr_d", "beta1", "beta2", "augment", "ema_half_life_kimg", "ema_rampup", "g_width",
                    "d_width", "d_spectral_norm")},
            },
            "export": {
                "quantization": cfg.quantize, "bytes": size, "sha256": digest,
                "foldedMaxAbsError": fold_error,
                "pixelAgreementWithFloat32": round(pixel_agreement, 5),
                "agreementLatents": cfg.agreement_latents,
            },
            "denoiser": denoiser_card,
            **stray,
            "metrics": metrics,
            "date": datetime.date.today().isoformat(),
        }
        runs.write_json(tmp / "model-card.json", card)
        # The "Which one is real?" symbols come from the run's own corpus: its held-out split is what G never saw.
        real_symbols = None
        if ckpt and ckpt.dataset:
            real_symbols = real_set.write(tmp, real_set.build(ckpt.dataset, model_id, resolution,
                                                               [s["id"] for s in styles]))
        # "Does it exist?": the index of the training glyphs, its calibrated verdict, and this model's verdict shares.
        near = None
        if ckpt and ckpt.dataset and resolution == nearest.RESOLUTION:
            near, card["nearestVerdicts"] = nearest.add(tmp, ckpt.dataset,
                                                        f"python3 -m training export --run {cfg.run}")
            runs.write_json(tmp / "model-card.json", card)
        # Named sliders: SeFa directions of the first layer, named and checked by what they change (training/sefa.py),
        # measured on as many symbols as the card's metrics (2,000 by default) and a quarter of them for monotonicity.
        sliders_cfg = sefa.SlidersConfig(folders=[str(tmp)], samples=max(sefa.CANDIDATES, min(sefa.SAMPLES, cfg.eval_samples)),
                                         seeds=max(1, min(sefa.SEEDS, cfg.eval_samples // 4))).validate()
        slid, card["sliders"] = sefa.add(tmp, sliders_cfg, f"python3 -m training export --run {cfg.run}", model_id)
        runs.write_json(tmp / "model-card.json", card)
        target = models / model_id
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise

    # Register it in index.json.
    index["models"] = [m for m in index["models"] if m["id"] != model_id] + [{
        "id": model_id, "resolution": resolution, "latentSize": latent, "sha256": digest, "bytes": size,
        "created": card["date"], **({"denoiser": DENOISER} if denoiser_card else {}), **stray,
        **({"styles": [{"id": s["id"], "label": s["label"]} for s in styles]} if styles else {}),
        **({"realSymbols": real_symbols} if real_symbols else {}),
        **({"nearest": near} if near else {}),
        **({"sliders": slid} if slid else {}),
    }]
    if cfg.make_default or not index.get("default"):
        index["default"] = model_id
    runs.write_json(models / "index.json", index)
    print(f"exported {target} ({size / 1024:.0f} KiB, {cfg.quantize}); uint8-vs-float32 pixel agreement "
          f"{pixel_agreement:.2%} over {cfg.agreement_latents} latents; default: {index['default']}")
    return target

"""python3 -m training encoder <model-folder>: the encoder of "Draw to find" (issue 26), trained and added to the folder.

The site's /draw page turns a visitor's drawing into a 64 px mask, asks this encoder for a first guess of the latent
and style that draw it, then refines the latent with a few gradient steps through the generator. The encoder learns
from two kinds of symbols, each batch mixing them:
- the folder's own generated symbols, binarized as the site draws them, with the latent and style that made them:
  a loss on the latent (MSE), on the style (cross-entropy) and on the image the predicted latent draws;
- real symbols of the corpus's train split, whose latent nobody knows: the style target (the corpus's style) and the
  same image loss through the frozen generator, so the encoder learns to land near symbols that look like real ones,
  which drawings are far more like than they are like generated ones.
The image loss compares blurred ink (Gaussian, sigma 1 px): a drawing's strokes never fall on the generator's
exact pixels, and a blurred difference still says which way to move.

The generator is the folder's decoded TensorFlow.js weights run in PyTorch (tfjs.run), i.e. exactly what the site
draws, its denoiser included when it ships one. The run goes to runs/<n>-encoder-<model-id>/ (options, stats.jsonl,
encoder.pt); then <folder>/encoder/ (model.json, shard, golden.json) is written into a temporary sibling and renamed
into place, and index.json gets the folder's `encoder` entry (docs/model-folder.md). A folder that has an encoder
keeps it unless --rewrite is given.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from training import model_folder, pixels, runs, tfjs
from training.mask_network import fold, folder_hash, pack, unpack
from training.errors import UserError, reading
from training.networks import Encoder

FOLDER = "encoder"                 # the subfolder of a model folder
WEIGHTS_FILE = "encoder.pt"
BLUR_SIGMA, BLUR_RADIUS = 1.0, 2   # the image loss's Gaussian (5 taps); the site's refinement uses the same
GOLDEN = 4
# The refinement measured at the end, the Python twin of lib/draw/projection.ts's defaults.
REFINE_STEPS, REFINE_LR, REFINE_PRIOR = 10, 0.1, 1e-3


class EncoderError(UserError):
    pass


@dataclass
class EncoderConfig:
    folders: list[str] = field(default_factory=list)   # one model folder (public/models/<id>) to give an encoder
    data: str = "training/data/symbols"   # the corpus the model trained on: real symbols of its train split; held-out ones measure it
    runs: str = "training/runs"           # the run goes to runs/<n>-encoder-<model-id>/
    minutes: float = 60.0                 # training budget (wall clock); measuring and export come after it
    threads: int = 0                      # CPU threads for torch; 0 = all cores
    batch: int = 32                       # images per step, generated and real together
    real_share: float = 0.25              # share of each batch from the corpus's real symbols
    lr: float = 1e-3
    latent_weight: float = 1.0            # MSE between predicted and true latents (generated symbols)
    style_weight: float = 0.5             # cross-entropy of the style logits (both kinds)
    image_weight: float = 20.0            # MSE of blurred ink between the input and what the predicted latent draws
    thicken: float = 0.3                  # share of inputs made one pixel bolder or thinner (drawn strokes vary)
    eval_symbols: int = 200               # held-out real symbols for the final IoU comparison (encoder, refined, best of 64 seeds); 0 = skip
    quantize: str = "uint8"               # uint8 | float16 | none
    device: str = "auto"                  # auto | cpu | cuda (the binarizing of generated symbols stays on the CPU)
    rewrite: bool = False                 # replace the folder's encoder/ when it has one
    seed: int = 0
    dry_run: bool = False                 # a few steps on a stand-in corpus; the folder is not written

    def validate(self) -> "EncoderConfig":
        from training.config import ConfigError
        if len(self.folders) != 1:
            raise ConfigError("name one model folder, e.g. public/models/sigil-64-20261201-4")
        if self.minutes <= 0 or self.batch < 2:
            raise ConfigError("--minutes must be positive and --batch at least 2")
        if not 0 <= self.real_share < 1 or not 0 <= self.thicken <= 1:
            raise ConfigError("--real_share must be in [0, 1) and --thicken in [0, 1]")
        if self.threads < 0 or self.eval_symbols < 0:
            raise ConfigError("--threads and --eval_symbols must be >= 0")
        if self.quantize not in ("uint8", "float16", "none"):
            raise ConfigError(f"--quantize must be uint8, float16 or none, got {self.quantize!r}")
        if self.device not in ("auto", "cpu", "cuda"):
            raise ConfigError(f"--device must be auto, cpu or cuda, got {self.device!r}")
        if self.device == "cuda" and not torch.cuda.is_available():
            raise ConfigError("--device cuda: this PyTorch sees no CUDA device")
        return self

    def torch_device(self) -> torch.device:
        return torch.device("cuda" if self.device == "cuda" or (self.device == "auto" and torch.cuda.is_available())
                            else "cpu")


# ---------------------------------------------------------------- pieces

class Pipeline:
    """A model folder's generator (and denoiser), decoded from its files and differentiable: the symbols the site
    draws. inputs [B, latent + styles] -> [B, 1, R, R] in [-1, 1]."""

    def __init__(self, folder: Path):
        self.layers = model_folder.read_layers(folder)
        card = model_folder.read_card(folder)
        self.styles = [s["id"] for s in card.get("styles") or []]
        self.latent = self.layers[0].kernel.shape[0] - len(self.styles)
        self.resolution = int(card.get("resolution") or 0) or 4 * 2 ** sum(layer.upsample for layer in self.layers)
        self.min_stray = int(card.get("minStray") or 0)
        has_denoiser = (folder / "denoiser" / "model.json").is_file()
        self.denoiser = model_folder.read_denoiser(folder) if has_denoiser else None

    def __call__(self, inputs: torch.Tensor) -> torch.Tensor:
        x = tfjs.run(self.layers, inputs)
        return tfjs.run(self.denoiser, x[:, 0]) if self.denoiser else x

    def inputs(self, z: torch.Tensor, style: torch.Tensor | None) -> torch.Tensor:
        """[z | one-hot of style] (style [B] indices), or z for an unconditional model."""
        if not self.styles:
            return z
        return torch.cat([z, F.one_hot(style, len(self.styles)).to(z.dtype)], 1)

    def masks(self, images: torch.Tensor) -> torch.Tensor:
        """Generated images [B, 1, R, R] -> the site's binarized symbols as {-1, 1} [B, 1, R, R]."""
        masks = pixels.site_mask(images.detach().cpu().numpy(), self.min_stray)
        return torch.from_numpy(pixels.mask_to_unit(masks))[:, None].to(images.device)


def blur_kernel() -> torch.Tensor:
    r = torch.arange(-BLUR_RADIUS, BLUR_RADIUS + 1, dtype=torch.float32)
    k = torch.exp(-r ** 2 / (2 * BLUR_SIGMA ** 2))
    k = k / k.sum()
    return (k[:, None] * k[None, :])[None, None]                              # [1, 1, 5, 5]


def ink(images: torch.Tensor) -> torch.Tensor:
    """[B, 1, R, R] in [-1, 1] (ink -1) -> blurred ink in [0, 1], zero padding (paper) at the border."""
    return F.conv2d((1 - images) / 2, blur_kernel().to(images.device), padding=BLUR_RADIUS)


def image_loss(drawn: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Per image [B]: mean squared difference of blurred ink."""
    return ((ink(drawn) - ink(target)) ** 2).mean(dim=(1, 2, 3))


def thicken(masks: torch.Tensor, share: float, gen: torch.Generator) -> torch.Tensor:
    """Make a `share` of the masks [B, 1, R, R] ({-1, 1}) one pixel bolder or, as often, thinner."""
    ink_ = (masks < 0).float()
    bolder = F.max_pool2d(ink_, 3, stride=1, padding=1)
    thinner = 1 - F.max_pool2d(1 - ink_, 3, stride=1, padding=1)
    pick = torch.rand(len(masks), 1, 1, 1, generator=gen).to(masks.device)
    out = torch.where(pick < share / 2, bolder, torch.where(pick < share, thinner, ink_))
    return 1 - 2 * out


def iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per pair of bool masks [N, R, R]: intersection over union (1 for two empty masks)."""
    inter, union = (a & b).sum((1, 2)), (a | b).sum((1, 2))
    return np.where(union > 0, inter / np.maximum(union, 1), 1.0)


def split(out: torch.Tensor, latent: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The encoder's output [B, latent + styles] -> (z [B, latent], style logits [B, styles])."""
    return out[:, :latent], out[:, latent:]


# ---------------------------------------------------------------- training

@dataclass
class RealSymbols:
    masks: torch.Tensor           # [N, 1, R, R] in {-1, 1}, as the site would draw them
    styles: torch.Tensor          # [N] style index, -1 where the corpus names none


def real_symbols(data: str, split_name: str, resolution: int, dry_run: bool, device: torch.device) -> RealSymbols:
    from training.dataset import load_split, load_styles, synthetic
    if dry_run:
        images = synthetic(64, resolution, 1 if split_name == "holdout" else 0)
        styles = np.full(len(images), -1, np.int64)
    else:
        images, styles = load_split(data, split_name), load_styles(data, split_name)
    if images.shape[-1] != resolution:
        raise EncoderError(f"{data} holds {images.shape[-1]} px symbols; the model draws {resolution} px")
    masks = pixels.site_mask(pixels.u8_to_unit(images))
    return RealSymbols(torch.from_numpy(pixels.mask_to_unit(masks))[:, None].to(device), torch.from_numpy(styles).to(device))


def step_loss(net: Encoder, g: Pipeline, real: RealSymbols, cfg: EncoderConfig, gen: torch.Generator) -> dict:
    """One batch's losses: generated symbols with known inputs, then real ones with only a style (or none)."""
    n_real = int(round(cfg.batch * cfg.real_share)) if len(real.masks) else 0
    n_gen = cfg.batch - n_real
    device = real.masks.device
    z = torch.randn(n_gen, g.latent, generator=gen).to(device)
    style = torch.randint(max(len(g.styles), 1), (n_gen,), generator=gen).to(device)
    with torch.no_grad():
        generated = g.masks(g(g.inputs(z, style)))                              # [n_gen, 1, R, R]
    pick = torch.randint(len(real.masks), (n_real,), generator=gen).to(device)
    x = thicken(torch.cat([generated, real.masks[pick]]), cfg.thicken, gen)    # [B, 1, R, R]
    targets = torch.cat([style, real.styles[pick]]) if g.styles else None       # [B], -1 = unknown

    pred_z, logits = split(net(x), g.latent)
    losses = {"latent": F.mse_loss(pred_z[:n_gen], z)}
    if g.styles:
        losses["style"] = F.cross_entropy(logits, targets, ignore_index=-1)
        # The image loss draws in the true style where it is known, else in the encoder's own guess.
        drawn_style = torch.where(targets >= 0, targets, logits.argmax(1))
    else:
        drawn_style = None
    losses["image"] = image_loss(g(g.inputs(pred_z, drawn_style)), x).mean()
    losses["total"] = (cfg.latent_weight * losses["latent"] + cfg.style_weight * losses.get("style", 0.0)
                       + cfg.image_weight * losses["image"])
    return losses


def train(net: Encoder, g: Pipeline, real: RealSymbols, cfg: EncoderConfig, run: Path) -> dict:
    gen = torch.Generator().manual_seed(cfg.seed)
    opt = torch.optim.Adam(net.parameters(), lr=cfg.lr)
    budget, start, step, tick, window = cfg.minutes * 60, time.time(), 0, time.time(), []
    while time.time() - start < budget and not (cfg.dry_run and step >= 4):
        losses = step_loss(net, g, real, cfg, gen)
        opt.zero_grad(set_to_none=True)
        losses["total"].backward()
        opt.step()
        step += 1
        window.append({k: float(v) for k, v in losses.items()})
        if time.time() - tick >= 60 or cfg.dry_run:                             # maintenance once a minute
            row = {"step": step, "seconds": round(time.time() - start),
                   **{k: round(float(np.mean([w[k] for w in window])), 5) for k in window[0]}}
            with open(run / "stats.jsonl", "a") as f:
                f.write(json.dumps(row) + "\n")
            print("encoder: " + "  ".join(f"{k} {v}" for k, v in row.items()), flush=True)
            tick, window = time.time(), []
    return {"steps": step, "seconds": round(time.time() - start)}


# ---------------------------------------------------------------- measuring

def refine(g: Pipeline, z: torch.Tensor, style: torch.Tensor | None, target: torch.Tensor) -> torch.Tensor:
    """The site's refinement (lib/draw/projection.ts): Adam on z against the blurred-ink loss plus a small pull
    towards the latent prior, REFINE_STEPS steps. Returns the refined z."""
    z = z.detach().clone().requires_grad_(True)
    opt = torch.optim.Adam([z], lr=REFINE_LR)
    with torch.enable_grad():                     # also when called under no_grad
        for _ in range(REFINE_STEPS):
            loss = image_loss(g(g.inputs(z, style)), target).sum() + REFINE_PRIOR * (z ** 2).mean(1).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
    return z.detach()


@torch.no_grad()
def site_masks(g: Pipeline, z: torch.Tensor, style: torch.Tensor | None) -> np.ndarray:
    return pixels.site_mask(g(g.inputs(z, style)).cpu().numpy(), g.min_stray)


def measure(net: Encoder, g: Pipeline, holdout: RealSymbols, n: int, seed: int) -> dict:
    """Generated symbols: latent MSE, style accuracy, IoU of what the predicted input draws. Held-out real symbols
    (n of them): median IoU of the encoder alone, after the refinement, and of the best of 64 random latents in the
    same style (the issue's baseline)."""
    gen = torch.Generator().manual_seed(seed)
    device = holdout.masks.device
    out: dict = {}
    z = torch.randn(256, g.latent, generator=gen).to(device)
    style = torch.randint(max(len(g.styles), 1), (256,), generator=gen).to(device) if g.styles else None
    with torch.no_grad():
        x = g.masks(g(g.inputs(z, style)))
        pred_z, logits = split(net(x), g.latent)
    guess = logits.argmax(1) if g.styles else None
    out["generated"] = {"n": 256, "latentMse": round(float(F.mse_loss(pred_z, z)), 4),
                        **({"styleAccuracy": round(float((guess == style).float().mean()), 4)} if g.styles else {}),
                        "iou": round(float(np.median(iou(site_masks(g, pred_z, guess), x[:, 0].cpu().numpy() < 0))), 4)}
    if n == 0:
        return out
    pick = torch.randperm(len(holdout.masks), generator=gen)[:n].to(device)
    target = holdout.masks[pick]
    truth = target[:, 0].cpu().numpy() < 0
    with torch.no_grad():
        pred_z, logits = split(net(target), g.latent)
    style = (torch.where(holdout.styles[pick] >= 0, holdout.styles[pick], logits.argmax(1)) if g.styles else None)
    encoder_iou = iou(site_masks(g, pred_z, style), truth)
    refined_iou = iou(site_masks(g, refine(g, pred_z, style, target), style), truth)
    best = np.zeros(len(target))
    for _ in range(64):
        best = np.maximum(best, iou(site_masks(g, torch.randn(len(target), g.latent, generator=gen).to(device), style), truth))
    out["heldOut"] = {"n": len(target), "iouEncoder": round(float(np.median(encoder_iou)), 4),
                      "iouRefined": round(float(np.median(refined_iou)), 4),
                      "iouBestOf64Seeds": round(float(np.median(best)), 4),
                      "refinement": {"steps": REFINE_STEPS, "lr": REFINE_LR, "prior": REFINE_PRIOR,
                                     "blurSigma": BLUR_SIGMA}}
    return out


# ---------------------------------------------------------------- export

def write(folder: Path, net: Encoder, quantization: str, golden: np.ndarray, latent: int) -> dict:
    """<folder>/encoder/ written into a temporary sibling and renamed into place (an old one, with --rewrite, is
    moved aside first and removed after). Returns index.json's entry."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{FOLDER}.", dir=folder))
    old, aside = folder / FOLDER, None
    try:
        tmp.chmod(0o755)
        decoded = tfjs.write(fold(net), 0, tmp, quantization, resolution=golden.shape[-1], name="encoder")
        outputs = tfjs.forward(decoded, pixels.mask_to_unit(golden))
        with torch.no_grad():
            float_out = net(torch.from_numpy(pixels.mask_to_unit(golden))[:, None]).numpy()
        runs.write_json(tmp / "golden.json", {
            "inputs": pack(golden), "resolution": int(golden.shape[-1]), "latentSize": latent,
            "outputs": [[round(float(v), 6) for v in row] for row in outputs], "atol": 1e-3,
            "maxAbsDifferenceFromFloat32": round(float(np.abs(outputs - float_out).max()), 5),
        })
        check(tmp)
        aside = folder / f".{FOLDER}.old" if old.exists() else None
        if aside:
            shutil.rmtree(aside, ignore_errors=True)
            old.rename(aside)
        tmp.rename(old)
        if aside:
            shutil.rmtree(aside, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if aside and aside.exists() and not old.exists():      # put the published encoder back
            aside.rename(old)
        raise
    digest, size = folder_hash(folder / FOLDER)
    return {"folder": FOLDER, "sha256": digest, "bytes": size}


def check(encoder_folder: Path) -> list[tfjs.Layer]:
    """An encoder/ folder's layers, its golden.json replayed on its own inputs (a damaged file is one line)."""
    golden = runs.read_json(encoder_folder / "golden.json")
    with reading(encoder_folder / "golden.json", "not an encoder's golden.json"):
        inputs = pixels.mask_to_unit(unpack(golden["inputs"], int(golden["resolution"]), "encoder/golden.json"))
    return model_folder.read_layers(encoder_folder, inputs, denoiser=True)


# ---------------------------------------------------------------- the stage

def encoder(cfg: EncoderConfig) -> dict | None:
    from training import real_set
    folder = Path(cfg.folders[0])
    # Everything is read and checked before the run starts, so a bad input costs no training time.
    model_folder.read_entry(folder)
    g = Pipeline(folder)
    if (folder / FOLDER).exists() and not cfg.rewrite and not cfg.dry_run:
        raise EncoderError(f"{folder / FOLDER} is already there; --rewrite trains and writes a new one")
    if g.resolution % 16:
        raise EncoderError(f"{folder.name} draws {g.resolution} px symbols; the encoder needs a multiple of 16")
    if not cfg.dry_run:
        real_set.check_corpus(cfg.data, model_folder.read_card(folder))
    device = cfg.torch_device()
    train_real = real_symbols(cfg.data, "train", g.resolution, cfg.dry_run, device)
    holdout = real_symbols(cfg.data, "holdout", g.resolution, cfg.dry_run, device)
    torch.set_num_threads(cfg.threads or os.cpu_count() or 1)
    torch.manual_seed(cfg.seed)

    run = runs.new_run_dir(cfg.runs, f"{'dry-run-' if cfg.dry_run else ''}encoder-{folder.name}")
    runs.write_json(run / "options.json", asdict(cfg))
    net = Encoder(g.resolution, g.latent + len(g.styles)).to(device)
    trained = {**train(net, g, train_real, cfg, run), "device": device.type}
    net.eval()
    state = {"model": {k: v.cpu() for k, v in net.state_dict().items()}, **trained, "config": asdict(cfg),
             "modelId": folder.name}
    runs.save_plain(run / WEIGHTS_FILE, state)
    print(f"encoder: {trained['steps']} steps in {trained['seconds']}s; measuring", flush=True)
    quality = measure(net, g, holdout, min(cfg.eval_symbols, len(holdout.masks)), cfg.seed + 1)
    runs.write_json(run / "measured.json", quality)
    print(f"encoder: {json.dumps(quality)}")
    if cfg.dry_run:
        print(f"dry run: {folder / FOLDER} not written; the run is {run}")
        return None

    golden = holdout.masks[:GOLDEN, 0].cpu().numpy() < 0
    recorded = write(folder, net.cpu(), cfg.quantize, golden, g.latent)
    card = model_folder.read_card(folder)
    card["encoder"] = {"run": run.name, **trained, "parameters": sum(p.numel() for p in net.parameters()),
                       "quantization": cfg.quantize, "bytes": recorded["bytes"], **quality,
                       "command": (f"python3 -m training encoder {folder} --minutes {cfg.minutes:g}"
                                   + (f" --data {cfg.data}" if cfg.data != EncoderConfig.data else "")),
                       "date": time.strftime("%Y-%m-%d")}
    runs.write_json(folder / "model-card.json", card)
    # Read again: a training run takes long enough for another stage (sliders, nearest) to have rewritten index.json
    # since the start, and writing the copy read then would undo it.
    index, entry = model_folder.read_entry(folder)
    entry["encoder"] = recorded
    runs.write_json(folder.parent / "index.json", index)
    print(f"wrote {folder / FOLDER} ({recorded['bytes']:,} bytes, {cfg.quantize}) and its index.json entry")
    return recorded


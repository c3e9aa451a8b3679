"""python3 -m training denoise: train the seeds' denoising autoencoder on the corpus (networks.Denoiser).

Real training symbols are corrupted the ways generated ones go wrong: salt-and-pepper specks, small ink blots,
blur, washed-out contrast and grey noise; the network learns to give back the clean symbol. The run folder
(runs/<n>-denoiser/) holds denoiser.pt (atomic) and before/after sheets; `export --denoiser <run>` puts it beside the
generator as <model>/denoiser/, and `evaluate --denoiser <run-or-model>` measures what it does to pepper and KID.
"""
from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from training import model_folder, pixels, plots, runs, tfjs
from training.errors import CorruptFileError, MissingFileError, reading
from training.networks import Denoiser

WEIGHTS_FILE = "denoiser.pt"


@dataclass
class DenoiseConfig:
    data: str = "training/data/symbols"   # a folder written by `prepare`; its train split is the clean target
    runs: str = "training/runs"           # the run goes to runs/<n>-denoiser/
    minutes: float = 8.0                  # wall-clock budget
    batch: int = 64
    lr: float = 5e-4
    ink_weight: float = 4.0               # extra loss weight on ink pixels (ink is ~15% of a symbol; all-paper is a trap)
    salt_pepper: float = 0.06             # most pixels flipped per image (drawn uniformly up to this)
    blur: float = 1.2                     # largest Gaussian blur sigma in pixels
    threads: int = 0                      # CPU threads for torch; 0 = all cores
    seed: int = 0
    dry_run: bool = False                 # a few steps on synthetic data

    def validate(self) -> "DenoiseConfig":
        from training.config import ConfigError
        if self.minutes <= 0 or self.batch <= 0:
            raise ConfigError("--minutes and --batch must be positive")
        if not 0 <= self.salt_pepper < 0.5:
            raise ConfigError("--salt_pepper must be in [0, 0.5)")
        return self


def gaussian_blur(x: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
    """Per-image Gaussian blur of [B, 1, R, R] with a 5x5 kernel; sigma [B] (0 leaves the image alone)."""
    r = torch.arange(-2, 3, dtype=x.dtype)
    k1 = torch.exp(-(r[None, :] ** 2) / (2 * sigma.clamp(min=1e-3)[:, None] ** 2))
    k1 = k1 / k1.sum(1, keepdim=True)                                  # [B, 5]
    k2 = (k1[:, :, None] * k1[:, None, :])[:, None]                   # [B, 1, 5, 5]
    padded = F.pad(x, (2, 2, 2, 2), mode="replicate")
    out = F.conv2d(padded.transpose(0, 1), k2, groups=x.shape[0]).transpose(0, 1)
    return torch.where(sigma.view(-1, 1, 1, 1) > 0.05, out, x)


def corrupt(clean: torch.Tensor, cfg: DenoiseConfig, gen: torch.Generator) -> torch.Tensor:
    """clean [B, 1, R, R] in [-1, 1] -> a damaged copy: blur, contrast loss, speckle, blots and grey noise."""
    b = clean.shape[0]
    u = lambda *shape: torch.rand(*shape, generator=gen)                      # noqa: E731
    x = gaussian_blur(clean, u(b) * cfg.blur * (u(b) < 0.7))
    x = x * (0.4 + 0.6 * u(b, 1, 1, 1)) + (u(b, 1, 1, 1) - 0.5) * 0.4          # washed out, shifted threshold
    rate = u(b, 1, 1, 1) * cfg.salt_pepper
    flips = u(*x.shape) < rate
    x = torch.where(flips, torch.where(u(*x.shape) < 0.5, -1.0, 1.0), x)      # salt and pepper
    blots = F.max_pool2d((u(*x.shape) < rate / 8).float(), 3, stride=1, padding=1) > 0
    x = torch.where(blots & (u(b, 1, 1, 1) < 0.5), -torch.ones_like(x), x)    # 3x3 ink blots on half the images
    return (x + 0.15 * u(b, 1, 1, 1) * torch.randn(x.shape, generator=gen)).clamp(-1, 1)


def train_denoiser(cfg: DenoiseConfig) -> Path:
    from training.dataset import load_split, synthetic
    torch.set_num_threads(cfg.threads or os.cpu_count() or 1)
    torch.manual_seed(cfg.seed)
    gen = torch.Generator().manual_seed(cfg.seed)
    images = synthetic(64, 32, cfg.seed) if cfg.dry_run else load_split(cfg.data, "train")
    data = pixels.u8_to_tensor(torch.from_numpy(np.ascontiguousarray(images)))
    run = runs.new_run_dir(cfg.runs, "dry-run-denoiser" if cfg.dry_run else "denoiser")
    runs.write_json(run / "options.json", asdict(cfg))
    net = Denoiser()
    opt = torch.optim.Adam(net.parameters(), lr=cfg.lr)
    budget, start, step, losses = cfg.minutes * 60, time.time(), 0, []
    while (time.time() - start < budget) and not (cfg.dry_run and step >= 4):
        idx = torch.randint(len(data), (cfg.batch,), generator=gen)
        clean = data[idx]
        logits = net(corrupt(clean, cfg, gen), logits=True)
        # tanh(x) = 2 sigmoid(2x) - 1, so this is cross-entropy of the paper probability against the clean image's
        # grey level: its gradient never vanishes the way a loss on a saturated tanh does. Ink pixels weigh more.
        weight = 1 + cfg.ink_weight * (clean < 0).float()
        loss = F.binary_cross_entropy_with_logits(2 * logits, (clean + 1) / 2, weight=weight)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        losses.append(loss.item())
        if step % 200 == 0:
            print(f"denoise: step {step}  loss {np.mean(losses[-200:]):.4f}  ({time.time() - start:.0f}s)")
    net.eval()
    state = {"model": net.state_dict(), "step": step, "seconds": round(time.time() - start), "config": asdict(cfg),
             "resolution": int(data.shape[-1]), "loss": float(np.mean(losses[-200:]))}
    runs.save_plain(run / WEIGHTS_FILE, state)
    with torch.no_grad():
        clean = data[torch.arange(min(16, len(data)))]
        noisy = corrupt(clean, cfg, torch.Generator().manual_seed(99))
        plots.save_grid(torch.cat([clean, noisy, net(noisy)]).numpy(), run / "before-after.png", scale=2, rows=3)
    print(f"denoise: {step} steps in {state['seconds']}s, loss {state['loss']:.4f}; wrote {run / WEIGHTS_FILE}")
    return run


def load_network(run: Path) -> Denoiser:
    """A denoiser run's network, or the denoiser a model folder ships (decoded from its TensorFlow.js weights, so a
    new model can reuse it: re-quantizing values already on the uint8 grid gives back the same bytes)."""
    if (run / "denoiser" / "model.json").is_file():
        net = Denoiser()
        layers = model_folder.read_denoiser(run)
        with torch.no_grad(), reading(run / "denoiser" / "model.json", "not this project's denoiser"):
            if len(layers) != len(net.convs):
                raise ValueError(f"{len(layers)} layers, the denoiser has {len(net.convs)}")
            for conv, layer in zip(net.convs, layers):
                conv.weight.copy_(torch.from_numpy(layer.kernel.transpose(3, 2, 0, 1).copy()))
                conv.bias.copy_(torch.from_numpy(layer.bias))
        return net.eval()
    net = Denoiser()
    state = load_state(run)
    with reading(run / WEIGHTS_FILE, "its weights do not fit the denoiser"):
        net.load_state_dict(state["model"])
    return net.eval()


def load_state(run: Path) -> dict:
    """denoiser.pt of a denoiser run: its weights ("model") and how they were trained (step, seconds, loss)."""
    if not (run / WEIGHTS_FILE).is_file():
        raise MissingFileError(f"{run} has no {WEIGHTS_FILE}; train one with `python3 -m training denoise`")
    state = runs.load_plain(run / WEIGHTS_FILE, trusted_legacy=True)
    if not (isinstance(state, dict) and isinstance(state.get("model"), dict)
            and all(isinstance(state.get(k), (int, float)) for k in ("step", "seconds", "loss"))):
        raise CorruptFileError(f"{run / WEIGHTS_FILE} is not a denoiser's weights (model, step, seconds and loss)")
    return state


def fold(net: Denoiser) -> list[tfjs.Layer]:
    """The denoiser as TensorFlow.js layers (NHWC kernels; nothing to fold, it has no batch norm)."""
    return [tfjs.Layer(f"dn{i}", "conv", conv.weight.detach().numpy().transpose(2, 3, 1, 0).astype(np.float32),
                       conv.bias.detach().numpy().astype(np.float32), act, upsample, stride)
            for i, (conv, (_, stride, upsample, act)) in enumerate(zip(net.convs, Denoiser.PLAN), 1)]


def load_cleaner(source: Path):
    """images [N, R, R] -> cleaned images, from a denoiser run or a model folder's denoiser/ (its decoded bytes)."""
    if (source / "denoiser" / "model.json").is_file():
        layers = model_folder.read_denoiser(source)
        return lambda images: np.concatenate([tfjs.forward(layers, images[i:i + 250])
                                              for i in range(0, len(images), 250)])
    net = load_network(source)

    @torch.no_grad()
    def clean(images: np.ndarray) -> np.ndarray:
        x = torch.from_numpy(np.asarray(images, np.float32)).unsqueeze(1)
        return torch.cat([net(x[i:i + 250]) for i in range(0, len(x), 250)])[:, 0].numpy()
    return clean


def model_cleaner(folder: Path):
    """The cleaner of a model folder's own denoiser/ (what the site runs), or None when it ships none."""
    return load_cleaner(folder) if (folder / "denoiser" / "model.json").is_file() else None


def summary(run: Path) -> dict:
    if (run / "denoiser" / "model.json").is_file():      # reused from a model folder: its card says how it was made
        card = model_folder.read_card(run).get("denoiser")
        return {**(card if isinstance(card, dict) else {}), "reusedFrom": run.name}
    state = load_state(run)
    return {"run": run.name, "steps": state["step"], "seconds": state["seconds"], "loss": round(state["loss"], 4),
            "params": sum(v.numel() for v in state["model"].values()),
            "options": runs.read_json(run / "options.json")}

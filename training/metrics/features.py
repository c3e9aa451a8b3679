"""The feature space every distance metric is measured in: a small CNN trained on our own corpus.

Inception weights cannot be downloaded here, and a symbol is not an ImageNet photo anyway. The network learns to
tell glyph identities (meta.jsonl "group") apart under random shifts, rotations, scaling and stroke-weight changes,
so two images land close when they are the same symbol drawn slightly differently. Its 128-d embedding is what
KID, FID, precision/recall, copies and diversity compare.

The trained weights are committed (training/metrics/weights/) so numbers stay comparable across runs, models and
machines; retraining them makes a new feature space, named by FEATURE_VERSION, and old numbers stop being comparable.
"""
from __future__ import annotations

import json
import math
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from training import pixels, runs
from training.errors import CorruptFileError, MissingFileError, reading

EMBEDDING = 128
RESOLUTION = 64     # the weights were trained on 64px images (training/data/symbols); metrics resize to this
WEIGHTS = Path(__file__).parent / "weights" / "features-v1.pt"


@dataclass
class FeaturesConfig:
    data: str = "training/data/symbols"   # a folder written by `prepare`; labels are its train split's glyph groups
    out: str = str(WEIGHTS)               # where the weights go (committed: the metrics' reference space)
    epochs: int = 8
    batch: int = 128
    lr: float = 2e-3
    threads: int = 0                      # CPU threads for torch; 0 = all cores
    seed: int = 0
    dry_run: bool = False                 # one short epoch on synthetic data into a temporary file

    def validate(self) -> "FeaturesConfig":
        from training.config import ConfigError
        if self.epochs < 1 or self.batch < 1 or self.lr <= 0:
            raise ConfigError("--epochs and --batch must be at least 1 and --lr positive")
        return self


class FeatureNet(nn.Module):
    """[B, 1, R, R] in [-1, 1] -> [B, 128] embedding (and class logits when training)."""

    def __init__(self, classes: int = 1):
        super().__init__()
        widths = [32, 32, 64, 128, 256]
        layers, c_in = [], 1
        for i, c_out in enumerate(widths):      # 64 -> 64, 32, 16, 8, 4 (stride 2 after the first)
            layers += [nn.Conv2d(c_in, c_out, 3, stride=1 if i == 0 else 2, padding=1, bias=False),
                       nn.BatchNorm2d(c_out), nn.ReLU(inplace=True)]
            c_in = c_out
        self.body = nn.Sequential(*layers)
        self.embed = nn.Linear(c_in, EMBEDDING)   # global-average-pooled [B, 256] -> [B, 128]
        self.classify = nn.Linear(EMBEDDING, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.embed(self.body(x).mean(dim=(2, 3)))


def jitter(x: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
    """Random rotation (+-12 deg), scale (0.85-1.1), shift (+-6%) and stroke weight (thin/keep/thick), paper stays +1."""
    b = x.shape[0]
    angle = (torch.rand(b, generator=gen) - 0.5) * math.radians(24)
    scale = 0.85 + torch.rand(b, generator=gen) * 0.25
    shift = (torch.rand(b, 2, generator=gen) - 0.5) * 0.12
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([torch.stack([cos, -sin, shift[:, 0]], 1), torch.stack([sin, cos, shift[:, 1]], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    x = F.grid_sample(x - 1, grid, align_corners=False, padding_mode="zeros") + 1   # outside the image is paper
    x = x.clamp(-1, 1)
    weight = torch.randint(0, 3, (b,), generator=gen)
    thick = -F.max_pool2d(-x, 3, stride=1, padding=1)      # ink (-1) spreads
    thin = F.max_pool2d(x, 3, stride=1, padding=1)         # paper spreads
    return torch.where((weight == 0).view(b, 1, 1, 1), thin, torch.where((weight == 2).view(b, 1, 1, 1), thick, x))


def train_features(cfg: FeaturesConfig) -> Path:
    from training.dataset import load_split, load_labels, synthetic
    torch.set_num_threads(cfg.threads or os.cpu_count() or 1)
    torch.manual_seed(cfg.seed)
    gen = torch.Generator().manual_seed(cfg.seed)
    if cfg.dry_run:
        images = synthetic(64, 32, cfg.seed)
        labels = np.arange(len(images)) % 4
    else:
        images, labels = load_split(cfg.data, "train"), load_labels(cfg.data, "train")
        if images.shape[-1] != RESOLUTION:
            from training.config import ConfigError
            raise ConfigError(f"{cfg.data} is {images.shape[-1]}px; the feature space is defined at {RESOLUTION}px "
                              f"(every metric resizes to it), so train it on a {RESOLUTION}px corpus")
    x_all = pixels.u8_to_tensor(torch.from_numpy(np.ascontiguousarray(images)))
    y_all = torch.from_numpy(labels).long()
    classes = int(y_all.max()) + 1
    net = FeatureNet(classes)
    opt = torch.optim.AdamW(net.parameters(), lr=cfg.lr, weight_decay=1e-4)
    epochs = 1 if cfg.dry_run else cfg.epochs
    steps = epochs * math.ceil(len(x_all) / cfg.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg.lr, total_steps=steps)
    start = time.time()
    for epoch in range(epochs):
        net.train()
        order = torch.randperm(len(x_all), generator=gen)
        correct = seen = 0
        for i in range(0, len(order), cfg.batch):
            idx = order[i:i + cfg.batch]
            x, y = jitter(x_all[idx], gen), y_all[idx]
            logits = net.classify(net(x))
            loss = F.cross_entropy(logits, y, label_smoothing=0.1)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            correct += int((logits.argmax(1) == y).sum())
            seen += len(y)
        print(f"features: epoch {epoch + 1}/{epochs}  loss {loss.item():.3f}  jittered-train accuracy "
              f"{correct / seen:.3f}  ({time.time() - start:.0f}s)")
    # A dry run must never touch the committed weights: it writes into a fresh temporary folder.
    out = Path(tempfile.mkdtemp(prefix="features-dry-run-")) / "features-dry-run.pt" if cfg.dry_run else Path(cfg.out)
    body = {k: v.half() if v.is_floating_point() else v for k, v in net.state_dict().items()
            if not k.startswith("classify.")}      # the classifier head is only a training aid
    meta = {"version": out.stem, "classes": classes, "train_accuracy": round(correct / seen, 4),
            "images": len(x_all), "data": cfg.data, "config": asdict(cfg), "seconds": round(time.time() - start)}
    runs.save_plain(out, {"state": body, "meta": meta})
    print(f"features: wrote {out} ({out.stat().st_size / 1024:.0f} KiB): {json.dumps(meta)}")
    return out


class Embedder:
    """Loads the committed feature weights once; embeds images given as [N, R, R] or [N, 1, R, R] in [-1, 1]."""

    def __init__(self, weights: Path = WEIGHTS, device: str = "cpu"):
        if not Path(weights).is_file():
            raise MissingFileError(f"{weights} is missing; train it with `python3 -m training features`")
        saved = runs.load_plain(weights)
        if not (isinstance(saved, dict) and isinstance(saved.get("state"), dict) and isinstance(saved.get("meta"), dict)
                and isinstance(saved["meta"].get("version"), str)):
            raise CorruptFileError(f"{weights} is not the feature network's weights (state, meta with a version)")
        self.meta = saved["meta"]
        self.net = FeatureNet()
        with reading(weights, "its weights do not fit the feature network"):
            missing, _ = self.net.load_state_dict({k: v.float() for k, v in saved["state"].items()}, strict=False)
            missing = [k for k in missing if not k.startswith("classify.")]   # the head is left out on purpose
            if missing:
                raise KeyError(", ".join(missing[:3]) + (" ..." if len(missing) > 3 else ""))
        self.net.eval().to(device)
        self.device = device

    @torch.no_grad()
    def __call__(self, images, batch: int = 500) -> np.ndarray:
        images = torch.as_tensor(np.asarray(images, dtype=np.float32))
        if images.dim() == 3:
            images = images.unsqueeze(1)
        out = [self.net(images[i:i + batch].to(self.device)).cpu() for i in range(0, len(images), batch)]
        return torch.cat(out).numpy().astype(np.float64)

"""Classifier two-sample test (C2ST; Lopez-Paz and Oquab, ICLR 2017): can a small CNN tell real symbols from
generated ones? Its accuracy on samples it did not train on is the measure: 0.5 means indistinguishable, 1.0 means
every generated symbol is caught.

Both sides are shown to the classifier as the site shows symbols (binarized at 0, specks removed: pixels.site_mask),
so it judges shapes, not grey levels a person never sees. Real and generated images are paired index by index (the
generated i-th has the real i-th's style), and k-fold cross-validation splits the pairs, so every image is tested
once, by a classifier that never saw it, and every fold is balanced in class and style.

Folds follow the real images' glyph groups when given: the corpus holds several augmented copies of each glyph, and
a classifier that saw copies of a glyph in training recognises its other copies in the test fold; that alone put
real against real at 0.71 before the split was by group.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from training.augment import translation
from training.errors import UserError


@dataclass(frozen=True)
class C2STConfig:
    folds: int = 4          # k-fold cross-validation over the pairs
    epochs: int = 60        # passes over each fold's training pairs (doubling from 30 still raised it: see training/README.md)
    batch: int = 64
    lr: float = 2e-3
    seed: int = 0


class Critic(nn.Module):
    """[B, 1, 64, 64] in {-1, 1} -> [B] logit (generated > 0). Strided 3x3 convs to 4x4, then global pooling."""

    def __init__(self, width: int = 24):
        super().__init__()
        w = [1, width, width * 2, width * 4, width * 4]
        layers: list[nn.Module] = []
        for c_in, c_out in zip(w[:-1], w[1:]):               # [B, c_in, s, s] -> [B, c_out, s/2, s/2]
            layers += [nn.Conv2d(c_in, c_out, 3, stride=2, padding=1), nn.BatchNorm2d(c_out), nn.ReLU()]
        self.features = nn.Sequential(*layers)
        self.head = nn.Linear(w[-1] * 2, 1)                   # mean and max pooled features -> logit

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.features(x)                                  # [B, C, R/16, R/16]
        return self.head(torch.cat([h.mean(dim=(2, 3)), h.amax(dim=(2, 3))], dim=1)).view(-1)


def _train_and_test(x_train: torch.Tensor, y_train: torch.Tensor, x_test: torch.Tensor, cfg: C2STConfig,
                    seed: int) -> np.ndarray:
    """Fit a fresh critic; return its predictions (1 = generated) on x_test."""
    torch.manual_seed(seed)
    net = Critic()
    opt = torch.optim.Adam(net.parameters(), lr=cfg.lr)
    batch = min(cfg.batch, len(x_train))          # a tiny set still trains (one batch per epoch)
    steps = cfg.epochs * (len(x_train) // batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg.lr, total_steps=steps)
    gen = torch.Generator().manual_seed(seed)
    net.train()
    step = 0
    while step < steps:
        order = torch.randperm(len(x_train), generator=gen)
        for i in range(0, len(order) - batch + 1, batch):
            if step >= steps:
                break
            idx = order[i:i + batch]
            x = translation(x_train[idx], ratio=0.0625)       # small shifts, paper-filled: position is no tell
            loss = F.binary_cross_entropy_with_logits(net(x), y_train[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            step += 1
    net.eval()
    with torch.no_grad():
        return np.concatenate([(net(x_test[i:i + 500]) > 0).numpy() for i in range(0, len(x_test), 500)])


def folds_by_group(groups: np.ndarray, folds: int, seed: int) -> np.ndarray:
    """Fold index per item such that all items of a group share a fold; groups shuffled, then dealt out to balance
    the folds' sizes (largest group first)."""
    names, inverse, counts = np.unique(groups, return_inverse=True, return_counts=True)
    order = np.random.default_rng(seed).permutation(len(names))
    order = order[np.argsort(-counts[order], kind="stable")]
    size, fold_of_group = np.zeros(folds), np.empty(len(names), np.int64)
    for g in order:
        k = int(np.argmin(size))
        fold_of_group[g] = k
        size[k] += counts[g]
    return fold_of_group[inverse]


def c2st(real: np.ndarray, fake: np.ndarray, styles: np.ndarray | None = None, style_ids: list[str] | None = None,
         cfg: C2STConfig = C2STConfig(), groups: np.ndarray | None = None) -> dict:
    """real, fake: bool ink masks [N, R, R] (pixels.site_mask), paired by index; styles: [N] style index of pair i;
    groups: [N] glyph group of real i (pairs of one group share a fold). Returns {"accuracy", "n" (pairs), "folds",
    "epochs", "per_style": {id: accuracy}}."""
    n = min(len(real), len(fake))
    if n < 2 * cfg.folds:
        raise UserError(f"the C2ST needs at least {2 * cfg.folds} pairs, got {n}")
    to_x = lambda m: torch.from_numpy(np.where(m[:n], -1.0, 1.0).astype(np.float32)).unsqueeze(1)
    x_real, x_fake = to_x(real), to_x(fake)
    fold_of = (folds_by_group(np.asarray(groups)[:n], cfg.folds, cfg.seed) if groups is not None
               else np.random.default_rng(cfg.seed).permutation(n) % cfg.folds)
    correct = np.zeros((n, 2), bool)                          # [pair, side]: was the real / the fake classified right
    for k in range(cfg.folds):
        tr, te = np.flatnonzero(fold_of != k), np.flatnonzero(fold_of == k)
        x_train = torch.cat([x_real[tr], x_fake[tr]])
        y_train = torch.cat([torch.zeros(len(tr)), torch.ones(len(tr))])
        pred = _train_and_test(x_train, y_train, torch.cat([x_real[te], x_fake[te]]), cfg, cfg.seed * 100 + k)
        correct[te, 0] = pred[:len(te)] == 0
        correct[te, 1] = pred[len(te):] == 1
    out = {"accuracy": round(float(correct.mean()), 4), "n": n, "folds": cfg.folds, "epochs": cfg.epochs,
           "split": "by glyph group" if groups is not None else "random"}
    if styles is not None and style_ids:
        styles = np.asarray(styles)[:n]
        out["per_style"] = {sid: round(float(correct[styles == i].mean()), 4)
                            for i, sid in enumerate(style_ids) if (styles == i).any()}
    return out

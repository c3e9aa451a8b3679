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

Beside that held-out test, a ladder of judges of growing capacity (issue 28): the same cross-validation run by the
small strided critic and then by stride-1 convolution stacks ("strong" judges) of growing width and depth, each
with several classifier seeds, until a bigger judge no longer raises the mean accuracy by more than RISE. The
figure is the mean of the judge the ladder settled on; a ladder that never flattened gives a lower bound.
training/strong_c2st.py builds its data (real symbols of both splits, many more pairs) and runs it for a source.
"""
from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass
from typing import Callable, Sequence

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
    return fit_predict(Critic(), x_train, y_train, x_test, cfg.epochs, cfg.batch, cfg.lr, seed)


def _autocast(device: torch.device):
    """bfloat16 convolutions on CUDA (about twice the speed; the judge's accuracy does not need float32), none on
    the CPU. (torch 1.13 asks CUDA about bfloat16 even for a disabled autocast, so the CPU gets a null context.)"""
    return torch.autocast("cuda", dtype=torch.bfloat16) if device.type == "cuda" else contextlib.nullcontext()


def fit_predict(net: nn.Module, x_train: torch.Tensor, y_train: torch.Tensor, x_test: torch.Tensor, epochs: int,
                batch: int, lr: float, seed: int, device: torch.device | str = "cpu") -> np.ndarray:
    """Fit net (freshly initialised) to tell y = 1 from y = 0 under small random shifts, with Adam and a one-cycle
    schedule; return its predictions (1 = generated) on x_test. The tensors may already be on `device`; on CUDA the
    convolutions run in bfloat16 (autocast)."""
    device = torch.device(device)
    net = net.to(device)
    x_train, y_train = x_train.to(device), y_train.to(device)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    batch = min(batch, len(x_train))              # a tiny set still trains (one batch per epoch)
    steps = epochs * (len(x_train) // batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps)
    gen = torch.Generator().manual_seed(seed)
    net.train()
    step = 0
    while step < steps:
        order = torch.randperm(len(x_train), generator=gen).to(device)
        for i in range(0, len(order) - batch + 1, batch):
            if step >= steps:
                break
            idx = order[i:i + batch]
            x = translation(x_train[idx].float(), ratio=0.0625)   # small shifts, paper-filled: position is no tell
            with _autocast(device):
                logits = net(x)
            loss = F.binary_cross_entropy_with_logits(logits.float(), y_train[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            step += 1
    net.eval()
    with torch.no_grad(), _autocast(device):
        return np.concatenate([(net(x_test[i:i + 500].to(device).float()) > 0).cpu().numpy()
                               for i in range(0, len(x_test), 500)])


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


# --- The capacity ladder (issue 28): judges of growing capacity until a bigger one stops raising the accuracy. ---

RISE = 0.01        # a bigger judge raising the mean accuracy by no more than this: the ladder has flattened


class PooledJudge(nn.Module):
    """[B, 1, R, R] in {-1, 1} -> [B] logit (generated > 0). Stages of `depth` stride-1 3x3 convs (GroupNorm, ReLU)
    each followed by 2x2 max-pooling, down to 4x4; channels `width` doubling per stage up to `max_width`; then the
    mean- and max-pooled features through a two-layer head. Stride-1 early layers see single-pixel wobbles that a
    strided first layer averages away."""

    def __init__(self, width: int = 32, depth: int = 1, max_width: int = 128, resolution: int = 64):
        super().__init__()
        stages = int(math.log2(resolution)) - 2                    # 64 px: 4 stages, 64 -> 32 -> 16 -> 8 -> 4
        layers: list[nn.Module] = []
        c_in = 1
        for s in range(stages):
            c = min(width << s, max_width)
            for _ in range(depth):                                # [B, c_in, r, r] -> [B, c, r, r]
                layers += [nn.Conv2d(c_in, c, 3, padding=1), nn.GroupNorm(8 if c % 8 == 0 else 1, c), nn.ReLU()]
                c_in = c
            layers.append(nn.MaxPool2d(2))                        # [B, c, r, r] -> [B, c, r/2, r/2]
        self.features = nn.Sequential(*layers)
        self.head = nn.Sequential(nn.Linear(2 * c_in, c_in), nn.ReLU(), nn.Linear(c_in, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.features(x)                                      # [B, C, 4, 4]
        return self.head(torch.cat([h.mean(dim=(2, 3)), h.amax(dim=(2, 3))], dim=1)).view(-1)


@dataclass(frozen=True)
class Judge:
    name: str
    kind: str          # strided (the held-out test's Critic) | pooled (PooledJudge)
    width: int         # channels of the first layer
    depth: int         # pooled: 3x3 convs per stage
    max_width: int     # pooled: channel cap
    epochs: int        # passes over a fold's training pairs
    batch: int = 128
    lr: float = 1e-3

    def build(self, resolution: int = 64) -> nn.Module:
        if self.kind == "strided":
            return Critic(self.width)
        return PooledJudge(self.width, self.depth, self.max_width, resolution)

    def parameters(self, resolution: int = 64) -> int:
        return sum(p.numel() for p in self.build(resolution).parameters())


# The ladder, smallest first: one table, so a rung is added here and nowhere else. "small" is the held-out test's
# critic (54k parameters); strong-m is the judge of issue 28 that read 0.810 where the small one read 0.730.
JUDGES = {j.name: j for j in (
    Judge("small", "strided", 24, 1, 96, epochs=30, batch=64, lr=2e-3),
    Judge("strong-s", "pooled", 32, 1, 128, epochs=20),
    Judge("strong-m", "pooled", 32, 2, 128, epochs=20),
    Judge("strong-l", "pooled", 48, 2, 192, epochs=30),
    Judge("strong-xl", "pooled", 64, 3, 256, epochs=40),
)}
DEFAULT_LADDER = ("small", "strong-s", "strong-m", "strong-l")


def cross_validate(x_a: torch.Tensor, x_b: torch.Tensor, fold_of: np.ndarray, judge: Judge, seed: int,
                   device: torch.device | str = "cpu", styles: np.ndarray | None = None,
                   style_ids: Sequence[str] | None = None, test_folds: int = 0) -> dict:
    """k-fold C2ST of side a (label 0: real) against side b (label 1), paired by index: [N, 1, R, R] in {-1, 1}
    (any dtype; int8 keeps 128 px sets small), fold_of [N] in 0..k-1. A fresh judge per fold, seeded by seed and the
    fold. test_folds > 0 tests on the first test_folds folds only, each judge still trained on all the other folds:
    the same training data per judge at a fraction of the cost, with fewer test pairs. Returns {"accuracy",
    "per_style" (when styles are given)}."""
    n = len(x_a)
    correct, tested = np.zeros((n, 2), bool), np.zeros(n, bool)
    folds = int(fold_of.max()) + 1
    for k in range(min(folds, test_folds) if test_folds else folds):
        tr, te = np.flatnonzero(fold_of != k), np.flatnonzero(fold_of == k)
        if not len(tr) or not len(te):
            continue
        tested[te] = True
        tr_t, te_t = torch.from_numpy(tr).to(x_a.device), torch.from_numpy(te).to(x_a.device)
        x_train = torch.cat([x_a[tr_t], x_b[tr_t]])
        y_train = torch.cat([torch.zeros(len(tr)), torch.ones(len(tr))])
        torch.manual_seed(seed * 1000 + k)
        pred = fit_predict(judge.build(x_a.shape[-1]), x_train, y_train, torch.cat([x_a[te_t], x_b[te_t]]),
                           judge.epochs, judge.batch, judge.lr, seed * 1000 + k, device)
        correct[te, 0] = pred[:len(te)] == 0
        correct[te, 1] = pred[len(te):] == 1
    out = {"accuracy": float(correct[tested].mean())}
    if styles is not None and style_ids:
        out["per_style"] = {sid: float(correct[tested & (styles == i)].mean()) for i, sid in enumerate(style_ids)
                            if (tested & (styles == i)).any()}
    return out


def seeds_summary(runs: list[dict]) -> dict:
    """Several classifier seeds' results -> mean accuracy, its spread (standard deviation over seeds), each seed's,
    and the mean per style."""
    accs = np.array([r["accuracy"] for r in runs])
    out = {"accuracy": round(float(accs.mean()), 4),
           "spread": round(float(accs.std(ddof=1)) if len(accs) > 1 else 0.0, 4),
           "seeds": [round(float(a), 4) for a in accs]}
    if runs and "per_style" in runs[0]:
        out["per_style"] = {sid: round(float(np.mean([r["per_style"][sid] for r in runs])), 4)
                            for sid in runs[0]["per_style"]}
    return out


def ladder(measure: Callable[[Judge, int], dict], judges: Sequence[Judge], seeds: int, rise: float = RISE,
           resolution: int = 64, log: Callable[[str], None] = lambda line: None) -> dict:
    """Run the judges in growing order, each with `seeds` classifier seeds (measure(judge, seed) -> {"accuracy",
    ...}), and stop when a judge raises the mean accuracy over the one before by no more than `rise`: the ladder
    has flattened and settles on the one before (a bigger judge sees nothing more). If every rung still rose, it
    settles on the last and says it did not flatten (its figure is then a lower bound). Returns {"rungs": [...],
    "settled": name, "flattened": bool}."""
    rungs: list[dict] = []
    for judge in judges:
        rung = {"judge": judge.name, "parameters": judge.parameters(resolution), "epochs": judge.epochs,
                **seeds_summary([measure(judge, s) for s in range(seeds)])}
        rungs.append(rung)
        log(f"  judge {judge.name} ({rung['parameters']:,} parameters, {judge.epochs} epochs): "
            f"{rung['accuracy']:.3f} +- {rung['spread']:.3f} over {seeds} seeds")
        if len(rungs) > 1 and np.mean(rung["seeds"]) - np.mean(rungs[-2]["seeds"]) <= rise:
            return {"rungs": rungs, "settled": rungs[-2]["judge"], "flattened": True}
    return {"rungs": rungs, "settled": rungs[-1]["judge"], "flattened": False}

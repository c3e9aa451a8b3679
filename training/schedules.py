"""Every schedule of a run as one function of images seen (R3GAN's habit): the optimiser's learning rates and beta2,
the gradient-penalty weight, the EMA half-life and the top-k share. Constant when schedule_kimg is 0 (the recipes before R3GAN's)."""
from __future__ import annotations

import math
from dataclasses import dataclass

from training.config import TrainConfig


@dataclass(frozen=True)
class Schedule:
    lr_g: float
    lr_d: float
    beta2: float
    gamma: float
    ema_half_life_img: float    # 0 = no EMA
    topk_share: float           # share of each batch's fakes the generator learns from (1 = all)


def cosine(start: float, end: float, t: float) -> float:
    """start at t = 0, end at t >= 1, cosine in between."""
    t = min(max(t, 0.0), 1.0)
    return end + (start - end) * 0.5 * (1 + math.cos(math.pi * t))


def at(cfg: TrainConfig, nimg: int) -> Schedule:
    t = nimg / (cfg.schedule_kimg * 1000) if cfg.schedule_kimg > 0 else 0.0
    scaled = cosine(1.0, cfg.lr_end, t) if cfg.schedule_kimg > 0 else 1.0
    half_life = cfg.ema_half_life_kimg * 1000
    if cfg.ema_rampup > 0:      # StyleGAN2-ADA: early on, average over a share of the images seen, not a fixed span
        half_life = min(half_life, nimg * cfg.ema_rampup)
    return Schedule(
        lr_g=cfg.lr_g * scaled, lr_d=cfg.lr_d * scaled,
        beta2=cosine(cfg.beta2_start, cfg.beta2, t) if cfg.schedule_kimg > 0 else cfg.beta2,
        gamma=cfg.gamma * (cosine(1.0, cfg.gamma_end, t) if cfg.schedule_kimg > 0 else 1.0),
        ema_half_life_img=half_life if cfg.uses_ema() else 0.0,
        topk_share=cosine(1.0, cfg.topk, nimg / (cfg.topk_kimg * 1000)) if cfg.topk_kimg > 0 else cfg.topk,
    )

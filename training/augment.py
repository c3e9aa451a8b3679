"""DiffAugment (Zhao et al. 2020): differentiable augmentations applied to real and fake images alike, in both
the D and the G step, so a small corpus does not let the discriminator memorise it.

Adapted from the authors' reference code, with one change: pixels that move in or get cut out become paper
(+1), not grey (0), because our images are black ink on white paper.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

PAPER = 1.0


def translation(x: torch.Tensor, ratio: float = 0.125) -> torch.Tensor:
    """Shift each image by up to ratio of its size, filling with paper.  x: [B, C, H, W]."""
    b, _, h, w = x.shape
    sh, sw = int(h * ratio + 0.5), int(w * ratio + 0.5)
    ty = torch.randint(-sh, sh + 1, size=[b, 1, 1], device=x.device)
    tx = torch.randint(-sw, sw + 1, size=[b, 1, 1], device=x.device)
    gb, gy, gx = torch.meshgrid(torch.arange(b, device=x.device), torch.arange(h, device=x.device),
                                torch.arange(w, device=x.device), indexing="ij")    # each [B, H, W]
    gy = torch.clamp(gy + ty + 1, 0, h + 1)
    gx = torch.clamp(gx + tx + 1, 0, w + 1)
    padded = F.pad(x, [1, 1, 1, 1], value=PAPER)              # [B, C, H+2, W+2]
    return padded.permute(0, 2, 3, 1)[gb, gy, gx].permute(0, 3, 1, 2).contiguous()


def cutout(x: torch.Tensor, ratio: float = 0.25) -> torch.Tensor:
    """Blank one square of ratio x size per image to paper.  x: [B, C, H, W]."""
    b, _, h, w = x.shape
    ch, cw = int(h * ratio + 0.5), int(w * ratio + 0.5)
    oy = torch.randint(0, h + (1 - ch % 2), size=[b, 1, 1], device=x.device)
    ox = torch.randint(0, w + (1 - cw % 2), size=[b, 1, 1], device=x.device)
    gb, gy, gx = torch.meshgrid(torch.arange(b, device=x.device), torch.arange(ch, device=x.device),
                                torch.arange(cw, device=x.device), indexing="ij")
    gy = torch.clamp(gy + oy - ch // 2, 0, h - 1)
    gx = torch.clamp(gx + ox - cw // 2, 0, w - 1)
    keep = torch.ones(b, h, w, dtype=x.dtype, device=x.device)
    keep[gb, gy, gx] = 0
    keep = keep.unsqueeze(1)                                  # [B, 1, H, W]
    return x * keep + PAPER * (1 - keep)


def color(x: torch.Tensor) -> torch.Tensor:
    """Random brightness and contrast (one channel, so no saturation)."""
    b = x.shape[0]
    x = x + (torch.rand(b, 1, 1, 1, dtype=x.dtype, device=x.device) - 0.5) * 0.5
    mean = x.mean(dim=[1, 2, 3], keepdim=True)
    return (x - mean) * (torch.rand(b, 1, 1, 1, dtype=x.dtype, device=x.device) + 0.5) + mean


POLICIES = {"translation": translation, "cutout": cutout, "color": color}


def diff_augment(x: torch.Tensor, policy: str) -> torch.Tensor:
    """Apply the comma-separated policy, in order; an empty policy returns x unchanged."""
    for name in filter(None, policy.split(",")):
        x = POLICIES[name](x)
    return x

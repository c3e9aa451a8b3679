"""The training loop. Reads top to bottom: set up, then alternate D and G steps, with maintenance once per tick
(stats line, fixed-noise sample grid, loss curves, atomic checkpoint).

Recipe (defaults in config.py): hinge loss, spectral-norm D with minibatch std, DiffAugment on real and fake in
both steps, Adam(beta1 0.5) with separate learning rates, and an EMA of G with a ramp-up (StyleGAN2-ADA's rule) so
early samples are not a lagging average of random weights. The EMA generator is what gets sampled and exported.
"""
from __future__ import annotations

import copy
import dataclasses
import json
import math
import os
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from tqdm import tqdm

from training import metrics, networks, plots, runs
from training.augment import diff_augment
from training.config import TrainConfig
from training.dataset import load_split, synthetic
from training.metrics import sample_stats

FIXED_NOISE = 64          # latents of the sample grid, the same at every tick and across resumes
BN_REFRESH_BATCHES = 8    # batches used to recompute the EMA generator's batch-norm statistics


class DivergedError(RuntimeError):
    pass


def pick_device(name: str) -> torch.device:
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("--device cuda asked for, but PyTorch sees no CUDA device")
    return torch.device(name)


def d_loss(cfg: TrainConfig, real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    if cfg.loss == "hinge":
        return F.relu(1 - real_logits).mean() + F.relu(1 + fake_logits).mean()
    real_target = torch.full_like(real_logits, 1.0 - cfg.label_smoothing)    # one-sided smoothing
    return F.binary_cross_entropy_with_logits(real_logits, real_target) + F.softplus(fake_logits).mean()


def g_loss(cfg: TrainConfig, fake_logits: torch.Tensor) -> torch.Tensor:
    if cfg.loss == "hinge":
        return -fake_logits.mean()
    return F.softplus(-fake_logits).mean()    # non-saturating


@torch.no_grad()
def update_ema(g_ema: nn.Module, g: nn.Module, cfg: TrainConfig, nimg: int) -> None:
    half_life = cfg.ema_half_life_kimg * 1000
    if cfg.ema_rampup > 0:
        half_life = min(half_life, nimg * cfg.ema_rampup)
    beta = 0.5 ** (cfg.batch / max(half_life, 1e-8))
    for p_ema, p in zip(g_ema.parameters(), g.parameters()):
        p_ema.copy_(p.lerp(p_ema, beta))


@torch.no_grad()
def refresh_batch_norm(g: nn.Module, latent_size: int, device: torch.device, batch: int = 64) -> None:
    """Recompute running statistics for the averaged weights (the training G's statistics belong to other weights)."""
    bns = [m for m in g.modules() if isinstance(m, nn.BatchNorm2d)]
    if not bns:
        return
    for m in bns:
        m.reset_running_stats()
        m.momentum = None          # cumulative average over the refresh batches
    noise = torch.Generator(device="cpu").manual_seed(1234)
    g.train()
    for _ in range(BN_REFRESH_BATCHES):
        g(torch.randn(batch, latent_size, generator=noise).to(device))
    for m in bns:
        m.momentum = 0.1
    g.eval()


def to_images(batch_u8: torch.Tensor) -> torch.Tensor:
    """uint8 [B, R, R] (255 paper) -> float [B, 1, R, R] in [-1, 1] (ink -1)."""
    return batch_u8.unsqueeze(1).float().div_(127.5).sub_(1.0)


def metrics_reference(cfg: TrainConfig) -> metrics.Reference | None:
    """The real side of the in-training metrics, or None (with the reason printed) when they cannot run."""
    if not cfg.metrics_ticks or cfg.dry_run:
        return None
    try:
        return metrics.Reference.build(cfg.data)
    except (FileNotFoundError, ValueError) as e:
        print(f"in-training metrics off: {e}")
        return None


@torch.no_grad()
def generate(g: nn.Module, n: int, latent_size: int, device: torch.device, seed: int, batch: int = 250) -> np.ndarray:
    """n samples [n, R, R] from fixed-seed latents (the same latents at every evaluation)."""
    z = torch.randn(n, latent_size, generator=torch.Generator().manual_seed(seed))
    was_training = g.training
    g.eval()
    out = torch.cat([g(z[i:i + batch].to(device)).cpu() for i in range(0, n, batch)])[:, 0].numpy()
    g.train(was_training)
    return out


def train(cfg: TrainConfig) -> Path:
    """Runs one training session to its time or step budget; returns the run folder."""
    # Set up the device and threads.
    device = pick_device(cfg.device)
    torch.set_num_threads(cfg.threads or os.cpu_count() or 1)   # Debian's torch starts with 1 thread
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = True

    # Resume or start a run folder.
    state = None
    if cfg.resume:
        run = runs.find_run(cfg.runs, cfg.resume)
        state = runs.load_checkpoint(run, "cpu")
        budget = {k: getattr(cfg, k) for k in ("minutes", "max_steps", "tick_seconds", "tick_steps", "device", "threads")}
        cfg = dataclasses.replace(TrainConfig(**state["config"]), resume=cfg.resume, **budget)
    else:
        run = runs.new_run_dir(cfg.runs, ("dry-run-" if cfg.dry_run else "") + (cfg.desc or cfg.preset))
        runs.write_json(run / "options.json", dataclasses.asdict(cfg))
    torch.manual_seed(cfg.seed + (state["step"] if state else 0))

    # Load the dataset onto the device, as uint8 (a quarter of the memory of floats).
    data_np = synthetic(64, 32, cfg.seed) if cfg.dry_run else load_split(cfg.data, "train")
    data = torch.from_numpy(np.ascontiguousarray(data_np)).to(device)
    resolution = data.shape[-1]
    if resolution & (resolution - 1) or resolution < 8:
        raise ValueError(f"dataset resolution {resolution} is not a power of two >= 8")

    # Build the networks, the EMA copy and the optimisers.
    g, d = networks.build(cfg, resolution)
    g, d = g.to(device), d.to(device)
    g_ema = copy.deepcopy(g).eval().requires_grad_(False)
    opt_g = torch.optim.Adam(g.parameters(), lr=cfg.lr_g, betas=(cfg.beta1, cfg.beta2))
    opt_d = torch.optim.Adam(d.parameters(), lr=cfg.lr_d, betas=(cfg.beta1, cfg.beta2))
    fixed_z = torch.randn(FIXED_NOISE, cfg.latent_size, generator=torch.Generator().manual_seed(cfg.seed))
    step, nimg, trained_seconds, tick = 0, 0, 0.0, 0
    if state:
        g.load_state_dict(state["g"]); d.load_state_dict(state["d"]); g_ema.load_state_dict(state["g_ema"])
        opt_g.load_state_dict(state["opt_g"]); opt_d.load_state_dict(state["opt_d"])
        fixed_z = state["fixed_z"]
        step, nimg, trained_seconds, tick = state["step"], state["nimg"], state["trained_seconds"], state["tick"]
    fixed_z = fixed_z.to(device)
    use_ema = cfg.ema_half_life_kimg > 0

    reference = metrics_reference(cfg)

    n_params = sum(p.numel() for p in g.parameters())
    print(f"run {run} | {len(data)} images at {resolution}px | G {n_params / 1e6:.2f}M params | {device} | "
          f"{'resuming at step ' + str(step) if state else 'new run'}")

    # Train until the budget is spent.
    budget_s = cfg.minutes * 60
    start = time.time()
    tick_start, tick_nimg, tick_losses = start, nimg, []
    total = cfg.max_steps if cfg.max_steps else int(budget_s)
    bar = tqdm(total=total, unit="step" if cfg.max_steps else "s", dynamic_ncols=True, disable=None,
               bar_format="{l_bar}{bar}| {elapsed}<{remaining} {postfix}")
    order = torch.randperm(len(data), device=device)
    cursor = 0
    stop_reason = ""
    while not stop_reason:
        # Draw a real batch, epoch by epoch.
        if cursor + cfg.batch > len(data):
            order, cursor = torch.randperm(len(data), device=device), 0
        real = to_images(data[order[cursor:cursor + cfg.batch]])
        cursor += cfg.batch
        progress = min((time.time() - start) / budget_s, 1.0)
        noise_std = cfg.instance_noise * (1 - progress)

        # (1) Update D: push real up, fake down. One fake batch serves both steps (as in pytorch/examples).
        fake = g(torch.randn(cfg.batch, cfg.latent_size, device=device))
        real_in, fake_in = real, fake.detach()
        if noise_std > 0:
            real_in = real_in + noise_std * torch.randn_like(real_in)
            fake_in = fake_in + noise_std * torch.randn_like(fake_in)
        real_logits = d(diff_augment(real_in, cfg.augment))
        fake_logits = d(diff_augment(fake_in, cfg.augment))
        loss_d = d_loss(cfg, real_logits, fake_logits)
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()

        # (2) Update G: make D call fakes real.
        fake_logits_g = d(diff_augment(fake, cfg.augment))
        loss_g = g_loss(cfg, fake_logits_g)
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()

        # (3) Average G.
        step += 1
        nimg += cfg.batch
        if use_ema:
            update_ema(g_ema, g, cfg, nimg)
        losses = torch.stack([loss_d.detach(), loss_g.detach(), real_logits.detach().mean(),
                              fake_logits.detach().mean()])
        tick_losses.append(losses)

        # Decide whether this step ends the run or the tick.
        now = time.time()
        elapsed = now - start
        bar.n = min(step if cfg.max_steps else int(elapsed), total)
        if step % 10 == 0:
            bar.set_postfix_str(f"step {step} | {(nimg - tick_nimg) / max(now - tick_start, 1e-9):.0f} img/s | "
                                f"D {loss_d.item():.3f} G {loss_g.item():.3f}", refresh=False)
            bar.refresh()
        if elapsed >= budget_s:
            stop_reason = "time budget spent"
        elif cfg.max_steps and step >= cfg.max_steps:
            stop_reason = "step limit reached"
        tick_due = (step % cfg.tick_steps == 0) if cfg.tick_steps else (now - tick_start >= cfg.tick_seconds)
        if not (tick_due or stop_reason):
            continue

        # Maintenance, once per tick: check health, then stats, samples, curves, checkpoint.
        mean_losses = torch.stack(tick_losses).mean(0).tolist()
        if not all(math.isfinite(v) for v in mean_losses):
            bar.close()
            raise DivergedError(f"losses became {mean_losses[:2]} (D, G) before step {step}; the last good "
                                f"checkpoint in {run} is kept. Lower --lr_d/--lr_g or resume from it.")
        tick += 1
        trained_seconds += now - tick_start
        if use_ema:
            refresh_batch_norm(g_ema, cfg.latent_size, device)
        sampler = g_ema if use_ema else g
        was_training = sampler.training
        sampler.eval()
        with torch.no_grad():
            samples = sampler(fixed_z).cpu().numpy()
        sampler.train(was_training)
        stats = {
            "tick": tick, "step": step, "kimg": round(nimg / 1000, 3), "minutes": round(trained_seconds / 60, 2),
            "img_per_s": round((nimg - tick_nimg) / max(now - tick_start, 1e-9), 1),
            "loss_d": round(mean_losses[0], 4), "loss_g": round(mean_losses[1], 4),
            "d_real": round(mean_losses[2], 4), "d_fake": round(mean_losses[3], 4),
            **{k: round(v, 4) for k, v in sample_stats(samples).items()},
            "device": device.type,
        }
        with open(run / "stats.jsonl", "a") as f:
            f.write(json.dumps(stats) + "\n")
        plots.save_grid(samples, run / "samples" / f"grid-{step:07d}.png")
        if reference is not None and (tick % cfg.metrics_ticks == 0 or stop_reason):
            records = metrics.measure(reference, generate(sampler, cfg.metrics_samples, cfg.latent_size, device,
                                                          seed=cfg.seed + 1))
            when = {"tick": tick, "step": step, "kimg": stats["kimg"], "minutes": stats["minutes"],
                    "n": cfg.metrics_samples, "features": reference.embed.meta["version"]}
            with open(run / "metrics.jsonl", "a") as f:
                f.writelines(json.dumps({**r, **when}) + "\n" for r in records)
            flat = metrics.flatten(records)
            bar.write(f"tick {tick} metrics: KID {flat['kid']:.4f} FID {flat['fid']:.2f} precision "
                      f"{flat['precision']:.3f} recall {flat['recall']:.3f} copies {flat['copies']:.3f} "
                      f"pepper {flat['pepper']:.2f} diversity {flat['diversity']:.3f}")
        if cfg.snapshot_ticks and tick % cfg.snapshot_ticks == 0:
            runs.save_snapshot(run, step, {"g": sampler.state_dict(), "step": step, "nimg": nimg,
                                           "trained_seconds": trained_seconds})
        plots.save_curves(run / "stats.jsonl", run / "curves.png")
        runs.save_checkpoint(run, {
            "g": g.state_dict(), "d": d.state_dict(), "g_ema": g_ema.state_dict(),
            "opt_g": opt_g.state_dict(), "opt_d": opt_d.state_dict(), "fixed_z": fixed_z.cpu(),
            "step": step, "nimg": nimg, "tick": tick, "trained_seconds": trained_seconds,
            "config": dataclasses.asdict(cfg), "resolution": resolution, "dataset": str(cfg.data),
            "device": device.type, "torch": torch.__version__,
        })
        bar.write(f"tick {tick}: step {step}, {stats['kimg']} kimg, {stats['img_per_s']} img/s, "
                  f"D {stats['loss_d']} G {stats['loss_g']}, ink {stats['ink']:.3f} blobs {stats['blob_share']:.2f} "
                  f"pepper {stats['pepper']:.2f}")
        tick_start, tick_nimg, tick_losses = time.time(), nimg, []

    bar.close()
    print(f"stopped: {stop_reason} after {step} steps ({nimg / 1000:.1f} kimg); checkpoint in {run}")
    return run

"""The training loop. Reads top to bottom: set up, then alternate D and G steps, with maintenance once per tick
(stats line, fixed-noise sample grid, loss curves, atomic checkpoint).

Recipes (config.py): the loss (hinge, BCE, or R3GAN's relativistic pairing loss) with optional R1 + R2 penalties,
lazily every reg_interval D steps; a spectral-norm or plain D with minibatch std, conditioned on the style by
projection when the run is conditional; DiffAugment on real and fake in both steps; Adam with every schedule a
function of images seen (schedules.py); an EMA of G with a ramp-up (StyleGAN2-ADA's rule) so early samples are not
a lagging average of random weights. The EMA generator is what gets sampled and exported.
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

from training import distributed, losses, metrics, networks, pixels, plots, runs, schedules
from training.augment import diff_augment
from training.config import TrainConfig, train_config_from
from training.dataset import load_groups, load_split, load_styles, synthetic
from training.errors import UserError, reading
from training.metrics import sample_stats

FIXED_NOISE = 64          # latents of the sample grid, the same at every tick and across resumes
BN_REFRESH_BATCHES = 8    # batches used to recompute the EMA generator's batch-norm statistics


class DivergedError(RuntimeError):
    pass


def pick_device(name: str) -> torch.device:
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name == "cuda" and not torch.cuda.is_available():
        raise UserError("--device cuda asked for, but PyTorch sees no CUDA device")
    return torch.device(name)


def d_loss(cfg: TrainConfig, real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    if cfg.loss == "hinge":
        return losses.d_hinge(real_logits, fake_logits)
    if cfg.loss == "relativistic":
        return losses.d_relativistic(real_logits, fake_logits)
    return losses.d_logistic(real_logits, fake_logits, cfg.label_smoothing)


def g_loss(cfg: TrainConfig, real_logits: torch.Tensor | None, fake_logits: torch.Tensor) -> torch.Tensor:
    if cfg.loss == "hinge":
        return losses.g_hinge(fake_logits)
    if cfg.loss == "relativistic":
        return losses.g_relativistic(real_logits, fake_logits)
    return losses.g_logistic(fake_logits)


@torch.no_grad()
def update_ema(g_ema: nn.Module, g: nn.Module, batch: int, half_life_img: float) -> None:
    beta = 0.5 ** (batch / max(half_life_img, 1e-8))
    for p_ema, p in zip(g_ema.parameters(), g.parameters()):
        p_ema.copy_(p.lerp(p_ema, beta))


@torch.no_grad()
def refresh_batch_norm(g: nn.Module, latent_size: int, styles: int, device: torch.device, batch: int = 64) -> None:
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
        z = torch.randn(batch, latent_size, generator=noise)
        style = one_hot(torch.randint(0, styles, (batch,), generator=noise), styles) if styles else None
        g(z.to(device), None if style is None else style.to(device))
    for m in bns:
        m.momentum = 0.1
    g.eval()


def one_hot(style: torch.Tensor, styles: int) -> torch.Tensor:
    return F.one_hot(style, styles).float()


def grid_styles(n: int, styles: int) -> torch.Tensor | None:
    """The sample grid's style per latent: one row of 8 per style, cycling, so every style shows at every tick."""
    return torch.arange(n) // 8 % styles if styles else None


def metrics_reference(cfg: TrainConfig) -> metrics.Reference | None:
    """The real side of the in-training metrics, or None (with the reason printed) when they cannot run."""
    if not cfg.metrics_ticks or cfg.dry_run:
        return None
    try:
        return metrics.Reference.build(cfg.data)
    except UserError as e:
        print(f"in-training metrics off: {e}")
        return None


def penalty_step(cfg: TrainConfig, d: nn.Module, opt_d: torch.optim.Optimizer, real: torch.Tensor,
                 fake: torch.Tensor, style: torch.Tensor | None, gamma: float) -> float:
    """Lazy R1 + R2: one extra D step on the penalties alone, weighted by the interval. Returns R1 + R2."""
    real_in = diff_augment(real, cfg.augment).detach().requires_grad_(True)
    fake_in = diff_augment(fake, cfg.augment).detach().requires_grad_(True)
    real_logits, fake_logits = d(real_in, style), d(fake_in, style)
    r1 = losses.zero_centered_penalty(real_logits, real_in)
    r2 = losses.zero_centered_penalty(fake_logits, fake_in)
    opt_d.zero_grad(set_to_none=True)
    # The zero term reaches every weight: biases do not appear in the penalty's graph (LeakyReLU is piecewise linear),
    # and DDP waits for a gradient of every parameter.
    ((r1 + r2) * (gamma / 2 * cfg.reg_interval) + 0 * (real_logits.sum() + fake_logits.sum())).backward()
    opt_d.step()
    return float(r1 + r2)


def set_optimizer(opt: torch.optim.Optimizer, lr: float, betas: tuple[float, float]) -> None:
    for group in opt.param_groups:
        group["lr"], group["betas"] = lr, betas


@torch.no_grad()
def generate(g: nn.Module, n: int, latent_size: int, styles: int, device: torch.device, seed: int,
             batch: int = 250, style_index: np.ndarray | None = None) -> np.ndarray:
    """n samples [n, R, R] from fixed-seed latents (the same at every evaluation); when conditional, in the styles
    given (style_index [n]) or in turn."""
    z = torch.randn(n, latent_size, generator=torch.Generator().manual_seed(seed))
    picks = torch.from_numpy(np.asarray(style_index)) if style_index is not None else torch.arange(n) % max(styles, 1)
    style = one_hot(picks, styles) if styles else None
    was_training = g.training
    g.eval()
    out = torch.cat([g(z[i:i + batch].to(device), None if style is None else style[i:i + batch].to(device)).cpu()
                     for i in range(0, n, batch)])[:, 0].numpy()
    g.train(was_training)
    return out


def record_resumption(cfg: TrainConfig, run: Path, sampler: nn.Module, ckpt: runs.Checkpoint, styles: int,
                      device: torch.device) -> None:
    """Where a resumed run stands, as one event line in stats.jsonl: images seen, minutes, the C2ST against the
    held-out symbols (one generated symbol per held-out one, in its style) and a sample sheet."""
    from training.data.styles import STYLES
    from training.metrics.c2st import c2st
    start = time.time()
    holdout = load_split(cfg.data, "holdout")
    held_styles = np.clip(load_styles(cfg.data, "holdout"), 0, None)
    fake = generate(sampler, len(holdout), cfg.latent_size, styles, device, seed=cfg.seed + 2, style_index=held_styles)
    test = c2st(pixels.site_mask(pixels.u8_to_unit(holdout)), pixels.site_mask(fake), held_styles if styles else None,
                [s.id for s in STYLES] if styles else None, groups=load_groups(cfg.data, "holdout"))
    sheet = run / "samples" / f"resume-{ckpt.step:07d}.png"
    with torch.no_grad():
        plots.save_grid(np.where(pixels.site_mask(fake[:64]), -1.0, 1.0), sheet, scale=2)
    event = {"event": "resumed", "step": ckpt.step, "kimg": round(ckpt.nimg / 1000, 3),
             "minutes": round(ckpt.trained_seconds / 60, 2), "cpu_minutes": round(ckpt.cpu_seconds / 60, 2),
             "c2st": test["accuracy"], "c2st_pairs": test["n"], "c2st_epochs": test["epochs"],
             "c2st_per_style": test.get("per_style"),
             "sheet": str(sheet.relative_to(run)), "seconds_to_measure": round(time.time() - start, 1)}
    with open(run / "stats.jsonl", "a") as f:
        f.write(json.dumps(event) + "\n")
    print(f"resumed at {event['kimg']} kimg ({event['minutes']} min): C2ST {test['accuracy']:.3f} "
          f"(0.5 = indistinguishable); sheet {sheet}")


def train(cfg: TrainConfig) -> Path:
    """Runs one training session to its time or step budget; returns the run folder. Under torchrun, every process
    runs this with its own shard of the data (distributed.py says what is synchronized)."""
    world = distributed.init(pick_device(cfg.device).type)
    try:
        return _train(cfg, world)
    finally:
        distributed.close(world)


def _train(cfg: TrainConfig, world: distributed.World) -> Path:
    # Set up the device and threads.
    device = pick_device(cfg.device)
    if device.type == "cuda":
        device = torch.device("cuda", world.local_rank)
        torch.cuda.set_device(device)
        torch.backends.cudnn.benchmark = True
    torch.set_num_threads(cfg.threads or max(1, (os.cpu_count() or 1) // world.size))   # Debian's torch starts with 1

    # Resume or start a run folder (rank 0 picks it; every rank reads the same checkpoint).
    ckpt = None
    if cfg.resume:
        run = Path(distributed.share(world, str(runs.find_run(cfg.runs, cfg.resume)) if world.is_main else None))
        ckpt = runs.load_checkpoint(run)
        budget = {k: getattr(cfg, k) for k in ("minutes", "budget_clock", "max_steps", "tick_seconds", "tick_steps",
                                               "device", "threads", "c2st_on_resume", "carry")}
        cfg = dataclasses.replace(train_config_from(ckpt.config), resume=cfg.resume, **budget)
    else:
        if world.is_main:
            run = runs.new_run_dir(cfg.runs, ("dry-run-" if cfg.dry_run else "") + (cfg.desc or cfg.preset))
            runs.write_json(run / "options.json", {**dataclasses.asdict(cfg), "world_size": world.size,
                                                   "global_batch": cfg.batch * world.size})
        run = Path(distributed.share(world, str(run) if world.is_main else None))
    torch.manual_seed(cfg.seed + (ckpt.step if ckpt else 0))    # the same initial weights on every rank

    # Load the dataset onto the device, as uint8 (a quarter of the memory of floats), with each image's style.
    styles = cfg.styles_count()
    if cfg.dry_run:
        data_np = synthetic(64, 32, cfg.seed)
        labels_np = np.arange(len(data_np)) % max(styles, 1)
    else:
        data_np = load_split(cfg.data, "train")
        labels_np = load_styles(cfg.data, "train") if styles else np.zeros(len(data_np), np.int64)
    if styles:
        keep = labels_np >= 0          # images of no listed style cannot be conditioned on
        if not keep.all():
            print(f"conditional: leaving out {int((~keep).sum())} images of no listed style")
        data_np, labels_np = data_np[keep], labels_np[keep]
    data = torch.from_numpy(np.ascontiguousarray(data_np)).to(device)
    labels = torch.from_numpy(np.ascontiguousarray(labels_np)).to(device)
    resolution = data.shape[-1]
    if resolution & (resolution - 1) or resolution < 8:
        raise UserError(f"dataset resolution {resolution} is not a power of two >= 8")

    # Build the networks, the EMA copy and the optimisers (D's shortened for lazy regularization).
    g, d = networks.build(cfg, resolution)
    g, d = g.to(device), d.to(device)
    g_ema = copy.deepcopy(g).eval().requires_grad_(False)
    torch.manual_seed(cfg.seed + (ckpt.step if ckpt else 0) + 1_000_003 * world.rank)   # each rank its own noise
    lazy = cfg.gamma > 0 and cfg.reg_interval > 1
    opt_g = torch.optim.Adam(g.parameters(), lr=cfg.lr_g, betas=(cfg.beta1, cfg.beta2))
    opt_d = torch.optim.Adam(d.parameters(), lr=cfg.lr_d, betas=(cfg.beta1, cfg.beta2))
    fixed_z = torch.randn(FIXED_NOISE, cfg.latent_size, generator=torch.Generator().manual_seed(cfg.seed))
    fixed_style = grid_styles(FIXED_NOISE, styles)
    step, nimg, trained_seconds, cpu_seconds, tick = 0, 0, 0.0, 0.0, 0
    if ckpt:
        with reading(run / runs.CHECKPOINT, "weights that do not fit the run's own options"):
            g.load_state_dict(ckpt.g); d.load_state_dict(ckpt.d); g_ema.load_state_dict(ckpt.g_ema)
            opt_g.load_state_dict(ckpt.opt_g); opt_d.load_state_dict(ckpt.opt_d)
        fixed_z = ckpt.fixed_z
        fixed_style = ckpt.fixed_style if ckpt.fixed_style is not None else fixed_style
        step, nimg, trained_seconds, cpu_seconds, tick = (ckpt.step, ckpt.nimg, ckpt.trained_seconds,
                                                          ckpt.cpu_seconds, ckpt.tick)
    fixed_z = fixed_z.to(device)
    fixed_onehot = one_hot(fixed_style, styles).to(device) if styles else None
    use_ema = cfg.uses_ema()
    g_train, d_train = distributed.wrap(g, world, device), distributed.wrap(d, world, device)   # DDP when world > 1
    step_images = cfg.batch * world.size                          # images per step, over every process

    reference = metrics_reference(cfg) if world.is_main else None
    if ckpt and cfg.c2st_on_resume and not cfg.dry_run and world.is_main:
        refresh_batch_norm(g_ema, cfg.latent_size, styles, device)
        record_resumption(cfg, run, g_ema if use_ema else g, ckpt, styles, device)
    distributed.barrier(world)

    n_params = sum(p.numel() for p in g.parameters())
    if world.is_main:
        print(f"run {run} | {len(data)} images at {resolution}px | {styles or 'no'} styles | G {n_params / 1e6:.2f}M "
              f"params | {cfg.loss} loss{f', gamma {cfg.gamma} every {cfg.reg_interval}' if cfg.gamma else ''} | "
              f"{device} | world size {world.size}, batch {cfg.batch} per process, {step_images} per step | "
              f"{'resuming at step ' + str(step) if ckpt else 'new run'}")

    # Train until the budget is spent (on the wall clock or this process's CPU time).
    clock = time.process_time if cfg.budget_clock == "cpu" else time.time
    budget_s = cfg.minutes * 60
    start = clock()
    tick_start, tick_cpu, tick_nimg, tick_losses, tick_penalty = time.time(), time.process_time(), nimg, [], []
    total = cfg.max_steps if cfg.max_steps else int(budget_s)
    bar = tqdm(total=total, unit="step" if cfg.max_steps else "s", dynamic_ncols=True,
               disable=None if world.is_main else True, bar_format="{l_bar}{bar}| {elapsed}<{remaining} {postfix}")
    shard = distributed.sampler(len(data), world, cfg.seed)
    epoch = nimg // max(len(data), 1)

    def epoch_order() -> torch.Tensor:
        if shard is None:
            return torch.randperm(len(data), device=device)
        shard.set_epoch(epoch)
        return torch.tensor(list(shard), device=device)

    order, cursor = epoch_order(), 0
    stop_reason = ""
    while not stop_reason:
        # Draw a real batch, epoch by epoch; fakes are drawn in the same styles, so each pair shares its style.
        if cursor + cfg.batch > len(order):
            epoch += 1
            order, cursor = epoch_order(), 0
        pick = order[cursor:cursor + cfg.batch]
        real = pixels.u8_to_tensor(data[pick])
        style = one_hot(labels[pick], styles) if styles else None
        cursor += cfg.batch
        progress = min((clock() - start) / budget_s, 1.0)
        noise_std = cfg.instance_noise * (1 - progress)
        sched = schedules.at(cfg, nimg)
        d_lr, d_betas = losses.lazy_adam(sched.lr_d, cfg.beta1, sched.beta2, cfg.reg_interval if lazy else 1)
        set_optimizer(opt_d, d_lr, d_betas)
        set_optimizer(opt_g, sched.lr_g, (cfg.beta1, sched.beta2))

        # (1) Update D: push real up, fake down. One fake batch serves both steps (as in pytorch/examples).
        fake = g_train(torch.randn(cfg.batch, cfg.latent_size, device=device), style)
        real_in, fake_in = real, fake.detach()
        if noise_std > 0:
            real_in = real_in + noise_std * torch.randn_like(real_in)
            fake_in = fake_in + noise_std * torch.randn_like(fake_in)
        real_logits = d_train(diff_augment(real_in, cfg.augment), style)
        fake_logits = d_train(diff_augment(fake_in, cfg.augment), style)
        loss_d = d_loss(cfg, real_logits, fake_logits)
        if cfg.gamma > 0 and not lazy:                       # penalties every step, in the same update
            real_p = diff_augment(real, cfg.augment).detach().requires_grad_(True)
            fake_p = diff_augment(fake.detach(), cfg.augment).requires_grad_(True)
            penalty = (losses.zero_centered_penalty(d_train(real_p, style), real_p)
                       + losses.zero_centered_penalty(d_train(fake_p, style), fake_p))
            loss_d = loss_d + sched.gamma / 2 * penalty
            tick_penalty.append(float(penalty))
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        if lazy and step % cfg.reg_interval == 0:           # (1b) lazy R1 + R2 every reg_interval D steps
            tick_penalty.append(penalty_step(cfg, d_train, opt_d, real, fake.detach(), style, sched.gamma))

        # (2) Update G: make D call fakes real (relative to a fresh look at the same reals, for the pairing loss).
        real_logits_g = None
        if cfg.loss == "relativistic":
            with torch.no_grad():
                real_logits_g = d_train(diff_augment(real, cfg.augment), style)
        fake_logits_g = d_train(diff_augment(fake, cfg.augment), style)
        fake_logits_g, real_logits_g = losses.top_k(fake_logits_g, real_logits_g, sched.topk_share)
        loss_g = g_loss(cfg, real_logits_g, fake_logits_g)
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()

        # (3) Average G.
        step += 1
        nimg += step_images
        if use_ema:
            update_ema(g_ema, g, step_images, sched.ema_half_life_img)
        tick_losses.append(torch.stack([loss_d.detach(), loss_g.detach(), real_logits.detach().mean(),
                                        fake_logits.detach().mean()]))

        # Decide whether this step ends the run or the tick.
        now = time.time()
        spent = clock() - start
        bar.n = min(step if cfg.max_steps else int(spent), total)
        if step % 10 == 0:
            bar.set_postfix_str(f"step {step} | {(nimg - tick_nimg) / max(now - tick_start, 1e-9):.0f} img/s | "
                                f"D {loss_d.item():.3f} G {loss_g.item():.3f}", refresh=False)
            bar.refresh()
        out_of_time, tick_due = distributed.agree(   # every rank stops and ticks at the same step
            world, spent >= budget_s,
            (step % cfg.tick_steps == 0) if cfg.tick_steps else (now - tick_start >= cfg.tick_seconds))
        if out_of_time:
            stop_reason = "time budget spent"
        elif cfg.max_steps and step >= cfg.max_steps:
            stop_reason = "step limit reached"
        if not (tick_due or stop_reason):
            continue

        # Maintenance, once per tick: check health (on every rank), then rank 0 writes stats, samples, curves,
        # the checkpoint.
        mean_losses = torch.stack(tick_losses).mean(0).tolist()
        (diverged,) = distributed.agree(world, not all(math.isfinite(v) for v in mean_losses + tick_penalty))
        if diverged:
            bar.close()
            raise DivergedError(f"losses became {mean_losses[:2]} (D, G) before step {step}; the last good "
                                f"checkpoint in {run} is kept. Lower --lr_d/--lr_g or resume from it.")
        if not world.is_main:
            tick_start, tick_cpu, tick_nimg, tick_losses, tick_penalty = time.time(), time.process_time(), nimg, [], []
            continue
        tick += 1
        trained_seconds += now - tick_start
        cpu_seconds += time.process_time() - tick_cpu
        if use_ema:
            refresh_batch_norm(g_ema, cfg.latent_size, styles, device)
        sampler = g_ema if use_ema else g
        was_training = sampler.training
        sampler.eval()
        with torch.no_grad():
            samples = sampler(fixed_z, fixed_onehot).cpu().numpy()
        sampler.train(was_training)
        stats = {
            "tick": tick, "step": step, "kimg": round(nimg / 1000, 3), "minutes": round(trained_seconds / 60, 2),
            "cpu_minutes": round(cpu_seconds / 60, 2),
            "img_per_s": round((nimg - tick_nimg) / max(now - tick_start, 1e-9), 1),
            "loss_d": round(mean_losses[0], 4), "loss_g": round(mean_losses[1], 4),
            "d_real": round(mean_losses[2], 4), "d_fake": round(mean_losses[3], 4),
            **({"r1_r2": round(float(np.mean(tick_penalty)), 4), "gamma": round(sched.gamma, 5),
                "lr_g": float(f"{sched.lr_g:.4g}")} if tick_penalty else {}),
            **{k: round(v, 4) for k, v in sample_stats(samples).items()},
            "device": device.type,
        }
        with open(run / "stats.jsonl", "a") as f:
            f.write(json.dumps(stats) + "\n")
        plots.save_grid(samples, run / "samples" / f"grid-{step:07d}.png")
        if reference is not None and (tick % cfg.metrics_ticks == 0 or stop_reason):
            records = metrics.measure(reference, generate(sampler, cfg.metrics_samples, cfg.latent_size, styles,
                                                          device, seed=cfg.seed + 1))
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
        checkpoint = runs.Checkpoint(
            g=g.state_dict(), d=d.state_dict(), g_ema=g_ema.state_dict(), opt_g=opt_g.state_dict(),
            opt_d=opt_d.state_dict(), fixed_z=fixed_z.cpu(), fixed_style=fixed_style, step=step, nimg=nimg,
            tick=tick, trained_seconds=trained_seconds, cpu_seconds=cpu_seconds,
            config={**dataclasses.asdict(cfg), "carry": "", "resume": ""}, resolution=resolution,
            dataset="" if cfg.dry_run else str(cfg.data), device=device.type, torch=str(torch.__version__))
        runs.save_checkpoint(run, checkpoint)
        if cfg.carry:
            runs.save_carry(run, checkpoint, cfg.carry)
        bar.write(f"tick {tick}: step {step}, {stats['kimg']} kimg, {stats['img_per_s']} img/s, "
                  f"D {stats['loss_d']} G {stats['loss_g']}, ink {stats['ink']:.3f} blobs {stats['blob_share']:.2f} "
                  f"pepper {stats['pepper']:.2f}")
        tick_start, tick_cpu, tick_nimg, tick_losses, tick_penalty = time.time(), time.process_time(), nimg, [], []

    bar.close()
    if world.is_main:
        print(f"stopped: {stop_reason} after {step} steps ({nimg / 1000:.1f} kimg); checkpoint in {run}")
    if world.distributed:     # the tests compare these lines: DDP keeps every rank's weights identical
        print(f"rank {world.rank}: generator {distributed.checksum(g)} ema {distributed.checksum(g_ema)}", flush=True)
    return run

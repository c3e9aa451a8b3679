"""Training throughput: our recipe's step against a plain pytorch/examples-style DCGAN of about the same generator
size (ngf = ndf = 32: a 1.1M-parameter generator), measured side by side, interleaved, on this machine.

    python3 bench/train_speed.py [--rounds 5] [--steps 6] [--resolution 64] [--device cpu]

Prints the median img/s of each and their ratio. Run with nothing else busy; the machine is noisy.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from training.augment import diff_augment  # noqa: E402
from training.config import TrainConfig  # noqa: E402
from training.loop import d_loss, g_loss  # noqa: E402
from training.networks import SeedDiscriminator, SeedGenerator, build, init_dcgan  # noqa: E402


def ours(cfg: TrainConfig, resolution: int, device):
    g, d = (m.to(device) for m in build(cfg, resolution))
    opt_g = torch.optim.Adam(g.parameters(), cfg.lr_g, betas=(cfg.beta1, cfg.beta2))
    opt_d = torch.optim.Adam(d.parameters(), cfg.lr_d, betas=(cfg.beta1, cfg.beta2))
    real = torch.rand(cfg.batch, 1, resolution, resolution, device=device) * 2 - 1

    def step():   # the same sequence of work as one iteration of training/loop.py
        fake = g(torch.randn(cfg.batch, cfg.latent_size, device=device))
        loss = d_loss(cfg, d(diff_augment(real, cfg.augment)), d(diff_augment(fake.detach(), cfg.augment)))
        opt_d.zero_grad(set_to_none=True); loss.backward(); opt_d.step()
        loss = g_loss(cfg, None, d(diff_augment(fake, cfg.augment)))   # hinge: no real logits needed
        opt_g.zero_grad(set_to_none=True); loss.backward(); opt_g.step()
    return step, cfg.batch


def examples_dcgan(resolution: int, device, batch: int = 64):
    """pytorch/examples dcgan/main.py's step: one fake batch reused for D and G, BCE."""
    g = SeedGenerator(100, resolution, width=32 * 8, min_width=32).to(device)
    d = SeedDiscriminator(resolution, width=32, max_width=256).to(device)
    init_dcgan(g); init_dcgan(d)
    opt_g = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999))
    real = torch.rand(batch, 1, resolution, resolution, device=device) * 2 - 1
    ones, zeros = torch.ones(batch, device=device), torch.zeros(batch, device=device)

    def step():
        d.zero_grad()
        err_real = F.binary_cross_entropy_with_logits(d(real), ones)
        fake = g(torch.randn(batch, 100, device=device))
        err_fake = F.binary_cross_entropy_with_logits(d(fake.detach()), zeros)
        (err_real + err_fake).backward(); opt_d.step()
        g.zero_grad()
        F.binary_cross_entropy_with_logits(d(fake), ones).backward(); opt_g.step()
    return step, batch, sum(p.numel() for p in g.parameters())


def timed(step, batch: int, steps: int) -> float:
    step()   # warm-up
    start = time.perf_counter()
    for _ in range(steps):
        step()
    return steps * batch / (time.perf_counter() - start)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--steps", type=int, default=6)
    p.add_argument("--resolution", type=int, default=64)
    p.add_argument("--device", default="cpu")
    a = p.parse_args()
    torch.set_num_threads(os.cpu_count() or 1)
    device = torch.device(a.device)
    cfg = TrainConfig()
    our_step, our_batch = ours(cfg, a.resolution, device)
    ex_step, ex_batch, ex_params = examples_dcgan(a.resolution, device)
    our_params = sum(p.numel() for p in build(cfg, a.resolution)[0].parameters())
    ours_ips, ex_ips = [], []
    for _ in range(a.rounds):
        ours_ips.append(timed(our_step, our_batch, a.steps))
        ex_ips.append(timed(ex_step, ex_batch, a.steps))
    mo, me = statistics.median(ours_ips), statistics.median(ex_ips)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {a.device}, {a.resolution}px, "
          f"{a.rounds} interleaved rounds of {a.steps} steps")
    print(f"ours (G {our_params / 1e6:.2f}M, batch {our_batch}, DiffAugment, SN, mbstd): median {mo:.1f} img/s")
    print(f"pytorch/examples DCGAN (G {ex_params / 1e6:.2f}M, batch {ex_batch}):          median {me:.1f} img/s")
    print(f"ratio ours/examples: {mo / me:.2f}")


if __name__ == "__main__":
    main()

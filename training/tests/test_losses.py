"""The R3GAN objective: relativistic pairing loss, zero-centred R1/R2 penalties, lazy regularization, schedules."""
import math

import pytest
import torch

from training import losses, schedules
from training.config import TrainConfig, apply_preset


def test_relativistic_losses_are_finite_and_depend_only_on_the_difference():
    real, fake = torch.randn(16), torch.randn(16)
    d, g = losses.d_relativistic(real, fake), losses.g_relativistic(real, fake)
    assert torch.isfinite(d) and torch.isfinite(g)
    assert torch.allclose(losses.d_relativistic(real + 3, fake + 3), d)    # a shared offset is invisible
    assert d.item() == pytest.approx(math.log(2), abs=1e-6) if torch.equal(real, fake) else d.item() > 0


def test_relativistic_d_loss_falls_as_reals_outscore_their_fakes():
    fake = torch.zeros(8)
    assert losses.d_relativistic(fake + 4, fake) < losses.d_relativistic(fake, fake) < losses.d_relativistic(fake - 4, fake)


def test_penalty_is_zero_for_a_constant_discriminator_and_positive_for_a_slope():
    x = torch.randn(4, 1, 8, 8, requires_grad=True)
    constant = (x * 0).sum(dim=[1, 2, 3]) + 5.0
    assert losses.zero_centered_penalty(constant, x).item() == 0.0
    x = torch.randn(4, 1, 8, 8, requires_grad=True)
    slope = 2.0 * x.sum(dim=[1, 2, 3])                         # gradient 2 at each of 64 pixels: |grad|^2 = 256
    assert losses.zero_centered_penalty(slope, x).item() == pytest.approx(256.0)


def test_penalty_is_differentiable_with_respect_to_the_discriminator():
    w = torch.tensor(3.0, requires_grad=True)
    x = torch.randn(2, 1, 4, 4, requires_grad=True)
    penalty = losses.zero_centered_penalty(w * x.sum(dim=[1, 2, 3]), x)   # = 16 w^2
    (grad,) = torch.autograd.grad(penalty, w)
    assert grad.item() == pytest.approx(2 * 16 * 3.0)


def test_lazy_adam_scales_lr_and_betas_by_n_over_n_plus_one():
    lr, (b1, b2) = losses.lazy_adam(2e-4, 0.5, 0.99, 16)
    c = 16 / 17
    assert lr == pytest.approx(2e-4 * c) and b1 == pytest.approx(0.5 ** c) and b2 == pytest.approx(0.99 ** c)
    assert losses.lazy_adam(2e-4, 0.0, 0.99, 1) == (2e-4, (0.0, 0.99))     # not lazy: unchanged


def test_schedules_run_from_start_to_end_values_and_are_constant_without_a_horizon():
    cfg = apply_preset(TrainConfig(preset="rpgan"), set())
    first, last = schedules.at(cfg, 0), schedules.at(cfg, int(cfg.schedule_kimg * 1000) * 2)
    assert first.lr_g == pytest.approx(cfg.lr_g) and last.lr_g == pytest.approx(cfg.lr_g * cfg.lr_end)
    assert first.gamma == pytest.approx(cfg.gamma) and last.gamma == pytest.approx(cfg.gamma * cfg.gamma_end)
    assert first.beta2 == pytest.approx(cfg.beta2_start) and last.beta2 == pytest.approx(cfg.beta2)
    flat = TrainConfig()
    assert schedules.at(flat, 0).lr_g == schedules.at(flat, 10**7).lr_g == flat.lr_g


def test_ema_half_life_ramps_up_with_images_seen():
    cfg = TrainConfig(ema_half_life_kimg=5.0, ema_rampup=0.05)
    assert schedules.at(cfg, 1000).ema_half_life_img == pytest.approx(50)
    assert schedules.at(cfg, 10**7).ema_half_life_img == pytest.approx(5000)
    assert schedules.at(TrainConfig(ema_half_life_kimg=0.0), 1000).ema_half_life_img == 0.0


def test_top_k_keeps_the_best_scored_fakes_with_their_paired_reals():
    fake, real = torch.tensor([0.1, 3.0, -2.0, 1.0]), torch.tensor([10.0, 11.0, 12.0, 13.0])
    kept_fake, kept_real = losses.top_k(fake, real, 0.5)
    assert kept_fake.tolist() == [3.0, 1.0] and kept_real.tolist() == [11.0, 13.0]
    all_fake, all_real = losses.top_k(fake, real, 1.0)
    assert all_fake is fake and all_real is real
    assert losses.top_k(fake, None, 0.01)[0].tolist() == [3.0]        # never fewer than one


def test_top_k_passes_gradients_only_to_the_kept_fakes():
    fake = torch.tensor([0.0, 2.0, 1.0, -1.0], requires_grad=True)
    kept, _ = losses.top_k(fake, None, 0.5)
    kept.sum().backward()
    assert fake.grad.tolist() == [0.0, 1.0, 1.0, 0.0]


def test_top_k_share_falls_from_all_to_its_floor_over_topk_kimg():
    cfg = apply_preset(TrainConfig(preset="rpgan-topk"), set())
    assert schedules.at(cfg, 0).topk_share == 1.0
    assert 0.5 < schedules.at(cfg, 50_000).topk_share < 1.0
    assert schedules.at(cfg, 100_000).topk_share == pytest.approx(0.5)
    assert schedules.at(TrainConfig(), 10**7).topk_share == 1.0      # off by default

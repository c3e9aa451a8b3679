import pytest
import torch

from training.config import TrainConfig
from training.networks import Discriminator, Generator, SeedDiscriminator, SeedGenerator, build


@pytest.mark.parametrize("resolution", [32, 64, 128])
def test_generator_and_discriminator_shapes(resolution):
    g, d = Generator(resolution=resolution), Discriminator(resolution=resolution)
    x = g(torch.randn(3, 100))
    assert x.shape == (3, 1, resolution, resolution)
    assert x.min() >= -1 and x.max() <= 1
    assert d(x).shape == (3,)


def test_seed_dcgan_shapes():
    cfg = TrainConfig(preset="seed-dcgan", g_width=512, g_min_width=64, d_width=64, d_max_width=512)
    g, d = build(cfg, 64)
    assert isinstance(g, SeedGenerator) and isinstance(d, SeedDiscriminator)
    x = g(torch.randn(2, 100))
    assert x.shape == (2, 1, 64, 64) and d(x).shape == (2,)


def test_default_generator_fits_the_one_megabyte_budget_as_uint8():
    g, _ = build(TrainConfig(), 64)
    assert sum(p.numel() for p in g.parameters()) < 1_000_000   # one byte per weight once quantized


def test_minibatch_std_handles_odd_batches():
    d = Discriminator(resolution=32)
    assert d(torch.randn(5, 1, 32, 32)).shape == (5,)


def test_the_wide_generator_has_two_convs_per_scale_and_fits_the_model_folder_budget():
    from training.config import apply_preset
    g, d = build(apply_preset(TrainConfig(preset="rpgan-wide", conditional=True), set()), 64)
    assert all("conv2" in block for block in g.blocks)
    assert 1_500_000 < sum(p.numel() for p in g.parameters()) < 4_000_000   # uint8: well under the 5 MB folder
    x = g(torch.randn(2, 100), torch.eye(9)[:2])
    assert x.shape == (2, 1, 64, 64) and d(x, torch.eye(9)[:2]).shape == (2,)

"""Conditioning on the style: one input (latent then one-hot), a projection discriminator, styles from the corpus,
and an export that round-trips through the TensorFlow.js layers with golden values."""
import json

import numpy as np
import pytest
import torch

from training import sources, tfjs
from training.config import ExportConfig, TrainConfig
from training.data.styles import STYLES, index_of, style_of
from training.export import export
from training.loop import train
from training.networks import Discriminator, Generator, ResidualGenerator


def one_hot(i, n=len(STYLES), b=4):
    return torch.eye(n)[torch.full((b,), i)]


@pytest.mark.parametrize("make", [lambda: Generator(resolution=32, width=64, min_width=16, styles=len(STYLES)),
                                  lambda: ResidualGenerator(resolution=32, width=64, min_width=16, styles=len(STYLES))])
def test_the_one_hot_changes_the_generator_output(make):
    torch.manual_seed(0)
    g = make().eval()
    z = torch.randn(4, 100)
    a, b = g(z, one_hot(0)), g(z, one_hot(5))
    assert a.shape == (4, 1, 32, 32) and (a - b).abs().max() > 1e-3
    assert torch.equal(g(z, one_hot(0)), a)


def test_a_conditional_generator_refuses_a_missing_style():
    g = Generator(resolution=32, width=32, min_width=8, styles=3)
    with pytest.raises(ValueError, match="one-hot"):
        g(torch.randn(2, 100))


def test_the_projection_discriminator_depends_on_the_style():
    torch.manual_seed(0)
    d = Discriminator(resolution=32, styles=len(STYLES), spectral=False)
    x = torch.randn(4, 1, 32, 32)
    assert (d(x, one_hot(1)) - d(x, one_hot(2))).abs().max() > 0


def test_every_corpus_kind_has_a_style_and_ids_are_unique():
    assert len({s.id for s in STYLES}) == len(STYLES) and 6 <= len(STYLES) <= 10
    assert style_of("sigils", "kamea") == "kamea" and style_of("hershey", "astrology") == "astrological"
    assert style_of("images", "png") == "other"
    assert index_of("seal") == len(STYLES) - 1
    with pytest.raises(KeyError, match="choose from"):
        index_of("emoji")


def test_conditional_export_round_trips_with_golden_values(tmp_path):
    run = train(TrainConfig(runs=str(tmp_path / "runs"), dry_run=True, conditional=True, preset="rpgan",
                            loss="relativistic", gamma=0.5, d_spectral_norm=False, max_steps=2, tick_steps=2,
                            batch=8, g_width=32, g_min_width=8, d_width=8, metrics_ticks=0))
    folder = export(ExportConfig(run=str(run), models=str(tmp_path / "models"), model_id="cond-test", golden=3,
                                 c2st_epochs=1))
    index = json.loads((tmp_path / "models" / "index.json").read_text())
    assert [s["id"] for s in index["models"][0]["styles"]] == [s.id for s in STYLES]
    golden = json.loads((folder / "golden.json").read_text())
    model = json.loads((folder / "model.json").read_text())
    first = model["modelTopology"]["config"]["layers"][0]["config"]
    assert first["batch_input_shape"] == [None, 100 + len(STYLES)]      # latent then one-hot: one input
    layers = tfjs.read(folder)
    x = np.concatenate([np.asarray(golden["latents"], np.float32),
                        np.eye(len(STYLES), dtype=np.float32)[golden["styles"]]], axis=1)
    out = tfjs.forward(layers, x)
    assert np.abs(out.reshape(len(x), -1) - np.asarray(golden["outputs"])).max() <= golden["atol"]
    # The source API draws the same symbols from the run (float weights) and the folder (uint8), style by style.
    from_run, from_folder = sources.open_source(str(run)), sources.open_model(folder)
    a, styles = from_run.sample(16, seed=3, clean=False)
    b, _ = from_folder.sample(16, seed=3, clean=False)
    assert list(styles) == [i % len(STYLES) for i in range(16)]
    assert ((a < 0) == (b < 0)).mean() > 0.95

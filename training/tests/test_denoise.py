"""The denoiser: corruption does damage, the PyTorch module and its TensorFlow.js layers agree, training runs."""
import numpy as np
import torch

from training import denoise, tfjs
from training.dataset import synthetic
from training.networks import Denoiser


def clean_batch(n=8, res=32):
    return torch.from_numpy(synthetic(n, res, seed=2)).unsqueeze(1).float() / 127.5 - 1


def test_corruption_changes_pixels_but_keeps_the_range():
    clean = clean_batch()
    noisy = denoise.corrupt(clean, denoise.DenoiseConfig(), torch.Generator().manual_seed(0))
    assert noisy.shape == clean.shape
    assert noisy.min() >= -1 and noisy.max() <= 1
    assert ((noisy < 0) != (clean < 0)).float().mean() > 0.005


def test_exported_layers_compute_what_the_module_computes():
    torch.manual_seed(0)
    net = Denoiser().eval()
    images = clean_batch(4, 64)
    with torch.no_grad():
        want = net(images)[:, 0].numpy()
    got = tfjs.forward(denoise.fold(net), images[:, 0].numpy())
    assert np.abs(got - want).max() < 1e-5


def test_dry_run_writes_weights_and_a_cleaner(tmp_path):
    run = denoise.train_denoiser(denoise.DenoiseConfig(runs=str(tmp_path), dry_run=True, batch=4))
    assert (run / denoise.WEIGHTS_FILE).is_file() and (run / "before-after.png").is_file()
    out = denoise.load_cleaner(run)(np.ones((3, 32, 32), np.float32))
    assert out.shape == (3, 32, 32)


def test_a_model_folders_denoiser_can_be_reused_with_the_same_outputs():
    from pathlib import Path

    import numpy as np

    from training import denoise, tfjs
    folder = Path(__file__).resolve().parents[2] / "public/models/sigil-64-20261123-2"   # folders are never removed
    net = denoise.load_network(folder)
    x = np.random.default_rng(0).uniform(-1, 1, (3, 64, 64)).astype(np.float32)
    shipped = tfjs.forward(tfjs.read(folder / "denoiser"), x)
    assert np.abs(tfjs.forward(denoise.fold(net), x) - shipped).max() < 1e-5
    _, _, decoded = tfjs.quantize(denoise.fold(net)[0].kernel, "uint8")
    assert np.abs(decoded - tfjs.read(folder / "denoiser")[0].kernel).max() < 1e-6   # same grid again
    assert denoise.summary(folder)["reusedFrom"] == folder.name

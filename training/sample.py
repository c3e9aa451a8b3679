"""python3 -m training sample: N symbols from a run or an exported model, to a folder or a .tar.gz.

From an exported model folder the samples come from the decoded TensorFlow.js weights, i.e. the symbols the site
shows; from a run they come from the checkpoint's EMA generator.
"""
from __future__ import annotations

import io
import tarfile
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from training import tfjs
from training.config import SampleConfig, TrainConfig
from training.export import load_generator
from training.metrics.sample_stats import SPECK_PIXELS
from training.runs import atomic_write, find_run, write_bytes

BATCH = 256


def despeckle(ink: np.ndarray) -> np.ndarray:
    """Remove 8-connected ink components smaller than SPECK_PIXELS from a binary image [H, W]."""
    from scipy import ndimage
    labels, n = ndimage.label(ink, structure=np.ones((3, 3), bool))
    if n == 0:
        return ink
    sizes = np.bincount(labels.ravel())
    sizes[0] = SPECK_PIXELS
    return sizes[labels] >= SPECK_PIXELS


def to_png(image: np.ndarray, binarize: bool, size: int) -> bytes:
    """[H, W] in [-1, 1] -> PNG bytes, ink black on white."""
    if binarize:
        pixels = np.where(despeckle(image < 0), 0, 255).astype(np.uint8)
    else:
        pixels = np.clip((image + 1) * 127.5, 0, 255).round().astype(np.uint8)
    img = Image.fromarray(pixels, "L")
    if size and size != img.width:
        img = img.resize((size, size), Image.NEAREST if binarize else Image.BICUBIC)
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def generator_for(source: str):
    """A function z [B, latent] -> images [B, R, R], and the latent size, for a model folder or a run."""
    path = Path(source)
    if (path / "model.json").is_file():
        layers = tfjs.read(path)
        return (lambda z: tfjs.forward(layers, z)), layers[0].kernel.shape[0]
    g, _ = load_generator(find_run(TrainConfig().runs if source == "latest" else ".", source))
    return (lambda z: g(torch.from_numpy(z))[:, 0].detach().numpy()), g.latent_size


def sample(cfg: SampleConfig) -> Path:
    if cfg.dry_run:
        from training.networks import Generator
        g = Generator(resolution=16, width=32, min_width=8).eval()
        generate, latent = (lambda z: g(torch.from_numpy(z))[:, 0].detach().numpy()), 100
    else:
        generate, latent = generator_for(cfg.run)
    rng = np.random.default_rng(cfg.seed)
    pngs = []
    with torch.no_grad():
        for start in range(0, cfg.n, BATCH):
            z = rng.standard_normal((min(BATCH, cfg.n - start), latent)).astype(np.float32)
            pngs += [to_png(img, cfg.binarize, cfg.size) for img in generate(z)]
    names = [f"symbol-{i:05d}.png" for i in range(len(pngs))]
    out = Path(cfg.out)
    if out.name.endswith(".tar.gz"):
        def write_tar(f):
            with tarfile.open(fileobj=f, mode="w:gz") as tar:
                for name, data in zip(names, pngs):
                    info = tarfile.TarInfo(f"{out.name[:-7]}/{name}")
                    info.size = len(data)
                    tar.addfile(info, io.BytesIO(data))
        atomic_write(out, write_tar)
    else:
        out.mkdir(parents=True, exist_ok=True)
        for name, data in zip(names, pngs):
            write_bytes(out / name, data)
    print(f"wrote {len(pngs)} symbols to {out}")
    return out

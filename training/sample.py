"""python3 -m training sample: N symbols from a run or an exported model, to a folder or a .tar.gz.

From an exported model folder the samples come from the decoded TensorFlow.js weights and its denoiser, i.e. the
symbols the site shows; from a run they come from the checkpoint's EMA generator. A conditional source cycles
through its styles (--style picks one).
"""
from __future__ import annotations

import io
import tarfile
from pathlib import Path

import numpy as np
from PIL import Image

from training import pixels, sources
from training.config import ConfigError, SampleConfig
from training.runs import atomic_write, write_bytes


def to_png(image: np.ndarray, binarize: bool, size: int) -> bytes:
    """[H, W] in [-1, 1] -> PNG bytes, ink black on white (binarized and despeckled as the site shows it)."""
    if binarize:
        values = np.where(pixels.site_mask(image[None])[0], 0, 255).astype(np.uint8)
    else:
        values = pixels.unit_to_u8(image)
    img = Image.fromarray(values, "L")
    if size and size != img.width:
        img = img.resize((size, size), Image.NEAREST if binarize else Image.BICUBIC)
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def open_for(cfg: SampleConfig) -> sources.Source:
    if not cfg.dry_run:
        return sources.open_source(cfg.run)
    import torch
    from training.networks import Generator
    torch.manual_seed(cfg.seed)
    g = Generator(resolution=16, width=32, min_width=8).eval()
    return sources.Source("dry-run", Path("."), "run", 100, 16, [], sources.torch_generate(g), module=g)


def sample(cfg: SampleConfig) -> Path:
    source = open_for(cfg)
    styles = None
    if cfg.style:
        ids = [s["id"] for s in source.styles]
        if cfg.style not in ids:
            raise ConfigError(f"--style {cfg.style!r}: {source.name} has "
                              + (f"styles {', '.join(ids)}" if ids else "no styles"))
        styles = np.full(cfg.n, ids.index(cfg.style))
    images, _ = source.sample(cfg.n, seed=cfg.seed, styles=styles)
    pngs = [to_png(img, cfg.binarize, cfg.size) for img in images]
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

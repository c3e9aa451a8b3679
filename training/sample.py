"""python3 -m training sample: N symbols from a run or an exported model, to a folder, a .tar.gz, or one sheet (.png).

From an exported model folder the samples come from the decoded TensorFlow.js weights and its denoiser, i.e. the
symbols the site shows; from a run they come from the checkpoint's EMA generator. A conditional source cycles
through its styles (--style picks one). With --page_scale each symbol is drawn as the page shows it, its outline
traced and filled by the site's own renderer (training/page_scale.py; along the field for a `subpixel` model), at
--size px (128 by default): the scale issue 28 asks sheets to be looked at.
"""
from __future__ import annotations

import io
import tarfile
from pathlib import Path

import numpy as np
from PIL import Image

from training import page_scale, pixels, plots, sources
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
    size = cfg.size
    if cfg.page_scale:
        size = size or page_scale.PAGE_SIZE
        drawn = page_scale.raster(pixels.site_mask(images), size, fields=images if source.subpixel else None)
        images, size = pixels.mask_to_unit(drawn), 0         # already at the size asked, already the site's ink
    out = Path(cfg.out)
    if out.suffix == ".png":                                   # one sheet, 8 to a row, ink black on white
        plots.save_grid(np.where(pixels.site_mask(images), -1.0, 1.0), out, scale=1)
        print(f"wrote a sheet of {len(images)} symbols to {out}")
        return out
    pngs = [to_png(img, cfg.binarize, size) for img in images]
    names = [f"symbol-{i:05d}.png" for i in range(len(pngs))]
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

"""Symbols at the page's scale (issue 28): the site traces a generated 64 px mask into outlines and shows them at
540 px, so what a visitor judges is the outline, not the bitmap. Here a mask becomes what the site draws at
PAGE_SIZE px through the site's own code (scripts/raster-masks.ts: lib/render's symbolFromField and its one
rasterizer), run by Node, so the drawing matches the site's by construction; a pixel is ink when the outline
covers at least half of it, the threshold a real image gets (pixels.site_mask: value < 0). The real side comes from
the corpus prepared at PAGE_SIZE (`python3 -m training prepare --resolution 128 --name symbols128`), binarized the
same way; check_corpus makes sure it splits glyphs as the 64 px corpus does.

Used by the page-scale C2ST (training/strong_c2st.py) and the blind sheet's --page_scale.

A machine without Node (the GPU machines) draws from a cache: raster(..., cache="<name>") keeps each drawing it
makes in training/cache/page-scale/<name>.npz beside the masks it drew, and where Node is missing it serves the
drawing of that name if the masks asked for are the same but for a few pixels (the generator's arithmetic on another
machine can flip a pixel whose value is a hair from 0). `evaluate --c2st_page_scale --dry_run` fills the cache.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from training.errors import UserError

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "raster-masks.ts"
PAGE_SIZE = 128
PAGE_DATA = "training/data/symbols128"
CACHE = ROOT / "training" / "cache" / "page-scale"
CACHE_AGREEMENT = 0.9999      # share of 64 px mask pixels that must agree to serve a cached drawing


class PageScaleError(UserError):
    """Node or the site's packages are missing, or the 128 px corpus does not match the 64 px one."""


def has_node() -> bool:
    return shutil.which("node") is not None and (ROOT / "node_modules" / "tsx").is_dir()


def raster(masks: np.ndarray, size: int = PAGE_SIZE, cache: str = "", fields: np.ndarray | None = None) -> np.ndarray:
    """bool masks [N, R, R] as the site shows them (pixels.site_mask) -> bool [N, size, size]: the traced outlines
    filled by the site's rasterizer at size px, ink where at least half covered. `fields`: the fields [N, R, R] those
    masks were cut from (after the source's clean-up), for a model whose outlines follow the field's sub-pixel edge
    (its index entry's `subpixel`, Source.subpixel): traced as the site traces them. With a cache name, the drawing is
    kept under it, and served from it where Node is missing (see the module docstring)."""
    masks = np.asarray(masks, dtype=bool)
    if not len(masks):
        return np.zeros((0, size, size), bool)
    if not has_node():
        return _cached(masks, size, cache)
    page = _draw(masks if fields is None else np.asarray(fields, np.float32).reshape(masks.shape), size)
    if cache:
        CACHE.mkdir(parents=True, exist_ok=True)
        np.savez(CACHE / f"{cache}.npz", masks=np.packbits(masks), shape=masks.shape, size=size,
                 page=np.packbits(page))
    return page


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _cached(masks: np.ndarray, size: int, cache: str) -> np.ndarray:
    path = CACHE / f"{cache}.npz"
    how = ("drawing at the page's scale runs the site's renderer: it needs Node and the site's packages (npm ci), "
           "or a drawing made where they are: run the same command with --dry_run there and bring "
           f"{_shown(CACHE)}/ along")
    if not cache or not path.is_file():
        raise PageScaleError(how + (f" (no {_shown(path)})" if cache else ""))
    with np.load(path) as z:
        shape, kept_size = tuple(int(v) for v in z["shape"]), int(z["size"])
        kept = np.unpackbits(z["masks"])[:int(np.prod(shape))].reshape(shape).astype(bool)
        page = np.unpackbits(z["page"])[:shape[0] * size * size].reshape(shape[0], size, size).astype(bool)
    if shape != masks.shape or kept_size != size:
        raise PageScaleError(f"{_shown(path)} holds {shape[0]} masks at {kept_size}px, not {len(masks)} at "
                             f"{size}px; " + how)
    agree = float((kept == masks).mean())
    if agree < CACHE_AGREEMENT:
        raise PageScaleError(f"{_shown(path)} was drawn from other masks ({agree:.4%} of pixels agree); "
                             + how)
    print(f"  page scale: {len(masks)} drawings of the site's renderer from {_shown(path)} "
          f"(its masks and these agree on {agree:.4%} of pixels)")
    return page


def _draw(masks: np.ndarray, size: int) -> np.ndarray:
    """bool masks, or float32 fields traced along their sub-pixel edge, through scripts/raster-masks.ts."""
    node = shutil.which("node")
    subpixel = masks.dtype == np.float32
    with tempfile.TemporaryDirectory(prefix="page-scale-") as tmp:
        src, out = Path(tmp) / "masks.npy", Path(tmp) / "page.npy"
        np.save(src, masks if subpixel else masks.astype(np.uint8))
        done = subprocess.run([str(node), "--import", "tsx", str(SCRIPT), str(src), str(out), "--size", str(size),
                               *(["--subpixel"] if subpixel else [])], cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"scripts/raster-masks.ts failed: {done.stderr.strip()}")
        page = np.load(out)
    if page.shape != (len(masks), size, size):
        raise RuntimeError(f"scripts/raster-masks.ts wrote {page.shape}, expected {(len(masks), size, size)}")
    return page.astype(bool)


def _groups_and_splits(data: str | Path) -> dict[str, str]:
    meta = Path(data) / "meta.jsonl"
    if not meta.is_file():
        raise PageScaleError(f"{data} has no meta.jsonl; prepare it first (python3 -m training prepare "
                             f"--resolution {PAGE_SIZE} --name {Path(PAGE_DATA).name})")
    out: dict[str, str] = {}
    with open(meta) as f:
        for i, line in enumerate(filter(str.strip, f)):
            m = json.loads(line)
            out[m.get("group", m.get("base", str(i)))] = m["split"]
    return out


def check_corpus(page_data: str | Path, data: str | Path) -> dict:
    """The page-scale corpus against the 64 px one: it must be prepared at PAGE_SIZE and put every glyph group the
    two share on the same side of the split (prepare splits by a hash of the group's name, so it does), else its
    held-out glyphs could be the 64 px model's training glyphs. Returns {"groups", "shared", "of"}: how many glyph
    groups it has and shares with the 64 px corpus (the near-duplicate filter and the sigils drawn at another size
    differ by a few percent)."""
    from training.dataset import load_split
    size = load_split(page_data, "holdout").shape[-1]
    if size != PAGE_SIZE:
        raise PageScaleError(f"{page_data} is {size}px; the page-scale test needs the corpus prepared at "
                             f"{PAGE_SIZE}px (python3 -m training prepare --resolution {PAGE_SIZE} --name symbols128)")
    page, base = _groups_and_splits(page_data), _groups_and_splits(data)
    shared = set(page) & set(base)
    crossed = sorted(g for g in shared if page[g] != base[g])
    if crossed:
        raise PageScaleError(f"{page_data} and {data} split {len(crossed)} glyph groups differently (e.g. "
                             f"{crossed[0]!r}): prepare both with the same --seed and --holdout")
    return {"groups": len(page), "shared": len(shared), "of": len(base)}

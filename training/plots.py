"""Pictures of a run: sample grids and loss curves (matplotlib without a display)."""
from __future__ import annotations

import io
import json
import math
from pathlib import Path

import numpy as np
from PIL import Image

from training.pixels import unit_to_u8
from training.runs import write_bytes


def grid_image(images: np.ndarray, pad: int = 2, cols: int = 0) -> Image.Image:
    """[N, (1,) H, W] floats in [-1, 1] -> one grayscale grid image, ink black on white, grey gutters.
    cols = 0 makes the grid about square."""
    images = np.asarray(images).reshape(len(images), images.shape[-2], images.shape[-1])
    n, h, w = images.shape
    cols = cols or math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)
    sheet = np.full((rows * (h + pad) + pad, cols * (w + pad) + pad), 160, np.uint8)
    pixels = unit_to_u8(images)
    for i, img in enumerate(pixels):
        r, c = divmod(i, cols)
        sheet[pad + r * (h + pad): pad + r * (h + pad) + h, pad + c * (w + pad): pad + c * (w + pad) + w] = img
    return Image.fromarray(sheet, "L")


def save_png(image: Image.Image, path: str | Path) -> None:
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=True)
    write_bytes(path, buf.getvalue())


def save_grid(images: np.ndarray, path: str | Path, scale: int = 1, rows: int = 0) -> None:
    """rows > 0 fixes the number of rows (e.g. samples above their nearest training images)."""
    image = grid_image(images, cols=math.ceil(len(images) / rows) if rows else 0)
    if scale > 1:
        image = image.resize((image.width * scale, image.height * scale), Image.NEAREST)
    save_png(image, path)


def save_curves(stats_path: str | Path, out: str | Path) -> None:
    """Loss and sample-statistics curves against training minutes, from stats.jsonl."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [json.loads(line) for line in open(stats_path) if line.strip()]
    rows = [r for r in rows if "loss_d" in r]
    if not rows:
        return
    minutes = [r["minutes"] for r in rows]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6))
    ax1.plot(minutes, [r["loss_d"] for r in rows], label="D loss")
    ax1.plot(minutes, [r["loss_g"] for r in rows], label="G loss")
    ax1.set_xlabel("training minutes")
    ax1.legend()
    for key in ("ink", "blob_share", "empty_share"):
        ax2.plot(minutes, [r[key] for r in rows], label=key)
    ax2.plot(minutes, [r["pepper"] / 10 for r in rows], label="pepper / 10")
    ax2.set_xlabel("training minutes")
    ax2.legend()
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90)
    plt.close(fig)
    write_bytes(out, buf.getvalue())

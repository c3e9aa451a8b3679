"""The one-page evaluation report (report.png) and the side-by-side comparison of several sources (compare.*).

A run's page: loss curves, metric curves against training minutes (from metrics.jsonl, or from --snapshots)
beside the C2ST measured at each resumption against kimg, the fixed-noise samples' evolution over training (the
seeds' "epoch 1, 10, 40, 70" strip), samples, the nearest-neighbour sheet, and the metrics with their real-vs-real
floor. A model folder's page has no history.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np

from training import plots
from training.runs import write_bytes

STRIP_STEPS = 6       # fixed-noise grids shown in the evolution strip
STRIP_SAMPLES = 8     # samples per grid in the strip
CURVE_KEYS = (("kid", "KID"), ("recall", "recall"), ("precision", "precision"), ("pepper", "pepper"))
C2ST_LABELS = {"c2st": "C2ST accuracy (0.5 = like real)", "c2st_strong": "C2ST, judge ladder (64px)",
               "c2st_page": "C2ST, judge ladder (page scale)"}


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def _save(fig, out: Path) -> None:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90)
    _pyplot().close(fig)
    write_bytes(out, buf.getvalue())


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in open(path) if line.strip()] if path.is_file() else []


def metric_curve(run: Path, result: dict) -> list[dict]:
    """Per-evaluation rows {minutes, kid, recall, ...}: the --snapshots curve, else the in-training metrics.jsonl."""
    if result.get("curve"):
        return result["curve"]
    rows: dict[int, dict] = {}
    for r in read_jsonl(run / "metrics.jsonl"):
        rows.setdefault(r["step"], {"minutes": r["minutes"]}).update(
            {k: v for k, v in r.items() if k not in ("metric", "tick", "step", "kimg", "n", "features")})
    return [rows[s] for s in sorted(rows)]


def resumption_c2st(run: Path) -> list[tuple[float, float]]:
    """(kimg, C2ST accuracy) at each resumption: a run trained in sessions (the long one) records no metric ticks,
    but loop.record_resumption measures it against the held-out symbols each time it resumes."""
    return [(r["kimg"], r["c2st"]) for r in read_jsonl(run / "stats.jsonl")
            if r.get("event") == "resumed" and r.get("c2st") is not None]


def draw_metrics(fig, cell, curve: list[dict], c2st: list[tuple[float, float]], floor: float | None) -> list:
    """The "metrics over training" panel in one gridspec cell; returns its axes. The metric curve is against minutes
    and the resumption C2ST against kimg, so each gets its own axes, side by side when a run has both."""
    if not curve and not c2st:
        ax = fig.add_subplot(cell)
        ax.set_title("metrics over training (none recorded: no metric ticks, no C2ST at resumptions)")
        return [ax]
    sub = cell.subgridspec(1, bool(curve) + bool(c2st), wspace=0.3)
    axes = []
    if curve:
        ax = fig.add_subplot(sub[0, 0])
        minutes = [r["minutes"] for r in curve]
        for key, label in CURVE_KEYS:
            values = [r[key] / 10 if key == "pepper" else r[key] for r in curve]
            ax.plot(minutes, values, marker=".", label=label + (" / 10" if key == "pepper" else ""))
        ax.set_yscale("log")
        ax.legend()
        ax.set_xlabel("training minutes")
        ax.set_title("metrics over training" + ("" if c2st else " (no C2ST at resumptions)"))
        axes.append(ax)
    if c2st:
        ax = fig.add_subplot(sub[0, len(axes)])
        kimg, acc = zip(*c2st)
        ax.plot(kimg, acc, marker="o", label="C2ST at resumption")
        # the evaluation's real-vs-real C2ST is the level a perfect generator would reach; without one, chance
        ax.axhline(0.5 if floor is None else floor, linestyle="--", color="gray",
                   label="chance (0.5)" if floor is None else f"real vs real ({floor:.3f})")
        ax.legend()
        ax.set_xlabel("kimg (thousands of real images shown)")
        ax.set_title("C2ST accuracy at each resumption" + ("" if curve else " (no other metrics recorded)"))
        axes.append(ax)
    return axes


def evolution(run: Path) -> tuple[list[np.ndarray], list[str]]:
    """Rows of the first STRIP_SAMPLES fixed-noise samples at up to STRIP_STEPS steps spread over the run."""
    from PIL import Image
    grids = sorted((run / "samples").glob("grid-*.png"))
    if not grids:
        return [], []
    picks = sorted(set(np.linspace(0, len(grids) - 1, min(STRIP_STEPS, len(grids))).round().astype(int)))
    rows, labels = [], []
    for i in picks:
        sheet = np.asarray(Image.open(grids[i]).convert("L"))
        cell = (sheet.shape[1] - 2) // 8          # grids of 64 fixed latents are 8 x 8 with 2px gutters
        row = np.concatenate([sheet[2:cell, 2 + c * cell: c * cell + cell] for c in range(STRIP_SAMPLES)], axis=1)
        rows.append(row)
        labels.append(f"step {int(grids[i].stem.split('-')[1])}")
    return rows, labels


def save_report(source: Path, result: dict, samples: np.ndarray, pairs: np.ndarray, out: Path) -> None:
    """source: the run whose history (losses, metrics, sample grids) to draw, or a model folder (none)."""
    plt = _pyplot()
    is_run = not (source / "model.json").is_file()
    stats = [r for r in read_jsonl(source / "stats.jsonl") if "loss_d" in r] if is_run else []
    curve = metric_curve(source, result) if is_run else []
    c2st = resumption_c2st(source) if is_run else []
    strip, labels = evolution(source) if is_run else ([], [])

    fig = plt.figure(figsize=(12, 15))
    grid = fig.add_gridspec(4, 2, height_ratios=[1, 1.2, 1, 0.9])
    fig.suptitle(f"{result['name']}: evaluated on {result['n']} samples in feature space {result['features']}"
                 + (f", denoiser {result['denoiser']}" if result.get("denoiser") else "")
                 + (f", marks under {result['minStray']} px beside the figure erased" if result.get("minStray") else ""))

    ax = fig.add_subplot(grid[0, 0])
    if stats:
        minutes = [r["minutes"] for r in stats]
        ax.plot(minutes, [r["loss_d"] for r in stats], label="D loss")
        ax.plot(minutes, [r["loss_g"] for r in stats], label="G loss")
        ax.legend()
        ax.set_xlabel("training minutes")
    ax.set_title("losses" if stats else "losses (no run history for a model folder)")

    draw_metrics(fig, grid[0, 1], curve, c2st, result["floor"].get("c2st"))

    ax = fig.add_subplot(grid[1, :])
    if strip:
        ax.imshow(np.concatenate(strip, axis=0), cmap="gray", vmin=0, vmax=255)
        h = strip[0].shape[0]
        ax.set_yticks([h * (i + 0.5) for i in range(len(labels))], labels)
        ax.set_xticks([])
    else:
        ax.axis("off")
    ax.set_title("the same fixed latents over training")

    ax = fig.add_subplot(grid[2, 0])
    ax.imshow(plots.grid_image(samples), cmap="gray", vmin=0, vmax=255)
    ax.axis("off")
    ax.set_title("samples")

    ax = fig.add_subplot(grid[2, 1])
    ax.imshow(plots.grid_image(pairs, cols=len(pairs) // 2), cmap="gray", vmin=0, vmax=255)
    ax.axis("off")
    ax.set_title("closest samples (top) and their nearest training images (bottom)")

    ax = fig.add_subplot(grid[3, :])
    ax.axis("off")
    m, f = result["metrics"], result["floor"]
    keys = tuple(k for k in C2ST_LABELS if k in m) + ("kid", "fid", "precision", "recall", "copies", "pepper",
                                                      "diversity", "blob_share", "ink")
    rows = [(C2ST_LABELS.get(k, k), f"{m[k]:.4g}", f"{f[k]:.4g}" if k in f else "-") for k in keys]
    table = ax.table(cellText=rows, colLabels=["metric", "this source", "real vs real (floor)"], loc="center")
    table.scale(1, 1.3)
    fig.tight_layout(rect=(0, 0, 1, 0.98))     # leave the top strip to the title
    _save(fig, out)


def save_comparison(results: list[dict], out: Path) -> None:
    """compare.md (final metrics side by side) and compare.png (metric curves against training minutes)."""
    keys = tuple(k for k in C2ST_LABELS if all(k in r["metrics"] for r in results)) + (
        "kid", "fid", "precision", "recall", "copies", "pepper", "diversity", "blob_share")
    lines = ["| source | " + " | ".join(keys) + " |", "|---" * (len(keys) + 1) + "|"]
    for r in results:
        lines.append(f"| {r['name']} | " + " | ".join(f"{r['metrics'][k]:.4f}" for k in keys) + " |")
    floor = results[0]["floor"]
    lines.append("| real vs real (floor) | " + " | ".join(f"{floor[k]:.4f}" if k in floor else "-" for k in keys) + " |")
    write_bytes(out / "compare.md", ("\n".join(lines) + "\n").encode())

    plt = _pyplot()
    fig, axes = plt.subplots(1, len(CURVE_KEYS), figsize=(4 * len(CURVE_KEYS), 3.6))
    for ax, (key, label) in zip(axes, CURVE_KEYS):
        for r in results:
            curve = metric_curve(Path(r["source"]), r)
            if curve:
                ax.plot([c["minutes"] for c in curve], [c[key] for c in curve], marker=".", label=r["name"])
        ax.set_title(label)
        ax.set_xlabel("training minutes (wall clock)")
        if key in ("kid", "pepper"):
            ax.set_yscale("log")
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    _save(fig, out / "compare.png")

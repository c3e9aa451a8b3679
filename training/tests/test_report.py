"""report.py's "metrics over training" panel: a run trained in sessions has no metric ticks, only the C2ST that
loop.record_resumption writes into stats.jsonl at each resumption, and the panel must show that."""
import json

import numpy as np

from training import report

METRICS = {"kid": 0.01, "fid": 12.0, "precision": 0.7, "recall": 0.6, "copies": 0.0, "pepper": 0.5,
           "diversity": 0.3, "blob_share": 0.0, "ink": 0.14}


def run_folder(tmp_path, lines: list[dict]):
    run = tmp_path / "00001-tiny"
    run.mkdir()
    (run / "stats.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    return run


def resumed(kimg: float, c2st: float | None) -> dict:
    return {"event": "resumed", "step": int(kimg * 30), "kimg": kimg, "minutes": kimg / 5, "c2st": c2st}


def tick(step: int) -> dict:
    return {"tick": step, "step": step, "kimg": step / 30, "minutes": step / 150, "loss_d": 0.3, "loss_g": 2.0}


def test_the_c2st_of_each_resumption_is_read_and_nothing_else(tmp_path):
    run = run_folder(tmp_path, [tick(1), resumed(105.76, 0.8185), tick(2), resumed(200.0, None),
                                resumed(628.448, 0.6983), tick(3)])
    assert report.resumption_c2st(run) == [(105.76, 0.8185), (628.448, 0.6983)]   # a failed measurement is skipped
    assert report.resumption_c2st(tmp_path / "missing") == []


def test_the_panel_draws_the_c2st_against_kimg_with_the_floor_beside_the_metric_curve():
    plt = report._pyplot()
    fig = plt.figure()
    curve = [{"minutes": m, "kid": 0.02, "recall": 0.5, "precision": 0.6, "pepper": 1.0} for m in (10, 20)]
    axes = report.draw_metrics(fig, fig.add_gridspec(1, 1)[0, 0], curve, [(100.0, 0.82), (600.0, 0.70)], 0.53)
    assert len(axes) == 2 and axes[1].get_xlabel().startswith("kimg")
    c2st, floor = axes[1].get_lines()
    assert list(c2st.get_xdata()) == [100.0, 600.0] and list(c2st.get_ydata()) == [0.82, 0.70]
    assert list(floor.get_ydata()) == [0.53, 0.53] and floor.get_linestyle() == "--"

    fig = plt.figure()
    (ax,) = report.draw_metrics(fig, fig.add_gridspec(1, 1)[0, 0], [], [(100.0, 0.82)], None)
    assert list(ax.get_lines()[1].get_ydata()) == [0.5, 0.5] and "chance" in ax.get_legend().get_texts()[1].get_text()
    assert "no other metrics" in ax.get_title()

    fig = plt.figure()
    (ax,) = report.draw_metrics(fig, fig.add_gridspec(1, 1)[0, 0], [], [], None)
    assert "none recorded" in ax.get_title() and not ax.get_lines()
    plt.close("all")


def test_a_run_with_resumptions_and_no_metric_ticks_renders_its_report(tmp_path):
    run = run_folder(tmp_path, [tick(1), resumed(105.76, 0.8185), tick(2), resumed(628.448, 0.6983)])
    result = {"name": run.name, "n": 16, "features": "test", "metrics": {**METRICS, "c2st": 0.67},
              "floor": {"kid": 0.001, "c2st": 0.52}}
    images = np.random.default_rng(0).uniform(-1, 1, (16, 32, 32)).astype(np.float32)
    report.save_report(run, result, images, images[:8], tmp_path / "report.png")
    assert (tmp_path / "report.png").stat().st_size > 10_000

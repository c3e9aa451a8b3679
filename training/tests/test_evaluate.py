"""python3 -m training evaluate: metrics, snapshot curves, the report and the side-by-side comparison."""
import json

import numpy as np
import pytest

from training import sources
from training.config import ConfigError, TrainConfig
from training.evaluate import EvaluateConfig, evaluate, with_cleanup
from training.loop import train


def test_two_runs_with_snapshots_give_curves_reports_and_a_comparison(tiny_dataset, tmp_path):
    runs = [train(TrainConfig(data=str(tiny_dataset), runs=str(tmp_path / "runs"), batch=8, g_width=64, d_width=16,
                              max_steps=6, tick_steps=2, snapshot_ticks=1, metrics_ticks=0, device="cpu", preset=p))
            for p in ("default", "seed-dcgan")]
    out = tmp_path / "reports"
    results = evaluate(EvaluateConfig(sources=[str(r) for r in runs], data=str(tiny_dataset), n=16, snapshots=True,
                                      snapshot_stride=2, out=str(out), c2st_epochs=1))   # what is written, not the C2ST's value
    for run, result in zip(runs, results):
        assert [row["step"] for row in result["curve"]] == [4, 6]        # every 2nd snapshot and the last
        assert all(row["minutes"] >= 0 and "kid" in row for row in result["curve"])
        saved = json.loads((out / run.name / "metrics.json").read_text())
        assert saved["metrics"] == result["metrics"] and "kid" in saved["floor"]
        assert (out / run.name / "report.png").stat().st_size > 10_000 and (out / run.name / "nearest.png").is_file()
    table = (out / "compare.md").read_text()
    assert all(r.name in table for r in runs) and "real vs real" in table
    assert (out / "compare.png").is_file()


def test_psi_scales_every_latent_and_names_the_source(copy_models):
    """--psi draws what the site's strangeness control draws: the generator sees z * psi, and the truncated source
    is named apart so its reports do not overwrite the untruncated ones."""
    models = copy_models()
    plain = sources.open_model(models / "cond-dev-32")
    seen: list[np.ndarray] = []
    generate = plain.generate
    plain.generate = lambda z, styles: seen.append(z.copy()) or generate(z, styles)
    truncated = with_cleanup(EvaluateConfig(sources=["x"], psi=0.5), plain)
    images, _ = truncated.sample(4, seed=3)
    untruncated, _ = with_cleanup(EvaluateConfig(sources=["x"]), sources.open_model(models / "cond-dev-32")).sample(4, seed=3)
    z = np.random.default_rng(3).standard_normal((4, plain.latent_size)).astype(np.float32)
    np.testing.assert_allclose(seen[0], z * np.float32(0.5), rtol=1e-6)
    assert truncated.name == "cond-dev-32-psi0.5" and not np.array_equal(images, untruncated)

    with pytest.raises(ConfigError, match="resampled"):
        with_cleanup(EvaluateConfig(sources=["x"], psi=0.8), sources.open_model(models / "cond-dev-32-k4"))
    for bad in (0.2, 1.6):
        with pytest.raises(ConfigError, match="--psi must be between 0.3 and 1.5"):
            EvaluateConfig(psi=bad).validate()
    with pytest.raises(ConfigError, match="--record"):
        EvaluateConfig(psi=0.8, record=True).validate()

import json
import math

import torch

from training.config import TrainConfig
from training.loop import train
from training.runs import load_checkpoint


def small(tiny_dataset, tmp_path, **kw):
    options = dict(data=str(tiny_dataset), runs=str(tmp_path / "runs"), batch=8, g_width=64, d_width=16,
                   tick_steps=10, minutes=10, device="cpu")
    return TrainConfig(**{**options, **kw})


def test_twenty_steps_end_finite_and_resume_at_the_right_step(tiny_dataset, tmp_path):
    run = train(small(tiny_dataset, tmp_path, max_steps=20))
    stats = [json.loads(line) for line in open(run / "stats.jsonl")]
    assert [s["step"] for s in stats] == [10, 20]
    assert all(math.isfinite(s["loss_d"]) and math.isfinite(s["loss_g"]) for s in stats)
    assert load_checkpoint(run).step == 20
    assert (run / "options.json").is_file() and (run / "curves.png").is_file()
    assert (run / "samples" / "grid-0000020.png").is_file()

    resumed = train(small(tiny_dataset, tmp_path, max_steps=30, resume=str(run)))
    assert resumed == run
    lines = [json.loads(line) for line in open(run / "stats.jsonl")]
    stats = [s for s in lines if "event" not in s]
    assert [s["step"] for s in stats] == [10, 20, 30]
    assert [(e["event"], e["step"]) for e in lines if "event" in e] == [("resumed", 20)]   # C2ST and sheet recorded
    state = load_checkpoint(run)
    assert state.step == 30 and state.nimg == 30 * 8 and state.tick == 3


def test_divergence_stops_with_a_clear_message_and_keeps_the_last_good_checkpoint(tiny_dataset, tmp_path, monkeypatch):
    run = train(small(tiny_dataset, tmp_path, max_steps=10))
    good = load_checkpoint(run).g
    import training.loop as loop
    monkeypatch.setattr(loop, "g_loss", lambda cfg, real, fake: fake.mean() * float("nan"))
    try:
        train(small(tiny_dataset, tmp_path, max_steps=20, resume=str(run)))
        raise AssertionError("a NaN loss must stop the run")
    except loop.DivergedError as e:
        assert "last good checkpoint" in str(e)
    state = load_checkpoint(run)
    assert state.step == 10
    assert all(torch.equal(good[k], state.g[k]) for k in good)


def test_a_new_run_gets_the_next_number(tiny_dataset, tmp_path):
    first = train(small(tiny_dataset, tmp_path, max_steps=2, tick_steps=2))
    second = train(small(tiny_dataset, tmp_path, max_steps=2, tick_steps=2, desc="again"))
    assert first.name.startswith("00001-") and second.name == "00002-again"


def test_metrics_run_every_n_ticks_and_at_the_end_and_snapshots_are_kept(tiny_dataset, tmp_path):
    from training.metrics import REGISTRY
    from training.runs import list_snapshots
    run = train(small(tiny_dataset, tmp_path, max_steps=30, metrics_ticks=2, metrics_samples=16, snapshot_ticks=1))
    rows = [json.loads(line) for line in open(run / "metrics.jsonl")]
    assert sorted({r["step"] for r in rows}) == [20, 30]                # tick 2, then the final tick
    assert [r["metric"] for r in rows if r["step"] == 20] == list(REGISTRY)
    kid = next(r for r in rows if r["metric"] == "kid" and r["step"] == 30)
    assert math.isfinite(kid["kid"]) and kid["n"] == 16 and kid["features"] == "features-v1"
    assert [p.name for p in list_snapshots(run)] == ["g-0000010.pt", "g-0000020.pt", "g-0000030.pt"]

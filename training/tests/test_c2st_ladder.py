"""The C2ST whose classifier is not the limit (issue 28): chance for real against real with group folds, near 1 for
an obvious difference, the ladder's 0.01 rule, folds and sides that never share a glyph, the page-scale drawing
equal to the site's, and its flags checked early."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from training import page_scale, pixels, strong_c2st
from training.augment import translation
from training.dataset import synthetic
from training.metrics import c2st
from training.data.styles import STYLES
from training.metrics.c2st import Judge, ladder

ROOT = Path(__file__).resolve().parents[2]
TINY = (Judge("tiny", "pooled", 8, 1, 16, epochs=6, batch=32, lr=3e-3),
        Judge("tiny-2", "pooled", 8, 2, 16, epochs=6, batch=32, lr=3e-3))


@pytest.fixture(autouse=True)
def runs_kept_apart(tmp_path, monkeypatch):
    """Judge runs are kept in the test's own folder, never in the repository's cache."""
    monkeypatch.setattr(strong_c2st, "RUNS", tmp_path / "c2st-runs")


@pytest.fixture
def tiny_judges(monkeypatch):
    for judge in TINY:
        monkeypatch.setitem(c2st.JUDGES, judge.name, judge)
    return strong_c2st.StrongConfig(pairs=120, folds=2, seeds=2, judges=tuple(j.name for j in TINY))


@pytest.fixture
def glyph_corpus(tmp_path) -> Path:
    """A prepared corpus of 32 px symbols: 80 glyphs in 3 augmented (shifted) copies each, two styles, both splits."""
    import torch
    folder = tmp_path / "glyphs"
    folder.mkdir()
    torch.manual_seed(0)
    bases = np.repeat(synthetic(80, 32, seed=3), 3, axis=0)
    shifted = translation(torch.from_numpy(bases.astype(np.float32) / 127.5 - 1).unsqueeze(1), 0.06)[:, 0]
    np.save(folder / "images.npy", ((shifted.numpy() + 1) * 127.5).round().astype(np.uint8))
    with open(folder / "meta.jsonl", "w") as f:
        for i in range(len(bases)):
            g = i // 3
            f.write(json.dumps({"source": "fonts", "kind": "runic" if g % 2 else "alchemical", "group": f"g{g}",
                                "split": "holdout" if g % 8 == 0 else "train"}) + "\n")
    return folder


def test_real_against_real_is_near_chance_and_an_inverted_set_near_one(glyph_corpus, tiny_judges, monkeypatch):
    real = strong_c2st.RealSide.build(str(glyph_corpus), tiny_judges)
    assert len(real.masks) == 120 and real.resolution == 32
    result = strong_c2st.strong_c2st(real, ~real.masks, None, log=lambda line: None)
    assert result["accuracy"] >= 0.95, result
    assert [r["judge"] for r in result["ladder"]] == ["tiny", "tiny-2"] and result["judge"] == "tiny"
    assert result["flattened"] and len(result["ladder"][0]["seeds"]) == 2
    floor = result["floor"]
    assert floor["judge"] == "tiny" and floor["n"] >= 80
    assert 0.35 <= floor["accuracy"] <= 0.65, floor
    # Every judge-and-seed run was kept: the same call again (a later sitting) reuses them all and trains nothing.
    assert len(list(strong_c2st.RUNS.glob("*.json"))) == 2 * 2 + 2         # two judges x two seeds, and the floor's
    monkeypatch.setattr(strong_c2st, "cross_validate", lambda *a, **k: pytest.fail("ran a judge again"))
    again = strong_c2st.strong_c2st(strong_c2st.RealSide.build(str(glyph_corpus), tiny_judges), ~real.masks, None,
                                    log=lambda line: None)
    assert again["ladder"] == result["ladder"] and again["floor"] == floor


def test_the_ladder_stops_when_a_bigger_judge_adds_no_more_than_0_01():
    judges = [Judge(name, "pooled", 8, 1, 16, 1) for name in ("a", "b", "c", "d")]
    calls = []

    def stub(table):
        def measure(judge, seed):
            calls.append((judge.name, seed))
            return {"accuracy": table[judge.name] + (0.002 if seed == 1 else 0.0)}
        return measure

    result = ladder(stub({"a": 0.60, "b": 0.70, "c": 0.709, "d": 0.95}), judges, seeds=3)
    assert result["settled"] == "b" and result["flattened"]
    assert [r["judge"] for r in result["rungs"]] == ["a", "b", "c"]            # d is never run
    assert calls == [(n, s) for n in "abc" for s in range(3)]
    assert result["rungs"][1]["accuracy"] == pytest.approx(0.7007, abs=1e-4) and result["rungs"][1]["spread"] > 0

    still_rising = ladder(stub({"a": 0.60, "b": 0.62, "c": 0.64, "d": 0.66}), judges, seeds=1)
    assert still_rising["settled"] == "d" and not still_rising["flattened"]
    assert ladder(stub({"a": 0.6, "b": 0.55, "c": 0.9, "d": 0.9}), judges, 1)["settled"] == "a"   # a drop also stops


def test_floor_sides_and_folds_never_share_a_glyph_and_match_styles():
    rng = np.random.default_rng(0)
    groups = np.repeat(np.arange(300), rng.integers(1, 6, 300))
    styles = (groups * 7) % 3
    a, b, fold = strong_c2st.floor_pairs(groups, styles, 400, 4, seed=0)
    assert len(a) == 400 and not set(groups[a]) & set(groups[b])
    assert (styles[a] == styles[b]).all()
    for side in (a, b):
        for g in np.unique(groups[side]):
            assert len(set(fold[groups[side] == g])) == 1


def test_both_splits_are_read_with_distinct_group_ids(glyph_corpus):
    images, styles, groups = strong_c2st.corpus(str(glyph_corpus))
    assert len(images) == 240 and len(np.unique(groups)) == 80 and len(set(styles)) == 2


@pytest.mark.skipif(shutil.which("node") is None or not (ROOT / "node_modules" / "tsx").is_dir(),
                    reason="the site's renderer needs Node and npm ci")
def test_page_scale_drawing_is_the_sites():
    """The golden file is the site's own drawing (tests/unit/page-raster.test.ts checks it against lib/render)."""
    fixture = ROOT / "tests" / "fixtures" / "page-raster"
    masks, golden = np.load(fixture / "masks.npy"), np.load(fixture / "page-128.npy")
    drawn = page_scale.raster(masks, 128)
    assert drawn.shape == (4, 128, 128) and drawn.dtype == bool
    assert (drawn == golden.astype(bool)).all()
    # A subpixel model's: its fields traced along their edge (the golden file is lib/render's with `subpixel`).
    fields = np.load(fixture / "fields.npy")
    sub = page_scale.raster(pixels.site_mask(fields), 128, fields=fields)
    assert (sub == np.load(fixture / "page-128-subpixel.npy").astype(bool)).all()
    assert not (sub == page_scale.raster(pixels.site_mask(fields), 128)).all()


@pytest.mark.skipif(shutil.which("node") is None or not (ROOT / "node_modules" / "tsx").is_dir(),
                    reason="the site's renderer needs Node and npm ci")
def test_a_machine_without_node_draws_from_the_cache_of_the_same_masks(tmp_path, monkeypatch):
    monkeypatch.setattr(page_scale, "CACHE", tmp_path / "cache")
    masks = np.load(ROOT / "tests" / "fixtures" / "page-raster" / "masks.npy")
    drawn = page_scale.raster(masks, 128, cache="m")
    monkeypatch.setattr(page_scale, "has_node", lambda: False)
    nearly = masks.copy()
    nearly[0, 0, 0] ^= True                                    # one pixel flipped by another machine's arithmetic
    assert (page_scale.raster(nearly, 128, cache="m") == drawn).all()
    with pytest.raises(page_scale.PageScaleError, match="other masks"):
        page_scale.raster(~masks, 128, cache="m")
    with pytest.raises(page_scale.PageScaleError, match="needs Node"):
        page_scale.raster(masks, 128, cache="other")


def test_page_corpus_must_be_128px_and_split_glyphs_as_the_64px_one(tmp_path, tiny_dataset):
    with pytest.raises(page_scale.PageScaleError, match="prepared at 128px"):
        page_scale.check_corpus(tiny_dataset, tiny_dataset)
    big = tmp_path / "big"
    big.mkdir()
    np.save(big / "images.npy", np.full((4, 128, 128), 255, np.uint8))
    lines = [{"group": "a", "split": "train"}, {"group": "b", "split": "holdout"}, {"group": "c", "split": "train"},
             {"group": "c", "split": "train"}]
    (big / "meta.jsonl").write_text("".join(json.dumps(m) + "\n" for m in lines))
    small = tmp_path / "small"
    small.mkdir()
    (small / "meta.jsonl").write_text("".join(json.dumps(m) + "\n" for m in lines[:2]))
    assert page_scale.check_corpus(big, small) == {"groups": 3, "shared": 2, "of": 2}
    (small / "meta.jsonl").write_text(json.dumps({"group": "a", "split": "holdout"}) + "\n")
    with pytest.raises(page_scale.PageScaleError, match="split 1 glyph groups differently"):
        page_scale.check_corpus(big, small)


@pytest.mark.parametrize("args", [
    ["evaluate", "latest", "--c2st_strong", "--c2st_pairs", "10"],
    ["evaluate", "latest", "--c2st_strong", "--c2st_judges", "small,huge"],
    ["evaluate", "latest", "--c2st_strong", "--c2st_judges", "strong-m,small"],
    ["evaluate", "latest", "--c2st_strong", "--c2st_seeds", "0"],
    ["evaluate", "latest", "--device", "tpu"],
    ["evaluate", "latest", "--c2st_page_scale", "--page_data", "/no/such/data", "--dry_run"],
    ["export", "--guard", "fid"],
    ["blind", "--page_scale", "--guess", "1"],
])
def test_bad_strong_c2st_flags_exit_2_with_one_line(args):
    result = subprocess.run([sys.executable, "-m", "training", *args], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "error" in result.stderr, result.stderr


needs_node = pytest.mark.skipif(shutil.which("node") is None or not (ROOT / "node_modules" / "tsx").is_dir(),
                                reason="the site's renderer needs Node and npm ci")
DEFAULT = json.loads((ROOT / "public/models/index.json").read_text())["default"]


def corpus_at(folder: Path, resolution: int, glyphs: int = 48) -> Path:
    """A prepared corpus of `glyphs` synthetic glyphs in 2 copies each, two styles, one glyph in 6 held out."""
    folder.mkdir(parents=True)
    np.save(folder / "images.npy", np.repeat(synthetic(glyphs, resolution, seed=5), 2, axis=0))
    with open(folder / "meta.jsonl", "w") as f:
        for i in range(2 * glyphs):
            g = i // 2
            f.write(json.dumps({"source": "fonts", "kind": "runic" if g % 2 else "alchemical", "group": f"g{g}",
                                "split": "holdout" if g % 6 == 0 else "train"}) + "\n")
    return folder


@needs_node
def test_evaluate_records_the_ladder_at_64px_and_at_the_page_scale_in_the_card(tmp_path, monkeypatch):
    from training.evaluate import EvaluateConfig, evaluate
    monkeypatch.setitem(c2st.JUDGES, "tiny", Judge("tiny", "pooled", 4, 1, 8, epochs=1, batch=32))
    monkeypatch.setattr(page_scale, "CACHE", tmp_path / "cache")
    model = tmp_path / "models" / DEFAULT
    shutil.copytree(ROOT / "public/models" / DEFAULT, model)
    data, page = corpus_at(tmp_path / "d64", 64), corpus_at(tmp_path / "d128", 128)
    cfg = EvaluateConfig(sources=[str(model)], data=str(data), page_data=str(page), n=16, c2st=False,
                         c2st_strong=True, c2st_page_scale=True, c2st_pairs=64, c2st_seeds=1, c2st_judges="tiny",
                         device="cpu", out=str(tmp_path / "reports"), record=True)
    [result] = evaluate(cfg)
    for key, card_key, resolution in (("c2st_strong", "c2stStrong", 64), ("c2st_page", "c2stPage", 128)):
        c = result[key]
        assert c["resolution"] == resolution and c["n"] == 64 and c["judge"] == "tiny" and not c["flattened"]
        assert 0 <= c["accuracy"] <= 1 and "floor" in c and set(c["per_style"]) <= {s.id for s in STYLES}
        assert result["metrics"][key] == c["accuracy"] and result["floor"][key] == c["floor"]["accuracy"]
        assert json.loads((model / "model-card.json").read_text())["metrics"][card_key]["ladder"] == c["ladder"]
    saved = json.loads((tmp_path / "reports" / DEFAULT / "metrics.json").read_text())
    assert saved["c2st_page"]["ladder"][0]["judge"] == "tiny"
    assert len(list((tmp_path / "cache").glob("*.npz"))) == 1      # the drawing is kept for a machine without Node


@needs_node
def test_blind_sheet_at_the_page_scale_and_its_score_in_the_card(tmp_path):
    from training.blind import BlindConfig, blind
    model = tmp_path / "models" / DEFAULT
    shutil.copytree(ROOT / "public/models" / DEFAULT, model)
    data, page = corpus_at(tmp_path / "d64", 64), corpus_at(tmp_path / "d128", 128)
    out = blind(BlindConfig(sources=[str(model)], n=4, data=str(data), page_data=str(page), page_scale=True,
                            out=str(tmp_path / "sheet")))
    key = json.loads((out / "key.json").read_text())
    assert key["pageScale"] and key["data"] == str(page)
    from PIL import Image
    assert Image.open(out / "sheet.png").size == (8 * (256 + 8), 264 + 14)      # 128 px symbols shown 256 px wide
    blind(BlindConfig(out=str(out), guess=" ".join(map(str, key["generated"])), judge="a tester"))
    card = json.loads((model / "model-card.json").read_text())
    assert card["blindTestPageScale"]["fool_rate"] == 0 and "--page_scale" in card["blindTestPageScale"]["command"]
    assert card.get("blindTest") == json.loads((ROOT / "public/models" / DEFAULT / "model-card.json").read_text()).get("blindTest")


def test_the_strong_guard_judges_the_current_default_with_the_judge_this_models_ladder_settled_on(tmp_path,
                                                                                                 monkeypatch):
    from training import export as export_module
    from training.config import ExportConfig
    models = tmp_path / "models"
    shutil.copytree(ROOT / "public/models" / DEFAULT, models / DEFAULT)
    calls = []

    def judged(source, real, judges=(), log=print):
        calls.append((source.path.name, judges))
        return {"accuracy": 0.80}
    monkeypatch.setattr(export_module.strong_c2st, "strong_c2st_of", judged)
    index = {"default": DEFAULT, "models": []}
    metrics = {"c2st": {"accuracy": 0.99}, "c2stStrong": {"accuracy": 0.75, "judge": "strong-m", "seeds": 3}}
    export_module.check_default(ExportConfig(guard="strong"), models, index, metrics, None, strong=object())
    assert calls == [(DEFAULT, ("strong-m",))]                   # better by the strong figure: no refusal
    metrics["c2stStrong"]["accuracy"] = 0.81
    with pytest.raises(export_module.WorseModelError, match=r"strong C2ST \(judge strong-m, 3 seeds\) accuracy 0.8100"):
        export_module.check_default(ExportConfig(guard="strong"), models, index, metrics, None, strong=object())


def test_test_folds_trains_each_judge_on_the_same_data_but_tests_fewer_folds(monkeypatch):
    import torch
    calls = []

    def fake_fit_predict(net, x_train, y_train, x_test, *args, **kwargs):
        calls.append((len(x_train), len(x_test)))
        return np.zeros(len(x_test), bool)
    monkeypatch.setattr(c2st, "fit_predict", fake_fit_predict)
    x = torch.ones(40, 1, 8, 8)
    folds = np.arange(40) % 4
    judge = c2st.JUDGES["small"]
    full = c2st.cross_validate(x, -x, folds, judge, 0)
    assert [c[0] for c in calls] == [60] * 4 and full["accuracy"] == 0.5
    calls.clear()
    one = c2st.cross_validate(x, -x, folds, judge, 0, test_folds=1)
    assert calls == [(60, 20)] and one["accuracy"] == 0.5

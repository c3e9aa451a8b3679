"""The nearest-real-symbol index (training/nearest.py): the embedding the site repeats in TypeScript, an index file that
is deterministic and written atomically, the verdict rule on planted copies and held-out symbols, golden entries that
replay from the bytes written, the backfill stage and `evaluate`'s verdict shares."""
import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
import torch

from training import nearest, runs, tfjs
from training.__main__ import main
from training.dataset import synthetic
from training.errors import UserError
from training.evaluate import EvaluateConfig, evaluate
from training.nearest import FILE, Index, NearestConfig, NearestError
from training.networks import Generator

ROOT = Path(__file__).resolve().parents[2]
KINDS = [("fonts", "alchemical", "alchemical"), ("sigils", "seal", "seal"), ("hershey", "astrology", "astrological")]


def corpus(folder: Path, n: int = 160) -> Path:
    """A prepared 64 px corpus: n synthetic images in glyph groups of 4 (2 bases x 2 copies, copy 0 the clean one),
    every fifth group held out, report.json with the counts, as prepare writes them."""
    folder.mkdir(parents=True)
    np.save(folder / "images.npy", synthetic(n, 64, seed=5))
    metas = []
    for i in range(n):
        group = i // 4
        source, kind, style = KINDS[group % 3]
        label = {"fonts": f"U+{0x2600 + group:04X}", "sigils": "seal:{5/2}:r2:ring6",
                 "hershey": f"astrology:{group}"}[source]
        metas.append({"source": source, "kind": kind, "style": style, "group": f"g{group}",
                      "base": f"g{group}/b{(i // 2) % 2}", "copy": i % 2, "label": label, "font": "NotoSansSymbols-Bold",
                      "name": f"SIGN {group}", "split": "holdout" if group % 5 == 0 else "train"})
    (folder / "meta.jsonl").write_text("".join(json.dumps(m) + "\n" for m in metas))
    holdout = sum(m["split"] == "holdout" for m in metas)
    (folder / "report.json").write_text(json.dumps({"counts": {"train": n - holdout, "holdout": holdout}}))
    return folder


def varied_generator() -> Generator:
    """A tiny untrained 64 px generator whose symbols differ from latent to latent, about a fifth of them ink (an
    untrained one draws the same blank or solid square for every latent)."""
    torch.manual_seed(0)
    g = Generator(resolution=64, width=16, min_width=8, batch_norm=False).eval()
    with torch.no_grad():
        g.to_image.weight.mul_(20)
        before_tanh = torch.atanh(g(torch.randn(64, 100)).clamp(-0.999999, 0.999999))
        g.to_image.bias.sub_(before_tanh.quantile(0.2))
    return g


def model_folder(models: Path, data: Path, card_counts: dict | None = None) -> Path:
    """A 64 px model folder as export leaves it (its own files, which the stage must not touch) and index.json."""
    folder = models / "test-64-20261206"
    folder.mkdir(parents=True)
    tfjs.write(tfjs.fold(varied_generator()), 100, folder, "uint8")
    counts = card_counts or json.loads((data / "report.json").read_text())["counts"]
    runs.write_json(folder / "model-card.json", {"id": folder.name, "resolution": 64,
                                                 "dataset": {"name": "data", "seed": 0, **counts}})
    runs.write_json(models / "index.json", {"version": 1, "default": folder.name, "models": [
        {"id": folder.name, "resolution": 64, "latentSize": 100, "sha256": "ab" * 32, "bytes": 2}]})
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Once per module: the corpus, a model folder, and the asset for it."""
    from training import sources
    root = tmp_path_factory.mktemp("nearest")
    data = corpus(root / "data")
    folder = model_folder(root / "models", data)
    return data, folder, nearest.build(data, sources.open_model(folder))


def shifted(masks: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """Masks moved by (dy, dx), paper coming in, nothing wrapping round."""
    out = np.zeros_like(masks)
    n = masks.shape[-1]
    out[:, max(0, dy):n + min(0, dy), max(0, dx):n + min(0, dx)] = \
        masks[:, max(0, -dy):n - max(0, dy), max(0, -dx):n - max(0, dx)]
    return out


def inside(masks: np.ndarray, margin: int = 4) -> np.ndarray:
    """Which masks have no ink within `margin` pixels of the edge (a small shift loses none of them)."""
    edge = np.ones(masks.shape[1:], bool)
    edge[margin:-margin, margin:-margin] = False
    return ~(masks & edge).any(axis=(1, 2))


@pytest.fixture
def few_samples(monkeypatch):
    monkeypatch.setattr(nearest, "VERDICT_SAMPLES", 40)


# ---------------------------------------------------------------- the embedding, step by step

def test_centering_moves_the_ink_box_to_the_middle_and_leaves_an_empty_mask():
    mask = np.zeros((1, 64, 64), bool)
    mask[0, 10:13, 40:44] = True                 # rows 10..12 -> dy = 32 - 11; cols 40..43 -> dx = 32 - 42
    out = nearest.center(mask)
    assert np.array_equal(np.argwhere(out[0]).min(0), [31, 30]) and out.sum() == mask.sum()
    assert not nearest.center(np.zeros((1, 64, 64), bool)).any()


def test_pooling_and_blur_follow_the_contract():
    mask = np.zeros((1, 64, 64), bool)
    mask[0, 0, 0:3] = True
    pooled = nearest.pool2(mask)
    assert pooled[0, 0, 0] == 0.5 and pooled[0, 0, 1] == 0.25 and pooled.sum() == 0.75
    taps = nearest.blur_taps(1.0, 3)
    assert len(taps) == 7 and abs(taps.sum() - 1) < 1e-12 and taps[3] == taps.max()
    centre = np.zeros((1, 32, 32))
    centre[0, 16, 16] = 1
    assert np.allclose(nearest.blur(centre, 1.0, 3)[0, 13:20, 13:20], np.outer(taps, taps))
    corner = np.zeros((1, 32, 32))
    corner[0, 0, 0] = 1                          # zero padding: the mass blurred outside the image is lost
    assert abs(nearest.blur(corner, 1.0, 3).sum() - taps[3:].sum() ** 2) < 1e-12


def test_the_embedding_is_invariant_to_a_small_shift(built):
    data, _, asset = built
    index = Index.from_asset(asset)
    keep = np.flatnonzero(inside(index.thumbs))[:8]
    assert len(keep) == 8
    glyphs = index.thumbs[keep]
    moved = shifted(glyphs, 2, -3)
    assert moved.sum() == glyphs.sum() and not np.array_equal(moved, glyphs)
    assert np.array_equal(index.embedding(glyphs), index.embedding(moved))
    idx, d = index.nearest(moved, 1)
    assert list(idx[:, 0]) == list(keep) and np.all(d[:, 0] < 1e-4)     # the stored vectors are float32


# ---------------------------------------------------------------- the file

def test_the_index_is_deterministic_and_holds_what_the_contract_says(built):
    data, folder, asset = built
    from training import sources
    again = nearest.build(data, sources.open_model(folder))
    assert nearest.asset_bytes(asset) == nearest.asset_bytes(again)
    parsed = json.loads(nearest.asset_bytes(asset))
    e = parsed["embedding"]
    assert parsed["version"] == 1 and parsed["resolution"] == 64 and e["kind"] == "centered-pool2-blur"
    train_bases = {(m["base"]) for m in map(json.loads, (data / "meta.jsonl").read_text().splitlines())
                   if m["split"] == "train"}
    n, dims = len(parsed["glyphs"]), e["dims"]
    assert n == len(train_bases) and dims == min(nearest.DIMS, n)        # one per base glyph, not per copy
    import base64
    assert len(base64.b64decode(e["mean"])) == 4 * 1024 and len(base64.b64decode(e["components"])) == 4 * dims * 1024
    assert len(base64.b64decode(parsed["embeddings"])) == 4 * n * dims
    import zlib
    assert len(zlib.decompress(base64.b64decode(parsed["thumbs"]))) == 512 * n       # one zlib stream of them all
    assert parsed["glyphs"][0].keys() == {"name", "source", "style"}
    v = parsed["verdict"]
    assert 0 < v["copy"] <= v["new"] and v["copyPercentile"] == 1.0 and v["newPercentile"] == nearest.NEW_PERCENTILE
    # the components are unit-free directions with a fixed sign: the largest-magnitude entry of each is positive
    comps = nearest.floats_b64(e["components"], (dims, 1024))
    assert np.all(comps[np.arange(dims), np.abs(comps).argmax(1)] > 0)


def test_thumbnails_are_packed_bits_most_significant_first():
    mask = np.zeros((1, 64, 64), bool)
    mask[0, 0, 0] = mask[0, 0, 9] = mask[0, 63, 63] = True
    import base64
    import zlib
    raw = base64.b64decode(nearest.b64_bits(mask))            # a golden entry's one mask: no zlib
    assert len(raw) == 512 and raw[0] == 0x80 and raw[1] == 0x40 and raw[-1] == 0x01
    assert np.array_equal(nearest.bits_b64(nearest.b64_bits(mask), 1), mask)
    masks = np.concatenate([mask, ~mask, np.zeros_like(mask)])
    thumbs = nearest.b64_thumbs(masks)                        # thumbs: one zlib stream of them one after another
    assert zlib.decompress(base64.b64decode(thumbs)) == base64.b64decode(nearest.b64_bits(masks))
    assert thumbs == nearest.real_set.encode(masks) and np.array_equal(nearest.thumbs_b64(thumbs, 3), masks)


def test_thumbs_that_do_not_inflate_or_hold_another_count_are_a_damaged_file(built, tmp_path):
    _, _, asset = built
    n = len(asset["glyphs"])
    for thumbs, says in [(nearest.b64_bits(np.zeros((n, 64, 64), bool)), "do not inflate"),      # the raw format
                         (nearest.b64_thumbs(np.zeros((n - 1, 64, 64), bool)), f"do not hold {n} packed")]:
        with pytest.raises(ValueError, match=says):
            nearest.thumbs_b64(thumbs, n)
        folder = tmp_path / says.replace(" ", "-")
        folder.mkdir()
        (folder / FILE).write_bytes(nearest.asset_bytes({**asset, "thumbs": thumbs}))
        with pytest.raises(UserError, match=f"nearest.json is truncated or corrupt .*{says}"):
            Index.read(folder)


def test_the_index_is_written_atomically(built, tmp_path, monkeypatch):
    _, _, asset = built
    folder = tmp_path / "model"
    folder.mkdir()

    def fail(*args):
        raise OSError("disk full")
    monkeypatch.setattr(runs.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        nearest.write(folder, asset)
    assert list(folder.iterdir()) == []                 # neither a half-written file nor a temporary one
    monkeypatch.undo()
    entry = nearest.write(folder, asset)
    old = (folder / FILE).read_bytes()
    assert entry == {"file": FILE, "sha256": hashlib.sha256(old).hexdigest(), "bytes": len(old),
                     "count": len(asset["glyphs"])}
    monkeypatch.setattr(runs.os, "replace", fail)
    with pytest.raises(OSError):
        nearest.write(folder, {**asset, "golden": []})
    assert (folder / FILE).read_bytes() == old and [p.name for p in folder.iterdir()] == [FILE]


# ---------------------------------------------------------------- the verdict

def test_the_verdict_rule_and_its_boundaries():
    t = {"copy": 1.0, "new": 3.0}
    assert [nearest.verdict(d, t) for d in (0.0, 0.999, 1.0, 2.999, 3.0, 9.0)] == \
        ["copy", "copy", "close", "close", "new", "new"]
    t = nearest.calibrate(np.arange(1, 101, dtype=float), 1, 50)
    assert abs(t["copy"] - 1.99) < 1e-9 and abs(t["new"] - 50.5) < 1e-9


def test_planted_copies_are_found_and_held_out_symbols_are_calibrated(built):
    data, _, asset = built
    index = Index.from_asset(asset)
    corpus_ = nearest.Corpus.read(data)
    # an exact copy, anywhere on the page, is "a copy of" its glyph
    keep = np.flatnonzero(inside(corpus_.train))
    moved = shifted(corpus_.train[keep], 1, -2)
    idx, d = index.nearest(moved, 1)
    assert len(keep) > 10 and list(idx[:, 0]) == list(keep)
    assert all(nearest.verdict(float(x), index.thresholds) == "copy" for x in d[:, 0])
    # disguised copies (turned, bolder or thinner, shifted) still find their glyph group
    which, copies = nearest.planted(corpus_, 60)
    assert nearest.found(index, corpus_, which, copies).mean() >= 0.8
    # held-out symbols: half are "new" (the median), about 1% "copy" (1 of these 8 glyphs at most)
    verdicts = index.verdicts(corpus_.holdout)
    assert nearest.shares(verdicts)["new"] == 0.5 and verdicts.count("copy") <= 1


def test_every_python_stage_uses_the_one_verdict_function(built):
    _, _, asset = built
    index = Index.from_asset(asset)
    masks = index.thumbs[:5]
    _, d = index.nearest(masks, 1)
    assert index.verdicts(masks) == [nearest.verdict(float(x), index.thresholds) for x in d[:, 0]]


# ---------------------------------------------------------------- golden

def replay(asset_bytes: bytes) -> None:
    """What the site's test does: decode each golden mask, search the index decoded from the same bytes."""
    asset = json.loads(asset_bytes)
    index = Index.from_asset(asset)
    assert len(asset["golden"]) == nearest.GOLDEN_REAL + nearest.GOLDEN_GENERATED
    for g in asset["golden"]:
        mask = nearest.bits_b64(g["mask"], 1)
        idx, d = index.nearest(mask, 3)
        assert list(idx[0]) == g["nearest"]
        assert np.allclose(d[0], g["distances"], rtol=1e-3, atol=0)
        assert nearest.verdict(float(d[0, 0]), asset["verdict"]) == g["verdict"]


def test_golden_entries_replay_from_the_bytes_written(built):
    _, _, asset = built
    replay(nearest.asset_bytes(asset))
    verdicts = {g["verdict"] for g in asset["golden"]}
    assert "copy" in verdicts                   # the closest held-out symbol sits under the 1st percentile


def test_the_shipped_default_has_a_recorded_index_that_replays():
    index = json.loads((ROOT / "public/models/index.json").read_text())
    entry = next(m for m in index["models"] if m["id"] == index["default"])
    recorded = entry["nearest"]
    data = (ROOT / "public/models" / entry["id"] / recorded["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == recorded["sha256"] and len(data) == recorded["bytes"] < 4_000_000
    folder = ROOT / "public/models" / entry["id"]             # the project's rule: a model folder stays under 5 MB
    assert sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) < 5_000_000
    asset = json.loads(data)
    assert len(asset["glyphs"]) == recorded["count"]
    replay(data)
    assert {g["verdict"] for g in asset["golden"]} == {"copy", "close", "new"}
    card = json.loads((ROOT / "public/models" / entry["id"] / "model-card.json").read_text())
    shares = card["nearestVerdicts"]
    assert shares["n"] == 2000 and abs(shares["new"] + shares["close"] + shares["copy"] - 1) < 1e-3


# ---------------------------------------------------------------- the stage

def test_backfill_adds_the_index_and_records_it_leaving_the_model_files_alone(tmp_path, few_samples):
    data = corpus(tmp_path / "data")
    folder = model_folder(tmp_path / "models", data)
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.name != "model-card.json"}
    index_before = json.loads((folder.parent / "index.json").read_text())
    cfg = NearestConfig(folders=[str(folder)], data=str(data)).validate()
    entry = nearest.nearest(cfg)[0]
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.name not in (FILE, "model-card.json")} == before
    index = json.loads((folder.parent / "index.json").read_text())
    assert index["models"][0] == {**index_before["models"][0], "nearest": entry}
    assert entry["sha256"] == hashlib.sha256((folder / FILE).read_bytes()).hexdigest()
    card = json.loads((folder / "model-card.json").read_text())
    shares = card["nearestVerdicts"]
    assert shares["n"] == 40 and abs(shares["new"] + shares["close"] + shares["copy"] - 1) < 1e-3
    assert shares["command"] == f"python3 -m training nearest {folder} --data {data}"

    # Run again: the published file is kept byte for byte, index.json and the card unchanged.
    asset, index_bytes, card_bytes = ((folder / FILE).read_bytes(), (folder.parent / "index.json").read_bytes(),
                                      (folder / "model-card.json").read_bytes())
    nearest.nearest(cfg)
    assert (folder / FILE).read_bytes() == asset and (folder.parent / "index.json").read_bytes() == index_bytes
    assert (folder / "model-card.json").read_bytes() == card_bytes

    # A file changed after it was recorded is refused, not re-recorded; --rewrite builds it again.
    (folder / FILE).write_bytes(asset.replace(b'"version":1', b'"version":1 '))
    with pytest.raises(NearestError, match="changed after it was written"):
        nearest.nearest(cfg)
    nearest.nearest(NearestConfig(folders=[str(folder)], data=str(data), rewrite=True))
    assert (folder / FILE).read_bytes() == asset


def test_backfill_refuses_a_corpus_that_is_not_the_models(tmp_path):
    data = corpus(tmp_path / "data")
    folder = model_folder(tmp_path / "models", data, {"train": 1000, "holdout": 100})
    with pytest.raises(UserError, match="held-out split may hold this model's training images"):
        nearest.nearest(NearestConfig(folders=[str(folder)], data=str(data)))
    assert not (folder / FILE).exists()


def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys):
    data = corpus(tmp_path / "data")
    folder = model_folder(tmp_path / "models", data)
    assert main(["nearest", str(tmp_path / "nowhere")]) == 2
    assert main(["nearest", str(folder), "--data", str(tmp_path / "no-corpus")]) == 2
    (folder / FILE).write_text("{not json")
    assert main(["nearest", str(folder), "--data", str(data)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("python3 -m training nearest: error: ") for line in err)
    assert "nearest.json" in err[2] and not (folder.parent / "index.json").read_text().count("nearest")


def test_a_corpus_of_another_resolution_is_refused(tmp_path):
    folder = tmp_path / "data32"
    folder.mkdir()
    np.save(folder / "images.npy", synthetic(8, 32))
    (folder / "meta.jsonl").write_text("".join(json.dumps({"split": "train", "source": "x"}) + "\n" for _ in range(8)))
    with pytest.raises(NearestError, match="32px"):
        nearest.Corpus.read(folder)


def test_evaluate_reports_the_verdict_shares(tmp_path, capsys):
    data = corpus(tmp_path / "data")
    folder = model_folder(tmp_path / "models", data)
    out = tmp_path / "reports"
    result = evaluate(EvaluateConfig(sources=[str(folder)], data=str(data), n=16, c2st=False, out=str(out)))[0]
    shares = result["nearest"]
    assert set(shares) == {"new", "close", "copy"} and abs(sum(shares.values()) - 1) < 1e-3
    assert json.loads((out / folder.name / "metrics.json").read_text())["nearest"] == shares
    assert "nearest: new " in capsys.readouterr().out


def test_export_writes_the_index_for_a_new_64px_model(tmp_path, few_samples):
    from training.config import ExportConfig, TrainConfig
    from training.export import export
    from training.loop import train
    data = corpus(tmp_path / "data")
    run = train(TrainConfig(data=str(data), runs=str(tmp_path / "runs"), batch=8, g_width=32, d_width=8,
                            max_steps=2, tick_steps=2, metrics_ticks=0, device="cpu"))
    folder = export(ExportConfig(run=str(run), models=str(tmp_path / "models"), agreement_latents=8, eval_samples=64,
                                 c2st_epochs=1))
    entry = json.loads((folder.parent / "index.json").read_text())["models"][0]
    data_bytes = (folder / FILE).read_bytes()
    assert entry["nearest"] == {"file": FILE, "sha256": hashlib.sha256(data_bytes).hexdigest(),
                                "bytes": len(data_bytes), "count": len(json.loads(data_bytes)["glyphs"])}
    replay(data_bytes)
    card = json.loads((folder / "model-card.json").read_text())
    assert card["nearestVerdicts"]["n"] == 40 and card["nearestVerdicts"]["command"].startswith("python3 -m training export")

"""The real symbols of "Which one is real?": held-out only, balanced across styles, deterministic, bits that
round-trip in the format the site decodes, written atomically, and a backfill that leaves a model's files alone."""
import hashlib
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from training import real_set, runs, tfjs
from training.dataset import synthetic
from training.networks import Generator
from training.real_set import FILE, RealSetConfig, RealSetError

ROOT = Path(__file__).resolve().parents[2]
STYLES = ["alchemical", "rune", "seal"]
KINDS = {"alchemical": ("fonts", "alchemical"), "rune": ("fonts", "runic"), "seal": ("sigils", "seal")}


def corpus(folder: Path, n: int = 240, resolution: int = 32) -> Path:
    """A prepared-corpus folder: n synthetic images over three styles, glyph groups of 4 copies (2 bases x 2
    copies), every fifth group held out; report.json with the counts, as prepare writes them."""
    folder.mkdir(parents=True)
    np.save(folder / "images.npy", synthetic(n, resolution, seed=3))
    metas = []
    for i in range(n):
        style = STYLES[(i // 4) % 3]
        source, kind = KINDS[style]
        group = i // 4
        metas.append({"source": source, "kind": kind, "style": style, "group": f"g{group}",
                      "base": f"g{group}/b{(i // 2) % 2}", "copy": i % 2, "label": f"U+{0x2600 + group:04X}",
                      "font": "TestFont", "name": f"SIGN {group}", "split": "holdout" if group % 5 == 0 else "train"})
    (folder / "meta.jsonl").write_text("".join(json.dumps(m) + "\n" for m in metas))
    holdout = sum(m["split"] == "holdout" for m in metas)
    (folder / "report.json").write_text(json.dumps({"counts": {"train": n - holdout, "holdout": holdout}}))
    return folder


@pytest.fixture
def data(tmp_path) -> Path:
    return corpus(tmp_path / "data")


def test_picks_are_held_out_balanced_across_styles_and_deterministic(data):
    _, metas, _ = real_set.read_corpus(data)
    picked = real_set.pick(metas, STYLES, 6, seed=0)
    assert picked == real_set.pick(metas, STYLES, 6, seed=0)
    assert picked != real_set.pick(metas, STYLES, 6, seed=1)
    assert all(metas[i]["split"] == "holdout" for i in picked)
    assert [metas[i]["style"] for i in picked] == [s for s in STYLES for _ in range(6)]
    # Round the glyph groups first: a style's first picks are all different glyphs.
    for style in STYLES:
        groups = [metas[i]["group"] for i in picked if metas[i]["style"] == style]
        available = {m["group"] for m in metas if m["split"] == "holdout" and m["style"] == style}
        assert len(set(groups[:len(available)])) == len(available)
    # A style with fewer held-out images than asked gives them all, and no more.
    held = Counter(m["style"] for m in metas if m["split"] == "holdout")
    assert len(real_set.pick(metas, ["seal"], 1000, seed=0)) == held["seal"]


def test_bits_round_trip_most_significant_bit_first_row_major():
    rng = np.random.default_rng(0)
    masks = rng.random((5, 16, 16)) < 0.3
    assert np.array_equal(real_set.decode(real_set.encode(masks), 5, 16), masks)
    # The layout the site decodes (lib/real-or-not): pixel (row 0, column 0) is the first byte's top bit.
    one = np.zeros((1, 16, 16), bool)
    one[0, 0, 0] = one[0, 1, 7] = True
    import base64
    import zlib
    raw = zlib.decompress(base64.b64decode(real_set.encode(one)))
    assert len(raw) == 32 and raw[0] == 0x80 and raw[2] == 0x01 and sum(raw) == 0x81


def test_the_asset_holds_held_out_images_at_the_site_threshold_never_a_training_image(data):
    asset = real_set.build(data, "test-32-20261201", 32, STYLES, per_style=4)
    assert asset["count"] == 12 and len(asset["symbols"]) == 12
    assert [s["style"] for s in asset["symbols"]] == [s for s in STYLES for _ in range(4)]
    masks = real_set.decode(asset["bitmaps"], asset["count"], 32)
    images, metas, _ = real_set.read_corpus(data)
    held = {np.asarray(images[i] < 128).tobytes(): i for i, m in enumerate(metas) if m["split"] == "holdout"}
    train = {np.asarray(images[i] < 128).tobytes() for i, m in enumerate(metas) if m["split"] == "train"}
    for mask, symbol in zip(masks, asset["symbols"]):
        assert mask.tobytes() in held and mask.tobytes() not in train
        meta = metas[held[mask.tobytes()]]
        source = symbol["source"]
        assert source.get("codePoint", source.get("recipe")) == meta["label"] and source["type"] in ("font", "sigil")
    # Deterministic to the byte, so a rebuilt set is the same set.
    again = real_set.build(data, "test-32-20261201", 32, STYLES, per_style=4)
    assert real_set.asset_bytes(asset) == real_set.asset_bytes(again)


def test_an_unconditional_model_gets_symbols_of_every_corpus_style_without_a_style(data):
    asset = real_set.build(data, "test-32-20261201", 32, [], per_style=2)
    assert asset["styles"] == [] and asset["count"] == 6
    assert all(s["style"] is None for s in asset["symbols"])


def test_a_corpus_at_another_resolution_or_without_the_styles_is_refused(data):
    with pytest.raises(RealSetError, match="32px but test-64-20261201 draws 64px"):
        real_set.build(data, "test-64-20261201", 64, STYLES)
    with pytest.raises(RealSetError, match="styles the corpus does not know: emoji"):
        real_set.build(data, "test-32-20261201", 32, STYLES + ["emoji"])


def test_sources_are_described_for_people():
    kamea = real_set.source_of({"source": "sigils", "kind": "kamea", "label": "kamea:sun:rosteon", "copy": 0})
    assert kamea == {"type": "sigil", "method": "kamea", "recipe": "kamea:sun:rosteon", "augmented": False,
                     "text": "a kamea sigil: the name \u201cRosteon\u201d traced on the magic square of the Sun"}
    seal = real_set.source_of({"source": "sigils", "kind": "seal", "label": "seal:{5/2}:r3:ring6", "copy": 2})
    assert seal["text"] == "a seal sigil: a {5/2} star in 3 rings, 6 marks around it" and seal["augmented"]
    font = real_set.source_of({"source": "fonts", "label": "U+16B8", "font": "NotoSansRunic-Regular",
                               "name": "RUNIC LETTER GAR"})
    assert font["text"] == "U+16B8 RUNIC LETTER GAR in the font NotoSansRunic-Regular"
    hershey = real_set.source_of({"source": "hershey", "kind": "astrology", "label": "astrology:31"})
    assert (hershey["file"], hershey["glyph"]) == ("astrology.jhf", 31)


def test_the_asset_is_written_then_renamed(data, tmp_path, monkeypatch):
    folder = tmp_path / "model"
    folder.mkdir()
    asset = real_set.build(data, "test-32-20261201", 32, STYLES, per_style=2)

    def fail(*args):
        raise OSError("disk full")
    monkeypatch.setattr(runs.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        real_set.write(folder, asset)
    assert list(folder.iterdir()) == []                 # neither a half-written asset nor a temporary file
    monkeypatch.undo()
    entry = real_set.write(folder, asset)
    data_bytes = (folder / FILE).read_bytes()
    assert entry == {"file": FILE, "sha256": hashlib.sha256(data_bytes).hexdigest(), "bytes": len(data_bytes),
                     "count": 6}


def model_folder(models: Path, data: Path, card_counts: dict | None = None) -> Path:
    """A model folder as export leaves it (the files the backfill must not touch) and its index.json."""
    folder = models / "test-32-20261201"
    folder.mkdir(parents=True)
    tfjs.write(tfjs.fold(Generator(resolution=32, width=16, min_width=8).eval()), 100, folder, "uint8")
    counts = card_counts or json.loads((data / "report.json").read_text())["counts"]
    runs.write_json(folder / "model-card.json", {"id": folder.name, "dataset": {"name": "data", "seed": 0, **counts}})
    runs.write_json(models / "index.json", {"version": 1, "default": folder.name, "models": [
        {"id": folder.name, "resolution": 32, "latentSize": 100, "sha256": "ab" * 32, "bytes": 2,
         "styles": [{"id": s, "label": s.title()} for s in STYLES]}]})
    return folder


def test_backfill_adds_the_asset_and_records_it_leaving_the_model_files_alone(data, tmp_path):
    folder = model_folder(tmp_path / "models", data)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    index_before = json.loads((folder.parent / "index.json").read_text())
    cfg = RealSetConfig(folders=[str(folder)], data=str(data), per_style=3).validate()
    entry = real_set.real_set(cfg)[0]
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.name != FILE} == before
    index = json.loads((folder.parent / "index.json").read_text())
    assert index["models"][0] == {**index_before["models"][0], "realSymbols": entry}
    assert entry["count"] == 9 and entry["sha256"] == hashlib.sha256((folder / FILE).read_bytes()).hexdigest()

    # Run again (even with other options): the published asset is kept byte for byte, index.json unchanged.
    asset, index_bytes = (folder / FILE).read_bytes(), (folder.parent / "index.json").read_bytes()
    real_set.real_set(RealSetConfig(folders=[str(folder)], data=str(data), per_style=5, seed=9))
    assert (folder / FILE).read_bytes() == asset and (folder.parent / "index.json").read_bytes() == index_bytes

    # An asset changed after it was recorded is refused, not re-recorded.
    (folder / FILE).write_bytes(asset.replace(b'"count":9', b'"count":9 '))
    with pytest.raises(RealSetError, match="changed after export"):
        real_set.real_set(cfg)


def test_backfill_refuses_a_corpus_that_is_not_the_models(data, tmp_path):
    folder = model_folder(tmp_path / "models", data, {"train": 1000, "holdout": 100})
    with pytest.raises(RealSetError, match="held-out split may hold this model's training images"):
        real_set.real_set(RealSetConfig(folders=[str(folder)], data=str(data)))
    assert not (folder / FILE).exists()


def test_the_dry_run_writes_nothing(data, tmp_path):
    folder = model_folder(tmp_path / "models", data)
    index_bytes = (folder.parent / "index.json").read_bytes()
    assert real_set.real_set(RealSetConfig(folders=[str(folder)], data=str(data), dry_run=True)) == [None]
    assert not (folder / FILE).exists() and (folder.parent / "index.json").read_bytes() == index_bytes


def test_the_shipped_default_has_a_recorded_real_set_that_matches_its_hash():
    index = json.loads((ROOT / "public/models/index.json").read_text())
    entry = next(m for m in index["models"] if m["id"] == index["default"])
    recorded = entry["realSymbols"]
    data = (ROOT / "public/models" / entry["id"] / recorded["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == recorded["sha256"] and len(data) == recorded["bytes"] < 200_000
    asset = json.loads(data)
    masks = real_set.decode(asset["bitmaps"], asset["count"], entry["resolution"])
    assert len(masks) == recorded["count"] == len(asset["symbols"])
    assert asset["styles"] == [s["id"] for s in entry.get("styles", [])]
    per_style = Counter(s["style"] for s in asset["symbols"])
    assert set(per_style) == set(asset["styles"]) and len(set(per_style.values())) == 1
    assert 0.02 < masks.mean() < 0.5                      # symbols, not blank or solid squares

"""Field sliders (training/slider_field.py): followed as the site follows them (the same hand-made field as
tests/unit/slider-field.test.ts, the same numbers), smooth measures that rise with the mask measures they stand for,
and the stage: gradients collected in resumable chunks, the field fitted, sliders.json appended to (version 2) with
the straight sliders kept at their indices, recorded in index.json and the card, and refused a second time."""
import base64
import json

import numpy as np
import pytest
import torch

from training import sefa, slider_field
from training.__main__ import main
from training.slider_field import SliderFieldConfig, SliderFieldError
from training.tests.test_sefa import SMALL, folder_with_index

# Inputs [z0, z1, style0, style1, head0, ..., head8]: hidden [relu(z0), relu(head0)], out [h0 + 1, h1].
HEADS = len(slider_field.MEASURE_NAMES)
K0 = np.zeros((4 + HEADS, 2), np.float16)
K0[0, 0] = 1
K0[4, 1] = 1
FIELD = [(K0, np.zeros(2, np.float16)), (np.eye(2, dtype=np.float16), np.array([1, 0], np.float16))]


def test_follow_takes_unit_steps_along_the_field_read_again_each_step():
    z = np.array([[0.5, 0.0]])
    one = slider_field.follow(FIELD, z, np.array([0]), 2, 0, 0.1)
    norm = np.sqrt(1.5 * 1.5 + 1 * 1)
    np.testing.assert_allclose(one[0], [0.5 + 0.1 / norm * 1.5, 0.1 / norm], rtol=0, atol=1e-15)
    # Head 1 (no head-0 flag) moves along +x only; 7 steps of 0.1.
    np.testing.assert_allclose(slider_field.follow(FIELD, z, np.array([1]), 2, 1, 0.7)[0], [1.2, 0], atol=1e-12)
    # a then b the same way is a + b; a negative amount goes back.
    twice = slider_field.follow(FIELD, slider_field.follow(FIELD, z, np.array([0]), 2, 0, 0.3), np.array([0]), 2, 0, 0.4)
    np.testing.assert_array_equal(twice, slider_field.follow(FIELD, z, np.array([0]), 2, 0, 0.7))
    back = slider_field.follow(FIELD, z, np.array([0]), 2, 0, -0.2)[0]
    assert back[0] < 0.5 and back[1] < 0


def test_the_smooth_measures_rise_where_the_mask_measures_do():
    soft = slider_field.soft_measures()
    small, big, right, wide, ring = (np.zeros((32, 32)) for _ in range(5))
    small[14:18, 14:18] = 1
    big[10:22, 10:22] = 1
    right[14:18, 24:28] = 1
    wide[14:18, 4:28] = 1
    yy, xx = np.mgrid[0:32, 0:32] / 31
    ring[np.abs(np.hypot(yy - 0.5, xx - 0.5) - 0.37) < 0.04] = 1
    p = torch.tensor(np.stack([small, big, right, wide, ring]), dtype=torch.float32)
    masks = p.numpy() > 0.5
    rises = {"ink": (0, 1), "lean": (0, 2), "width": (0, 3), "stroke": (0, 1), "roundness": (3, 0), "size": (1, 4),
             "middle": (4, 0), "rim": (1, 4), "aspect": (0, 3)}
    assert set(rises) | {"level", "rise", "height", "symmetry"} == set(slider_field.MEASURE_NAMES)
    for name, (a, b) in rises.items():
        s, m = soft[name](p).numpy(), sefa.MEASURES[name][0](masks)
        assert s[b] > s[a] and m[b] > m[a], name
        # On a mask (0 or 1 everywhere) the stand-in is the measure itself, but for stroke, level, symmetry and roundness.
        if name not in ("stroke", "level", "symmetry", "roundness"):
            np.testing.assert_allclose(s, m, rtol=1e-4, atol=1e-5, err_msg=name)


def test_the_stage_collects_fits_and_appends_field_sliders(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(slider_field, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(slider_field, "CHUNK", 20)
    folder = folder_with_index(tmp_path / "models")
    with pytest.raises(SliderFieldError, match="no sliders.json"):
        slider_field.measure_and_write(folder, SliderFieldConfig(folders=[str(folder)]).validate())
    assert main(["sliders", str(folder), *SMALL]) == 0
    straight = json.loads((folder / "sliders.json").read_text())["sliders"]
    with pytest.raises(SliderFieldError, match="--collect first"):
        slider_field.measure_and_write(folder, SliderFieldConfig(folders=[str(folder)]).validate())
    assert main(["slider-field", str(folder), "--collect", "40"]) == 0
    chunks = sorted((tmp_path / "cache" / folder.name).glob("chunk-*.npz"))
    assert [c.name for c in chunks] == ["chunk-00000.npz", "chunk-00001.npz"]
    grads = np.load(chunks[0])["grads"].astype(np.float32)
    assert grads.shape == (HEADS, 20, 100) and np.allclose(np.linalg.norm(grads, axis=2), 1, atol=2e-3)
    # Collecting more resumes after the chunks that are there.
    assert main(["slider-field", str(folder), "--collect", "20"]) == 0
    assert len(list((tmp_path / "cache" / folder.name).glob("chunk-*.npz"))) == 3

    cfg = SliderFieldConfig(folders=[str(folder)], hidden=16, epochs=2, seeds=8, points=3, min_monotonic=1e-9).validate()
    card_field = slider_field.measure_and_write(folder, cfg)
    assert [m["measure"] for m in card_field["measures"]] == slider_field.MEASURE_NAMES
    assert card_field["latents"] == 60 and card_field["seeds"] == 8
    assert card_field["command"] == (f"python3 -m training slider-field {folder} --hidden 16 --epochs 2 --seeds 8 "
                                     f"--points 3 --min_monotonic 1e-09")
    asset = json.loads((folder / "sliders.json").read_text())
    named = {s["measure"] for s in straight}
    expected = [m["measure"] for m in card_field["measures"] if m["monotonic"] > 0 and m["measure"] not in named]
    assert card_field["kept"] == expected
    if expected:
        assert asset["version"] == 2 and asset["sliders"][:len(straight)] == straight
        fields = [s for s in asset["sliders"] if "field" in s]
        assert [s["measure"] for s in fields] == expected and all(s["range"] == 1.0 for s in fields)
        (field,) = asset["fields"]
        layers = [(np.frombuffer(base64.b64decode(l["kernel"]), "<f2").reshape(l["inputs"], l["units"]),
                   np.frombuffer(base64.b64decode(l["bias"]), "<f2")) for l in field["layers"]]
        assert [k.shape for k, _b in layers] == [(100 + HEADS, 16), (16, 16), (16, 100)]
        golden = field["golden"]
        for s in fields:
            moved = slider_field.follow(layers, np.array([golden["latent"]], np.float32), None, 0, s["head"], 1.0)
            np.testing.assert_allclose(moved.astype(np.float32)[0], golden["moved"][str(s["head"])], atol=1e-6)
        entry = json.loads((tmp_path / "models" / "index.json").read_text())["models"][0]["sliders"]
        assert entry == sefa.index_entry(folder) and entry["count"] == len(straight) + len(fields)
        card = json.loads((folder / "model-card.json").read_text())["sliders"]
        assert card["field"]["kept"] == expected
        assert [s["id"] for s in card["kept"] if s.get("method") == "field"] == expected
        # A second fit must be asked for: it changes what links that moved these sliders show.
        with pytest.raises(SliderFieldError, match="--replace"):
            slider_field.measure_and_write(folder, cfg)
    assert not list(folder.glob(".*tmp*"))
    assert main(["slider-field", str(folder), "--range", "0.25"]) == 2
    assert "multiple of 0.1" in capsys.readouterr().err


def test_collect_fills_in_the_measures_older_chunks_lack_and_the_fit_uses_what_each_has(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(slider_field, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(slider_field, "CHUNK", 20)
    folder = folder_with_index(tmp_path / "models")
    assert main(["slider-field", str(folder), "--collect", "40"]) == 0
    cache = tmp_path / "cache" / folder.name
    first, second = sorted(cache.glob("chunk-*.npz"))
    full = dict(np.load(first))
    # Make the first chunk one collected before the last two measures were added, in another order.
    old = ["stroke", "ink", *slider_field.MEASURE_NAMES[2:-2]]
    order = [slider_field.MEASURE_NAMES.index(n) for n in old]
    np.savez(first, z=full["z"], styles=full["styles"], grads=full["grads"][order], names=np.array(old))
    z, style, grads, have = slider_field.load(folder)
    assert have.shape == (HEADS, 40) and have[:, 20:].all() and have[:-2, :20].all() and not have[-2:, :20].any()
    np.testing.assert_array_equal(grads[:, :20][have[:, :20]], full["grads"][:-2].astype(np.float32).reshape(-1, 100))
    assert not grads[-2:, :20].any()
    layers, cosine = slider_field.fit(z, style, grads, have, 0, SliderFieldConfig(hidden=8, epochs=1))
    assert set(cosine) == set(slider_field.MEASURE_NAMES)
    # Collecting again fills the chunk in first, with the gradients a fresh collection gives (float16 apart).
    assert main(["slider-field", str(folder), "--collect", "20"]) == 0
    filled = np.load(first)
    assert list(filled["names"]) == slider_field.MEASURE_NAMES
    np.testing.assert_allclose(filled["grads"].astype(np.float32), full["grads"].astype(np.float32), atol=2e-3)
    assert f"20 latents given {', '.join(slider_field.MEASURE_NAMES[-2:])}" in capsys.readouterr().out
    assert len(list(cache.glob("chunk-*.npz"))) == 3 and not list(cache.glob(".*tmp*"))
    assert slider_field.load(folder)[3].all()


def test_a_damaged_chunk_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(slider_field, "CACHE", tmp_path / "cache")
    folder = folder_with_index(tmp_path / "models")
    (tmp_path / "cache" / folder.name).mkdir(parents=True)
    (tmp_path / "cache" / folder.name / "chunk-00000.npz").write_bytes(b"not a zip")
    with pytest.raises(SliderFieldError, match="chunk-00000.npz cannot be read.*collect again"):
        slider_field.load(folder)

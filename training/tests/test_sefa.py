"""Named sliders (training/sefa.py): SeFa directions orthonormal, deterministic and from z's rows only; the measures
on masks whose answers are known; sliders.json written atomically from a model folder, recorded in index.json and
the card, and refused when it is already there."""
import json
from pathlib import Path

import numpy as np
import pytest

from training import runs, sefa, tfjs
from training.__main__ import main
from training.sefa import SlidersConfig, SlidersError
from training.tests.test_nearest import varied_generator


def test_directions_are_orthonormal_deterministic_and_ignore_the_style_rows():
    rng = np.random.default_rng(0)
    kernel = rng.standard_normal((100 + 9, 256))
    dirs, values = sefa.directions(kernel, 100, 12)
    assert dirs.shape == (12, 100)
    np.testing.assert_allclose(dirs @ dirs.T, np.eye(12), atol=1e-10)
    assert (np.diff(values) <= 0).all()
    again, _ = sefa.directions(kernel.copy(), 100, 12)
    np.testing.assert_array_equal(dirs, again)
    # The style one-hot's rows are not z's: changing them changes nothing.
    kernel[100:] = rng.standard_normal((9, 256))
    np.testing.assert_array_equal(sefa.directions(kernel, 100, 12)[0], dirs)
    # The first direction is the one the layer stretches most: |A n|^2 is the top eigenvalue.
    a = kernel[:100].T
    assert np.linalg.norm(a @ dirs[0]) ** 2 == pytest.approx(values[0])


def test_a_stretched_axis_is_found_first():
    kernel = np.zeros((10, 10))
    kernel[3, 3] = 5.0
    kernel[np.arange(10) != 3, np.arange(10)[np.arange(10) != 3]] = 1.0
    dirs, values = sefa.directions(kernel, 10, 1)
    np.testing.assert_allclose(dirs[0], np.eye(10)[3])
    assert values[0] == pytest.approx(25.0)


def test_a_fitted_direction_is_the_measure_s_gradient_inside_the_span():
    rng = np.random.default_rng(1)
    basis, _ = sefa.directions(rng.standard_normal((100 + 9, 256)), 100, 12)
    z = rng.standard_normal((2000, 100))
    inside = (basis[2] - 2 * basis[7]) / np.sqrt(5)
    outside = np.linalg.svd(np.eye(100) - basis.T @ basis)[0][:, 0]      # a unit vector orthogonal to the span
    # The measure moves along `inside`, with noise and with a much larger part the span cannot see.
    values = 2 * (z @ inside) + 0.5 * rng.standard_normal(2000) + 2 * (z @ outside)
    direction, slope, r2 = sefa.fit_direction(basis, z, values)
    assert abs(np.linalg.norm(direction) - 1) < 1e-12 and direction @ inside > 0.99
    assert np.linalg.norm(basis @ direction) == pytest.approx(1)         # it is in the span
    assert slope == pytest.approx(2 / values.std(), rel=0.08) 
    assert r2 == pytest.approx((2 * z @ inside).var() / values.var(), abs=0.05)   # the share the span explains
    # Oriented so that + raises the measure.
    assert sefa.fit_direction(basis, z, -values)[0] @ inside < -0.99
    # A measure that moves only outside the span gets no slope worth the name.
    assert sefa.fit_direction(basis, z, z @ outside)[1] < 0.15


def test_a_taken_direction_is_left_out_of_later_fits():
    rng = np.random.default_rng(2)
    basis, _ = sefa.directions(rng.standard_normal((100 + 9, 256)), 100, 12)
    z = rng.standard_normal((2000, 100))
    taken = (basis[0] + basis[3]) / np.sqrt(2)
    rest = sefa.without(basis, taken)
    assert rest.shape == (11, 100)
    np.testing.assert_allclose(rest @ rest.T, np.eye(11), atol=1e-10)
    np.testing.assert_allclose(rest @ taken, 0, atol=1e-10)
    np.testing.assert_allclose(np.linalg.norm(basis @ rest.T, axis=0), 1, atol=1e-10)   # still inside the span
    # A second measure that follows the first one's direction and another: its fit keeps only the other part.
    other = basis[5]
    direction, _slope, _r2 = sefa.fit_direction(rest, z, z @ taken + z @ other)
    assert abs(direction @ taken) < 1e-10 and direction @ other > 0.99
    # A direction outside the span takes nothing from it.
    outside = np.linalg.svd(np.eye(100) - basis.T @ basis)[0][:, 0]
    assert sefa.without(basis, outside).shape == (12, 100)


class SquareSource:
    """A stand-in generator: an ink square whose side grows with z[0] (from 4 to 28 px), nothing else."""
    latent_size, styles, denoiser, min_stray = 4, [], None, 0

    def generate(self, z, styles):
        side = np.clip(np.round(16 + 4 * z[:, 0]), 4, 28).astype(int)
        images = np.ones((len(z), 32, 32), np.float32)
        for image, n in zip(images, side):
            image[2:2 + n, 2:2 + n] = -1
        return images


def test_a_sweep_measures_every_seed_of_a_passing_slider_and_stops_on_a_failing_one():
    cfg = SlidersConfig(folders=["x"], seeds=300, range=1.0)
    z = np.zeros((300, 4))
    z[:, 0] = np.random.default_rng(3).uniform(-1.5, 1.5, 300)
    share, change, done = sefa.sweep(SquareSource(), np.eye(4)[0], "ink", cfg, z, None)
    assert share == 1.0 and done == 300 and change > 0
    # Backwards, every seed fails: the first block already has more failures than 10% of 300 allows.
    share, change, done = sefa.sweep(SquareSource(), -np.eye(4)[0], "ink", cfg, z, None)
    assert share == 0.0 and done == sefa.SWEEP_BLOCK and change < 0
    # A direction that moves nothing is not monotonic (it never ends higher).
    assert sefa.sweep(SquareSource(), np.eye(4)[1], "ink", cfg, z, None)[0] == 0.0


def masks_of(*rows: list[str]) -> np.ndarray:
    return np.stack([np.array([[c == "#" for c in line] for line in m]) for m in rows])


def test_measures_on_known_masks():
    bar = ["......", ".####.", "......", "......", "......", "......"]
    two = ["#....#", "#....#", "......", "......", "......", "......"]
    plus = ["......", "..#...", ".###..", "..#...", "......", "......"]
    lop = ["......", ".###..", ".#....", ".#....", "......", "......"]
    m = masks_of(bar, two, plus, lop)
    np.testing.assert_allclose(sefa.ink(m), [4 / 36, 4 / 36, 5 / 36, 5 / 36])
    np.testing.assert_array_equal(sefa.parts(m), [1, 2, 1, 1])
    np.testing.assert_allclose(sefa.symmetry(m)[:3], [1, 1, 1])
    assert sefa.symmetry(m)[3] < 1
    # A bar of width 1 and length 4: area 4, perimeter 10 -> 0.8 px; the plus is as wide every way (roundness 1).
    assert sefa.stroke(m)[0] == pytest.approx(0.8)
    assert sefa.roundness(m)[2] == pytest.approx(1.0)
    assert sefa.roundness(m)[0] == 0.0
    bold = masks_of(["......", ".####.", ".####.", "......", "......", "......"])
    assert sefa.stroke(bold)[0] > sefa.stroke(m)[0]


def test_where_and_how_far_the_ink_spreads_on_known_masks():
    left = ["#.....", "#.....", "#.....", "#.....", "#.....", "#....."]        # an upright bar at the left edge
    high = ["######", "......", "......", "......", "......", "......"]        # a level bar at the top edge
    ring = ["......", ".###..", ".#.#..", ".###..", "......", "......"]
    eight = [".###..", ".#.#..", ".###..", ".#.#..", ".###..", "......"]
    empty = ["......"] * 6
    m = masks_of(left, high, ring, eight, empty)
    np.testing.assert_allclose(sefa.lean(m), [0, 0.5, 0.4, 0.4, 0.5])
    np.testing.assert_allclose(sefa.rise(m), [0.5, 1, 0.6, 0.6, 0.5])
    assert sefa.width(m)[0] == 0 and sefa.height(m)[1] == 0            # a line has no spread across itself
    assert sefa.height(m)[0] > sefa.height(m)[2] > 0 and sefa.width(m)[1] > sefa.width(m)[2] > 0
    np.testing.assert_array_equal(sefa.holes(m), [0, 0, 1, 2, 0])
    # The upright bar's long sides are beside paper, the level bar's above it: 2 of 14 and 12 of 14 edges run level.
    np.testing.assert_allclose(sefa.level(m)[:2], [2 / 14, 12 / 14])
    assert sefa.level(m)[4] == 0.5


def folder_with_index(models: Path) -> Path:
    folder = models / "test-64-20261207"
    folder.mkdir(parents=True)
    tfjs.write(tfjs.fold(varied_generator()), 100, folder, "uint8")
    runs.write_json(folder / "model-card.json", {"id": folder.name, "resolution": 64})
    runs.write_json(models / "index.json", {"version": 1, "default": folder.name, "models": [
        {"id": folder.name, "resolution": 64, "latentSize": 100, "sha256": "ab" * 32, "bytes": 2}]})
    return folder


SMALL = ["--candidates", "3", "--subspace", "4", "--samples", "24", "--seeds", "8", "--points", "3", "--min_effect", "0",
         "--no-require_monotonic"]


def test_the_stage_writes_sliders_json_and_records_it(tmp_path):
    folder = folder_with_index(tmp_path / "models")
    model_files = {p.name: p.read_bytes() for p in folder.iterdir() if p.name != "model-card.json"}
    assert main(["sliders", str(folder), *SMALL]) == 0
    asset = json.loads((folder / "sliders.json").read_text())
    assert asset["version"] == 1 and asset["modelId"] == folder.name and asset["range"] == 3.0
    assert 1 <= len(asset["sliders"]) <= 3 + len(sefa.MEASURES)
    assert {s["method"] for s in asset["sliders"]} <= {"sefa", "sefa-subspace-fit"}
    for s in asset["sliders"]:
        d = np.frombuffer(__import__("base64").b64decode(s["direction"]), "<f4")
        assert d.shape == (100,) and abs(np.linalg.norm(d) - 1) < 1e-5
        assert s["measure"] in sefa.MEASURES and 0 <= s["monotonic"] <= 1 and isinstance(s["passes"], bool)
    entry = json.loads((tmp_path / "models" / "index.json").read_text())["models"][0]["sliders"]
    assert entry == sefa.index_entry(folder) and entry["count"] == len(asset["sliders"])
    card = json.loads((folder / "model-card.json").read_text())["sliders"]
    assert card["samples"] == 24 and card["seeds"] == 8 and len(card["kept"]) == len(asset["sliders"])
    assert "direction" not in card["kept"][0]
    # The model's own files are untouched, and nothing half-written is left beside them.
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.name in model_files} == model_files
    assert sorted(p.name for p in folder.iterdir()) == sorted([*model_files, "model-card.json", "sliders.json"])
    # Measured again, the same weights give the same file.
    first = (folder / "sliders.json").read_bytes()
    assert main(["sliders", str(folder), *SMALL, "--rewrite"]) == 0
    assert (folder / "sliders.json").read_bytes() == first


def test_the_stage_refuses_a_folder_that_has_sliders_and_bad_options(tmp_path, capsys):
    folder = folder_with_index(tmp_path / "models")
    (folder / "sliders.json").write_text("{}")
    with pytest.raises(SlidersError, match="already there"):
        sefa.backfill(folder, SlidersConfig(folders=[str(folder)]).validate())
    assert main(["sliders", str(folder), "--range", "0.25"]) == 2
    assert "multiple of 0.1" in capsys.readouterr().err
    assert main(["sliders"]) == 2


def test_by_default_only_passing_sliders_are_written_and_the_rest_are_recorded_as_dropped(tmp_path):
    folder = folder_with_index(tmp_path / "models")
    cfg = SlidersConfig(folders=[str(folder)], candidates=3, subspace=4, samples=24, seeds=8, points=3,
                        min_effect=0, min_monotonic=0.5).validate()
    entry, card = sefa.add(folder, cfg, "test")
    assert card["requireMonotonic"] and card["goalMet"] == bool(card["kept"])
    assert all(s["passes"] and s["monotonic"] >= 0.5 and s["seeds"] == 8 for s in card["kept"])
    assert all("under 50%" in d["why"] or "spreads" in d["why"] for d in card["dropped"])
    assert len(card["kept"]) + len(card["dropped"]) >= 3          # every SeFa candidate is accounted for
    if card["kept"]:
        asset = json.loads((folder / "sliders.json").read_text())
        assert [s["id"] for s in asset["sliders"]] == [s["id"] for s in card["kept"]] and entry["count"] == len(card["kept"])
    else:
        assert entry is None and not (folder / "sliders.json").exists()

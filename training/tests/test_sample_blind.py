"""sample writes the symbols the site shows (a plausible ink share, not solid black); the blind sheet and its scorer;
one speck remover with the site's rules."""
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from training import page_scale, pixels, sources
from training.blind import BlindConfig, BlindError, blind, parse_guess
from training.config import ConfigError, SampleConfig
from training.sample import sample

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = json.loads((ROOT / "public/models/index.json").read_text())["default"]


def test_sampled_pngs_of_the_shipped_model_have_a_plausible_ink_share(tmp_path):
    sample(SampleConfig(run=str(ROOT / "public/models" / DEFAULT), n=8, out=str(tmp_path / "s")))
    shares = [(np.asarray(Image.open(p)) < 128).mean() for p in sorted((tmp_path / "s").glob("*.png"))]
    assert len(shares) == 8
    assert all(0.01 < s < 0.5 for s in shares), shares     # solid black (the old despeckle bug) would be 1.0


@pytest.mark.skipif(not page_scale.has_node(), reason="the site's renderer needs Node and npm ci")
def test_a_sheet_at_the_page_scale_is_the_sites_drawing_of_the_same_symbols(tmp_path):
    model = ROOT / "public/models" / DEFAULT
    sample(SampleConfig(run=str(model), n=4, seed=3, page_scale=True, out=str(tmp_path / "sheet.png")))
    sheet = np.asarray(Image.open(tmp_path / "sheet.png").convert("L")) < 128
    source = sources.open_model(model)
    images, _ = source.sample(4, seed=3)
    drawn = page_scale.raster(pixels.site_mask(images), 128, fields=images if source.subpixel else None)
    assert sheet.sum() == pixels.site_mask(pixels.mask_to_unit(drawn)).sum()      # the same ink, laid out in a grid
    with pytest.raises(ConfigError, match="--page_scale"):
        SampleConfig(page_scale=True, binarize=False).validate()


def test_despeckle_erases_specks_fills_pinholes_and_keeps_strokes():
    ink = np.zeros((12, 12), bool)
    ink[1, 1] = ink[1, 2] = True                  # a 2-pixel speck
    ink[5:10, 3:10] = True                        # a stroke block with...
    ink[7, 6] = False                             # ...a 1-pixel enclosed hole
    ink[10, 11] = True                            # a lone pixel at the border
    out = pixels.despeckle(ink)
    assert not out[1, 1] and not out[1, 2] and not out[10, 11]
    assert out[7, 6]                              # the pin-hole is filled
    assert out[5:10, 3:10].all() and out.sum() == 35


def grid(rows: list[str]) -> np.ndarray:
    return np.array([[c == "#" for c in row] for row in rows])


def test_min_stray_erases_marks_beside_the_figure_as_the_site_does():
    # The same grid and outcome as tests/unit/postprocess.test.ts: a 4-pixel square, two 1-pixel specks and a
    # 10-pixel ring; minStray 8 keeps the ring only (its pin-hole filled).
    ink = grid(["##......", "##......", "........", "...####.", "...#..#.", "...####.", "........", "#......#"])
    assert (pixels.despeckle(ink, min_stray=8) == grid(
        ["........"] * 3 + ["...####."] * 3 + ["........"] * 2)).all()
    assert pixels.despeckle(ink)[0, 0]                       # off by default: the square stays
    small = grid(["##..", "##..", "....", "...#"])             # a figure under minStray is still the figure
    assert (pixels.despeckle(small, min_stray=100) == grid(["##..", "##..", "....", "...."])).all()
    # A source erases them in its fields (sample with clean=True), so what follows sees the site's mask.
    fields = np.where(np.stack([ink, small.repeat(2, 0).repeat(2, 1)]), -1.0, 1.0).astype(np.float32)
    assert (pixels.site_mask(pixels.erase_strays(fields, 8)) == pixels.site_mask(fields, 8)).all()


def test_site_mask_on_paper_is_empty_not_solid():
    assert not pixels.site_mask(np.ones((2, 16, 16), np.float32)).any()


def test_blind_sheet_then_score(tmp_path):
    out = blind(BlindConfig(n=6, dry_run=True))
    key = json.loads((out / "key.json").read_text())
    assert len(key["generated"]) == 6 and Image.open(out / "sheet.png").size[0] > 0
    everything = " ".join(map(str, key["generated"]))
    perfect = blind(BlindConfig(out=str(out), guess=everything))
    assert perfect["fool_rate"] == 0.0 and perfect["accuracy"] == 1.0
    nothing_caught = [i for i in range(1, 13) if i not in key["generated"]]
    fooled = blind(BlindConfig(out=str(out), guess=",".join(map(str, nothing_caught))))
    assert fooled["fool_rate"] == 1.0 and fooled["false_alarms"] == 6 and fooled["accuracy"] == 0.0
    half = key["generated"][:3] + nothing_caught[:3]        # with N picks, the fool rate is 1 - accuracy
    mixed = blind(BlindConfig(out=str(out), guess=" ".join(map(str, half))))
    assert mixed["fool_rate"] == 0.5 == 1 - mixed["accuracy"]


def test_a_bad_guess_is_a_one_line_error():
    with pytest.raises(BlindError, match="from 1 to 64"):
        parse_guess("3 99", 64)
    with pytest.raises(BlindError, match="pick exactly 4 numbers"):     # a free count would move the fool rate
        parse_guess("1 2 3 3 4 5", 8)

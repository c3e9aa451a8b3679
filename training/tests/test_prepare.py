"""The prepare stage: determinism, bad input handling, output format, leak-free split, sources' correctness."""
from __future__ import annotations

import io
import json
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFont

from training.data import clean, fonts, hershey, ingest, sigils
from training.data.prepare import PrepareConfig, PrepareError, prepare


def _read(folder: Path):
    images = np.load(folder / "images.npy")
    metas = [json.loads(line) for line in (folder / "meta.jsonl").read_text().splitlines()]
    return images, metas


# ---------------------------------------------------------------- fixtures built at test time

def _symbol(i: int, side: int = 96) -> Image.Image:
    """A distinct black-on-white symbol per i (a bindrune from a seed no prepare run uses)."""
    _, ink = sigils.generate("bindrune", 991, i, side)
    return Image.fromarray(clean.to_paper(ink), "L")


def _png_header_only(width: int, height: int) -> bytes:
    """A valid PNG signature and IHDR claiming width x height (1-bit), with a tiny IDAT: small on disk."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def messy_folder(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("messy")
    # A sheet of three separate symbols, far apart.
    sheet = Image.new("L", (420, 140), 255)
    for k in range(3):
        sheet.paste(_symbol(k), (20 + 140 * k, 22))
    sheet.save(d / "sheet.png")
    # The same kind of content in every format and mode the ingester must read.
    rgba = Image.new("RGBA", (96, 96), (0, 0, 0, 0))
    rgba.putalpha(Image.eval(_symbol(3), lambda v: 255 - v))        # black ink only where alpha is set
    rgba.save(d / "alpha.png")
    _symbol(4).convert("RGB").convert("P", palette=Image.Palette.ADAPTIVE, colors=4).save(d / "palette.gif")
    _symbol(5).convert("RGB").save(d / "photo.jpg", quality=90)
    _symbol(6).save(d / "web.webp")
    _symbol(7).convert("RGB").save(d / "bitmap.bmp")
    sub = d / "nested" / "deeper"
    sub.mkdir(parents=True)
    Image.eval(_symbol(8), lambda v: 255 - v).save(sub / "dark.png")   # white ink on black paper
    # Bad input, one of each reason.
    (d / "zero.png").write_bytes(b"")
    (d / "notes.png").write_text("this is not an image\n")
    (d / "corrupt.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    buf = io.BytesIO()
    _symbol(9).save(buf, "PNG")
    (d / "truncated.png").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    (d / "huge.png").write_bytes(_png_header_only(8000, 8000))
    blank = np.full((96, 96), 255, np.uint8)
    blank[40:44, 40:44] = 250                                        # a barely visible smudge
    Image.fromarray(blank).save(d / "blank.png")
    return d


@pytest.fixture(scope="module")
def messy_run(messy_folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("messy_out")
    report = prepare(PrepareConfig(images=str(messy_folder), out_root=str(out), dry_run=True))
    return report, out / "symbols-dry-run"


@pytest.fixture(scope="module")
def medium_run(tmp_path_factory):
    """A small but real run: every font glyph and Hershey symbol, enough sigils and copies to test balance."""
    out = tmp_path_factory.mktemp("medium")
    report = prepare(PrepareConfig(out_root=str(out), target_train=1500, max_copies=2, seed=3))
    return report, out / "symbols"


# ---------------------------------------------------------------- prepare as a whole

def test_prepare_is_deterministic_for_a_seed_and_changes_with_it(tmp_path):
    paths = {}
    for run, seed in (("a", 0), ("b", 0), ("c", 1)):
        prepare(PrepareConfig(out_root=str(tmp_path / run), seed=seed, dry_run=True))
        paths[run] = tmp_path / run / "symbols-dry-run"
    a, b, c = (paths[k] for k in "abc")
    assert (a / "images.npy").read_bytes() == (b / "images.npy").read_bytes()
    assert (a / "meta.jsonl").read_bytes() == (b / "meta.jsonl").read_bytes()
    assert (a / "images.npy").read_bytes() != (c / "images.npy").read_bytes()


def test_every_bad_input_is_skipped_and_counted(messy_run):
    report, folder = messy_run
    rejected = report["sources"]["images"]["rejected"]
    for reason in ("empty_file", "not_an_image", "corrupt", "truncated", "too_large", "faint"):
        assert rejected.get(reason) == 1, (reason, rejected)
    assert report["ingest"]["files_seen"] == 13
    assert report["ingest"]["inverted"] == 1
    _, metas = _read(folder)
    bases_per_file: dict[str, set] = {}
    for m in metas:
        if m["source"] == "images":
            bases_per_file.setdefault(m["file"], set()).add(m["base"])
    assert len(bases_per_file.pop("sheet.png")) == 3                  # the sheet was split into its symbols
    assert set(bases_per_file) == {"alpha.png", "palette.gif", "photo.jpg", "web.webp", "bitmap.bmp",
                                   "nested/deeper/dark.png"}


def test_an_inverted_image_comes_out_black_on_white(messy_run):
    _, folder = messy_run
    images, metas = _read(folder)
    dark = [img for img, m in zip(images, metas) if m.get("file") == "nested/deeper/dark.png"]
    assert dark and all(img[0].mean() > 240 and img.min() < 64 for img in dark)


def test_alpha_is_composited_on_white(messy_run):
    _, folder = messy_run
    images, metas = _read(folder)
    alpha = [img for img, m in zip(images, metas) if m.get("file") == "alpha.png"]
    assert alpha and all(np.median(img) > 240 and img.min() < 64 for img in alpha)


def test_missing_or_empty_images_folder_raises(tmp_path):
    with pytest.raises(PrepareError, match="does not exist"):
        prepare(PrepareConfig(images=str(tmp_path / "nope"), out_root=str(tmp_path), dry_run=True))
    (tmp_path / "empty").mkdir()
    with pytest.raises(PrepareError, match="empty"):
        prepare(PrepareConfig(images=str(tmp_path / "empty"), out_root=str(tmp_path), dry_run=True))
    assert not (tmp_path / "symbols-dry-run").exists()


@pytest.mark.parametrize("resolution", [16, 48, 512, 100])
def test_invalid_resolution_raises(tmp_path, resolution):
    with pytest.raises(PrepareError, match="resolution"):
        prepare(PrepareConfig(resolution=resolution, out_root=str(tmp_path), dry_run=True))


def test_outputs_have_the_documented_format(medium_run):
    report, folder = medium_run
    images, metas = _read(folder)
    assert images.dtype == np.uint8 and images.ndim == 3 and images.shape[1:] == (64, 64)
    assert len(metas) == len(images) == report["counts"]["total"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(report["files"])   # no temp files left
    # Black ink on white paper: the border is paper and most pixels are paper, in every image.
    border = np.concatenate([images[:, 0], images[:, -1], images[:, :, 0], images[:, :, -1]], 1)
    assert (border.min(1) > 200).mean() > 0.99
    assert (np.median(images.reshape(len(images), -1), 1) > 200).all()
    assert ((images < 128).reshape(len(images), -1).any(1)).all()          # every image has ink
    for m in metas:
        assert m["split"] in ("train", "holdout") and m["source"] in ("fonts", "hershey", "sigils")
        assert {"label", "base", "group", "aug"} <= set(m)
    assert {"fonts", "hershey", "sigils"} == set(report["sources"])
    assert report["resolution"] == 64 and report["seed"] == 3


def test_holdout_is_about_a_tenth_and_no_group_is_on_both_sides(medium_run):
    report, folder = medium_run
    _, metas = _read(folder)
    share = sum(m["split"] == "holdout" for m in metas) / len(metas)
    assert 0.06 < share < 0.14, share
    side: dict[str, str] = {}
    for m in metas:
        for key in (m["group"], m["base"]):
            assert side.setdefault(key, m["split"]) == m["split"], key


def test_no_source_dominates_and_the_target_is_met(medium_run):
    report, _ = medium_run
    assert report["counts"]["train"] >= 0.9 * 1500
    assert max(report["shares_train"].values()) <= 0.5, report["shares_train"]


def test_no_two_bases_are_near_duplicates(medium_run):
    _, folder = medium_run
    images, metas = _read(folder)
    firsts = [img for img, m in zip(images, metas) if m["copy"] == 0]
    hashes = np.stack([clean.phash64(img) for img in firsts])
    x = np.bitwise_xor(hashes[:, None, :], hashes[None, :, :])
    dist = np.unpackbits(x, axis=2).sum(2)
    np.fill_diagonal(dist, 99)
    assert dist.min() > 0                      # at 64 px after augmentation copies differ; bases never equal


# ---------------------------------------------------------------- sources

def test_font_glyphs_are_real_not_tofu_or_empty():
    rejected: dict[str, int] = {}
    seen = 0
    notdefs: dict[str, np.ndarray] = {}
    for font_name, kind, cp, ink in fonts.bases(limit=300, px=96, rejected=rejected):
        path = fonts.find_font(font_name + ".ttf")
        assert cp in fonts.cmap(str(path))
        if font_name not in notdefs:
            notdefs[font_name] = fonts.notdef_rendering(ImageFont.truetype(str(path), 96), fonts.cmap(str(path)))
        nd = notdefs[font_name]
        assert ink.max() > 0.5, (font_name, hex(cp))
        assert not (ink.shape == nd.shape and np.abs(ink - nd).mean() < 0.02), (font_name, hex(cp))
        seen += 1
    assert seen >= 250


def test_font_source_rejects_a_codepoint_the_font_lacks(monkeypatch):
    path = str(fonts.find_font("DejaVuSans.ttf"))
    assert 0x1F700 not in fonts.cmap(path)                      # DejaVu has no alchemical symbols
    monkeypatch.setattr(fonts, "candidates", lambda: [(path, "alchemical", 0x1F700), (path, "runic", 0x2609)])
    rejected: dict[str, int] = {}
    got = [cp for _, _, cp, _ in fonts.bases(px=96, rejected=rejected)]
    assert got == [0x2609] and rejected == {"tofu": 1}


@pytest.mark.parametrize("n", range(3, 10))
def test_kamea_squares_are_magic(n):
    m = sigils.magic_square(n)
    s = n * (n * n + 1) // 2
    assert sorted(m.ravel().tolist()) == list(range(1, n * n + 1))
    assert (m.sum(0) == s).all() and (m.sum(1) == s).all()
    assert np.trace(m) == s and np.trace(np.fliplr(m)) == s


def test_saturn_square_is_agrippas():
    assert sigils.magic_square(3).tolist() == [[4, 9, 2], [3, 5, 7], [8, 1, 6]]


def test_name_numbers_fit_the_square():
    for n in range(3, 10):
        nums = sigils.name_numbers("Taphthartharath", n)
        assert len(nums) == 15 and all(1 <= v <= n * n for v in nums)
    assert sigils.sigil_letters("I will be free") == "WLBFR"


def test_sigils_are_deterministic_and_distinct():
    for kind in sigils.GENERATORS:
        a = sigils.generate(kind, 5, 1, 64)
        b = sigils.generate(kind, 5, 1, 64)
        c = sigils.generate(kind, 5, 2, 64)
        assert a[0] == b[0] and np.array_equal(a[1], b[1])
        assert not np.array_equal(a[1], c[1])
        assert a[1].max() > 0.5


def test_hershey_parser_handles_wrapped_records():
    text = (hershey.HERSHEY_DIR / "astrology.jhf").read_text(encoding="latin-1")
    wrapped = "\n".join(line[i:i + 72] for line in text.splitlines() for i in range(0, max(len(line), 1), 72))
    assert hershey.parse_jhf(wrapped) == hershey.parse_jhf(text)
    glyphs = hershey.parse_jhf(text)
    assert len(glyphs) == 96 and not glyphs[0].strokes and glyphs[4].strokes     # space, then the Sun


def test_ingest_splits_a_sheet_and_keeps_a_symbol_with_its_inner_dot(tmp_path):
    img = Image.new("L", (300, 120), 255)
    from PIL import ImageDraw
    d = ImageDraw.Draw(img)
    d.ellipse([20, 20, 100, 100], outline=0, width=6)          # a sun sign: ring and a separate centre dot
    d.ellipse([54, 54, 66, 66], fill=0)
    d.line([(180, 20), (180, 100)], fill=0, width=6)           # a second symbol: a cross
    d.line([(140, 60), (220, 60)], fill=0, width=6)
    from collections import Counter
    stats: Counter = Counter()
    symbols = ingest.split_symbols(np.asarray(img), stats)
    assert len(symbols) == 2

"""python3 -m training real-set public/models/<id>: the real symbols of the site's "Which one is real?" game.

A few hundred held-out symbols (glyphs of the corpus's held-out split, so never a training image nor a copy of one),
balanced across the model's styles, binarized at the site's threshold, each with its style and its source (the font
and code point, the Hershey glyph, or the sigil's method and recipe), written into the model folder as one small
static file, real-symbols.json, written then renamed. index.json records it in the model's entry with its own sha256
and size, which the site checks before use; the model's own files and their hash are untouched (docs/model-folder.md).

Export writes it for every new model, from the corpus the run trained on. This command adds it to a folder exported
before it existed: it refuses a corpus that is not the one the model card names (its held-out split could hold the
model's training images), and it never rewrites an asset that is already there, so a folder's symbols never change.
"""
from __future__ import annotations

import base64
import hashlib
import json
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from training import model_folder, pixels, runs
from training.data.styles import STYLES, style_of
from training.errors import UserError, reading

FILE = "real-symbols.json"
FORMAT_VERSION = 1
PER_STYLE = 32
SEED = 0


class RealSetError(UserError):
    """A model folder or corpus that cannot give a real set: one line for the user."""


@dataclass
class RealSetConfig:
    folders: list[str] = field(default_factory=list)   # model folders (public/models/<id>) to give a real set
    data: str = "training/data/symbols"   # the corpus the model trained on; its held-out split gives the symbols
    per_style: int = PER_STYLE            # held-out symbols per style (per corpus style for an unconditional model)
    seed: int = SEED                      # which held-out symbols
    dry_run: bool = False                 # build the set for each folder and print it; write nothing

    def validate(self) -> "RealSetConfig":
        from training.config import ConfigError
        if not self.folders:
            raise ConfigError("name a model folder, e.g. public/models/sigil-64-20261201")
        if self.per_style < 1:
            raise ConfigError("--per_style must be positive")
        return self


# ---------------------------------------------------------------- which held-out symbols

def pick(metas: list[dict], buckets: list[str], per_style: int, seed: int) -> list[int]:
    """Indices into metas (held-out images only), up to per_style of each bucket (a style id) in bucket order.

    Within a style the picks go round the glyph groups first and the bases of a group (a font's design, one sigil)
    next, in an order drawn from `seed`, so 32 picks from a style with 6 held-out glyphs are 6 glyphs in several fonts,
    not 32 augmented copies of one.
    """
    chosen: list[int] = []
    for bucket in buckets:
        rng = np.random.default_rng([seed, zlib.crc32(bucket.encode())])     # each style's draw stands alone
        members = [i for i, m in enumerate(metas) if m["split"] == "holdout" and m["style"] == bucket]
        drawn = [members[j] for j in rng.permutation(len(members))]
        copies: Counter = Counter()
        base_turn = {}                        # how many images of the same base were drawn before this one
        for i in drawn:
            base_turn[i] = copies[metas[i]["base"]]
            copies[metas[i]["base"]] += 1
        by_group: dict[str, list[int]] = {}
        for i in sorted(drawn, key=base_turn.__getitem__):       # stable: drawn order within a turn
            by_group.setdefault(metas[i]["group"], []).append(i)
        group_turn = {i: k for images in by_group.values() for k, i in enumerate(images)}
        chosen += sorted(drawn, key=group_turn.__getitem__)[:per_style]
    return chosen


# ---------------------------------------------------------------- what each one is

def _title(word: str) -> str:
    return word[:1].upper() + word[1:]


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def describe_sigil(method: str, recipe: str) -> str:
    """A sentence for people from a sigil's recipe (training/data/sigils.py writes them)."""
    parts = recipe.split(":")
    if method == "kamea" and len(parts) == 3:
        planet = ("the " if parts[1] in ("sun", "moon") else "") + _title(parts[1])
        return f"the name \u201c{_title(parts[2])}\u201d traced on the magic square of {planet}"
    if method == "bindrune" and len(parts) == 2:
        return f"the runes {_and([_title(r) for r in parts[1].split('+')])} on one stave"
    if method == "seal" and len(parts) == 4:
        rings = parts[2].removeprefix("r")
        marks = "" if parts[3] == "none" else f", {parts[3].removeprefix('ring')} marks around it"
        return f"a {parts[1]} star in {rings} ring{'s' if rings != '1' else ''}{marks}"
    if method == "chaos" and len(parts) == 3:
        return f"the letters {' '.join(parts[1])} of \u201c{parts[2].replace('_', ' ')}\u201d, overlaid"
    return recipe


def source_of(meta: dict) -> dict:
    """Where a corpus image comes from, as index-free facts plus a sentence (`text`) the site can show."""
    source, label = meta.get("source"), meta.get("label", "")
    augmented = meta.get("copy", 0) > 0          # the corpus's copies are slightly turned, scaled or re-weighted
    if source == "fonts":
        name = meta.get("name") or ""
        out = {"type": "font", "font": meta.get("font", ""), "codePoint": label, "name": name,
               "text": f"{label} {name} in the font {meta.get('font', '')}".replace("  ", " ")}
    elif source == "hershey":
        file, _, index = label.partition(":")
        out = {"type": "hershey", "file": f"{file}.jhf", "glyph": int(index) if index.isdigit() else index,
               "text": f"glyph {index} of the Hershey vector font {file}.jhf"}
    elif source == "sigils":
        method = meta.get("kind", "")
        out = {"type": "sigil", "method": method, "recipe": label,
               "text": f"a {method} sigil: {describe_sigil(method, label)}"}
    else:
        out = {"type": "image", "file": meta.get("file", label), "text": f"symbol {meta.get('symbol', 0)} of {label}"}
    return {**out, "augmented": augmented}


# ---------------------------------------------------------------- the bitmaps

def encode(masks: np.ndarray) -> str:
    """bool [N, R, R] (True = ink) -> base64 of the zlib stream of every bitmap's R*R bits, row-major, most
    significant bit first, bitmaps one after another (R*R is a multiple of 8 for R >= 4 a power of two)."""
    flat = np.asarray(masks, dtype=bool).reshape(len(masks), -1)
    return base64.b64encode(zlib.compress(np.packbits(flat, axis=1).tobytes(), 9)).decode("ascii")


def decode(text: str, count: int, resolution: int) -> np.ndarray:
    """The inverse of encode: bool [count, R, R]."""
    raw = np.frombuffer(zlib.decompress(base64.b64decode(text)), np.uint8)
    return np.unpackbits(raw).reshape(count, resolution, resolution).astype(bool)


# ---------------------------------------------------------------- the asset

def read_corpus(data: str | Path) -> tuple[np.ndarray, list[dict], dict]:
    """images.npy (memory-mapped), meta.jsonl and report.json of a prepared corpus."""
    folder = Path(data)
    if not (folder / "images.npy").is_file() or not (folder / "meta.jsonl").is_file():
        raise RealSetError(f"{folder} has no images.npy/meta.jsonl; run `python3 -m training prepare` first")
    images = np.load(folder / "images.npy", mmap_mode="r")
    metas = [json.loads(line) for line in (folder / "meta.jsonl").read_text().splitlines() if line.strip()]
    if len(metas) != len(images):
        raise RealSetError(f"{folder}: {len(images)} images but {len(metas)} meta lines")
    for i, m in enumerate(metas):             # corpora prepared before styles existed read the same
        m.setdefault("style", style_of(m.get("source", ""), m.get("kind", "")))
        m.setdefault("base", m.get("group", f"#{i}"))
        m.setdefault("group", m["base"])
    report = folder / "report.json"
    return images, metas, json.loads(report.read_text()) if report.is_file() else {}


def build(data: str | Path, model_id: str, resolution: int, styles: list[str], per_style: int = PER_STYLE,
          seed: int = SEED) -> dict:
    """The asset for a model drawing `resolution` px in `styles` (its one-hot order; [] = unconditional)."""
    images, metas, _ = read_corpus(data)
    if images.shape[-1] != resolution:
        raise RealSetError(f"the corpus {data} is {images.shape[-1]}px but {model_id} draws {resolution}px: "
                           f"use the corpus it was trained on")
    unknown = [s for s in styles if s not in {st.id for st in STYLES}]
    if unknown:
        raise RealSetError(f"{model_id} has styles the corpus does not know: {', '.join(unknown)}")
    holdout_styles = {m["style"] for m in metas if m["split"] == "holdout"}
    buckets = styles or [s.id for s in STYLES if s.id in holdout_styles] + sorted(holdout_styles - {s.id for s in STYLES})
    chosen = pick(metas, buckets, per_style, seed)
    if not chosen:
        raise RealSetError(f"the corpus {data} has no held-out symbols in {model_id}'s styles")
    masks = pixels.u8_to_unit(np.asarray(images[np.array(chosen)])) < 0    # the site's threshold: ink is < 0
    return {
        "version": FORMAT_VERSION, "modelId": model_id, "resolution": resolution, "count": len(chosen),
        "styles": styles,
        "picked": {"data": Path(data).name, "split": "holdout", "perStyle": per_style, "seed": seed},
        "bitmaps": encode(masks),
        "symbols": [{"style": metas[i]["style"] if styles else None, "source": source_of(metas[i])} for i in chosen],
    }


def asset_bytes(asset: dict) -> bytes:
    """Compact JSON with one symbol per line: small, and a diff still reads."""
    head = {k: v for k, v in asset.items() if k != "symbols"}
    lines = ",\n".join(json.dumps(s, ensure_ascii=False, separators=(",", ":")) for s in asset["symbols"])
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"symbols":[\n' + lines + "\n]}\n"
    return text.encode()


def index_entry(folder: Path) -> dict:
    """What index.json records of a folder's asset: file, sha256, bytes, count."""
    data = (folder / FILE).read_bytes()
    with reading(folder / FILE, "not a real-symbols.json"):
        count = json.loads(data)["count"]
        if not isinstance(count, int):
            raise TypeError(f"count is {count!r}")
    return {"file": FILE, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "count": count}


def write(folder: Path, asset: dict) -> dict:
    """Write the asset into a model folder (written then renamed); returns its index.json entry."""
    runs.write_bytes(folder / FILE, asset_bytes(asset))
    return index_entry(folder)


# ---------------------------------------------------------------- the command: backfill existing folders

def check_corpus(data: str | Path, card: dict) -> None:
    """Refuse a corpus whose split is not the one the model trained on, as far as the card says (its counts)."""
    told = card.get("dataset") or {}
    _, _, report = read_corpus(data)
    counts = report.get("counts", {})
    for key in ("train", "holdout"):
        if key in told and told[key] != counts.get(key):
            raise RealSetError(f"{data} has {counts.get(key)} {key} images but the model card's corpus had "
                               f"{told[key]}: its held-out split may hold this model's training images. Prepare "
                               f"the corpus the model was trained on (seed {told.get('seed')}) and pass it as --data")


def backfill(folder: Path, cfg: RealSetConfig) -> dict | None:
    """Give one model folder its real set and record it in index.json; the model's own files stay as they are."""
    index_path = folder.parent / "index.json"
    index, entry = model_folder.read_entry(folder)
    model_folder.read_layers(folder)          # a damaged folder gets nothing: its weights replay golden.json
    card = model_folder.read_card(folder)
    styles = entry.get("styles", [])
    if not (isinstance(entry.get("resolution"), int) and isinstance(styles, list)
            and all(isinstance(s, dict) and isinstance(s.get("id"), str) for s in styles)):
        raise RealSetError(f"{index_path}: the entry of {folder.name} has no whole-number resolution or a bad styles "
                           f"list")
    if (folder / FILE).is_file():             # published: never rebuilt, only (re)recorded
        recorded = index_entry(folder)
        said = entry.get("realSymbols", recorded)
        if said != recorded:
            told = said.get("sha256", "") if isinstance(said, dict) else said
            raise RealSetError(f"{folder / FILE} does not match its index.json entry (sha256 "
                               f"{recorded['sha256'][:12]}..., index.json says {str(told)[:12]}...); it was changed "
                               f"after export")
        print(f"{folder / FILE} is already there ({recorded['count']} symbols); kept as it is")
    else:
        check_corpus(cfg.data, card)
        asset = build(cfg.data, folder.name, entry["resolution"], [s["id"] for s in styles], cfg.per_style, cfg.seed)
        if cfg.dry_run:
            print(f"dry run: {folder.name} would get {asset['count']} symbols, {len(asset_bytes(asset)):,} bytes")
            return None
        recorded = write(folder, asset)
        print(f"wrote {folder / FILE}: {recorded['count']} held-out symbols, {recorded['bytes']:,} bytes")
    if entry.get("realSymbols") != recorded and not cfg.dry_run:
        entry["realSymbols"] = recorded
        runs.write_json(index_path, index)
        print(f"recorded it in {index_path}")
    return recorded


def real_set(cfg: RealSetConfig) -> list[dict | None]:
    return [backfill(Path(f), cfg) for f in cfg.folders]

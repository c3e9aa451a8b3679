"""Write a dataset folder training/data/<name>/ from every corpus source: images.npy, meta.jsonl, report.json,
contact-sheet.png. Training only reads that folder (training/dataset.py).

Steps: collect base images per source (fonts, hershey, sigils, an optional --images folder), clean each to a
centred square (clean.py) and drop the ill-defined, drop near-duplicate bases (64-bit pHash), give each source a
quota of the target so that none dominates, spread a source's quota over its bases as augmented copies
(augment_offline.py), drop duplicate copies, split train/holdout by a hash of each base's group (all copies and
all fonts' designs of one sign fall on the same side), shuffle and write atomically.
"""
from __future__ import annotations

import hashlib
import io
import json
import math
import re
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from training.data import augment_offline, clean, fonts, hershey, ingest, sigils, styles
from training.errors import UserError
from training.runs import write_bytes

FORMAT_VERSION = 1


class PrepareError(UserError):
    """Invalid prepare options or input folder; the CLI prints the one-line message and exits with code 2."""


@dataclass
class PrepareConfig:
    # output
    name: str = "symbols"               # dataset folder name: <out_root>/<name>/
    out_root: str = "training/data"     # parent folder of datasets (git-ignored)
    resolution: int = 64                # image side in pixels, a power of two in 32..256
    # sources
    images: str | None = None           # optional folder of extra images (recursive; png/jpeg/gif/webp/bmp)
    # sampling
    seed: int = 0                       # seeds sigil generation, augmentation and order; same seed -> same bytes
    target_train: int = 12000           # about how many training images to write (after augmentation)
    holdout: float = 0.1                # share of base groups held out for evaluation
    max_copies: int = 16                # most augmented copies of one base image (1 = no augmentation)
    dedupe_bits: int = 4                # bases within this pHash Hamming distance (of 64) are near-duplicates
    dry_run: bool = False               # tiny (~64 images), into <name>-dry-run/: a smoke test of the pipeline


# Desired share of the images per source before caps; a source that cannot fill its share (too few bases
# even at max_copies) leaves the rest to the others. No source may pass MAX_SHARE.
SHARES = {"fonts": 0.42, "hershey": 0.16, "sigils": 0.42}
IMAGES_SHARE = 0.30                     # of the total when --images is given; the others scale down
MAX_SHARE = 0.48
SIGIL_COPIES = 3                        # sigils are unlimited: many bases, few copies each
AUG_DEDUPE_BITS = 3                     # copies of one base within this dHash-256 distance are duplicates
SHEET_GRID = (16, 20)                   # contact sheet rows x columns


@dataclass
class Base:
    source: str                         # fonts | hershey | sigils | images
    kind: str                           # finer source: alchemical, runic, astrology.jhf, kamea, a file type...
    key: str                            # unique identity of this base image
    group: str                          # split unit: bases of one group are all train or all holdout
    label: str                          # what it depicts: U+XXXX, hershey file:index, sigil recipe, file path
    paper: np.ndarray                   # uint8 [W, W], 255 paper, 0 ink
    extra: dict = field(default_factory=dict)


def _validate(cfg: PrepareConfig) -> None:
    r = cfg.resolution
    if not isinstance(r, int) or r < 32 or r > 256 or r & (r - 1):
        raise PrepareError(f"resolution must be a power of two in 32..256, got {r!r}")
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", cfg.name or "") or cfg.name in (".", ".."):
        raise PrepareError(f"name must be letters, digits, '-', '_' or '.', got {cfg.name!r}")
    if not 0 <= cfg.holdout < 0.5:
        raise PrepareError(f"holdout must be in [0, 0.5), got {cfg.holdout}")
    if cfg.target_train < 1:
        raise PrepareError(f"target_train must be positive, got {cfg.target_train}")
    if cfg.max_copies < 1:
        raise PrepareError(f"max_copies must be at least 1, got {cfg.max_copies}")
    if cfg.images is not None:
        p = Path(cfg.images)
        if not p.is_dir():
            raise PrepareError(f"--images folder {cfg.images} does not exist or is not a folder")
        if not ingest.image_files(p):
            raise PrepareError(f"--images folder {cfg.images} is empty")


def _hash01(text: str) -> float:
    """A stable number in [0, 1) from text (not Python's salted hash)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") / 2.0 ** 64


def _hash_int(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


class _Collector:
    """Cleans, filters and dedupes base images as sources hand them in, counting every rejection."""

    def __init__(self, size: int, dedupe_bits: int):
        self.size = size
        self.bits = dedupe_bits
        self.index = clean.NearDuplicates(8)
        self.bases: list[Base] = []
        self.rejected: dict[str, Counter] = {}

    def reject(self, source: str, reason: str, n: int = 1) -> None:
        self.rejected.setdefault(source, Counter())[reason] += n

    def add_ink(self, ink: np.ndarray, **kw) -> bool:
        paper = clean.normalize(ink, self.size)
        return self.add_paper(paper, **kw)

    def add_paper(self, paper: np.ndarray | None, **kw) -> bool:
        source = kw["source"]
        reason = "faint" if paper is None else clean.defined_reason(paper)
        if reason:
            self.reject(source, reason)
            return False
        if self.index.seen(clean.phash64(paper), self.bits):
            self.reject(source, "near_duplicate")
            return False
        self.bases.append(Base(paper=paper, **kw))
        return True

    def count(self, source: str) -> int:
        return sum(b.source == source for b in self.bases)


def _collect_fonts(col: _Collector, dry: bool) -> None:
    rejected: Counter = Counter()
    px = max(256, 2 * col.size)
    for font, kind, cp, ink in fonts.bases(limit=16 if dry else None, px=px, rejected=rejected):
        lab = fonts.label(cp)
        col.add_ink(ink, source="fonts", kind=kind, key=f"fonts/{lab}/{font}", group=f"glyph/{lab}",
                    label=lab, extra={"font": font, "name": fonts.name(cp)})
    for reason, n in rejected.items():
        col.reject("fonts", reason, n)


def _collect_hershey(col: _Collector, seed: int, dry: bool) -> None:
    rng = np.random.default_rng([seed, 1009])
    for key, label, ink in hershey.bases(col.size, rng, limit=8 if dry else None):
        col.add_ink(ink, source="hershey", kind=label.split(":")[0], key=key, group=f"hershey/{label}",
                    label=label)


def _collect_images(col: _Collector, folder: str, stats: Counter) -> None:
    rejected: Counter = Counter()
    root = Path(folder)
    for rel, k, paper in ingest.bases(root, col.size, rejected, stats):
        ext = Path(rel).suffix.lower().lstrip(".") or "none"
        col.add_paper(paper, source="images", kind=ext, key=f"images/{rel}#{k}", group=f"images/{rel}",
                      label=rel, extra={"file": rel, "symbol": k})
    for reason, n in rejected.items():
        col.reject("images", reason, n)


def _collect_sigils(col: _Collector, seed: int, count: int) -> None:
    """Generate sigils until `count` bases are accepted, kinds in proportion to sigils.KIND_SHARES."""
    kinds = list(sigils.KIND_SHARES)
    want = {k: int(round(count * sigils.KIND_SHARES[k])) for k in kinds}
    want[kinds[0]] += count - sum(want.values())
    for kind in kinds:
        got, index = 0, 0
        while got < want[kind] and index < 4 * want[kind] + 20:
            label, ink = sigils.generate(kind, seed, index, col.size)
            index += 1
            got += col.add_ink(ink, source="sigils", kind=kind, key=f"sigils/{kind}/{seed}/{index - 1}",
                               group=f"sigils/{kind}/{seed}/{index - 1}", label=label)


def allocate(total: int, available: dict[str, int | None], shares: dict[str, float], max_copies: int,
             max_share: float = MAX_SHARE) -> dict[str, int]:
    """Images per source: `total` split by shares, each capped by bases * max_copies (None = unlimited) and by
    max_share of the total; what a capped source cannot take goes to the uncapped ones."""
    quota: dict[str, int] = {}
    active = [s for s in shares if available.get(s, 0) != 0]
    remaining = float(total)
    while active:
        weight = sum(shares[s] for s in active)
        want = {s: remaining * shares[s] / weight for s in active}
        caps = {s: min(max_share * total, math.inf if available[s] is None else available[s] * max_copies)
                for s in active}
        capped = [s for s in active if want[s] > caps[s]]
        if not capped:
            for s in active:
                quota[s] = int(round(want[s]))
            break
        for s in capped:
            quota[s] = int(math.floor(caps[s]))
            remaining -= quota[s]
            active.remove(s)
    return quota


def _copies(n_bases: int, quota: int, rng: np.random.Generator) -> np.ndarray:
    """How many copies each base gets so that they sum to quota (a random subset gets one extra; with a quota
    below the number of bases, a random subset gets one copy and the rest none)."""
    if n_bases == 0:
        return np.zeros(0, np.int64)
    c = np.full(n_bases, quota // n_bases, np.int64)
    extra = rng.choice(n_bases, size=quota % n_bases, replace=False)
    c[extra] += 1
    return c


def _augment_all(bases: list[Base], copies: np.ndarray, seed: int, size: int, rejected: dict[str, Counter]):
    """Yield (image, meta) for every copy; copy 0 is the clean base, the others augmented."""
    exact: set[bytes] = set()
    for b, c in zip(bases, copies):
        if c == 0:
            continue
        rng = np.random.default_rng([seed, _hash_int(b.key)])
        near = clean.NearDuplicates(32)
        made, tries = 0, 0
        while made < c and tries < 2 * c + 2:
            tries += 1
            if made == 0 and tries == 1:
                img, p = augment_offline.apply(b.paper, augment_offline.IDENTITY, size), augment_offline.IDENTITY
            else:
                img, p = augment_offline.augment(b.paper, rng, size)
            digest = hashlib.blake2b(img.tobytes(), digest_size=16).digest()
            if digest in exact or near.seen(clean.dhash256(img), AUG_DEDUPE_BITS):
                rejected.setdefault(b.source, Counter())["augmented_duplicate"] += 1
                continue
            exact.add(digest)
            meta = {"source": b.source, "kind": b.kind, "style": styles.style_of(b.source, b.kind), "label": b.label,
                    "base": b.key, "group": b.group, "copy": made, "aug": p.as_meta(), **b.extra}
            made += 1
            yield img, meta


def contact_sheet(images: np.ndarray, rows: int, cols: int, gutter: int = 2) -> Image.Image:
    r = images.shape[1]
    sheet = np.full((rows * (r + gutter) + gutter, cols * (r + gutter) + gutter), 160, np.uint8)
    for i, img in enumerate(images[: rows * cols]):
        y, x = divmod(i, cols)
        sheet[gutter + y * (r + gutter): gutter + y * (r + gutter) + r,
              gutter + x * (r + gutter): gutter + x * (r + gutter) + r] = img
    return Image.fromarray(sheet, "L")


def prepare(cfg: PrepareConfig) -> dict:
    """Write the dataset folder for cfg and return its report (also written as report.json)."""
    t0 = time.time()
    _validate(cfg)
    res = cfg.resolution
    work = min(2 * res, 256)                         # bases are kept at up to twice the output size
    out_dir = Path(cfg.out_root) / (cfg.name + ("-dry-run" if cfg.dry_run else ""))   # never clobber a real dataset
    total = 64 if cfg.dry_run else int(round(cfg.target_train / (1 - cfg.holdout)))
    max_copies = min(cfg.max_copies, 2) if cfg.dry_run else cfg.max_copies

    # Collect the finite sources.
    col = _Collector(work, cfg.dedupe_bits)
    _collect_fonts(col, cfg.dry_run)
    print(f"prepare: fonts    {col.count('fonts'):6d} bases  ({time.time() - t0:.1f}s)", flush=True)
    _collect_hershey(col, cfg.seed, cfg.dry_run)
    print(f"prepare: hershey  {col.count('hershey'):6d} bases  ({time.time() - t0:.1f}s)", flush=True)
    ingest_stats: Counter = Counter()
    if cfg.images is not None:
        _collect_images(col, cfg.images, ingest_stats)
        bad = sum(col.rejected.get("images", Counter()).values())
        print(f"prepare: images   {col.count('images'):6d} bases from {ingest_stats['files_seen']} files, "
              f"{bad} rejections  ({time.time() - t0:.1f}s)", flush=True)

    # Quotas per source, then as many sigils as their quota needs.
    shares = dict(SHARES)
    available: dict[str, int | None] = {"fonts": col.count("fonts"), "hershey": col.count("hershey"),
                                        "sigils": None}
    if cfg.images is not None:
        shares = {s: v * (1 - IMAGES_SHARE) for s, v in shares.items()}
        shares["images"] = IMAGES_SHARE
        available["images"] = col.count("images")
    quota = allocate(total, available, shares, max_copies)
    if "images" in quota:                            # every user image is used, unless that passes MAX_SHARE
        quota["images"] = max(quota["images"], min(col.count("images"), int(MAX_SHARE * total)))
    sigil_copies = min(SIGIL_COPIES, max_copies)
    _collect_sigils(col, cfg.seed, math.ceil(quota.get("sigils", 0) / sigil_copies))
    print(f"prepare: sigils   {col.count('sigils'):6d} bases  ({time.time() - t0:.1f}s)", flush=True)

    # Copies per base, augmentation, duplicate copies dropped.
    rng = np.random.default_rng([cfg.seed, 17])
    copies = np.zeros(len(col.bases), np.int64)
    for source in sorted(quota):
        idx = [i for i, b in enumerate(col.bases) if b.source == source]
        copies[idx] = _copies(len(idx), quota[source], rng)
    images, metas = [], []
    for img, meta in _augment_all(col.bases, copies, cfg.seed, res, col.rejected):
        meta["split"] = "holdout" if _hash01(meta["group"]) < cfg.holdout else "train"
        images.append(img)
        metas.append(meta)
    order = np.random.default_rng([cfg.seed, 23]).permutation(len(images))
    array = np.stack([images[i] for i in order]) if images else np.zeros((0, res, res), np.uint8)
    metas = [metas[i] for i in order]
    print(f"prepare: augmented to {len(array)} images  ({time.time() - t0:.1f}s)", flush=True)

    report = _report(cfg, col, quota, metas, ingest_stats, time.time() - t0)

    # Write atomically: a reader never sees a half-written file.
    out_dir.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=False)
    write_bytes(out_dir / "images.npy", buf.getvalue())
    write_bytes(out_dir / "meta.jsonl",
                  "".join(json.dumps(m, sort_keys=True) + "\n" for m in metas).encode())
    train_idx = [i for i, m in enumerate(metas) if m["split"] == "train"]
    pick = np.random.default_rng([cfg.seed, 29]).permutation(train_idx)[: SHEET_GRID[0] * SHEET_GRID[1]]
    buf = io.BytesIO()
    contact_sheet(array[np.sort(pick)] if len(pick) else array[:0], *SHEET_GRID).save(buf, "PNG")
    write_bytes(out_dir / "contact-sheet.png", buf.getvalue())
    report["seconds"] = round(time.time() - t0, 1)
    write_bytes(out_dir / "report.json", (json.dumps(report, indent=2, sort_keys=True) + "\n").encode())
    c = report["counts"]
    print(f"prepare: wrote {out_dir}: {c['train']} train + {c['holdout']} holdout at {res}px; shares "
          + ", ".join(f"{s} {v:.0%}" for s, v in report["shares_train"].items())
          + f"  ({report['seconds']}s)", flush=True)
    return report


def _report(cfg: PrepareConfig, col: _Collector, quota: dict, metas: list[dict], ingest_stats: Counter,
            seconds: float) -> dict:
    sources = sorted({b.source for b in col.bases} | set(col.rejected) | set(quota))
    per: dict[str, dict] = {}
    n_train = sum(m["split"] == "train" for m in metas)
    for s in sources:
        ms = [m for m in metas if m["source"] == s]
        per[s] = {
            "bases": col.count(s),
            "quota": quota.get(s, 0),
            "images": len(ms),
            "train": sum(m["split"] == "train" for m in ms),
            "holdout": sum(m["split"] == "holdout" for m in ms),
            "kinds": dict(sorted(Counter(m["kind"] for m in ms).items())),
            "rejected": dict(sorted(col.rejected.get(s, Counter()).items())),
        }
    rejected_total: Counter = Counter()
    for c in col.rejected.values():
        rejected_total.update(c)
    groups = {}
    for m in metas:
        groups.setdefault(m["split"], set()).add(m["group"])
    report = {
        "version": FORMAT_VERSION,
        "config": asdict(cfg),
        "resolution": cfg.resolution,
        "seed": cfg.seed,
        "counts": {"total": len(metas), "train": n_train, "holdout": len(metas) - n_train,
                   "train_groups": len(groups.get("train", ())), "holdout_groups": len(groups.get("holdout", ()))},
        "sources": per,
        "styles": {split: dict(sorted(Counter(m["style"] for m in metas if m["split"] == split).items()))
                   for split in ("train", "holdout")},
        "shares_train": {s: round(per[s]["train"] / max(1, n_train), 4) for s in sources},
        "rejected": dict(sorted(rejected_total.items())),
        "seconds": round(seconds, 1),
        "files": ["images.npy", "meta.jsonl", "report.json", "contact-sheet.png"],
    }
    if cfg.images is not None:
        report["ingest"] = dict(sorted(ingest_stats.items()))
    return report

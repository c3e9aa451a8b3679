"""python3 -m training blind: a blind test for people. N real held-out symbols and N generated ones, drawn the same
way (binarized and despeckled as the site shows them, same size), shuffled under a hidden key onto one numbered
sheet. A person marks exactly N they think are generated; `--guess` scores them and prints the fool rate (the share
of generated symbols that passed as real). Exactly N, because with a free count the fool rate follows how readily the
judge calls anything generated as much as the model (two 2026-12-01 sheets: 39 and 41 picks, fool rate 12.5%, at
the accuracy a 32-pick sheet had scored 25% with); with N picks every miss is matched by a false alarm, and the fool
rate is 1 - accuracy.

  python3 -m training blind public/models/<id> --n 32          -> <out>/sheet.png, <out>/key.json (do not open)
  python3 -m training blind --out <out> --guess "3 7 12 ..."    -> fool rate, hits, false alarms (N numbers)

With --page_scale the sheet shows symbols as the page does (issue 28): each generated one traced and filled at
128 px by the site's own renderer (training/page_scale.py), the real ones from the corpus prepared at 128 px
(--page_data), both binarized alike; its score goes into the model card as blindTestPageScale.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from training import model_folder, page_scale, pixels, plots, runs, sources
from training.dataset import load_split, load_styles
from training.errors import UserError, reading
from training.page_scale import PAGE_DATA

CELL = 3          # pixels per symbol pixel on the sheet
PAGE_CELL = 2     # at the page's scale: 128 px symbols shown 256 px wide
LABEL = 14        # height of the number strip under each symbol


class BlindError(UserError):
    """A bad guess list or a missing key: one line for the person."""


@dataclass
class BlindConfig:
    sources: list[str] = field(default_factory=list)   # one run folder, "latest" or model folder (to make a sheet)
    n: int = 32                           # real symbols and generated symbols, each
    data: str = "training/data/symbols"   # the dataset whose held-out split gives the real symbols
    out: str = "training/reports/blind"   # sheet.png and key.json go here
    seed: int = 0                         # which held-out symbols, which latents, which shuffle
    guess: str = ""                       # score mode: the N sheet numbers (1-based) you think are generated
    judge: str = ""                       # score mode: who judged, as a role a visitor understands (the model page prints it as written, then the date), e.g. "a maintainer who had studied this model's samples"; not a name
    page_scale: bool = False              # the sheet at the page's scale: generated symbols traced and filled at 128px by the site's renderer, real ones from --page_data
    page_data: str = PAGE_DATA            # the corpus prepared at 128px (prepare --resolution 128 --name symbols128)
    dry_run: bool = False                 # a sheet of a tiny untrained generator on synthetic data, in a temporary folder

    def validate(self) -> "BlindConfig":
        from training.config import ConfigError
        if self.n < 1:
            raise ConfigError("--n must be positive")
        if len(self.sources) > 1:
            raise ConfigError("name one source per sheet")
        if not self.guess and not self.sources and not self.dry_run:
            raise ConfigError("name a source to make a sheet, or pass --guess to score one")
        if self.guess and self.page_scale:
            raise ConfigError("--page_scale makes a sheet; --guess scores one at the scale its key records")
        return self


def sheet_image(masks: np.ndarray, cols: int = 8, cell: int = CELL) -> Image.Image:
    """bool masks [M, R, R] -> a grid, each symbol black on white above its 1-based number."""
    m, r, _ = masks.shape
    rows = -(-m // cols)
    cw, ch = r * cell + 8, r * cell + LABEL + 8
    sheet = Image.new("L", (cols * cw, rows * ch), 200)
    draw = ImageDraw.Draw(sheet)
    for i, mask in enumerate(masks):
        y, x = divmod(i, cols)
        tile = Image.fromarray(np.where(mask, 0, 255).astype(np.uint8), "L").resize((r * cell, r * cell), Image.NEAREST)
        sheet.paste(tile, (x * cw + 4, y * ch + 4))
        draw.text((x * cw + 4 + r * cell // 2 - 6, y * ch + 6 + r * cell), str(i + 1), fill=0)
    return sheet


def make_sheet(cfg: BlindConfig) -> Path:
    rng = np.random.default_rng(cfg.seed)
    if cfg.dry_run:
        from training.dataset import synthetic
        import tempfile
        real_u8, real_styles = synthetic(cfg.n, 32, cfg.seed), None
        source = sources.Source("dry-run", Path("."), "model", 8, 32, [],
                                lambda z, s: rng.uniform(-1, 1, (len(z), 32, 32)).astype(np.float32))
        out = Path(tempfile.mkdtemp(prefix="blind-dry-run-"))
    else:
        source = sources.open_source(cfg.sources[0])
        if cfg.page_scale:
            page_scale.check_corpus(cfg.page_data, cfg.data)
        real_data = cfg.page_data if cfg.page_scale else cfg.data
        holdout, styles = load_split(real_data, "holdout"), load_styles(real_data, "holdout")
        if cfg.n > len(holdout):
            raise BlindError(f"--n {cfg.n} is more than the {len(holdout)} held-out symbols")
        pick = rng.choice(len(holdout), cfg.n, replace=False)
        real_u8, real_styles = holdout[pick], styles[pick]
        out = Path(cfg.out)
    if real_u8.shape[-1] != source.resolution and not cfg.page_scale:
        raise BlindError(f"the dataset is {real_u8.shape[-1]}px but {source.name} draws {source.resolution}px")
    want = np.clip(real_styles, 0, None) if source.styles and real_styles is not None else None
    fake, _ = source.sample(cfg.n, seed=cfg.seed + 1, styles=want)
    fake_masks = pixels.site_mask(fake)
    if cfg.page_scale:                        # traced and filled by the site's renderer, binarized as the real ones
        drawn = page_scale.raster(fake_masks, real_u8.shape[-1], fields=fake if source.subpixel else None)
        fake_masks = pixels.site_mask(pixels.mask_to_unit(drawn))
    masks = np.concatenate([pixels.site_mask(pixels.u8_to_unit(real_u8)), fake_masks])
    is_generated = np.r_[np.zeros(cfg.n, bool), np.ones(cfg.n, bool)]
    order = rng.permutation(2 * cfg.n)
    plots.save_png(sheet_image(masks[order], cell=PAGE_CELL if cfg.page_scale else CELL), out / "sheet.png")
    runs.write_json(out / "key.json", {
        "source": str(source.path), "n": cfg.n, "seed": cfg.seed, "data": cfg.page_data if cfg.page_scale else cfg.data,
        **({"pageScale": True} if cfg.page_scale else {}),
        "generated": [int(i) + 1 for i in np.flatnonzero(is_generated[order])],
    })
    print(f"wrote {out / 'sheet.png'} ({2 * cfg.n} symbols, {cfg.n} generated) and its key {out / 'key.json'} "
          f"(do not open it). Pick the {cfg.n} you think are generated and score them with: "
          f"python3 -m training blind --out {out} --guess \"<{cfg.n} numbers>\" "
          f"--judge \"<who judged, as a role: a maintainer who had studied this model's samples>\"")
    return out


def parse_guess(text: str, total: int) -> set[int]:
    """The judge's picks: exactly total / 2 distinct sheet numbers (the sheet is half generated)."""
    picked = set()
    for token in text.replace(",", " ").split():
        if not token.isdigit() or not 1 <= int(token) <= total:
            raise BlindError(f"{token!r} is not a sheet number from 1 to {total}")
        picked.add(int(token))
    if len(picked) != total // 2:
        raise BlindError(f"pick exactly {total // 2} numbers (the sheet holds {total // 2} generated symbols among "
                         f"{total}); got {len(picked)} distinct")
    return picked


def score(cfg: BlindConfig) -> dict:
    key_path = Path(cfg.out) / "key.json"
    if not key_path.is_file():
        raise BlindError(f"{key_path} does not exist; make a sheet first (python3 -m training blind <source>)")
    key = runs.read_json(key_path)
    with reading(key_path, "not a blind sheet's key"):
        generated = set(key["generated"])
        n, source, seed, page = int(key["n"]), str(key["source"]), key.get("seed"), bool(key.get("pageScale"))
        if n < 1 or len(generated) != n or not all(isinstance(i, int) and 1 <= i <= 2 * n for i in generated):
            raise ValueError(f"its generated list is not {n} sheet numbers")
    picked = parse_guess(cfg.guess, 2 * n)
    card_path = Path(source) / "model-card.json"
    card = model_folder.read_card(Path(source)) if card_path.is_file() else None   # read before anything is written
    caught = len(picked & generated)
    result = {
        "source": source, "n": n, "picked": len(picked), "caught": caught,
        "false_alarms": len(picked - generated),
        "fool_rate": round(1 - caught / len(generated), 4),             # generated symbols that passed as real
        "accuracy": round((caught + 2 * n - len(picked | generated)) / (2 * n), 4),
    }
    runs.write_json(Path(cfg.out) / "score.json", result)
    if card is not None:                  # a model folder: the card keeps its blind test (the weights never change)
        card["blindTestPageScale" if page else "blindTest"] = {
            **{k: v for k, v in result.items() if k != "source"}, "seed": seed, "judge": cfg.judge or None,
            "date": datetime.date.today().isoformat(),
            "command": f"python3 -m training blind {source} --n {n} --seed {seed}" + (" --page_scale" if page else "")}
        runs.write_json(card_path, card)
        print(f"recorded in {card_path}")
    print(f"fool rate {result['fool_rate']:.1%}: {len(generated) - caught} of {len(generated)} generated symbols "
          f"passed as real; {result['false_alarms']} real symbols were called generated; accuracy "
          f"{result['accuracy']:.1%} (0.5 = chance)")
    return result


def blind(cfg: BlindConfig):
    return score(cfg) if cfg.guess else make_sheet(cfg)

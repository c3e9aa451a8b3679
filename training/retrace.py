"""python3 -m training retrace public/models/<id> --as_id <new-id> [--make_default]: publish a model folder again
under a new id, its outlines traced along the generator's field (`subpixel`, docs/model-folder.md), and measure what
that does to the C2ST at the page's scale.

The site traces each symbol's 64 px mask into outlines and shows them at 540 px (issue 28). Through the crack
midpoints between pixels, the outline is a smoothed staircase of the mask; the generator, though, learnt antialiased
glyphs, and its field says where between two pixel centres each edge lies. A `subpixel` model's outlines pass there
(lib/render/trace.ts). The weights, the mask, and everything measured at 64 px stay as they are; only the drawing at
the page's scale changes, so published links keep their symbol and a new id carries the new drawing (the source
folder is never rewritten; "Which one is real?" draws both of its symbols from bitmaps whatever this says).

The stage measures the page-scale C2ST of the source and of the new folder with one judge on the same real symbols
and the same generated ones (training/strong_c2st.py at --c2st_pairs, --c2st_folds, --c2st_judge; Node draws through
the site's own renderer) and records both in the new card's `retrace`.
"""
from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from training import model_folder, runs, sources
from training.errors import UserError


class RetraceError(UserError):
    pass


@dataclass
class RetraceConfig:
    folders: list[str] = field(default_factory=list)   # one model folder (public/models/<id>) drawn through crack midpoints
    as_id: str = ""                                    # the new model folder's id
    make_default: bool = False                         # the new model becomes index.json's default if its page-scale C2ST is the lower
    page_data: str = "training/data/symbols128"        # the corpus prepared at 128 px (prepare --resolution 128 --name symbols128)
    c2st_pairs: int = 1500                             # real symbols at 128 px (both splits), each paired with a generated one
    c2st_folds: int = 2                                # folds by glyph group
    c2st_judge: str = "small"                          # the judge (metrics.c2st.JUDGES)
    measure: bool = True                               # --no-measure publishes without the page-scale C2ST (a test's stand-in folder)

    def validate(self) -> "RetraceConfig":
        from training.config import ConfigError
        from training.metrics.c2st import JUDGES
        if len(self.folders) != 1:
            raise ConfigError("name one model folder, e.g. public/models/sigil-64-20261201-4")
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,47}", self.as_id):      # export.py's MODEL_ID
            raise ConfigError(f"--as_id {self.as_id!r} must be lowercase letters, digits and '-', at most 48")
        if self.c2st_judge not in JUDGES:
            raise ConfigError(f"--c2st_judge: unknown judge {self.c2st_judge!r}; the judges are {', '.join(JUDGES)}")
        if self.c2st_pairs < 64 or self.c2st_folds < 2:
            raise ConfigError("--c2st_pairs must be at least 64 and --c2st_folds at least 2")
        return self


def command_for(cfg: RetraceConfig) -> str:
    flags = [f"--as_id {cfg.as_id}", *(["--make_default"] if cfg.make_default else [])]
    defaults = RetraceConfig()
    flags += [f"--{name} {getattr(cfg, name)}" for name in ("c2st_pairs", "c2st_folds", "c2st_judge")
              if getattr(cfg, name) != getattr(defaults, name)]
    return f"python3 -m training retrace {cfg.folders[0]} " + " ".join(flags)


def page_c2st(source: sources.Source, real) -> dict:
    """The page-scale C2ST of one source against `real` (one judge, its floor), as the card keeps it."""
    from training.strong_c2st import STYLE_IDS, generated_masks, strong_c2st
    result = strong_c2st(real, generated_masks(source, real), STYLE_IDS if source.styles else None)
    keep = ("accuracy", "judge", "n", "folds", "resolution", "per_style")
    return {**{k: result[k] for k in keep if k in result}, "floor": result["floor"]["accuracy"]}


def measure(source: sources.Source, cfg: RetraceConfig) -> dict:
    """The page-scale C2ST of the source folder as published (crack midpoints) and as the new id draws it."""
    from training import page_scale
    from training.strong_c2st import RealSide, StrongConfig
    page_scale.check_corpus(cfg.page_data, "training/data/symbols")
    real = RealSide.build(cfg.page_data, StrongConfig(pairs=cfg.c2st_pairs, folds=cfg.c2st_folds, seeds=1,
                                                      judges=(cfg.c2st_judge,)))
    before = page_c2st(source, real)
    print(f"retrace: {source.name} (crack midpoints) at the page's scale: C2ST {before['accuracy']:.3f}", flush=True)
    # The same generator and samples under the new id (its page-scale drawings are cached under that name).
    after = page_c2st(dataclasses.replace(source, name=cfg.as_id, subpixel=True), real)
    print(f"retrace: {cfg.as_id} (subpixel) at the page's scale: C2ST {after['accuracy']:.3f}", flush=True)
    return {"crackMidpoints": before, "subpixel": after}


def retrace(cfg: RetraceConfig) -> Path:
    """Measure first, then publish: nothing is written until the measurement is done."""
    folder = Path(cfg.folders[0])
    _index, entry = model_folder.read_entry(folder)
    if entry.get("subpixel") or model_folder.read_card(folder).get("subpixel"):
        raise RetraceError(f"{folder.name} already traces along its field (subpixel)")
    if (folder.parent / cfg.as_id).exists():
        raise RetraceError(f"{folder.parent / cfg.as_id} already exists: a published folder is never rewritten")
    source = sources.open_model(folder)             # checked (its golden) before anything is measured or written
    record = {"measured": datetime.date.today().isoformat(), "command": command_for(cfg)}
    make_default = cfg.make_default
    if cfg.measure:
        record.update(c2stPage=measure(source, cfg), pairs=cfg.c2st_pairs, folds=cfg.c2st_folds)
        before, after = (record["c2stPage"][k]["accuracy"] for k in ("crackMidpoints", "subpixel"))
        if make_default and after >= before:       # export's rule: a new default must measure better than the old
            print(f"retrace: not made the default: its page-scale C2ST {after:.3f} is not below {before:.3f}")
            make_default = False
    try:
        with model_folder.derived_folder(folder, cfg.as_id, make_default) as (tmp, new_entry):
            new_entry["subpixel"] = True
            card = model_folder.read_card(tmp)
            # A blind test at the page's scale judged the source's drawing, not this one (at 64 px they are the same).
            card.pop("blindTestPageScale", None)
            runs.write_json(tmp / "model-card.json", {**card, "subpixel": True, "retrace": record})
    except UserError as e:
        raise RetraceError(str(e)) from None
    target = folder.parent / cfg.as_id
    print(f"wrote {target} (subpixel), derived from {folder.name}" + (", the default" if make_default else ""))
    return target

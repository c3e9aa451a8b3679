"""The kinds of symbol a conditional model draws: every corpus image's (source, kind) grouped into a few styles of
sensible size (measured on the default corpus: 858 to 1,844 training images each), so each style has enough
glyphs to learn from and a visitor gets a recognisable choice.

The order of STYLES is the one-hot order of a conditional model: never reorder or remove a style of a shipped
model; a new style goes at the end (and makes a new model).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Style:
    id: str
    label: str
    members: tuple[tuple[str, str], ...]   # (source, kind) pairs from meta.jsonl


STYLES: tuple[Style, ...] = (
    Style("alchemical", "Alchemical signs", (("fonts", "alchemical"),)),
    Style("astrological", "Astrological signs", (("fonts", "astrological"), ("hershey", "astrology"))),
    Style("rune", "Runes and Ogham", (("fonts", "runic"), ("fonts", "ogham"))),
    Style("religious", "Religious and occult signs", (("fonts", "religious"), ("fonts", "occult"))),
    Style("sign", "Signs and marks", (("fonts", "divination"), ("fonts", "genealogical"),
                                     ("hershey", "symbolic"), ("hershey", "meteorology"))),
    Style("bindrune", "Bindrunes", (("sigils", "bindrune"),)),
    Style("chaos", "Chaos sigils", (("sigils", "chaos"),)),
    Style("kamea", "Kamea sigils", (("sigils", "kamea"),)),
    Style("seal", "Seals", (("sigils", "seal"),)),
)

_BY_MEMBER = {member: i for i, style in enumerate(STYLES) for member in style.members}
OTHER = "other"   # images of no listed kind (scraped folders): unconditional training only


def style_of(source: str, kind: str) -> str:
    """The style id of one corpus image, or OTHER."""
    i = _BY_MEMBER.get((source, kind))
    return STYLES[i].id if i is not None else OTHER


def index_of(style_id: str) -> int:
    for i, style in enumerate(STYLES):
        if style.id == style_id:
            return i
    raise KeyError(f"unknown style {style_id!r}; choose from {', '.join(s.id for s in STYLES)}")


def manifest() -> list[dict]:
    """What index.json and the model card list: [{"id", "label"}] in one-hot order."""
    return [{"id": s.id, "label": s.label} for s in STYLES]

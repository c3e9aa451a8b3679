"""Pen drawing for the vector sources (Hershey strokes, procedural sigils): 4x supersampled PIL, box downsample.

Coordinates are in a unit square [-0.5, 0.5]^2 (x right, y down); widths are fractions of the side.
Output is float ink in [0, 1] (1 = black), the form clean.py works with.
"""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

SUPERSAMPLE = 4


class Canvas:
    def __init__(self, size: int, fill: float = 0.8):
        self.size = size
        self.side = size * SUPERSAMPLE
        self.scale = self.side * fill                 # unit square -> pixels, leaving a border
        self.img = Image.new("L", (self.side, self.side), 0)
        self.d = ImageDraw.Draw(self.img)

    def _xy(self, p) -> tuple[float, float]:
        return (float(p[0]) * self.scale + self.side / 2, float(p[1]) * self.scale + self.side / 2)

    def _w(self, width: float) -> int:
        return max(1, int(round(width * self.scale)))

    def line(self, points, width: float) -> None:
        """A polyline with round joints and caps."""
        pts = [self._xy(p) for p in points]
        w = self._w(width)
        if len(pts) == 1:
            self.dot(points[0], width / 2)
            return
        self.d.line(pts, fill=255, width=w, joint="curve")
        r = w / 2
        for x, y in (pts[0], pts[-1]):
            self.d.ellipse([x - r, y - r, x + r, y + r], fill=255)

    def circle(self, centre, radius: float, width: float) -> None:
        x, y = self._xy(centre)
        r = radius * self.scale
        self.d.ellipse([x - r, y - r, x + r, y + r], outline=255, width=self._w(width))

    def dot(self, centre, radius: float) -> None:
        x, y = self._xy(centre)
        r = max(radius * self.scale, 1.0)
        self.d.ellipse([x - r, y - r, x + r, y + r], fill=255)

    def ink(self) -> np.ndarray:
        small = self.img.reduce(SUPERSAMPLE)           # box filter: exact area coverage
        return np.asarray(small, np.float32) / 255.0


def polylines(strokes, size: int, width: float) -> np.ndarray:
    """Render strokes (arrays [k, 2] in the unit square) at size x size; float ink."""
    c = Canvas(size)
    for s in strokes:
        c.line(s, width)
    return c.ink()

"""Importance resampling's choice, the Python twin of lib/seeds/resample.ts's chooseCandidate (seed -> latent v2): the
site picks among K candidates with a seed-derived uniform; training measures and samples with the same rule and its
own uniforms (the symbols then follow the same distribution, not the same seeds)."""
from __future__ import annotations

import numpy as np


def choose(scores: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Per row of critic logits [N, K] and its uniform u [N] in (0, 1): the smallest k with
    (w_0 + ... + w_k) / sum(w) > u, w = exp(logit - max logit), in float64."""
    w = np.exp(scores.astype(np.float64) - scores.max(1, keepdims=True))
    cum = np.cumsum(w, 1) / w.sum(1, keepdims=True)
    return np.minimum((cum <= u[:, None]).sum(1), scores.shape[1] - 1)

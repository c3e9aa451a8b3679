"""Distribution metrics in the learned feature space (features.py). Inputs are float64 feature matrices [N, D].

- kid: Kernel Inception Distance (Binkowski et al. 2018): unbiased MMD^2 with the cubic polynomial kernel
  k(x, y) = (x.y / D + 1)^3, averaged over random subsets; 0 for identical distributions, can dip below 0.
- fid: Frechet distance between Gaussians fitted to the two sets (Heusel et al. 2017); biased by sample size.
- precision/recall: Kynkaanniemi et al. 2019 with k = 3: the share of fakes inside the real manifold (balls to each
  real's 3rd neighbour) and the share of reals inside the fake manifold.
- nearest: for each row of a, the nearest row of b (copies).
- mean_pairwise: mean distance between distinct rows (diversity).
"""
from __future__ import annotations

import numpy as np
from scipy import linalg


def kid(real: np.ndarray, fake: np.ndarray, subsets: int = 50, subset_size: int = 1000, seed: int = 0) -> float:
    rng = np.random.default_rng(seed)
    m = min(subset_size, len(real), len(fake))
    d = real.shape[1]
    total = 0.0
    for _ in range(subsets):
        x = real[rng.choice(len(real), m, replace=False)]
        y = fake[rng.choice(len(fake), m, replace=False)]
        kxx = (x @ x.T / d + 1) ** 3
        kyy = (y @ y.T / d + 1) ** 3
        kxy = (x @ y.T / d + 1) ** 3
        total += ((kxx.sum() - np.trace(kxx)) + (kyy.sum() - np.trace(kyy))) / (m * (m - 1)) - 2 * kxy.mean()
    return float(total / subsets)


def fid(real: np.ndarray, fake: np.ndarray) -> float:
    mu1, mu2 = real.mean(0), fake.mean(0)
    s1, s2 = np.cov(real, rowvar=False), np.cov(fake, rowvar=False)
    covmean, _ = linalg.sqrtm(s1 @ s2, disp=False)
    if not np.isfinite(covmean).all():      # near-singular product: nudge both (as pytorch-fid does)
        eps = np.eye(len(s1)) * 1e-6
        covmean = linalg.sqrtm((s1 + eps) @ (s2 + eps))
    covmean = covmean.real
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def pairwise(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Euclidean distances [len(a), len(b)]."""
    sq = (a ** 2).sum(1)[:, None] + (b ** 2).sum(1)[None, :] - 2 * a @ b.T
    return np.sqrt(np.maximum(sq, 0))


def kth_radius(x: np.ndarray, k: int) -> np.ndarray:
    """Distance from each row to its k-th nearest other row."""
    d = pairwise(x, x)
    return np.sort(d, axis=1)[:, k]      # column 0 is the row itself


def coverage(points: np.ndarray, centres: np.ndarray, radii: np.ndarray) -> float:
    """Share of points inside at least one ball (centre, radius)."""
    return float((pairwise(points, centres) <= radii[None, :]).any(axis=1).mean())


def precision_recall(real: np.ndarray, fake: np.ndarray, k: int = 3) -> tuple[float, float]:
    precision = coverage(fake, real, kth_radius(real, k))
    recall = coverage(real, fake, kth_radius(fake, k))
    return precision, recall


def nearest(a: np.ndarray, b: np.ndarray, chunk: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """For each row of a: (index of its nearest row in b, that distance)."""
    idx, dist = [], []
    for i in range(0, len(a), chunk):
        d = pairwise(a[i:i + chunk], b)
        j = d.argmin(1)
        idx.append(j)
        dist.append(d[np.arange(len(j)), j])
    return np.concatenate(idx), np.concatenate(dist)


def mean_pairwise(x: np.ndarray) -> float:
    d = pairwise(x, x)
    n = len(x)
    return float(d.sum() / (n * (n - 1)))

"""Metric registry: each metric is one function from generated (and, where needed, real) images to numbers.

Every evaluation appends one JSON line per metric to the run's metrics.jsonl, so runs stay comparable.
"""
from __future__ import annotations

from training.metrics.sample_stats import sample_stats

REGISTRY = {
    "sample_stats": sample_stats,
}

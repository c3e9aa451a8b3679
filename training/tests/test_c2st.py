"""The classifier two-sample test: near chance for two draws of one distribution, near 1 for an obvious difference."""
import numpy as np

from training.dataset import synthetic
from training.metrics.c2st import C2STConfig, c2st
from training.pixels import site_mask, u8_to_unit

FAST = C2STConfig(folds=2, epochs=8, batch=32)


def masks(n, seed):
    return site_mask(u8_to_unit(synthetic(n, 32, seed)))


def test_real_against_real_is_near_chance():
    result = c2st(masks(192, 1), masks(192, 2), cfg=FAST)
    assert 0.35 <= result["accuracy"] <= 0.65, result
    assert result["n"] == 192 and result["folds"] == 2


def test_real_against_an_obviously_different_set_is_near_one():
    real = masks(192, 1)
    blobs = np.zeros_like(real)
    blobs[:, 8:24, 8:24] = True                              # filled squares instead of rings and bars
    assert c2st(real, blobs, cfg=FAST)["accuracy"] >= 0.95


def test_per_style_accuracies_cover_the_styles_present():
    real, fake = masks(192, 1), np.zeros((192, 32, 32), bool)
    styles = np.arange(192) % 3
    result = c2st(real, fake, styles, ["a", "b", "c", "d"], FAST)
    assert set(result["per_style"]) == {"a", "b", "c"} and min(result["per_style"].values()) >= 0.9


def test_group_folds_keep_each_glyph_in_one_fold_and_balance_sizes():
    from training.metrics.c2st import folds_by_group
    groups = np.repeat(np.arange(40), np.arange(40) % 5 + 1)        # 40 glyphs with 1..5 copies each
    fold = folds_by_group(groups, 4, seed=0)
    for g in range(40):
        assert len(set(fold[groups == g])) == 1
    sizes = np.bincount(fold, minlength=4)
    assert sizes.max() - sizes.min() <= 5


def test_a_set_smaller_than_one_batch_still_finishes():
    result = c2st(masks(8, 1), masks(8, 2), cfg=C2STConfig(folds=4, epochs=2, batch=64))
    assert result["n"] == 8 and 0.0 <= result["accuracy"] <= 1.0

"""The metric registry: each metric moves the way its definition says, on inputs where the answer is known."""
import numpy as np
import pytest

from training import metrics
from training.metrics import distances
from training.metrics.features import FeatureNet, jitter
from training.metrics.sample_stats import sample_stats


def gaussian(n, d=16, shift=0.0, seed=0):
    return np.random.default_rng(seed).standard_normal((n, d)) + shift


def test_kid_is_near_zero_for_one_distribution_and_grows_with_a_shift():
    same = distances.kid(gaussian(400), gaussian(400, seed=1), subsets=10, subset_size=200)
    shifted = distances.kid(gaussian(400), gaussian(400, shift=0.5, seed=1), subsets=10, subset_size=200)
    far = distances.kid(gaussian(400), gaussian(400, shift=2.0, seed=1), subsets=10, subset_size=200)
    assert abs(same) < 0.01
    assert shifted > 10 * abs(same)
    assert far > shifted


def test_fid_is_near_zero_for_one_distribution_and_counts_the_mean_shift():
    assert distances.fid(gaussian(2000), gaussian(2000, seed=1)) < 0.5
    # Same covariance, means 1 apart in every one of 16 dimensions: the squared mean distance is 16.
    assert distances.fid(gaussian(2000), gaussian(2000, shift=1.0, seed=1)) == pytest.approx(16, rel=0.1)


def test_precision_and_recall_separate_quality_from_coverage():
    real = gaussian(500, d=4)
    p, r = distances.precision_recall(real, gaussian(500, d=4, seed=1))
    assert p > 0.8 and r > 0.8
    collapsed = real[:5].repeat(100, axis=0) + 1e-3 * gaussian(500, d=4, seed=2)   # realistic but five modes
    p, r = distances.precision_recall(real, collapsed)
    assert p > 0.95 and r < 0.2
    p, r = distances.precision_recall(real, gaussian(500, d=4, shift=10, seed=3))  # nothing like the real data
    assert p == 0 and r == 0


def test_nearest_and_mean_pairwise():
    a = np.array([[0.0, 0.0], [3.0, 4.0]])
    idx, d = distances.nearest(a, np.array([[3.0, 4.5], [0.1, 0.0]]))
    assert idx.tolist() == [1, 0] and d == pytest.approx([0.1, 0.5])
    assert distances.mean_pairwise(a) == pytest.approx(5.0)


def test_sample_stats_counts_specks_blobs_and_empties():
    images = np.ones((3, 16, 16))
    images[0, 2, 2] = images[0, 10, 10] = -1          # two one-pixel specks
    images[1] = -1                                      # a solid blob
    stats = sample_stats(images)
    assert stats["pepper"] == pytest.approx(2 / 3)
    assert stats["blob_share"] == pytest.approx(1 / 3)
    assert stats["empty_share"] == pytest.approx(1 / 3)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    from training.dataset import synthetic
    import json
    folder = tmp_path_factory.mktemp("data")
    images = synthetic(160, 32, seed=3)
    np.save(folder / "images.npy", images)
    with open(folder / "meta.jsonl", "w") as f:
        for i in range(len(images)):
            f.write(json.dumps({"split": "holdout" if i % 4 == 0 else "train"}) + "\n")
    return metrics.Reference.build(str(folder))


def test_copies_flag_training_images_and_spare_held_out_ones(reference):
    train = reference.train[:40].astype(np.float32) / 127.5 - 1
    assert metrics.copies(reference, train, reference.embed(train))["copies"] == 1.0
    assert metrics.copies(reference, reference.holdout, reference.holdout_features)["copies"] <= 0.05


def test_measure_writes_one_record_per_registered_metric_and_real_data_beats_noise(reference):
    real = reference.train[:64].astype(np.float32) / 127.5 - 1
    noise = np.random.default_rng(0).uniform(-1, 1, real.shape).astype(np.float32)
    records = metrics.measure(reference, real, skip=("copies",))
    assert [r["metric"] for r in records] == [m for m in metrics.REGISTRY if m != "copies"]
    good, bad = metrics.flatten(records), metrics.flatten(metrics.measure(reference, noise))
    assert good["kid"] < bad["kid"] and good["fid"] < bad["fid"]
    assert good["pepper"] < bad["pepper"]
    collapsed = metrics.flatten(metrics.measure(reference, np.repeat(real[:1], 64, axis=0)))
    assert collapsed["diversity"] < 0.05 < good["diversity"]


def test_feature_net_embeds_any_square_size_and_jitter_keeps_paper_white():
    import torch
    net = FeatureNet(classes=3).eval()
    assert net(torch.zeros(2, 1, 32, 32)).shape == (2, 128)
    assert net(torch.zeros(2, 1, 64, 64)).shape == (2, 128)
    paper = torch.ones(4, 1, 32, 32)
    assert torch.allclose(jitter(paper, torch.Generator().manual_seed(0)), paper)


def test_metrics_are_taken_at_the_feature_resolution_whatever_the_sample_size(reference):
    assert reference.holdout.shape[-1] == reference.train.shape[-1] == metrics.RESOLUTION
    real = reference.train[:64].astype(np.float32) / 127.5 - 1
    doubled = np.kron(real, np.ones((2, 2), np.float32))     # a 128px model drawing the same symbols
    assert doubled.shape[-1] == 2 * metrics.RESOLUTION
    same, big = (metrics.flatten(metrics.measure(reference, x, skip=("copies",))) for x in (real, doubled))
    for name in ("kid", "fid", "precision", "recall", "pepper", "diversity"):
        assert big[name] == pytest.approx(same[name], rel=1e-4, abs=1e-6), name

"""Importance resampling's critic (training/critic.py): the choice rule the site shares, the glyph-group split that
keeps the critic's real symbols away from the judges', the export the site runs, and shipping under a new id that
leaves the source folder and every published folder as they were."""
import json
from pathlib import Path

import numpy as np
import pytest
import torch

from training import critic as cr
from training import pixels, tfjs
from training.__main__ import main
from training.tests.conftest import tree_hash
from training.networks import Critic

FIXTURE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "models"


@pytest.fixture
def models(copy_models) -> Path:
    """A copy of the fixture models without the resampled one (this test ships its own)."""
    return copy_models(drop_models=("cond-dev-32-k4",))


def test_choose_is_the_cumulative_rule_and_k1_is_the_plain_symbol():
    u = np.array([0.0, 0.3, 0.999999])
    assert cr.choose(np.zeros((3, 1)), u).tolist() == [0, 0, 0]
    # Equal weights: k = floor(u * K).
    assert cr.choose(np.zeros((3, 4)), u).tolist() == [0, 1, 3]
    # Weights 1 : e : 1: cumulative shares 0.2119, 0.7881, 1.
    scores = np.tile([0.0, 1.0, 0.0], (4, 1))
    assert cr.choose(scores, np.array([0.2, 0.22, 0.78, 0.79])).tolist() == [0, 1, 1, 2]
    # A spread of thousands does not overflow: the largest takes everything.
    assert cr.choose(np.array([[-5000.0, 3000.0, 0.0]]), np.array([0.5])).tolist() == [1]


def test_the_critics_glyph_groups_never_meet_the_judges():
    names = [f"font:U+{i:04X}" for i in range(3000)] * 2          # two augmented copies of each glyph
    side = cr.critic_side(names)
    assert 0.25 < side.mean() < 0.42                               # about a third
    first, second = side[:3000], side[3000:]
    assert (first == second).all()                                 # a glyph's copies are on one side
    assert (cr.critic_side(names) == side).all()                   # and always the same one
    held = cr.calibration_side(names) & side
    assert 0.1 < held.sum() / side.sum() < 0.3


def test_the_exported_critic_computes_what_pytorch_computes(tmp_path):
    torch.manual_seed(0)
    net = Critic(32).eval()
    masks = np.random.default_rng(0).random((5, 32, 32)) < 0.2
    decoded = tfjs.write(cr.fold(net), 0, tmp_path, "none", resolution=32, name="critic")
    with torch.no_grad():
        want = net(torch.from_numpy(pixels.mask_to_unit(masks))[:, None]).numpy()
    got = tfjs.forward(decoded, pixels.mask_to_unit(masks))
    assert got.shape == (5, 1)
    np.testing.assert_allclose(got, want, atol=1e-5)


def test_ship_writes_a_new_folder_and_leaves_the_source_as_it_was(models):
    source = models / "cond-dev-32"
    before = tree_hash(source)
    torch.manual_seed(2)
    net = Critic(32).eval()
    golden = np.random.default_rng(1).random((4, 32, 32)) < 0.2
    target = cr.ship(source, "cond-dev-32-k3", net, 3, "uint8", golden, {"run": "test"})
    assert tree_hash(source) == before
    entry = next(m for m in json.loads((models / "index.json").read_text())["models"] if m["id"] == "cond-dev-32-k3")
    digest, size = cr.folder_hash(target / "critic")
    assert entry["resample"] == {"folder": "critic", "sha256": digest, "bytes": size, "k": 3}
    assert entry["sha256"] == next(m for m in json.loads((models / "index.json").read_text())["models"]
                                   if m["id"] == "cond-dev-32")["sha256"]       # the same generator
    assert json.loads((target / "golden.json").read_text())["modelId"] == "cond-dev-32-k3"
    card = json.loads((target / "model-card.json").read_text())
    assert card["id"] == "cond-dev-32-k3" and card["derivedFrom"] == "cond-dev-32" and card["resample"]["k"] == 3
    cr.check(target / "critic")                                      # its golden replays from the bytes written
    assert not [p for p in models.iterdir() if p.name.startswith(".")]   # no temporary folder left behind


def test_ship_refuses_an_id_that_exists_and_writes_nothing(models):
    index_before = (models / "index.json").read_bytes()
    with pytest.raises(cr.CriticError, match="never rewritten"):
        cr.ship(models / "cond-dev-32", "cond-dev-32", Critic(32), 2, "uint8", np.zeros((1, 32, 32), bool), {})
    assert (models / "index.json").read_bytes() == index_before


@pytest.mark.parametrize("flags, message", [
    (["--ship", "4"], "go together"),
    (["--ks", "0,4"], "--ks"),
    (["--ks", "two"], "--ks"),
    (["--c2st_judges", "huge"], "unknown judge"),
    (["--ship", "4", "--as_id", "Bad Id"], "--as_id"),
])
def test_bad_options_are_one_line_and_exit_2(flags, message, capsys):
    assert main(["critic", str(FIXTURE / "cond-dev-32"), *flags]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_dry_run_trains_and_calibrates_on_a_stand_in(tmp_path):
    result = cr.critic(cr.CriticConfig(folders=[str(FIXTURE / "cond-dev-32")], runs=str(tmp_path), dry_run=True,
                                       threads=1).validate())
    assert result["steps"] == 4 and 0.25 <= result["calibration"]["temperature"] <= 20
    run = tmp_path / result["run"]
    assert (run / cr.WEIGHTS_FILE).is_file() and (run / "stats.jsonl").is_file()


def test_the_judges_real_side_keeps_only_what_it_is_told(tmp_path):
    from training.dataset import load_group_names
    from training.strong_c2st import RealSide, StrongConfig
    data = tmp_path / "corpus"
    data.mkdir()
    rng = np.random.default_rng(0)
    images = (rng.random((40, 16, 16)) < 0.3).astype(np.uint8) * 255
    np.save(data / "images.npy", images)
    with open(data / "meta.jsonl", "w") as f:
        for i in range(40):
            f.write(json.dumps({"split": "train" if i < 30 else "holdout", "group": f"g{i // 2}", "style": "rune"}) + "\n")
    names = load_group_names(data, "train") + load_group_names(data, "holdout")
    keep = np.array([n in {"g1", "g2", "g3", "g4", "g16", "g17"} for n in names])
    real = RealSide.build(str(data), StrongConfig(pairs=100, folds=2, seeds=1), keep=keep)
    assert len(real.masks) == keep.sum()
    kept = images[keep]
    assert {m.tobytes() for m in real.masks} <= {m.tobytes() for m in pixels.site_mask(pixels.u8_to_unit(kept))}


def test_side_measurements_keep_their_own_file_and_merge_into_the_card(tmp_path):
    assert cr.measured_name(cr.CriticConfig()) == "measured.json"
    page = cr.CriticConfig(c2st_judges="small", c2st_pairs=1500, page_scale=True)
    assert cr.measured_name(page) == "measured-1500-small-page-small.json"
    assert cr.merged_measurements(tmp_path) is None
    (tmp_path / "measured.json").write_text(json.dumps({"pairs": 3000, "ks": [{"k": 1, "c2st": {}}, {"k": 4, "c2st": {}}]}))
    (tmp_path / cr.measured_name(page)).write_text(json.dumps(
        {"pairs": 1500, "pageJudges": "small", "ks": [{"k": 1, "c2stPage": {"accuracy": 0.9}}, {"k": 4}]}))
    merged = cr.merged_measurements(tmp_path)
    assert merged["ks"][0]["c2stPage"] == {"accuracy": 0.9} and "c2stPage" not in merged["ks"][1]
    assert merged["pagePairs"] == 1500 and merged["pageJudges"] == "small"


def test_a_resampled_folder_samples_what_the_site_keeps(models):
    from training import sources
    torch.manual_seed(3)
    golden = np.random.default_rng(1).random((2, 32, 32)) < 0.2
    target = cr.ship(models / "cond-dev-32", "cond-dev-32-k3", Critic(32).eval(), 3, "uint8", golden, {})
    src = sources.open_model(target)
    assert src.resample is not None and src.resample[0] == 3
    plain = sources.open_model(models / "cond-dev-32")
    assert plain.resample is None
    # A critic that always prefers the last candidate: each kept symbol is its seed's third latent, drawn plain.
    src.resample = (3, lambda masks: np.tile([0.0, 0.0, 60.0], len(masks) // 3))
    kept, styles = src.sample(5, seed=11)
    z = np.random.default_rng(11).standard_normal((5, 3, src.latent_size)).astype(np.float32)
    want = plain._draw(np.ascontiguousarray(z[:, 2]), styles, clean=True)
    np.testing.assert_allclose(kept, want, atol=1e-5)          # batches of another size: float32 sums may differ
    # A folder that does not resample draws the seed's latents as it always did.
    first, _ = plain.sample(5, seed=11)
    z1 = np.random.default_rng(11).standard_normal((5, plain.latent_size)).astype(np.float32)
    np.testing.assert_array_equal(first, plain._draw(z1, styles, True))

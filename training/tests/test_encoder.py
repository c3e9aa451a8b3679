"""Draw to find's encoder (training/encoder.py): its export is the network PyTorch trained, its golden replays from
the bytes written, the refinement the site runs lowers the loss, and the stage adds encoder/ to a model folder
(index.json entry included) without touching the model, refusing to replace one unless asked."""
import json
from pathlib import Path

import numpy as np
import pytest
import torch

from training import encoder as enc
from training import model_folder, pixels, tfjs
from training.__main__ import main
from training.errors import CorruptFileError
from training.networks import Encoder

FIXTURE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "models"


@pytest.fixture
def models(copy_models) -> Path:
    """A copy of the fixture models without their encoders (these tests train their own)."""
    return copy_models(drop_parts=("encoder",))


def random_masks(n: int, r: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).random((n, r, r)) < 0.2


def test_the_exported_layers_compute_what_the_encoder_computes(tmp_path):
    # 32 px leaves 2x2 features before the Dense: a wrong flattening order would show here.
    torch.manual_seed(0)
    net = Encoder(32, 109).eval()
    masks = random_masks(6, 32)
    decoded = tfjs.write(enc.fold(net), 0, tmp_path, "none", resolution=32, name="encoder")
    with torch.no_grad():
        want = net(torch.from_numpy(pixels.mask_to_unit(masks))[:, None]).numpy()
    got = tfjs.forward(decoded, pixels.mask_to_unit(masks))
    assert got.shape == (6, 109)
    np.testing.assert_allclose(got, want, atol=1e-5)
    topology = json.loads((tmp_path / "model.json").read_text())["modelTopology"]["config"]["layers"]
    assert [layer["class_name"] for layer in topology] == ["Conv2D"] * 4 + ["Reshape", "Dense", "Dense", "Reshape"]
    assert topology[-1]["config"]["target_shape"] == [1, 1, 109]


def test_written_encoder_replays_its_golden_and_a_flipped_byte_is_caught(tmp_path):
    torch.manual_seed(1)
    net = Encoder(32, 109).eval()
    golden = random_masks(4, 32, seed=2)
    entry = enc.write(tmp_path, net, "uint8", golden, 100)
    folder = tmp_path / enc.FOLDER
    assert entry == {"folder": "encoder", **dict(zip(("sha256", "bytes"), enc.folder_hash(folder)))}
    assert [p.name for p in tmp_path.iterdir()] == ["encoder"]            # no temporary folder left behind
    saved = json.loads((folder / "golden.json").read_text())
    assert (enc.unpack(saved["inputs"], 32) == golden).all()
    assert saved["maxAbsDifferenceFromFloat32"] < 0.1                     # uint8 weights stay close to the float ones
    enc.check(folder)
    shard = folder / tfjs.SHARD
    data = bytearray(shard.read_bytes())
    for i in range(len(data) - 2000, len(data), 97):   # bytes of the last layer's kernel: every output reads them
        data[i] ^= 0xFF
    shard.write_bytes(bytes(data))
    with pytest.raises(CorruptFileError, match="golden.json"):
        enc.check(folder)


def test_the_refinement_lowers_the_image_loss_of_a_generated_target(models):
    g = enc.Pipeline(models / "cond-dev-32")
    gen = torch.Generator().manual_seed(3)
    style = torch.tensor([0, 4])
    with torch.no_grad():
        target = g.masks(g(g.inputs(torch.randn(2, g.latent, generator=gen), style)))
    start = torch.randn(2, g.latent, generator=gen)
    with torch.no_grad():
        before = enc.image_loss(g(g.inputs(start, style)), target)
        after = enc.image_loss(g(g.inputs(enc.refine(g, start, style, target), style)), target)
    assert (after < before * 0.9).all(), (before, after)


def test_the_stage_adds_an_encoder_and_its_index_entry_and_keeps_it_unless_rewrite(models, tiny_dataset, tmp_path):
    folder = models / "cond-dev-32"
    model_files = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name != "model-card.json"}
    cfg = enc.EncoderConfig(folders=[str(folder)], data=str(tiny_dataset), runs=str(tmp_path / "runs"),
                            minutes=0.02, threads=1, batch=8, eval_symbols=2).validate()
    entry = enc.encoder(cfg)
    index = json.loads((models / "index.json").read_text())
    assert index["models"][0]["encoder"] == entry
    assert entry["sha256"] == enc.folder_hash(folder / "encoder")[0]
    card = model_folder.read_card(folder)
    assert card["encoder"]["heldOut"]["n"] == 2 and card["encoder"]["steps"] >= 1
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name != "model-card.json"} == model_files
    layers = enc.check(folder / "encoder")
    assert layers[-1].kernel.shape[1] == 100 + 9                           # latent, then one logit per style

    with pytest.raises(enc.EncoderError, match="already there"):
        enc.encoder(cfg)
    assert json.loads((models / "index.json").read_text())["models"][0]["encoder"] == entry
    enc.encoder(enc.EncoderConfig(**{**cfg.__dict__, "rewrite": True, "seed": 5}))
    again = json.loads((models / "index.json").read_text())["models"][0]["encoder"]
    assert again["sha256"] == enc.folder_hash(folder / "encoder")[0] != entry["sha256"]
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []


def test_a_corpus_of_another_resolution_is_refused_before_training(models, tmp_path):
    data = tmp_path / "big"
    data.mkdir()
    np.save(data / "images.npy", np.full((4, 64, 64), 255, np.uint8))
    (data / "meta.jsonl").write_text("".join(json.dumps({"split": s}) + "\n" for s in ["train"] * 3 + ["holdout"]))
    with pytest.raises(enc.EncoderError, match="64 px"):
        enc.encoder(enc.EncoderConfig(folders=[str(models / "cond-dev-32")], data=str(data), runs=str(tmp_path / "r"),
                                      minutes=0.01).validate())
    assert not (tmp_path / "r").exists() and not (models / "cond-dev-32" / "encoder").exists()


@pytest.mark.parametrize("argv", [["encoder"], ["encoder", "a", "b"], ["encoder", "a", "--minutes", "0"],
                                  ["encoder", "a", "--real_share", "1"], ["encoder", "a", "--quantize", "int4"]])
def test_bad_options_exit_2_with_one_line(argv, capsys):
    assert main(argv) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1

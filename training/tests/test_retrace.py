"""Publishing a model folder again with outlines traced along its field (training/retrace.py): a new id whose entry
and card say `subpixel`, the same generator and files, the source and every published folder untouched, and the
page-scale C2ST measured before anything is written."""
import hashlib
import json
from pathlib import Path

import pytest

from training import retrace as rt
from training import sources
from training.__main__ import main
from training.tests.conftest import tree_hash


@pytest.fixture
def models(copy_models) -> Path:
    return copy_models(drop_models=("cond-dev-32-k4",))


def entries(models: Path) -> dict:
    return {m["id"]: m for m in json.loads((models / "index.json").read_text())["models"]}


def test_retrace_publishes_the_same_model_under_a_new_id_that_traces_along_its_field(models):
    card_path = models / "cond-dev-32" / "model-card.json"
    blind = {"fool_rate": 0.25, "command": "python3 -m training blind ..."}
    card_path.write_text(json.dumps({**json.loads(card_path.read_text()), "blindTest": blind,
                                     "blindTestPageScale": blind}))
    before = tree_hash(models / "cond-dev-32")
    assert main(["retrace", str(models / "cond-dev-32"), "--as_id", "cond-dev-32-sub", "--no-measure",
                 "--make_default"]) == 0
    assert tree_hash(models / "cond-dev-32") == before                    # the source folder is never rewritten
    new, old = entries(models)["cond-dev-32-sub"], entries(models)["cond-dev-32"]
    assert new["subpixel"] is True and "subpixel" not in old
    assert new["sha256"] == old["sha256"] and new["styles"] == old["styles"]      # the same generator
    assert json.loads((models / "index.json").read_text())["default"] == "cond-dev-32-sub"
    card = json.loads((models / "cond-dev-32-sub" / "model-card.json").read_text())
    assert card["subpixel"] is True and card["derivedFrom"] == "cond-dev-32" and card["id"] == "cond-dev-32-sub"
    assert card["retrace"]["command"].startswith("python3 -m training retrace ")
    # The blind test at 64 px judged the same drawing; the one at the page's scale judged the old outline.
    assert card["blindTest"] == blind and "blindTestPageScale" not in card
    assert json.loads((models / "cond-dev-32-sub" / "golden.json").read_text())["modelId"] == "cond-dev-32-sub"
    assert sources.open_model(models / "cond-dev-32-sub").subpixel                  # the stages draw it as the site does
    assert not sources.open_model(models / "cond-dev-32").subpixel
    assert not [p for p in models.iterdir() if p.name.startswith(".")]             # no temporary folder left behind


def test_the_files_that_name_their_model_are_renamed_and_their_entries_still_match_them(models):
    sliders = {"version": 1, "modelId": "cond-dev-32", "sliders": []}
    data = json.dumps(sliders).encode()
    (models / "cond-dev-32" / "sliders.json").write_bytes(data)
    index = json.loads((models / "index.json").read_text())
    index["models"][0]["sliders"] = {"file": "sliders.json", "sha256": hashlib.sha256(data).hexdigest(),
                                     "bytes": len(data), "count": 0}
    (models / "index.json").write_text(json.dumps(index))
    assert main(["retrace", str(models / "cond-dev-32"), "--as_id", "cond-dev-32-sub", "--no-measure"]) == 0
    written = (models / "cond-dev-32-sub" / "sliders.json").read_bytes()
    assert json.loads(written)["modelId"] == "cond-dev-32-sub"
    entry = entries(models)["cond-dev-32-sub"]["sliders"]
    assert entry == {"file": "sliders.json", "sha256": hashlib.sha256(written).hexdigest(), "bytes": len(written),
                     "count": 0}
    assert entries(models)["cond-dev-32"]["sliders"]["sha256"] == hashlib.sha256(data).hexdigest()


def test_the_page_scale_c2st_is_measured_on_both_drawings_before_anything_is_written(models, monkeypatch):
    seen = []

    def fake_measure(source, cfg):
        seen.append((source.name, source.subpixel, (models / "cond-dev-32-sub").exists()))
        return {"crackMidpoints": {"accuracy": 0.9}, "subpixel": {"accuracy": 0.8}}
    monkeypatch.setattr(rt, "measure", fake_measure)
    rt.retrace(rt.RetraceConfig(folders=[str(models / "cond-dev-32")], as_id="cond-dev-32-sub").validate())
    assert seen == [("cond-dev-32", False, False)]
    record = json.loads((models / "cond-dev-32-sub" / "model-card.json").read_text())["retrace"]
    assert record["c2stPage"]["subpixel"]["accuracy"] == 0.8 and record["pairs"] == 1500
    assert json.loads((models / "index.json").read_text())["default"] == "cond-dev-32"   # not asked to be the default


@pytest.mark.parametrize("after, default", [(0.8, "cond-dev-32-sub"), (0.9, "cond-dev-32"), (0.95, "cond-dev-32")])
def test_make_default_only_when_the_page_scale_c2st_is_lower(models, monkeypatch, after, default):
    monkeypatch.setattr(rt, "measure", lambda source, cfg: {"crackMidpoints": {"accuracy": 0.9},
                                                           "subpixel": {"accuracy": after}})
    rt.retrace(rt.RetraceConfig(folders=[str(models / "cond-dev-32")], as_id="cond-dev-32-sub",
                                make_default=True).validate())
    assert json.loads((models / "index.json").read_text())["default"] == default
    assert (models / "cond-dev-32-sub" / "model-card.json").is_file()               # published either way


def test_a_failed_measurement_writes_nothing(models, monkeypatch):
    index = (models / "index.json").read_bytes()

    def broken(source, cfg):
        raise rt.RetraceError("no 128 px corpus")
    monkeypatch.setattr(rt, "measure", broken)
    with pytest.raises(rt.RetraceError):
        rt.retrace(rt.RetraceConfig(folders=[str(models / "cond-dev-32")], as_id="cond-dev-32-sub").validate())
    assert not (models / "cond-dev-32-sub").exists() and (models / "index.json").read_bytes() == index


def test_retrace_refuses_a_published_id_and_a_folder_that_already_traces_along_its_field(models, capsys):
    assert main(["retrace", str(models / "cond-dev-32"), "--as_id", "cond-dev-32", "--no-measure"]) == 2
    assert "never rewritten" in capsys.readouterr().err
    assert main(["retrace", str(models / "cond-dev-32"), "--as_id", "cond-dev-32-sub", "--no-measure"]) == 0
    assert main(["retrace", str(models / "cond-dev-32-sub"), "--as_id", "cond-dev-32-sub2", "--no-measure"]) == 2
    assert "already traces along its field" in capsys.readouterr().err


@pytest.mark.parametrize("flags, message", [
    (["--as_id", "Bad Id"], "--as_id"),
    ([], "--as_id"),
    (["--as_id", "x", "--c2st_judge", "huge"], "unknown judge"),
    (["--as_id", "x", "--c2st_pairs", "10"], "--c2st_pairs"),
])
def test_bad_options_are_one_line_and_exit_2(models, flags, message, capsys):
    assert main(["retrace", str(models / "cond-dev-32"), *flags]) == 2
    assert message in capsys.readouterr().err

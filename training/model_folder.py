"""Reading an exported model folder back (the contract is docs/model-folder.md), checked before any stage uses it.

model.json must parse and its weight files must hold exactly the bytes its manifest names; golden.json is replayed on
the decoded weights (a flipped byte in a shard of the right length shows there), and so is denoiser/golden.json;
model-card.json and index.json must be what export writes. Any failure is one CorruptFileError naming the file.
"""
from __future__ import annotations

import contextlib
import hashlib
import shutil
import tempfile
import time
from pathlib import Path
from typing import Iterator

import numpy as np

from training import tfjs
from training.errors import CorruptFileError, UserError, reading
from training.runs import read_json, write_json

BYTES = {None: 4, "float16": 2, "uint8": 1}      # bytes per value by the manifest's quantization dtype


def check_shards(folder: Path) -> None:
    """Every weight file the manifest names is there and holds exactly the bytes its weights need."""
    path = folder / "model.json"
    model = read_json(path)
    with reading(path, "not a TensorFlow.js layers model"):
        for group in model["weightsManifest"]:
            need = sum(int(np.prod(w["shape"])) * BYTES[(w.get("quantization") or {}).get("dtype")]
                       for w in group["weights"])
            files = [folder / p for p in group["paths"]]
            for f in files:
                if not f.is_file() or Path(f).resolve().parent != folder.resolve():
                    raise CorruptFileError(f"{f} is missing (model.json names it)")
            have = sum(f.stat().st_size for f in files)
            if have != need:
                raise CorruptFileError(f"{files[0] if len(files) == 1 else folder} holds {have} bytes, model.json's "
                                       f"manifest needs {need}: truncated or not this model's weights")


def read_layers(folder: Path, golden_inputs: np.ndarray | None = None, denoiser: bool = False) -> list[tfjs.Layer]:
    """The folder's decoded layers, checked: shards, then golden.json replayed (inputs from golden.json's latents and
    styles; for a denoiser golden_inputs, its generator's golden outputs, or no replay without them)."""
    folder = Path(folder)
    if not (folder / "model.json").is_file():
        raise CorruptFileError(f"{folder} is not a model folder (no model.json)")
    check_shards(folder)
    with reading(folder / "model.json", "not a TensorFlow.js layers model"):
        layers = tfjs.read(folder)
        if not layers:
            raise ValueError("no Dense or Conv2D layers")
    golden_path = folder / "golden.json"
    if golden_path.is_file() and not (denoiser and golden_inputs is None):
        inputs, outputs, atol = _golden(golden_path, layers, golden_inputs)
        with reading(golden_path, "its inputs do not fit the network"):
            got = tfjs.forward(layers, inputs).reshape(len(inputs), -1)
        if got.shape != outputs.shape:
            raise CorruptFileError(f"{golden_path}: {outputs.shape[0]} outputs of {outputs.shape[1]} values, the "
                                   f"weights give {got.shape[1]}")
        err = float(np.abs(got - outputs).max()) if got.size else 0.0
        if not err <= atol:
            raise CorruptFileError(f"{golden_path}: the weights in {folder} give outputs {err:.3g} away from it (atol "
                                   f"{atol}): the weights or golden.json changed after export")
    return layers


def _golden(path: Path, layers: list[tfjs.Layer], inputs: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, float]:
    golden = read_json(path)
    with reading(path, "not a golden.json"):
        outputs = np.asarray(golden["outputs"], np.float64)
        atol = float(golden["atol"])
        if inputs is None:
            z = np.asarray(golden["latents"], np.float32)
            extra = layers[0].kernel.shape[0] - z.shape[1]        # a conditional generator's one-hot styles
            if extra:
                z = np.concatenate([z, np.eye(extra, dtype=np.float32)[np.asarray(golden["styles"], int)]], 1)
            inputs = z
        if outputs.ndim != 2 or len(outputs) != len(inputs):
            raise ValueError(f"{len(outputs)} outputs for {len(inputs)} inputs")
    return inputs, outputs, atol


def golden_outputs(folder: Path) -> np.ndarray:
    """The generator's golden outputs [N, R, R]: a denoiser's golden inputs."""
    path = Path(folder) / "golden.json"
    golden = read_json(path)
    with reading(path, "not a golden.json"):
        r = int(golden["resolution"])
        return np.asarray(golden["outputs"], np.float32).reshape(-1, r, r)


def read_denoiser(folder: Path) -> list[tfjs.Layer]:
    """A model folder's denoiser/ layers, its golden.json replayed on the generator's golden outputs."""
    folder = Path(folder)
    inputs = golden_outputs(folder) if (folder / "golden.json").is_file() else None
    return read_layers(folder / "denoiser", inputs, denoiser=True)


def read_mask_network(folder: Path) -> list[tfjs.Layer]:
    """A network that reads masks (encoder/, critic/): its layers, its golden.json replayed on its own packed inputs."""
    from training.mask_network import unpack
    golden = read_json(folder / "golden.json")
    with reading(folder / "golden.json", "not the golden.json of a network that reads masks"):
        inputs = np.where(unpack(golden["inputs"], int(golden["resolution"]), str(folder / "golden.json")), -1.0, 1.0)
    return read_layers(folder, inputs.astype(np.float32), denoiser=True)


def read_critic(folder: Path) -> tuple[int, list[tfjs.Layer]] | None:
    """A resampled model folder's K and critic/ layers (index.json's `resample`, docs/model-folder.md), checked; None
    for a folder that draws each symbol once."""
    k = (read_card(folder).get("resample") or {}).get("k")
    if not k:
        return None
    if not (Path(folder) / "critic" / "model.json").is_file():
        raise CorruptFileError(f"{folder / 'model-card.json'} says the model resamples, but {folder / 'critic'} is missing")
    return int(k), read_mask_network(Path(folder) / "critic")


def read_card(folder: Path) -> dict:
    """model-card.json ({} for a folder without one), with the entries stages read of the right types."""
    path = Path(folder) / "model-card.json"
    if not path.is_file():
        return {}
    card = read_json(path)
    styles = card.get("styles") or []
    if not (isinstance(styles, list) and all(isinstance(s, dict) and isinstance(s.get("id"), str) for s in styles)):
        raise CorruptFileError(f"{path}: its styles are not a list of {{id, label}}")
    for key in ("resolution", "minStray"):
        if card.get(key) is not None and (not isinstance(card[key], int) or isinstance(card[key], bool)
                                          or card[key] < 0):
            raise CorruptFileError(f"{path}: {key} is {card[key]!r}, not a whole number")
    if card.get("subpixel") not in (None, True, False):
        raise CorruptFileError(f"{path}: subpixel is {card['subpixel']!r}, not true or false")
    return card


def read_index(models: Path) -> dict:
    """public/models/index.json (an empty one when there is none yet), every entry with an id."""
    path = Path(models) / "index.json"
    if not path.is_file():
        return {"version": 1, "default": None, "models": []}
    index = read_json(path)
    entries = index.get("models")
    if not (isinstance(entries, list) and all(isinstance(m, dict) and isinstance(m.get("id"), str) for m in entries)):
        raise CorruptFileError(f"{path}: its models are not a list of entries with an id")
    if index.get("default") is not None and not isinstance(index["default"], str):
        raise CorruptFileError(f"{path}: default is {index['default']!r}, not a model id")
    return index


def read_entry(folder: Path) -> tuple[dict, dict]:
    """(index.json, the folder's entry in it) for a model folder that stages add files to (real-set, nearest): the
    folder must hold a model.json and be listed in its parent's index.json."""
    folder = Path(folder)
    if not (folder / "model.json").is_file():
        raise UserError(f"{folder} is not a model folder (no model.json)")
    index = read_index(folder.parent)
    entry = next((m for m in index["models"] if m["id"] == folder.name), None)
    if entry is None:
        raise UserError(f"{folder.name} is not in {folder.parent / 'index.json'}")
    return index, entry


@contextlib.contextmanager
def derived_folder(source_folder: Path, new_id: str, make_default: bool = False) -> Iterator[tuple[Path, dict]]:
    """Publish a copy of a model folder under a new id (a published folder is never rewritten): yields (a temporary
    sibling holding the source's files, the files that name their model renamed, and its card with the new id,
    date and `derivedFrom`; the new index.json entry, a copy of the source's with the new id and date). The block
    changes both as it needs; when it ends the folder is renamed into place, then the entry is added to index.json
    (the default with `make_default`), written last. On any error the temporary folder is removed and nothing
    else was written."""
    source_folder = Path(source_folder)
    models = source_folder.parent
    target = models / new_id
    index, entry = read_entry(source_folder)
    if target.exists() or any(m["id"] == new_id for m in index["models"]):
        raise UserError(f"{target} or its index.json entry already exists: a published folder is never rewritten")
    tmp = Path(tempfile.mkdtemp(prefix=f".{new_id}.", dir=models))
    today = time.strftime("%Y-%m-%d")
    new_entry = {**entry, "id": new_id, "created": today}
    try:
        tmp.chmod(0o755)
        for item in source_folder.iterdir():
            if item.name.startswith("."):
                continue
            (shutil.copytree if item.is_dir() else shutil.copy2)(item, tmp / item.name)
        for name, key in (("golden.json", None), ("real-symbols.json", "realSymbols"), ("sliders.json", "sliders")):
            path = tmp / name                                                   # the files that name their model
            if path.is_file():
                data = read_json(path)
                if data.get("modelId") == source_folder.name:
                    data["modelId"] = new_id
                write_json(path, data)
                if key in new_entry:           # the site checks these files against their entry's hash and size
                    written = path.read_bytes()
                    new_entry[key] = {**new_entry[key], "sha256": hashlib.sha256(written).hexdigest(),
                                      "bytes": len(written)}
        write_json(tmp / "model-card.json", {**read_card(tmp), "id": new_id, "created": today,
                                             "derivedFrom": source_folder.name})
        yield tmp, new_entry
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    index, _entry = read_entry(source_folder)        # read again: another stage may have written it since
    index["models"].append(new_entry)
    if make_default:
        index["default"] = new_id
    write_json(models / "index.json", index)

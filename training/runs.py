"""Run folders (runs/00001-<desc>/), atomic file writes and the typed checkpoint.

A checkpoint holds the models, optimisers, counters and the options that made them, so any run can be resumed
or rebuilt. There is one checkpoint per run, replaced in place: write to a temporary name, then rename.
Every .pt file training writes goes through save_plain: a list of tensors plus one JSON string for everything else,
so it loads with torch.load(weights_only=True), PyTorch 2.6's default, and on PyTorch 1.13 too (whose weights-only
unpickler cannot even read a Python float). Files of the older pickled format still load from the user's own run
folders. A file that is empty, truncated, corrupt or of the wrong shape is one CorruptFileError line naming it, raised
before anything is written (errors.reading).
"""
from __future__ import annotations

import dataclasses
import json
import os
import pickle
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import torch

from training.errors import CorruptFileError, MissingFileError, UserError, reading, reason

CHECKPOINT = "checkpoint.pt"
_RUN_NAME = re.compile(r"^(\d{5})-")


class RunError(UserError):
    pass


def atomic_write(path: str | Path, write) -> None:
    """Call write(file_object) on a temporary file beside path, then rename it over path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)           # mkstemp makes 0600; published files must be readable by a web server
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes(path: str | Path, data: bytes) -> None:
    atomic_write(path, lambda f: f.write(data))


def write_json(path: str | Path, obj) -> None:
    write_bytes(path, (json.dumps(obj, indent=2) + "\n").encode())


def read_json(path: str | Path, kind: type = dict):
    """A JSON file that must hold a `kind` (dict or list); anything else is one CorruptFileError naming it."""
    if not Path(path).is_file():
        raise MissingFileError(f"{path} does not exist")
    with reading(path, "not JSON"):
        obj = json.loads(Path(path).read_text())
    if not isinstance(obj, kind):
        raise CorruptFileError(f"{path} holds a JSON {type(obj).__name__}, not the {kind.__name__} expected")
    return obj


def new_run_dir(root: str | Path, desc: str) -> Path:
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    numbers = [int(m.group(1)) for p in root.iterdir() if (m := _RUN_NAME.match(p.name))]
    run = root / f"{max(numbers, default=0) + 1:05d}-{re.sub(r'[^a-zA-Z0-9_.-]+', '-', desc)}"
    run.mkdir()
    return run


def find_run(root: str | Path, which: str) -> Path:
    """`which` is a run folder path, a carry file (restored under root), or "latest" for the highest-numbered run
    under root that has a checkpoint."""
    if which.endswith(".pt") and Path(which).is_file():
        return restore_carry(which, root)
    if which != "latest":
        run = Path(which)
        if not (run / CHECKPOINT).is_file():
            raise RunError(f"{run} has no {CHECKPOINT}")
        return run
    root = Path(root)
    runs = sorted(p for p in root.iterdir() if _RUN_NAME.match(p.name) and (p / CHECKPOINT).is_file()) \
        if root.is_dir() else []
    if not runs:
        raise RunError(f"no run with a checkpoint under {root}; run `python3 -m training train` first")
    return runs[-1]


@dataclass
class Checkpoint:
    g: dict                      # state dicts: the training G, D, the EMA generator and both optimisers
    d: dict
    g_ema: dict
    opt_g: dict
    opt_d: dict
    fixed_z: torch.Tensor        # [N, latent] the sample grid's latents, the same across resumes
    step: int
    nimg: int
    tick: int
    trained_seconds: float       # wall-clock seconds spent training, over every session
    config: dict                 # dataclasses.asdict(TrainConfig); read back with config.train_config_from
    resolution: int
    dataset: str
    device: str
    torch: str                   # the PyTorch version that wrote it, as a plain string
    fixed_style: torch.Tensor | None = None   # [N] style index per grid latent (conditional runs)
    cpu_seconds: float = 0.0     # this process's CPU seconds spent training, over every session

    def to_dict(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}   # shallow: tensors stay tensors
        out["torch"] = str(out["torch"])          # torch.__version__ is a TorchVersion object, not a plain string
        return out

    @classmethod
    def from_dict(cls, state: dict, path: str | Path = "checkpoint") -> "Checkpoint":
        if not isinstance(state, dict):
            raise CorruptFileError(f"{path} holds a {type(state).__name__}, not a training checkpoint")
        names = {f.name for f in dataclasses.fields(cls)}
        missing = [f.name for f in dataclasses.fields(cls)
                   if f.default is dataclasses.MISSING and f.name not in state]
        if missing:
            raise CorruptFileError(f"{path} lacks {', '.join(missing)}: not a training checkpoint of this project")
        wrong = [name for name, kinds in _CHECKPOINT_TYPES.items()
                 if name in state and not (isinstance(state[name], kinds) and not isinstance(state[name], bool))]
        if wrong:
            raise CorruptFileError(f"{path}: {', '.join(f'{n} is a {type(state[n]).__name__}' for n in wrong)}, "
                                   f"not what a training checkpoint holds")
        return cls(**{k: v for k, v in state.items() if k in names})


# What each checkpoint entry must be (a damaged or foreign file fails here, with the entry named, not deep in a stage).
_CHECKPOINT_TYPES = {"g": dict, "d": dict, "g_ema": dict, "opt_g": dict, "opt_d": dict, "fixed_z": torch.Tensor,
                     "step": int, "nimg": int, "tick": int, "trained_seconds": (int, float), "config": dict,
                     "resolution": int, "dataset": str, "cpu_seconds": (int, float)}


def _encode(obj, tensors: list[torch.Tensor]):
    """A nested structure -> JSON-able tree; tensors go to `tensors` and leave {"$tensor": i} behind."""
    if isinstance(obj, torch.Tensor):
        tensors.append(obj.detach().cpu())
        return {"$tensor": len(tensors) - 1}
    if isinstance(obj, dict):
        if all(isinstance(k, str) for k in obj):
            return {"$dict": {k: _encode(v, tensors) for k, v in obj.items()}}
        return {"$items": [[_encode(k, tensors), _encode(v, tensors)] for k, v in obj.items()]}   # optimizer ids
    if isinstance(obj, tuple):
        return {"$tuple": [_encode(v, tensors) for v in obj]}
    if isinstance(obj, list):
        return [_encode(v, tensors) for v in obj]
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    raise TypeError(f"cannot save {type(obj).__name__} in a plain checkpoint")


def _decode(tree, tensors: list[torch.Tensor]):
    if isinstance(tree, list):
        return [_decode(v, tensors) for v in tree]
    if isinstance(tree, dict):
        if "$tensor" in tree:
            return tensors[tree["$tensor"]]
        if "$dict" in tree:
            return {k: _decode(v, tensors) for k, v in tree["$dict"].items()}
        if "$items" in tree:
            return {_decode(k, tensors): _decode(v, tensors) for k, v in tree["$items"]}
        if "$tuple" in tree:
            return tuple(_decode(v, tensors) for v in tree["$tuple"])
    return tree


PLAIN_FORMAT = "tsdne-plain-1"


def save_plain(path: str | Path, obj) -> None:
    """Atomically write obj (nested dicts, lists, tuples, tensors, numbers, strings) as a weights-only-safe file."""
    tensors: list[torch.Tensor] = []
    tree = json.dumps(_encode(obj, tensors))
    atomic_write(path, lambda f: torch.save({"format": PLAIN_FORMAT, "tree": tree, "tensors": tensors}, f))


def load_plain(path: str | Path, trusted_legacy: bool = False):
    """Read a save_plain file with torch.load(weights_only=True). A file of the older pickled format is read the old
    way only when trusted_legacy says it is the user's own file (a run folder of theirs); otherwise a one-line
    RunError. An empty, truncated or corrupt file is a one-line CorruptFileError."""
    path = Path(path)
    if not path.is_file():
        raise RunError(f"{path} does not exist")
    if path.stat().st_size == 0:
        raise CorruptFileError(f"{path} is empty")
    if not zipfile.is_zipfile(path):      # torch.save writes a zip archive whose directory is at its end
        raise CorruptFileError(f"{path} is truncated or not a PyTorch file (no zip directory at its end)")
    with reading(path, "PyTorch archive"):
        damaged = zipfile.ZipFile(path).testzip()     # every entry against its CRC-32: 10 ms for a 15 MB carry file
    if damaged:
        raise CorruptFileError(f"{path} is corrupt: its entry {damaged} does not match its checksum")
    with reading(path, "PyTorch archive"):
        try:
            saved = torch.load(path, map_location="cpu", weights_only=True)
        except pickle.UnpicklingError as e:           # an intact archive whose pickle names classes: the old format
            if not trusted_legacy:
                raise RunError(f"{path} is in the older pickled format, which weights-only loading refuses "
                               f"({reason(e)}); rewrite it with the code that made it") from None
            print(f"note: {path} is in the older pickled format; read as your own file, written plain from now on")
            return torch.load(path, map_location="cpu", weights_only=False)
    if not (isinstance(saved, dict) and saved.get("format") == PLAIN_FORMAT):
        raise RunError(f"{path} is not a file this project wrote (no {PLAIN_FORMAT!r} header)")
    with reading(path, "its contents list"):
        tensors = saved["tensors"]
        if not (isinstance(tensors, list) and all(isinstance(t, torch.Tensor) for t in tensors)):
            raise TypeError("its tensors are not a list of tensors")
        return _decode(json.loads(saved["tree"]), tensors)


def save_checkpoint(run: Path, ckpt: Checkpoint) -> None:
    save_plain(run / CHECKPOINT, ckpt.to_dict())


def save_snapshot(run: Path, step: int, state: dict) -> None:
    """A sampled generator kept for later evaluation (metric curves over training); one file per snapshot."""
    save_plain(run / "snapshots" / f"g-{step:07d}.pt", state)


def list_snapshots(run: Path) -> list[Path]:
    return sorted((run / "snapshots").glob("g-*.pt"))


def load_checkpoint(run: Path) -> Checkpoint:
    """The run's checkpoint (on the CPU); its own run folder, so the older pickled format is read too. Checked
    (check_checkpoint), so a damaged one stops here in one line."""
    path = Path(run) / CHECKPOINT
    return check_checkpoint(Checkpoint.from_dict(load_plain(path, trusted_legacy=True), path), path)


def check_checkpoint(ckpt: Checkpoint, path: str | Path) -> Checkpoint:
    """ckpt, after checking that its pieces fit one another: the EMA generator has the generator's names and shapes,
    each optimiser holds one state per parameter of its network with that parameter's shape, and the grid's latents
    are [N, latent_size]. A damaged tensor fails here, in one line naming path. (Whether the weights fit the network
    the options build is checked where one is built: sources.generator_of.)"""
    for name in ("g", "g_ema", "d"):
        bad = [k for k, v in getattr(ckpt, name).items() if not isinstance(k, str) or not isinstance(v, torch.Tensor)]
        if bad:
            raise CorruptFileError(f"{path}: {name} holds {bad[0]!r}, which is not a named tensor")
    shapes = {k: list(v.shape) for k, v in ckpt.g.items()}
    ema = {k: list(v.shape) for k, v in ckpt.g_ema.items()}
    if ema != shapes:
        diff = sorted((shapes.keys() ^ ema.keys()) | {k for k in shapes.keys() & ema.keys() if shapes[k] != ema[k]})
        raise CorruptFileError(f"{path}: g_ema does not match g ({diff[0]}: {ema.get(diff[0])} against "
                               f"{shapes.get(diff[0])})")
    for name, net in (("opt_g", ckpt.g), ("opt_d", ckpt.d)):
        with reading(path, f"{name} does not fit its network's parameters"):
            state = getattr(ckpt, name)
            params = [(k, v) for k, v in net.items() if not k.endswith(_BUFFERS)]
            ids = [i for group in state["param_groups"] for i in group["params"]]
            if len(ids) != len(params):
                raise ValueError(f"{len(ids)} parameters, the network has {len(params)}")
            for i, (key, p) in zip(ids, params):
                for slot, value in state["state"].get(i, {}).items():
                    if isinstance(value, torch.Tensor) and value.dim() and value.shape != p.shape:
                        raise ValueError(f"{slot} of {key} is {list(value.shape)}, not {list(p.shape)}")
    latent = ckpt.config.get("latent_size", ckpt.fixed_z.shape[-1])
    if ckpt.fixed_z.dim() != 2 or ckpt.fixed_z.shape[1] != latent:
        raise CorruptFileError(f"{path}: fixed_z is {list(ckpt.fixed_z.shape)}, not [N, {latent}]")
    return ckpt


# State-dict entries that are buffers, not parameters (batch-norm statistics, spectral norm's power-iteration vectors):
# the rest, in state-dict order, is the order of module.parameters() and so of the optimiser's states.
_BUFFERS = ("running_mean", "running_var", "num_batches_tracked", "weight_u", "weight_v", "._u", "._v")


# A carry file: the whole run in one compact file that can be committed and resumed on another machine (git-ignored
# run folders do not always survive between sessions). Large float tensors are stored as float16, Adam's second
# moments as their square roots (float16 cannot hold values near 1e-10, their square roots it can); counters, small
# tensors and the sample grid's latents stay exact. options.json and stats.jsonl travel inside.
CARRY_MIN_NUMEL = 64


def _map_tensors(obj, fn, key: str = ""):
    """obj with every tensor t replaced by fn(t, key), key being the name of the dict entry that holds it."""
    if isinstance(obj, torch.Tensor):
        return fn(obj, key)
    if isinstance(obj, dict):
        return {k: _map_tensors(v, fn, k if isinstance(k, str) else key) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(_map_tensors(v, fn, key) for v in obj)
    return obj


def _compact(t: torch.Tensor, key: str) -> torch.Tensor:
    if t.is_floating_point() and t.numel() > CARRY_MIN_NUMEL:
        return (t.sqrt() if key == "exp_avg_sq" else t).half()
    return t


def _expand(t: torch.Tensor, key: str) -> torch.Tensor:
    if t.dtype != torch.float16:
        return t
    return t.float().square() if key == "exp_avg_sq" else t.float()


def save_carry(run: Path, ckpt: Checkpoint, path: str | Path) -> None:
    texts = {name: (run / name).read_text() for name in ("options.json", "stats.jsonl") if (run / name).is_file()}
    save_plain(path, {"run": run.name, "checkpoint": _map_tensors(ckpt.to_dict(), _compact), "files": texts})


def restore_carry(path: str | Path, root: str | Path) -> Path:
    """The run folder for a carry file under root: restored from the file unless the folder already holds a
    checkpoint at least as far along (the same run continued here). Returns the folder. The whole file is checked
    before anything is written."""
    saved = load_plain(path)
    if not isinstance(saved, dict) or "checkpoint" not in saved:
        raise RunError(f"{path} is not a carry file (python3 -m training train --carry writes them)")
    name, files = saved.get("run"), saved.get("files")
    if not (isinstance(name, str) and _RUN_NAME.match(name) and Path(name).name == name and ".." not in name):
        raise CorruptFileError(f"{path}: its run name {name!r} is not a run folder's name (00001-<desc>)")
    if not (isinstance(files, dict) and set(files) <= {"options.json", "stats.jsonl"}
            and all(isinstance(text, str) for text in files.values())):
        raise CorruptFileError(f"{path}: its files are not options.json and stats.jsonl as text")
    run = Path(root) / name
    ckpt = check_checkpoint(Checkpoint.from_dict(_map_tensors(saved["checkpoint"], _expand), path), path)
    if (run / CHECKPOINT).is_file() and load_checkpoint(run).step >= ckpt.step:
        return run
    run.mkdir(parents=True, exist_ok=True)
    for file, text in files.items():
        write_bytes(run / file, text.encode())
    save_checkpoint(run, ckpt)
    print(f"restored {run} from {path} at step {ckpt.step}")
    return run

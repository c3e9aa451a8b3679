"""Open any generator source as one object: a run folder (its EMA generator), "latest", a carry file, a snapshot file
kept by --snapshot_ticks, or an exported model folder (its decoded TensorFlow.js weights, i.e. what the site draws).

evaluate, sample, blind and export build on this module and never on each other.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import torch

from training import denoise, model_folder, networks, pixels, runs, tfjs
from training.config import TrainConfig, train_config_from
from training.data.styles import manifest
from training.errors import CorruptFileError, reading

Generate = Callable[[np.ndarray, "np.ndarray | None"], np.ndarray]   # (z [B, latent], style [B] or None) -> [B, R, R]
BATCH = 250


@dataclass
class Source:
    name: str                     # a short name for reports
    path: Path                    # the run folder, snapshot file or model folder
    kind: str                     # run | snapshot | model
    latent_size: int
    resolution: int
    styles: list[dict]            # [{"id", "label"}] in one-hot order; [] for an unconditional model
    generate: Generate            # raw generator output in [-1, 1], before any denoiser
    denoiser: Callable[[np.ndarray], np.ndarray] | None = None   # a model folder's own denoiser (what the site runs)
    history: Path | None = None   # the run whose stats.jsonl and grids tell how it trained
    checkpoint: runs.Checkpoint | None = None
    module: torch.nn.Module | None = field(default=None, repr=False)   # the PyTorch generator (runs, snapshots)
    min_stray: int = 0            # a model folder's minStray (marks beside the figure the site erases); 0 = none
    subpixel: bool = False        # a model folder's subpixel: the site traces outlines along the field's edge
    # A resampled model folder's K and its critic (bool masks [N, R, R] -> logits [N]): each symbol is kept from K
    # candidates as the site keeps it (training/resample.py); None draws each symbol once.
    resample: tuple[int, Callable[[np.ndarray], np.ndarray]] | None = None

    def sample(self, n: int, seed: int, styles: np.ndarray | None = None, clean: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
        """n images [n, R, R] from the latents of `seed`; styles [n] given, or cycled through every style. With
        clean, the source's own denoiser runs after the generator and its stray marks are erased, as on the site,
        and a resampled model keeps each symbol from its K candidates by its critic, as the site does (the first
        latent of each symbol's K is the one an unresampled draw of the same seed would use). Returns (images,
        styles)."""
        k = self.resample[0] if self.resample and clean else 1
        rng = np.random.default_rng(seed)
        z = rng.standard_normal((n, k, self.latent_size)).astype(np.float32).reshape(n * k, self.latent_size)
        if self.styles and styles is None:
            styles = np.arange(n) % len(self.styles)
        if not self.styles:
            styles = None
        out = self._draw(z, None if styles is None else np.repeat(styles, k), clean)
        if k > 1:
            from training.resample import choose
            scores = self.resample[1](pixels.site_mask(out, self.min_stray)).reshape(n, k)
            out = out.reshape(n, k, *out.shape[1:])[np.arange(n), choose(scores, rng.random(n))]
        return out, styles

    def _draw(self, z: np.ndarray, styles: np.ndarray | None, clean: bool) -> np.ndarray:
        n = len(z)
        out = np.concatenate([self.generate(z[i:i + BATCH], None if styles is None else styles[i:i + BATCH])
                              for i in range(0, n, BATCH)]) if n else np.zeros((0, self.resolution, self.resolution))
        if clean and self.denoiser is not None:
            out = self.denoiser(out)
        if clean:
            out = pixels.erase_strays(out, self.min_stray)
        return out


def one_hot(styles: np.ndarray, count: int) -> np.ndarray:
    return np.eye(count, dtype=np.float32)[np.asarray(styles)]


def torch_generate(g: torch.nn.Module) -> Generate:
    styles = getattr(g, "styles", 0)

    @torch.no_grad()
    def generate(z: np.ndarray, style: np.ndarray | None) -> np.ndarray:
        onehot = torch.from_numpy(one_hot(style, styles)) if styles else None
        return g(torch.from_numpy(z), onehot)[:, 0].numpy()
    return generate


def generator_of(ckpt: runs.Checkpoint, path: Path, state: dict | None = None) -> torch.nn.Module:
    """The checkpoint's sampled generator (EMA when the run keeps one; `state` overrides its weights), eval mode.
    Weights that do not fit the network its options build (or options that build none) are one CorruptFileError
    naming path, the file they came from."""
    with reading(path, "its generator does not fit the network its options build"):
        cfg = train_config_from(ckpt.config)
        g, _ = networks.build(cfg, ckpt.resolution)
        g.load_state_dict(state if state is not None else (ckpt.g_ema if cfg.uses_ema() else ckpt.g))
    return g.eval()


def _from_module(name: str, path: Path, kind: str, g: torch.nn.Module, history: Path,
                 ckpt: runs.Checkpoint) -> Source:
    styles = manifest()[:g.styles] if getattr(g, "styles", 0) else []
    return Source(name, path, kind, g.latent_size, g.resolution, styles, torch_generate(g), None, history, ckpt, g)


def open_run(run: Path, name: str | None = None) -> Source:
    ckpt = runs.load_checkpoint(run)
    return _from_module(name or run.name, run, "run", generator_of(ckpt, run / runs.CHECKPOINT), run, ckpt)


def open_snapshot(path: Path) -> Source:
    """A generator kept in <run>/snapshots/; the run's checkpoint says how to build it."""
    run = path.parent.parent
    ckpt = runs.load_checkpoint(run)
    snap = runs.load_plain(path, trusted_legacy=True)
    if not (isinstance(snap, dict) and isinstance(snap.get("g"), dict)
            and all(isinstance(snap.get(k), (int, float)) for k in ("step", "nimg", "trained_seconds"))):
        raise CorruptFileError(f"{path} is not a generator snapshot (g, step, nimg and trained_seconds)")
    g = generator_of(ckpt, path, snap["g"])
    src = _from_module(f"{run.name}@{snap['step']}", path, "snapshot", g, run, ckpt)
    src.checkpoint = None
    return src


def open_model(folder: Path) -> Source:
    """A model folder, checked (model_folder.py): what does not parse or does not replay its golden.json stops here."""
    layers = model_folder.read_layers(folder)
    card = model_folder.read_card(folder)
    styles = card.get("styles") or []
    latent = layers[0].kernel.shape[0] - len(styles)
    if layers[0].kind != "dense" or latent < 1:
        raise CorruptFileError(f"{folder / 'model-card.json'} lists {len(styles)} styles but {folder / 'model.json'} "
                               f"takes {layers[0].kernel.shape[0]} inputs: not a generator of this card")
    resolution = int(card.get("resolution") or 0) or _infer_resolution(layers)

    def generate(z: np.ndarray, style: np.ndarray | None) -> np.ndarray:
        x = np.concatenate([z, one_hot(style, len(styles))], axis=1) if styles else z
        return tfjs.forward(layers, x)
    critic = model_folder.read_critic(folder)
    resample = (critic[0], critic_logits(critic[1])) if critic else None
    return Source(folder.name, folder, "model", latent, resolution, styles, generate,
                  denoise.model_cleaner(folder), None, min_stray=int(card.get("minStray") or 0), resample=resample,
                  subpixel=card.get("subpixel") is True)


def critic_logits(layers: list[tfjs.Layer]) -> Callable[[np.ndarray], np.ndarray]:
    """A critic/ folder's decoded layers (what the site runs) as bool masks [N, R, R] -> logits [N], in batches."""
    def logits(masks: np.ndarray) -> np.ndarray:
        return np.concatenate([tfjs.forward(layers, pixels.mask_to_unit(masks[i:i + BATCH]))[:, 0]
                               for i in range(0, len(masks), BATCH)]) if len(masks) else np.zeros(0, np.float32)
    return logits


def _infer_resolution(layers: list[tfjs.Layer]) -> int:
    return 4 * 2 ** sum(layer.upsample for layer in layers)


def resolve(source: str, runs_root: str | None = None) -> Path:
    """A path for a source string: "latest" is the newest run with a checkpoint under runs_root."""
    if source == "latest":
        return runs.find_run(runs_root or TrainConfig().runs, "latest")
    path = Path(source)
    if (path / "model.json").is_file() or (path.is_file() and path.parent.name == "snapshots"):
        return path
    return runs.find_run(runs_root or TrainConfig().runs, source)     # a run folder, or a carry file restored


def open_source(source: str, runs_root: str | None = None) -> Source:
    """Any source string as a Source (see the module docstring)."""
    path = resolve(source, runs_root)
    if (path / "model.json").is_file():
        return open_model(path)
    if path.is_file():
        return open_snapshot(path)
    return open_run(path, f"latest-{path.name}" if source == "latest" else path.name)

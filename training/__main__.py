"""python3 -m training {prepare,features,train,denoise,evaluate,export,real-set,nearest,sliders,slider-field,encoder,critic,retrace,sample,blind} [--flags]: one command per stage.

Flags are generated from the config dataclasses (config.py), so --help always shows the real defaults.
Invalid options exit with code 2 and a one-line message.
"""
from __future__ import annotations

import argparse
import dataclasses
import importlib
import sys
import typing

from training.blind import BlindConfig
from training.critic import CriticConfig
from training.config import ExportConfig, PrepareConfig, SampleConfig, TrainConfig
from training.denoise import DenoiseConfig
from training.encoder import EncoderConfig
from training.errors import UserError
from training.evaluate import EvaluateConfig
from training.metrics.features import FeaturesConfig
from training.nearest import NearestConfig
from training.real_set import RealSetConfig
from training.retrace import RetraceConfig
from training.sefa import SlidersConfig
from training.slider_field import SliderFieldConfig

STAGES = {
    "prepare": (PrepareConfig, "build the symbol corpus into training/data/<name>/"),
    "features": (FeaturesConfig, "train the feature network the metrics measure in (its weights are committed)"),
    "train": (TrainConfig, "train the GAN into a numbered run folder under training/runs/"),
    "denoise": (DenoiseConfig, "train the denoising autoencoder into training/runs/<n>-denoiser/"),
    "evaluate": (EvaluateConfig, "measure runs or model folders on the held-out split; one-page report each"),
    "export": (ExportConfig, "export a run's EMA generator to public/models/<model-id>/ for TensorFlow.js"),
    "real-set": (RealSetConfig, "add the held-out real symbols of 'Which one is real?' to an exported model folder"),
    "nearest": (NearestConfig, "add the nearest-real-symbol index and its calibrated verdict to an exported model folder"),
    "sliders": (SlidersConfig, "add named sliders (SeFa directions, named and checked by what they change) to an exported model folder"),
    "slider-field": (SliderFieldConfig, "add named sliders that follow a learned field (steady where straight ones are not) to a model folder's sliders.json"),
    "encoder": (EncoderConfig, "train Draw to find's encoder (mask -> latent + style) and add it to an exported model folder"),
    "critic": (CriticConfig, "train importance resampling's critic for a model folder, measure K candidates per symbol, ship it under a new id"),
    "retrace": (RetraceConfig, "publish a model folder again under a new id, its outlines traced along the generator's field (subpixel), with the page-scale C2ST before and after"),
    "sample": (SampleConfig, "write N generated symbols to a folder or a .tar.gz"),
    "blind": (BlindConfig, "a blind sheet of real and generated symbols for a person, and its scorer (--guess)"),
}


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> typing.NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def field_notes(cls) -> dict[str, str]:
    """The '# note' after each field in config source, used as --help text."""
    import inspect
    notes = {}
    for line in inspect.getsource(cls).splitlines():
        name, _, rest = line.strip().partition(":")
        if "#" in rest and name.isidentifier():
            notes[name] = rest.split("#", 1)[1].strip()
    return notes


def add_flags(parser: argparse.ArgumentParser, cls) -> None:
    """One flag per dataclass field. Every flag defaults to None, so the flags a user typed are exactly the ones that
    are not None afterwards (presets fill in the rest, and argparse's abbreviations keep working)."""
    notes = field_notes(cls)
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        names = [f"--{f.name}"] + ([f"--{f.name.replace('_', '-')}"] if "_" in f.name else [])
        kind = hints[f.name]
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        help_text = f"{notes.get(f.name, '')} (default: {default!r})"
        if typing.get_origin(kind) is list:            # the stage's positional arguments
            parser.add_argument(f.name, nargs="*", default=None, help=help_text)
        elif kind is bool:
            parser.add_argument(*names, dest=f.name, action=argparse.BooleanOptionalAction, default=None,
                                help=help_text)
        else:
            base = next((t for t in typing.get_args(kind) if t is not type(None)), kind)
            parser.add_argument(*names, dest=f.name, type=base, default=None, help=help_text)


def build_config(stage: str, args: argparse.Namespace):
    """The stage's validated config from the typed flags (and, for train, its preset's values under them)."""
    cls = STAGES[stage][0]
    typed = {f.name: getattr(args, f.name) for f in dataclasses.fields(cls)
             if getattr(args, f.name) not in (None, [])}
    cfg = cls(**typed)
    if stage == "train":
        from training.config import apply_preset
        cfg = apply_preset(cfg.validate(), set(typed))
    return cfg.validate() if hasattr(cfg, "validate") else cfg


# Each stage's entry point, imported only when that stage runs (torch and the corpus code are slow to import).
RUNNERS = {
    "prepare": ("training.data.prepare", "prepare"),
    "features": ("training.metrics.features", "train_features"),
    "train": ("training.loop", "train"),
    "denoise": ("training.denoise", "train_denoiser"),
    "evaluate": ("training.evaluate", "evaluate"),
    "export": ("training.export", "export"),
    "real-set": ("training.real_set", "real_set"),
    "nearest": ("training.nearest", "nearest"),
    "sliders": ("training.sefa", "sliders"),
    "slider-field": ("training.slider_field", "slider_field"),
    "encoder": ("training.encoder", "encoder"),
    "critic": ("training.critic", "critic"),
    "retrace": ("training.retrace", "retrace"),
    "sample": ("training.sample", "sample"),
    "blind": ("training.blind", "blind"),
}


def run_stage(stage: str, cfg) -> None:
    if getattr(cfg, "dry_run", False):
        print(f"dry run: {cfg}")          # every stage's dry run states its options first, then runs on tiny data
        if stage == "train":
            cfg = dataclasses.replace(cfg, max_steps=4, tick_steps=2, batch=min(cfg.batch, 8))
    module, function = RUNNERS[stage]
    getattr(importlib.import_module(module), function)(cfg)


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="python3 -m training", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="stage", required=True, parser_class=OneLineParser)
    for name, (cls, help_text) in STAGES.items():
        add_flags(sub.add_parser(name, help=help_text, description=help_text), cls)
    args = parser.parse_args(argv)
    try:
        run_stage(args.stage, build_config(args.stage, args))
    except UserError as e:      # the user's to fix: one line. Anything else is a bug and keeps its traceback.
        print(f"python3 -m training {args.stage}: error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""python3 -m training {prepare,features,train,denoise,evaluate,export,sample} [--flags]: one command per stage.

Flags are generated from the config dataclasses (config.py), so --help always shows the real defaults.
Invalid options exit with code 2 and a one-line message.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
import typing

from training.config import ConfigError, ExportConfig, PrepareConfig, PrepareError, SampleConfig, TrainConfig
from training.denoise import DenoiseConfig
from training.evaluate import EvaluateConfig
from training.metrics.features import FeaturesConfig

STAGES = {
    "prepare": (PrepareConfig, "build the symbol corpus into training/data/<name>/"),
    "features": (FeaturesConfig, "train the feature network the metrics measure in (its weights are committed)"),
    "train": (TrainConfig, "train the GAN into a numbered run folder under training/runs/"),
    "denoise": (DenoiseConfig, "train the denoising autoencoder into training/runs/<n>-denoiser/"),
    "evaluate": (EvaluateConfig, "measure runs or model folders on the held-out split; one-page report each"),
    "export": (ExportConfig, "export a run's EMA generator to public/models/<model-id>/ for TensorFlow.js"),
    "sample": (SampleConfig, "write N generated symbols to a folder or a .tar.gz"),
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
    notes = field_notes(cls)
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        names = [f"--{f.name}"] + ([f"--{f.name.replace('_', '-')}"] if "_" in f.name else [])
        kind = hints[f.name]
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        help_text = f"{notes.get(f.name, '')} (default: {default!r})"
        if typing.get_origin(kind) is list:            # the stage's positional arguments
            parser.add_argument(f.name, nargs="*", default=default, help=help_text)
        elif kind is bool:
            parser.add_argument(*names, dest=f.name, action=argparse.BooleanOptionalAction, default=f.default,
                                help=help_text)
        else:
            base = next((t for t in typing.get_args(kind) if t is not type(None)), kind)
            parser.add_argument(*names, dest=f.name, type=base, default=f.default, help=help_text)


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="python3 -m training", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="stage", required=True, parser_class=OneLineParser)
    for name, (cls, help_text) in STAGES.items():
        add_flags(sub.add_parser(name, help=help_text, description=help_text), cls)
    args = parser.parse_args(argv)
    cls = STAGES[args.stage][0]
    values = {f.name: getattr(args, f.name) for f in dataclasses.fields(cls)}
    typed = set(a.lstrip("-").split("=")[0].replace("-", "_") for a in (argv if argv is not None else sys.argv[1:])
                if a.startswith("--"))
    try:
        if args.stage == "prepare":
            from training.data.prepare import prepare
            cfg = PrepareConfig(**values)
            if cfg.dry_run:
                print(cfg)
            prepare(cfg)
        elif args.stage == "train":
            from training.config import apply_preset
            from training.loop import train
            cfg = apply_preset(TrainConfig(**values).validate(), typed).validate()
            if cfg.dry_run:
                print(cfg)
                cfg = dataclasses.replace(cfg, max_steps=4, tick_steps=2, batch=min(cfg.batch, 8))
            train(cfg)
        elif args.stage == "features":
            from training.metrics.features import train_features
            train_features(FeaturesConfig(**values).validate())
        elif args.stage == "denoise":
            from training.denoise import train_denoiser
            train_denoiser(DenoiseConfig(**values).validate())
        elif args.stage == "evaluate":
            from training.evaluate import evaluate
            evaluate(EvaluateConfig(**values).validate())
        elif args.stage == "export":
            from training.export import export
            export(ExportConfig(**values).validate())
        elif args.stage == "sample":
            from training.sample import sample
            sample(SampleConfig(**values).validate())
    except (ConfigError, PrepareError) as e:
        print(f"python3 -m training {args.stage}: error: {e}", file=sys.stderr)
        return 2
    except (FileNotFoundError, ValueError) as e:     # missing runs/datasets: a user error, not a crash
        print(f"python3 -m training {args.stage}: error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Every option of every training stage, in one typed place.

The CLI (__main__.py) builds these dataclasses from flags; nothing else reads flags. Presets are named
overrides of TrainConfig, so a run can always be rebuilt from the options.json it wrote.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from training.data.prepare import PrepareConfig, PrepareError  # noqa: F401  (re-exported: one place for config)


class ConfigError(ValueError):
    """An invalid option: the CLI prints it on one line and exits with code 2."""


def is_power_of_two(n: int) -> bool:
    return n > 0 and n & (n - 1) == 0


@dataclass
class TrainConfig:
    # I/O
    data: str = "training/data/symbols"   # a folder written by `prepare`
    runs: str = "training/runs"           # each run gets runs/<00001>-<desc>/
    desc: str = ""                        # appended to the run folder's number; defaults to the preset name
    resume: str = ""                      # a run folder (or "latest") to continue from its checkpoint
    # budget
    minutes: float = 60.0                 # wall-clock budget; the run stops cleanly at the first tick past it
    max_steps: int = 0                    # 0 = no step limit (the time budget decides)
    tick_seconds: float = 120.0           # maintenance (stats line, sample grid, checkpoint) once per tick
    tick_steps: int = 0                   # > 0 forces a tick every N steps instead (tests, dry runs)
    metrics_ticks: int = 5                # > 0 runs the metric registry every N ticks (metrics.jsonl); 0 = never
    metrics_samples: int = 1000           # generated symbols per in-training evaluation
    snapshot_ticks: int = 0               # > 0 keeps the sampled G every N ticks in snapshots/ (metric curves after the fact)
    # model
    preset: str = "default"               # "default" or "seed-dcgan" (the seeds' recipe, the baseline)
    latent_size: int = 100                # the seeds' and DCGAN's z size
    g_width: int = 256                    # generator channels at 4x4; halves per scale down to g_min_width
    g_min_width: int = 32
    d_width: int = 32                     # discriminator channels at half resolution; doubles per scale (64 halves the speed)
    d_max_width: int = 256
    # optimisation
    batch: int = 32                       # small batches gave more varied glyphs per CPU-minute in the probes
    lr_g: float = 2e-4
    lr_d: float = 2e-4
    beta1: float = 0.5                    # Radford et al.
    beta2: float = 0.999
    loss: str = "hinge"                   # "hinge" or "bce" (non-saturating)
    label_smoothing: float = 0.0          # one-sided: real targets become 1 - s (bce only)
    instance_noise: float = 0.0           # std of Gaussian noise added to real and fake images, decays to 0 by the end
    # augmentation (DiffAugment, applied to real and fake in both D and G steps)
    augment: str = "translation"          # comma list of translation, cutout, color; "" for none
    # generator average
    ema_half_life_kimg: float = 5.0       # EMA half-life in thousands of images
    ema_rampup: float = 0.05              # half-life is at most this fraction of images seen, so early EMA is not stale
    # hardware
    device: str = "auto"                  # auto | cpu | cuda
    threads: int = 0                      # CPU threads for torch; 0 = all cores
    seed: int = 0
    # checks
    dry_run: bool = False                 # a few steps on tiny synthetic data, then exit

    def validate(self) -> "TrainConfig":
        if self.preset not in PRESETS:
            raise ConfigError(f"unknown --preset {self.preset!r}; choose from {', '.join(PRESETS)}")
        if self.loss not in ("hinge", "bce"):
            raise ConfigError(f"--loss must be hinge or bce, got {self.loss!r}")
        if self.device not in ("auto", "cpu", "cuda"):
            raise ConfigError(f"--device must be auto, cpu or cuda, got {self.device!r}")
        for name in ("batch", "latent_size", "g_width", "d_width"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"--{name} must be positive")
        if self.minutes <= 0:
            raise ConfigError("--minutes must be positive")
        if not 0 <= self.label_smoothing < 0.5:
            raise ConfigError("--label_smoothing must be in [0, 0.5)")
        bad = [a for a in self.augment.split(",") if a and a not in ("translation", "cutout", "color")]
        if bad:
            raise ConfigError(f"unknown --augment {','.join(bad)}; choose from translation, cutout, color")
        return self


# The seeds' recipe: transposed convolutions, BCE, batch norm in D, no augmentation, no EMA, the
# cartoon-faces article's learning rates (D 4e-5, G 4e-4) and batch 64. The baseline our recipe must beat.
PRESETS: dict[str, dict] = {
    "default": {},
    "seed-dcgan": dict(loss="bce", augment="", ema_half_life_kimg=0.0, batch=64, lr_d=4e-5, lr_g=4e-4,
                       g_width=512, g_min_width=64, d_width=64, d_max_width=512),
}


def apply_preset(cfg: TrainConfig, explicit: set[str]) -> TrainConfig:
    """Preset values win over defaults but not over flags the user typed."""
    overrides = {k: v for k, v in PRESETS[cfg.preset].items() if k not in explicit}
    return dataclasses.replace(cfg, **overrides)


@dataclass
class ExportConfig:
    run: str = "latest"                   # a run folder, or "latest"
    models: str = "public/models"         # where model folders and index.json live
    name: str = "sigil"                   # model id prefix: <name>-<resolution>-<yyyymmdd>[-n]
    model_id: str = ""                    # explicit id (overrides name)
    quantize: str = "uint8"               # uint8 | float16 | none
    make_default: bool = True             # name it the default in index.json (refused if its KID is worse than the current default's)
    force: bool = False                   # make it the default even when its KID is worse
    denoiser: str = ""                    # a denoiser run (training/runs/<n>-denoiser) to ship beside the generator
    data: str = ""                        # held-out reference for the model card's metrics; "" = the run's dataset
    eval_samples: int = 2000              # generated symbols behind the model card's metrics
    golden: int = 4                       # fixed latents written with their outputs to golden.json
    agreement_latents: int = 256          # latents over which quantized and float outputs are compared
    dry_run: bool = False

    def validate(self) -> "ExportConfig":
        if self.quantize not in ("uint8", "float16", "none"):
            raise ConfigError(f"--quantize must be uint8, float16 or none, got {self.quantize!r}")
        return self


@dataclass
class SampleConfig:
    run: str = "latest"                   # a run folder, "latest", or a model folder under public/models
    n: int = 64                           # how many symbols
    out: str = "samples"                  # a folder, or a path ending in .tar.gz
    seed: int = 0
    binarize: bool = True                 # threshold at 0 and remove specks, as the site shows them
    size: int = 0                         # output pixels per side; 0 = the model's resolution
    dry_run: bool = False

    def validate(self) -> "SampleConfig":
        if self.n <= 0:
            raise ConfigError("--n must be positive")
        return self


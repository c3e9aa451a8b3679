"""The options of training, export and sampling (TrainConfig, ExportConfig, SampleConfig) and the training presets.

Every other stage keeps its options beside its code, as one dataclass: PrepareConfig (data/prepare.py, re-exported
here), FeaturesConfig (metrics/features.py), DenoiseConfig (denoise.py), EncoderConfig (encoder.py), EvaluateConfig (evaluate.py) and
BlindConfig (blind.py). The CLI (__main__.py) builds all of them from flags; nothing else reads flags. Presets are
named overrides of TrainConfig, so a run can always be rebuilt from the options.json it wrote.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from training.errors import UserError
from training.data.prepare import PrepareConfig, PrepareError  # noqa: F401  (re-exported: one place for config)


class ConfigError(UserError):
    """An invalid option: the CLI prints it on one line and exits with code 2."""


def is_power_of_two(n: int) -> bool:
    return n > 0 and n & (n - 1) == 0


@dataclass
class TrainConfig:
    # I/O
    data: str = "training/data/symbols"   # a folder written by `prepare`
    runs: str = "training/runs"           # each run gets runs/<00001>-<desc>/
    desc: str = ""                        # appended to the run folder's number; defaults to the preset name
    resume: str = ""                      # a run folder, "latest", or a carry file (.pt) to continue from
    carry: str = ""                       # also keep the run in this one compact file (float16), replaced every tick: commit it to carry the run to another machine
    # budget
    minutes: float = 60.0                 # budget of this invocation on budget_clock; the run stops cleanly when it is spent
    budget_clock: str = "wall"            # wall | cpu (this process's CPU time: equal budgets on a shared machine)
    max_steps: int = 0                    # 0 = no step limit (the time budget decides)
    tick_seconds: float = 120.0           # maintenance (stats line, sample grid, checkpoint) once per tick
    tick_steps: int = 0                   # > 0 forces a tick every N steps instead (tests, dry runs)
    metrics_ticks: int = 5                # > 0 runs the metric registry every N ticks (metrics.jsonl); 0 = never
    metrics_samples: int = 1000           # generated symbols per in-training evaluation
    snapshot_ticks: int = 0               # > 0 keeps the sampled G every N ticks in snapshots/ (metric curves after the fact)
    c2st_on_resume: bool = True           # --resume first records kimg, minutes, the C2ST and a sample sheet in stats.jsonl
    # model
    preset: str = "default"               # a name in PRESETS: default, hinge (the recipe of 2026-11), rpgan*, seed-dcgan
    latent_size: int = 100                # the seeds' and DCGAN's z size
    conditional: bool = False             # condition G and D on the image's style (training/data/styles.py)
    generator: str = "batchnorm"          # batchnorm | plain (no normalization) | residual (not exportable)
    g_width: int = 256                    # generator channels at 4x4; halves per scale down to g_min_width
    g_min_width: int = 32
    g_convs: int = 1                      # 3x3 convs per scale in the generator: 1 (the DCGAN plan) or 2 (room to draw)
    d_width: int = 32                     # discriminator channels at half resolution; doubles per scale (64 halves the speed)
    d_max_width: int = 256
    d_spectral_norm: bool = True          # spectral norm on D's weights (off when gradient penalties regularize D)
    # optimisation
    batch: int = 32                       # small batches gave more varied glyphs per CPU-minute in the probes
    lr_g: float = 2e-4
    lr_d: float = 2e-4
    beta1: float = 0.5                    # Radford et al.
    beta2: float = 0.999
    loss: str = "hinge"                   # hinge | bce (non-saturating) | relativistic (R3GAN's RpGAN)
    gamma: float = 0.0                    # weight of the R1 (real) + R2 (fake) zero-centred gradient penalties; 0 = none
    reg_interval: int = 16                # lazy regularization: penalties every N D steps, Adam scaled by N/(N+1)
    schedule_kimg: float = 0.0            # > 0: lr and gamma decay (cosine) and beta2 rises over this many kimg
    lr_end: float = 0.25                  # learning rate at the end of the schedule, as a share of lr_g/lr_d
    gamma_end: float = 0.1                # gamma at the end of the schedule, as a share of gamma
    beta2_start: float = 0.9              # beta2 at kimg 0 under the schedule (R3GAN); rises to beta2
    topk: float = 1.0                     # < 1: G learns only from the best-scored share of each batch's fakes (Sinha et al. 2020)
    topk_kimg: float = 0.0                # that share falls from 1 to topk over this many kimg (cosine); 0 = at once
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
        if self.loss not in ("hinge", "bce", "relativistic"):
            raise ConfigError(f"--loss must be hinge, bce or relativistic, got {self.loss!r}")
        if self.generator not in ("batchnorm", "plain", "residual"):
            raise ConfigError(f"--generator must be batchnorm, plain or residual, got {self.generator!r}")
        if self.budget_clock not in ("wall", "cpu"):
            raise ConfigError(f"--budget_clock must be wall or cpu, got {self.budget_clock!r}")
        if self.conditional and self.preset == "seed-dcgan":
            raise ConfigError("--conditional needs a conditional network; the seed-dcgan preset has none")
        if self.gamma < 0 or self.reg_interval < 1 or self.schedule_kimg < 0:
            raise ConfigError("--gamma and --schedule_kimg must be >= 0 and --reg_interval >= 1")
        if self.device not in ("auto", "cpu", "cuda"):
            raise ConfigError(f"--device must be auto, cpu or cuda, got {self.device!r}")
        for name in ("batch", "latent_size", "g_width", "d_width"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"--{name} must be positive")
        if self.minutes <= 0:
            raise ConfigError("--minutes must be positive")
        if self.g_convs not in (1, 2):
            raise ConfigError(f"--g_convs must be 1 or 2, got {self.g_convs}")
        if self.g_convs == 2 and self.generator != "batchnorm":
            raise ConfigError("--g_convs 2 is built for --generator batchnorm")
        if not 0 < self.topk <= 1 or self.topk_kimg < 0:
            raise ConfigError(f"--topk must be in (0, 1] and --topk_kimg >= 0, got {self.topk} and {self.topk_kimg}")
        if not 0 <= self.label_smoothing < 0.5:
            raise ConfigError("--label_smoothing must be in [0, 0.5)")
        bad = [a for a in self.augment.split(",") if a and a not in ("translation", "cutout", "color")]
        if bad:
            raise ConfigError(f"unknown --augment {','.join(bad)}; choose from translation, cutout, color")
        return self

    def uses_ema(self) -> bool:
        """Whether the run keeps an EMA generator: then it, not the training G, is sampled and exported."""
        return self.ema_half_life_kimg > 0

    def styles_count(self) -> int:
        """Width of the style one-hot: the number of styles when conditional, else 0."""
        from training.data.styles import STYLES
        return len(STYLES) if self.conditional else 0


# Options added after runs were written take, for those old runs, the value that reproduces what they did.
LEGACY = dict(conditional=False, generator="batchnorm", d_spectral_norm=True, gamma=0.0, schedule_kimg=0.0,
              budget_clock="wall", g_convs=1, topk=1.0, topk_kimg=0.0)


def train_config_from(saved: dict) -> TrainConfig:
    """The TrainConfig a checkpoint or options.json recorded; fields it predates take their LEGACY value."""
    known = {f.name for f in dataclasses.fields(TrainConfig)}
    return TrainConfig(**{**LEGACY, **{k: v for k, v in saved.items() if k in known}})


# The seeds' recipe: transposed convolutions, BCE, batch norm in D, no augmentation, no EMA, the
# cartoon-faces article's learning rates (D 4e-5, G 4e-4) and batch 64. The baseline our recipe must beat.
# "hinge" is the recipe of 2026-11 (hinge loss, batch-norm G, spectral-norm D). The rpgan presets are R3GAN's
# objective on our small networks: relativistic pairing loss, lazy R1 + R2, no spectral norm, beta1 0, schedules.
RPGAN = dict(loss="relativistic", gamma=0.5, reg_interval=16, d_spectral_norm=False, beta1=0.0, beta2=0.99,
             schedule_kimg=2000.0)
PRESETS: dict[str, dict] = {
    "default": {},
    "hinge": dict(loss="hinge", generator="batchnorm", d_spectral_norm=True, gamma=0.0, beta1=0.5, beta2=0.999,
                  schedule_kimg=0.0),
    "rpgan": dict(RPGAN, generator="batchnorm"),
    "rpgan-plain": dict(RPGAN, generator="plain"),
    "rpgan-residual": dict(RPGAN, generator="residual", g_width=224),   # 0.90M parameters against the others' 0.85M
    # Issue 28's generator with room to draw: two convs per scale and wider low-resolution stages (384 channels at
    # 4x4, 192 at 8x8 against 256 and 128), 2.0M parameters against 0.85M; D one and a half times as wide (2.9M).
    "rpgan-wide": dict(RPGAN, generator="batchnorm", g_convs=2, g_width=384, d_width=48, d_max_width=384),
    # Top-k generator updates (Sinha et al. 2020): G learns from its best half of each batch, reached over 100 kimg.
    "rpgan-topk": dict(RPGAN, generator="batchnorm", topk=0.5, topk_kimg=100.0),
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
    make_default: bool = True             # name it the default in index.json (refused unless its C2ST beats the current default's)
    force: bool = False                   # make it the default even when its C2ST does not beat the current default's
    denoiser: str = ""                    # a denoiser run (training/runs/<n>-denoiser) to ship beside the generator
    min_stray: int = 0                    # the site erases ink marks under this many pixels beside the figure (index.json minStray); 0 = off
    data: str = ""                        # held-out reference for the model card's metrics; "" = the run's dataset
    eval_samples: int = 2000              # generated symbols behind the model card's metrics
    c2st_epochs: int = 60                 # the C2ST classifier's passes (the card's C2ST and the default guard)
    guard: str = "heldout"                # the default guard's C2ST: heldout (the small critic, minutes on CPU) | strong (the judge ladder on 6,000 pairs: a GPU's)
    golden: int = 4                       # fixed latents written with their outputs to golden.json
    agreement_latents: int = 256          # latents over which quantized and float outputs are compared
    dry_run: bool = False

    def validate(self) -> "ExportConfig":
        if self.quantize not in ("uint8", "float16", "none"):
            raise ConfigError(f"--quantize must be uint8, float16 or none, got {self.quantize!r}")
        if not 0 <= self.min_stray <= 4096:
            raise ConfigError(f"--min_stray must be from 0 to 4096 pixels, got {self.min_stray}")
        if self.guard not in ("heldout", "strong"):
            raise ConfigError(f"--guard must be heldout or strong, got {self.guard!r}")
        return self


@dataclass
class SampleConfig:
    run: str = "latest"                   # a run folder, "latest", or a model folder under public/models
    n: int = 64                           # how many symbols
    out: str = "samples"                  # a folder, or a path ending in .tar.gz
    seed: int = 0
    binarize: bool = True                 # threshold at 0 and remove specks, as the site shows them
    style: str = ""                       # a conditional source's style id (training/data/styles.py); "" cycles through all
    size: int = 0                         # output pixels per side; 0 = the model's resolution (128 with --page_scale)
    page_scale: bool = False              # drawn as the site shows them: traced and filled by its renderer (needs Node)
    dry_run: bool = False

    def validate(self) -> "SampleConfig":
        if self.n <= 0:
            raise ConfigError("--n must be positive")
        if self.page_scale and not self.binarize:
            raise ConfigError("--page_scale draws the site's outlines, which are ink or paper: drop --no-binarize")
        if not 0 <= self.size <= 1024:
            raise ConfigError("--size must be 0 to 1024")
        return self


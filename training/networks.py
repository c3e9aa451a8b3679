"""Generator and discriminator: a DCGAN (Radford et al. 2015) rebuilt with today's stabilisers.

Generator: latent -> dense to 4x4 -> per scale [nearest upsample x2 -> (3x3 conv -> batch norm -> ReLU) x convs]
-> 3x3 conv -> tanh. convs = 2 is the wider generator of issue 28 (room to draw, still only the site's four layers).
Upsample + conv instead of transposed convolution avoids checkerboard artefacts (Odena et al. 2016) and maps
one-to-one onto TensorFlow.js layers (Dense, Reshape, UpSampling2D, Conv2D), see export.py.
Discriminator: strided 4x4 convolutions with spectral norm (Miyato et al. 2018) and LeakyReLU, a minibatch
standard-deviation feature (Karras et al. 2018) against mode collapse, and a linear head.
ResidualGenerator is the residual variant measured against it. Both take an optional one-hot style appended to
the latent; the discriminator then adds a projection term. SeedGenerator/SeedDiscriminator are the seeds' plain DCGAN (pytorch/examples dcgan), kept as the baseline.

Images are [B, 1, R, R] in [-1, 1]: -1 is ink, +1 is paper.
"""
from __future__ import annotations

import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import spectral_norm


def scales(resolution: int) -> int:
    """Number of x2 upsamplings from 4x4 to the resolution."""
    return int(math.log2(resolution)) - 2


def g_widths(resolution: int, width: int, min_width: int) -> list[int]:
    """Channels at 4x4, 8x8, ..., resolution: halving per scale, never below min_width."""
    return [max(width >> i, min_width) for i in range(scales(resolution) + 1)]


def with_style(z: torch.Tensor, style: torch.Tensor | None, styles: int) -> torch.Tensor:
    """The generator's one input: the latent with the style's one-hot appended, [B, latent + styles]. Keeping it
    one input makes the first Dense layer the style embedding, so the site's runtime needs no new layer."""
    if not styles:
        return z
    if style is None or style.shape != (z.shape[0], styles):
        raise ValueError(f"a generator with {styles} styles needs a one-hot style [B, {styles}]")
    return torch.cat([z, style.to(z.dtype)], dim=1)


class Generator(nn.Module):
    """batch_norm=False drops the normalization (R3GAN's "no normalization tricks"): nothing then depends on batch
    statistics, so the EMA weights need no refresh before sampling and export maps the weights as they are."""

    def __init__(self, latent_size: int = 100, resolution: int = 64, width: int = 256, min_width: int = 32,
                 styles: int = 0, batch_norm: bool = True, convs: int = 1):
        super().__init__()
        if convs not in (1, 2):
            raise ValueError(f"convs per scale must be 1 or 2, got {convs}")
        self.latent_size, self.resolution, self.styles = latent_size, resolution, styles
        w = g_widths(resolution, width, min_width)
        norm = nn.BatchNorm2d if batch_norm else (lambda c: nn.Identity())
        self.dense = nn.Linear(latent_size + styles, w[0] * 16)  # [B, latent+styles] -> [B, w0*4*4]
        self.dense_bn = norm(w[0])                            # on the reshaped [B, w0, 4, 4]
        self.blocks = nn.ModuleList()
        for c_in, c_out in zip(w[:-1], w[1:]):                # per scale: [B, c_in, s, s] -> [B, c_out, 2s, 2s]
            block = dict(conv=nn.Conv2d(c_in, c_out, 3, padding=1, bias=not batch_norm), bn=norm(c_out))
            if convs == 2:                                    # [B, c_out, 2s, 2s] -> the same, at the new scale
                block.update(conv2=nn.Conv2d(c_out, c_out, 3, padding=1, bias=not batch_norm), bn2=norm(c_out))
            self.blocks.append(nn.ModuleDict(block))
        self.to_image = nn.Conv2d(w[-1], 1, 3, padding=1)    # [B, w_last, R, R] -> [B, 1, R, R]

    def forward(self, z: torch.Tensor, style: torch.Tensor | None = None) -> torch.Tensor:
        x = self.dense(with_style(z, style, self.styles)).view(z.shape[0], -1, 4, 4)   # [B, w0, 4, 4]
        x = F.relu(self.dense_bn(x))
        for block in self.blocks:
            x = F.interpolate(x, scale_factor=2, mode="nearest")   # [B, c_in, 2s, 2s]
            x = F.relu(block["bn"](block["conv"](x)))              # [B, c_out, 2s, 2s]
            if "conv2" in block:
                x = F.relu(block["bn2"](block["conv2"](x)))        # [B, c_out, 2s, 2s]
        return torch.tanh(self.to_image(x))                   # [B, 1, R, R]


class ResidualGenerator(nn.Module):
    """The same plan with a residual block per scale (BigGAN's generator, much reduced): x2 = up(x);
    out = relu(shortcut(x2) + bn_b(conv_b(relu(bn_a(conv_a(x2)))))), shortcut a 1x1 conv where channels change.
    bn_b's gain starts at zero, so every block starts as its shortcut. Batch norm stays: without it activations grew
    until the tanh saturated and training stalled (training/README.md). Not exportable to the site's layers (it
    needs Add)."""

    def __init__(self, latent_size: int = 100, resolution: int = 64, width: int = 192, min_width: int = 32,
                 styles: int = 0):
        super().__init__()
        self.latent_size, self.resolution, self.styles = latent_size, resolution, styles
        w = g_widths(resolution, width, min_width)
        self.dense = nn.Linear(latent_size + styles, w[0] * 16)  # [B, latent+styles] -> [B, w0*4*4]
        self.dense_bn = nn.BatchNorm2d(w[0])                  # on the reshaped [B, w0, 4, 4]
        self.blocks = nn.ModuleList()
        for c_in, c_out in zip(w[:-1], w[1:]):                # per scale: [B, c_in, s, s] -> [B, c_out, 2s, 2s]
            block = nn.ModuleDict(dict(
                conv_a=nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), bn_a=nn.BatchNorm2d(c_out),
                conv_b=nn.Conv2d(c_out, c_out, 3, padding=1, bias=False), bn_b=nn.BatchNorm2d(c_out),
                shortcut=nn.Conv2d(c_in, c_out, 1, bias=False) if c_in != c_out else nn.Identity(),
            ))
            self.blocks.append(block)
        self.to_image = nn.Conv2d(w[-1], 1, 3, padding=1)    # [B, w_last, R, R] -> [B, 1, R, R]

    def zero_residuals(self) -> None:
        """Every block starts as its shortcut (call after any other initialisation)."""
        for block in self.blocks:
            nn.init.zeros_(block["bn_b"].weight)

    def forward(self, z: torch.Tensor, style: torch.Tensor | None = None) -> torch.Tensor:
        x = self.dense(with_style(z, style, self.styles)).view(z.shape[0], -1, 4, 4)    # [B, w0, 4, 4]
        x = F.relu(self.dense_bn(x))
        for b in self.blocks:
            x = F.interpolate(x, scale_factor=2, mode="nearest")                        # [B, c_in, 2s, 2s]
            h = F.relu(b["bn_a"](b["conv_a"](x)))                                       # [B, c_out, 2s, 2s]
            x = F.relu(b["shortcut"](x) + b["bn_b"](b["conv_b"](h)))                    # [B, c_out, 2s, 2s]
        return torch.tanh(self.to_image(x))                   # [B, 1, R, R]


class MinibatchStd(nn.Module):
    """Appends the mean per-pixel std over groups of the batch as one extra channel: a collapsed generator
    gives a tell-tale near-zero value the discriminator can punish."""

    def __init__(self, group: int = 4):
        super().__init__()
        self.group = group

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, c, h, w = x.shape
        g = min(self.group, b)
        while b % g:
            g -= 1
        y = x.view(g, -1, c, h, w)                            # [G, B/G, C, H, W]
        y = (y.var(dim=0, unbiased=False) + 1e-8).sqrt()      # [B/G, C, H, W]
        y = y.mean(dim=(1, 2, 3)).view(-1, 1, 1, 1)           # [B/G, 1, 1, 1]
        y = y.repeat(g, 1, h, w)                              # [B, 1, H, W]
        return torch.cat([x, y], dim=1)                       # [B, C+1, H, W]


class Discriminator(nn.Module):
    """spectral=False leaves the weights free for recipes that regularize D with gradient penalties instead.
    With styles, a projection head (Miyato and Koyama 2018): logit = w . phi(x) + embed(style) . phi(x)."""

    def __init__(self, resolution: int = 64, width: int = 32, max_width: int = 256, styles: int = 0,
                 spectral: bool = True):
        super().__init__()
        sn = spectral_norm if spectral else (lambda m: m)
        layers: list[nn.Module] = []
        c_in, c = 1, width
        for _ in range(scales(resolution)):                   # [B, c_in, s, s] -> [B, c, s/2, s/2], down to 4x4
            layers += [sn(nn.Conv2d(c_in, c, 4, stride=2, padding=1)), nn.LeakyReLU(0.2)]
            c_in, c = c, min(c * 2, max_width)
        self.features = nn.Sequential(*layers)
        self.mbstd = MinibatchStd()                           # [B, c_in, 4, 4] -> [B, c_in+1, 4, 4]
        self.phi = nn.Sequential(
            sn(nn.Conv2d(c_in + 1, c_in, 3, padding=1)), nn.LeakyReLU(0.2),             # [B, c_in, 4, 4]
            nn.Flatten(),                                                               # [B, c_in*16]
        )
        self.head = sn(nn.Linear(c_in * 16, 1))                                         # [B, 1]
        self.embed = sn(nn.Linear(styles, c_in * 16, bias=False)) if styles else None   # one-hot -> [B, c_in*16]

    def forward(self, x: torch.Tensor, style: torch.Tensor | None = None) -> torch.Tensor:
        phi = self.phi(self.mbstd(self.features(x)))          # [B, c_in*16]
        out = self.head(phi).view(-1)                         # [B] logits
        if self.embed is not None:
            out = out + (self.embed(style.to(phi.dtype)) * phi).sum(dim=1)
        return out


class SeedGenerator(nn.Module):
    """The seeds' DCGAN generator: transposed 4x4 convolutions with batch norm (pytorch/examples dcgan)."""

    def __init__(self, latent_size: int = 100, resolution: int = 64, width: int = 512, min_width: int = 64):
        super().__init__()
        self.latent_size, self.resolution = latent_size, resolution
        w = g_widths(resolution, width, min_width)
        layers: list[nn.Module] = [
            nn.ConvTranspose2d(latent_size, w[0], 4, 1, 0, bias=False), nn.BatchNorm2d(w[0]), nn.ReLU(True),  # [B, w0, 4, 4]
        ]
        for c_in, c_out in zip(w[:-2], w[1:-1]):              # [B, c_in, s, s] -> [B, c_out, 2s, 2s]
            layers += [nn.ConvTranspose2d(c_in, c_out, 4, 2, 1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU(True)]
        layers += [nn.ConvTranspose2d(w[-2], 1, 4, 2, 1, bias=False), nn.Tanh()]                          # [B, 1, R, R]
        self.main = nn.Sequential(*layers)

    def forward(self, z: torch.Tensor, style: torch.Tensor | None = None) -> torch.Tensor:
        return self.main(z.view(z.shape[0], -1, 1, 1))


class SeedDiscriminator(nn.Module):
    """The seeds' DCGAN discriminator: strided convolutions, batch norm, LeakyReLU, no spectral norm."""

    def __init__(self, resolution: int = 64, width: int = 64, max_width: int = 512):
        super().__init__()
        layers: list[nn.Module] = [nn.Conv2d(1, width, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, True)]  # [B, w, R/2, R/2]
        c = width
        for _ in range(scales(resolution) - 1):               # [B, c, s, s] -> [B, 2c, s/2, s/2], down to 4x4
            c2 = min(c * 2, max_width)
            layers += [nn.Conv2d(c, c2, 4, 2, 1, bias=False), nn.BatchNorm2d(c2), nn.LeakyReLU(0.2, True)]
            c = c2
        layers += [nn.Conv2d(c, 1, 4, 1, 0, bias=False)]     # [B, 1, 1, 1]
        self.main = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor, style: torch.Tensor | None = None) -> torch.Tensor:
        return self.main(x).view(-1)


def same_conv3x3(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor, stride: int) -> torch.Tensor:
    """A 3x3 conv padded like TensorFlow's "same": [B, C, s, s] -> [B, out, s / stride, s / stride]. At stride 2
    TensorFlow pads only the end (one extra row and column), where PyTorch's padding=1 would pad both sides."""
    x = F.pad(x, (1, 1, 1, 1)) if stride == 1 else F.pad(x, (0, 1, 0, 1))
    return F.conv2d(x, weight, bias, stride=stride)


class Denoiser(nn.Module):
    """The seeds' denoising autoencoder, small: [B, 1, R, R] in [-1, 1] -> the same, cleaned.

    Encoder: 3x3 convs, two of them stride 2 (R -> R/4); decoder: nearest upsample + 3x3 conv, back to R. No batch
    norm and no skip connections, so it maps one-to-one onto TensorFlow.js Conv2D/UpSampling2D layers. Stride-2 convs
    pad like TensorFlow's "same" (one extra row and column at the end), so both frameworks sample the same pixels.
    """

    # (out channels, stride, upsample first, activation) per 3x3 conv
    PLAN = [(16, 1, False, "relu"),    # [B, 16, R, R]
            (32, 2, False, "relu"),    # [B, 32, R/2, R/2]
            (64, 2, False, "relu"),    # [B, 64, R/4, R/4]
            (64, 1, False, "relu"),    # [B, 64, R/4, R/4]
            (32, 1, True, "relu"),     # [B, 32, R/2, R/2]
            (16, 1, True, "relu"),     # [B, 16, R, R]
            (1, 1, False, "tanh")]     # [B, 1, R, R]

    def __init__(self):
        super().__init__()
        channels = [1] + [c for c, *_ in self.PLAN]
        self.convs = nn.ModuleList(nn.Conv2d(c_in, c_out, 3, padding=0)
                                   for c_in, c_out in zip(channels[:-1], channels[1:]))

    def forward(self, x: torch.Tensor, logits: bool = False) -> torch.Tensor:
        """logits=True returns the last layer before its tanh (training uses it: a saturated tanh has no gradient)."""
        for conv, (_, stride, upsample, act) in zip(self.convs, self.PLAN):
            if upsample:
                x = F.interpolate(x, scale_factor=2, mode="nearest")
            x = same_conv3x3(x, conv.weight, conv.bias, stride)
            if act == "relu":
                x = torch.relu(x)
            elif not logits:
                x = torch.tanh(x)
        return x


class Encoder(nn.Module):
    """Draw to find's encoder (issue 26): a symbol's mask -> the generator input that draws it. [B, 1, R, R] in
    {-1, 1} (ink -1, as the site binarizes) -> [B, latent + styles]: the latent z, then one logit per style.

    Four stride-2 3x3 convs (TensorFlow "same" padding, as the denoiser's) take R to R/16, then two Dense layers; no
    batch norm, so it maps one-to-one onto TensorFlow.js Conv2D, Reshape and Dense layers (export.py flattens the
    features in NHWC order). 64 px: about 350k parameters, 350 KB as uint8.
    """

    CONVS = [16, 32, 64, 64]     # out channels of each stride-2 conv: [B, 16, R/2] .. [B, 64, R/16, R/16]

    def __init__(self, resolution: int = 64, outputs: int = 100, hidden: int = 256):
        super().__init__()
        if resolution % 16:
            raise ValueError(f"the encoder needs a resolution divisible by 16, got {resolution}")
        channels = [1] + self.CONVS
        self.convs = nn.ModuleList(nn.Conv2d(c_in, c_out, 3, padding=0)
                                   for c_in, c_out in zip(channels[:-1], channels[1:]))
        self.hidden = nn.Linear(self.CONVS[-1] * (resolution // 16) ** 2, hidden)   # [B, 64*(R/16)^2] -> [B, hidden]
        self.head = nn.Linear(hidden, outputs)                                      # [B, hidden] -> [B, latent + styles]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for conv in self.convs:
            x = torch.relu(same_conv3x3(x, conv.weight, conv.bias, 2))    # [B, c_out, s/2, s/2]
        x = torch.relu(self.hidden(x.flatten(1)))                          # [B, hidden] (features in NCHW order)
        return self.head(x)                                                # [B, latent + styles]


class Critic(Encoder):
    """Importance resampling's critic (issue 28 section 3): a symbol's mask -> one logit, log(p_real / p_generated)
    once calibrated (training/critic.py). [B, 1, R, R] in {-1, 1} (ink -1) -> [B, 1]. The encoder's layers (so the
    site runs it with the same code) with a narrower hidden layer: 64 px, about 106k parameters, 106 KB as uint8."""

    def __init__(self, resolution: int = 64, hidden: int = 64):
        super().__init__(resolution, outputs=1, hidden=hidden)


def init_dcgan(module: nn.Module) -> None:
    """Radford et al.'s initialisation: N(0, 0.02) weights, batch norm gains N(1, 0.02)."""
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
            nn.init.normal_(m.weight, 0.0, 0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.normal_(m.weight, 1.0, 0.02)
            nn.init.zeros_(m.bias)


def build(cfg, resolution: int) -> tuple[nn.Module, nn.Module]:
    """Generator and discriminator for a TrainConfig, initialised."""
    styles = cfg.styles_count()
    if cfg.preset == "seed-dcgan":
        g = SeedGenerator(cfg.latent_size, resolution, cfg.g_width, cfg.g_min_width)
        d = SeedDiscriminator(resolution, cfg.d_width, cfg.d_max_width)
        init_dcgan(g)
        init_dcgan(d)
        return g, d
    d = Discriminator(resolution, cfg.d_width, cfg.d_max_width, styles, spectral=cfg.d_spectral_norm)
    if cfg.generator == "residual":
        g = ResidualGenerator(cfg.latent_size, resolution, cfg.g_width, cfg.g_min_width, styles)
        init_dcgan(g)
        g.zero_residuals()
    else:
        g = Generator(cfg.latent_size, resolution, cfg.g_width, cfg.g_min_width, styles, cfg.generator == "batchnorm",
                      cfg.g_convs)
        if cfg.generator == "batchnorm":
            init_dcgan(g)   # without batch norm PyTorch's fan-in init keeps activations alive; N(0, 0.02) would not
    return g, d   # D keeps PyTorch's default init (spectral norm, where on, rescales it anyway)

"""Adversarial losses and gradient penalties as small pure functions of discriminator logits.

- hinge (Lim and Ye 2017; Miyato et al. 2018) and the non-saturating logistic loss (Goodfellow et al. 2014);
- the relativistic pairing loss of R3GAN (Huang et al., NeurIPS 2024; Jolicoeur-Martineau 2019): each fake is
  judged against a real, softplus(D(fake) - D(real)) for D, the mirror for G;
- zero-centred gradient penalties: R1 on real images, R2 on fake ones (Mescheder et al. 2018; R3GAN uses both);
- lazy regularization (StyleGAN2, Karras et al. 2020): the penalty every N D steps, weighted by N, and Adam's
  learning rate and betas scaled by N / (N + 1) so the optimiser's effective step stays the same.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F


def d_hinge(real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
    return F.relu(1 - real).mean() + F.relu(1 + fake).mean()


def g_hinge(fake: torch.Tensor) -> torch.Tensor:
    return -fake.mean()


def d_logistic(real: torch.Tensor, fake: torch.Tensor, smoothing: float = 0.0) -> torch.Tensor:
    """BCE with one-sided label smoothing: real targets become 1 - smoothing."""
    target = torch.full_like(real, 1.0 - smoothing)
    return F.binary_cross_entropy_with_logits(real, target) + F.softplus(fake).mean()


def g_logistic(fake: torch.Tensor) -> torch.Tensor:
    return F.softplus(-fake).mean()    # non-saturating


def d_relativistic(real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
    """RpGAN: pairs real[i] with fake[i]; only the difference of the logits matters."""
    return F.softplus(fake - real).mean()


def g_relativistic(real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
    return F.softplus(real - fake).mean()


def zero_centered_penalty(logits: torch.Tensor, inputs: torch.Tensor) -> torch.Tensor:
    """E ||grad_x D(x)||^2 per sample, averaged; inputs must require grad and have made logits. create_graph keeps
    the penalty differentiable with respect to D's weights."""
    (grad,) = torch.autograd.grad(logits.sum(), inputs, create_graph=True)
    return grad.square().sum(dim=[1, 2, 3]).mean()


def lazy_adam(lr: float, beta1: float, beta2: float, interval: int) -> tuple[float, tuple[float, float]]:
    """Adam settings for a network regularized every `interval` steps (StyleGAN2's rule, c = N / (N + 1)):
    the penalty step also moves the weights, so each minibatch step is shortened to keep their total the same."""
    if interval <= 1:
        return lr, (beta1, beta2)
    c = interval / (interval + 1)
    return lr * c, (beta1 ** c, beta2 ** c)


def top_k(fake: torch.Tensor, real: torch.Tensor | None, share: float) -> tuple[torch.Tensor, torch.Tensor | None]:
    """Top-k generator updates (Sinha et al., NeurIPS 2020): keep the fakes D scores highest (with their paired
    reals, for the pairing loss), so G is not pulled towards what it already does worst. share 1 keeps all."""
    k = max(1, round(share * fake.shape[0]))
    if k >= fake.shape[0]:
        return fake, real
    keep = fake.detach().topk(k).indices
    return fake[keep], None if real is None else real[keep]

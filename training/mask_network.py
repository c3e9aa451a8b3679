"""The networks of a model folder that read a symbol's mask (encoder/ and critic/): their TensorFlow.js layers, the
packed masks their golden.json replays, and the hash index.json keeps for each (docs/model-folder.md)."""
from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import numpy as np

from training import tfjs
from training.errors import reading
from training.networks import Encoder


def fold(net: Encoder) -> list[tfjs.Layer]:
    """An Encoder (or its subclass, the Critic) as TensorFlow.js layers: NHWC conv kernels, and the first Dense's rows
    reordered from PyTorch's (c, h, w) flattening to TensorFlow's (h, w, c)."""
    layers = [tfjs.Layer(f"enc{i}", "conv", conv.weight.detach().numpy().transpose(2, 3, 1, 0).astype(np.float32),
                         conv.bias.detach().numpy().astype(np.float32), "relu", stride=2)
              for i, conv in enumerate(net.convs, 1)]
    c = net.convs[-1].out_channels
    side = int(round((net.hidden.in_features // c) ** 0.5))
    w = net.hidden.weight.detach().numpy()                                        # [hidden, c*h*w]
    w = w.reshape(-1, c, side, side).transpose(0, 2, 3, 1).reshape(w.shape[0], -1)  # [hidden, h*w*c]
    layers.append(tfjs.Layer("enc_hidden", "dense", w.T.astype(np.float32),
                             net.hidden.bias.detach().numpy().astype(np.float32), "relu"))
    layers.append(tfjs.Layer("enc_out", "dense", net.head.weight.detach().numpy().T.astype(np.float32),
                             net.head.bias.detach().numpy().astype(np.float32), "linear"))
    return layers


def pack(masks: np.ndarray) -> list[str]:
    """bool masks [N, R, R] -> base64 of each one's packed bits (row-major, most significant bit first, 1 = ink),
    as nearest.json's golden masks."""
    return [base64.b64encode(np.packbits(m.ravel().astype(np.uint8)).tobytes()).decode() for m in masks]


def unpack(texts: list[str], resolution: int, where: str = "golden.json") -> np.ndarray:
    with reading(where, "its inputs are not packed masks"):
        return np.stack([np.unpackbits(np.frombuffer(base64.b64decode(t, validate=True), np.uint8))
                         [:resolution * resolution].reshape(resolution, resolution).astype(bool) for t in texts])


def folder_hash(folder: Path) -> tuple[str, int]:
    """sha256 over <folder>/model.json then its weight files in manifest order (as the model's own hash), and bytes."""
    digest, total = hashlib.sha256(), 0
    model_json = (folder / "model.json").read_bytes()
    for data in [model_json] + [(folder / p).read_bytes()
                                for group in json.loads(model_json)["weightsManifest"] for p in group["paths"]]:
        digest.update(data)
        total += len(data)
    return digest.hexdigest(), total

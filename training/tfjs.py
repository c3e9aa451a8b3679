"""The TensorFlow.js side of the model folder: PyTorch generator -> batch norm folded, NHWC layers -> model.json.

Layout (see docs/model-folder.md): Dense(relu) -> Reshape([4,4,C]) -> {UpSampling2D -> Conv2D(3x3, same, relu)
[-> Conv2D(3x3, same, relu)]}* -> Conv2D(3x3, same, tanh). `forward` runs exactly these layers from the tfjs-layout arrays, so golden outputs
come from the bytes that were written, not from the PyTorch module.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from training.errors import UserError
from training.networks import Generator, same_conv3x3

SHARD = "group1-shard1of1.bin"


@dataclass
class Layer:
    name: str
    kind: str                  # "dense" | "conv"
    kernel: np.ndarray         # tfjs layout: dense [in, units], conv [kh, kw, in, out]
    bias: np.ndarray
    activation: str            # relu | tanh | linear
    upsample: bool = False     # an UpSampling2D(2, nearest) before this conv
    stride: int = 1            # 2 halves the resolution (TensorFlow "same" padding: the extra row/column at the end)


def _bn_scale_shift(bn: torch.nn.Module, channels: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-channel (scale, shift) of a batch norm in eval mode; (1, 0) for a generator without one."""
    if not isinstance(bn, torch.nn.BatchNorm2d):
        return np.ones(channels), np.zeros(channels)
    scale = (bn.weight / torch.sqrt(bn.running_var + bn.eps)).detach().double().numpy()
    shift = (bn.bias.detach().double().numpy() - bn.running_mean.double().numpy() * scale)
    return scale, shift


def _bias(conv: torch.nn.Conv2d) -> np.ndarray:
    return conv.bias.detach().double().numpy() if conv.bias is not None else np.zeros(conv.out_channels)


def fold(g: Generator) -> list[Layer]:
    """Fold each batch norm (if any) into the layer before it and convert to NHWC layouts, in float64 then float32.
    A conditional generator's Dense simply takes latent + one-hot inputs."""
    if not isinstance(g, Generator):
        raise UserError(f"only the upsample+conv Generator maps onto TensorFlow.js layers, not {type(g).__name__}")
    layers = []
    # Dense + BN on the reshaped [C, 4, 4]: scale output unit c*16+s by channel c, then reorder units to NHWC.
    w = g.dense.weight.detach().double().numpy()           # [C*16, in]
    b = g.dense.bias.detach().double().numpy()             # [C*16]
    c = w.shape[0] // 16
    scale, shift = _bn_scale_shift(g.dense_bn, c)
    w = w.reshape(c, 16, -1) * scale[:, None, None]
    b = b.reshape(c, 16) * scale[:, None] + shift[:, None]
    kernel = w.transpose(1, 0, 2).reshape(16 * c, -1).T     # units ordered (h, w, c): [in, 16*C]
    layers.append(Layer("dense", "dense", kernel, b.T.reshape(-1), "relu"))
    for i, block in enumerate(g.blocks, 1):
        # The first conv of a scale follows the upsampling; a second one (convs=2) is a plain Conv2D at that scale.
        for name, conv_key, bn_key in ((f"conv{i}", "conv", "bn"), (f"conv{i}b", "conv2", "bn2")):
            if conv_key not in block:
                continue
            conv = block[conv_key]
            scale, shift = _bn_scale_shift(block[bn_key], conv.out_channels)
            k = conv.weight.detach().double().numpy() * scale[:, None, None, None]   # [out, in, 3, 3]
            layers.append(Layer(name, "conv", k.transpose(2, 3, 1, 0), _bias(conv) * scale + shift, "relu",
                                upsample=conv_key == "conv"))
    k = g.to_image.weight.detach().double().numpy()
    layers.append(Layer("to_image", "conv", k.transpose(2, 3, 1, 0), _bias(g.to_image), "tanh"))
    for layer in layers:
        layer.kernel, layer.bias = layer.kernel.astype(np.float32), layer.bias.astype(np.float32)
    return layers


def topology(layers: list[Layer], latent_size: int, resolution: int = 0, name: str = "generator") -> dict:
    """A Keras-style Sequential modelTopology that tf.loadLayersModel deserialises. A generator takes latents
    [B, latent_size]; a network that starts with a conv (the denoiser) takes images [B, resolution, resolution, 1]."""
    out = []
    for i, layer in enumerate(layers):
        if layer.kind == "dense":
            units = layer.kernel.shape[1]
            if i > 0 and layers[i - 1].kind == "conv":        # the encoder: its image features flattened (NHWC order)
                out.append({"class_name": "Reshape", "config": {"name": f"flatten_{layer.name}",
                                                                "target_shape": [layer.kernel.shape[0]]}})
            config = {"name": layer.name, "units": units, "activation": layer.activation, "use_bias": True}
            if i == 0:
                config.update(batch_input_shape=[None, latent_size], dtype="float32")
            out.append({"class_name": "Dense", "config": {**config, "trainable": False}})
            if i + 1 == len(layers):    # a vector out (the encoder) as [B, 1, 1, units]: the site's runner ends in rank 4
                out.append({"class_name": "Reshape", "config": {"name": "to_1x1", "target_shape": [1, 1, units]}})
            elif layers[i + 1].kind == "conv":
                out.append({"class_name": "Reshape", "config": {"name": "to_4x4", "target_shape": [4, 4, units // 16]}})
            continue
        if layer.upsample:
            out.append({"class_name": "UpSampling2D", "config": {
                "name": f"up_{layer.name}", "size": [2, 2], "data_format": "channels_last", "interpolation": "nearest"}})
        conv = {"class_name": "Conv2D", "config": {
            "name": layer.name, "filters": int(layer.kernel.shape[3]), "kernel_size": [3, 3],
            "strides": [layer.stride, layer.stride], "padding": "same", "data_format": "channels_last",
            "dilation_rate": [1, 1], "activation": layer.activation, "use_bias": True, "trainable": False}}
        if i == 0:
            conv["config"].update(batch_input_shape=[None, resolution, resolution, 1], dtype="float32")
        out.append(conv)
    return {"class_name": "Sequential", "config": {"name": name, "layers": out},
            "keras_version": "tfjs-layers 4.22.0", "backend": "tensor_flow.js"}


def quantize(values: np.ndarray, dtype: str) -> tuple[bytes, dict | None, np.ndarray]:
    """Encode a float32 tensor as TensorFlow.js stores it; returns (bytes, quantization entry, decoded float32).

    uint8 uses tfjs's affine per-tensor scheme with the range nudged so 0 is exact (tfjs-converter's rule), and
    decodes as tfjs-core does: float32(q * scale + min) with scale and min exactly as written to JSON.
    """
    values = values.astype(np.float32)
    if dtype == "none":
        return values.tobytes(), None, values
    if dtype == "float16":
        half = values.astype(np.float16)
        return half.tobytes(), {"dtype": "float16"}, half.astype(np.float32)
    lo, hi = min(float(values.min()), 0.0), max(float(values.max()), 0.0)
    scale = (hi - lo) / 255 if hi > lo else 1.0
    zero_point = round(-lo / scale)
    lo = -zero_point * scale
    q = np.clip(np.round((values.astype(np.float64) - lo) / scale), 0, 255).astype(np.uint8)
    decoded = (q.astype(np.float64) * scale + lo).astype(np.float32)
    return q.tobytes(), {"dtype": "uint8", "min": lo, "scale": scale}, decoded


def write(layers: list[Layer], latent_size: int, folder: Path, quantization: str, resolution: int = 0,
          name: str = "generator") -> list[Layer]:
    """Write model.json and the shard into folder; returns the layers as TensorFlow.js will decode them."""
    manifest, blobs, decoded = [], [], []
    for layer in layers:
        parts = {}
        for part in ("kernel", "bias"):
            data, q, dec = quantize(getattr(layer, part), quantization)
            entry = {"name": f"{layer.name}/{part}", "shape": list(getattr(layer, part).shape), "dtype": "float32"}
            if q:
                entry["quantization"] = q
            manifest.append(entry)
            blobs.append(data)
            parts[part] = dec
        decoded.append(Layer(layer.name, layer.kind, parts["kernel"], parts["bias"], layer.activation, layer.upsample,
                             layer.stride))
    (folder / SHARD).write_bytes(b"".join(blobs))
    model = {
        "format": "layers-model", "generatedBy": "training/export.py", "convertedBy": None,
        "modelTopology": topology(layers, latent_size, resolution, name),
        "weightsManifest": [{"paths": [SHARD], "weights": manifest}],
    }
    (folder / "model.json").write_text(json.dumps(model, separators=(",", ":")))
    return decoded


def read(folder: Path) -> list[Layer]:
    """Decode a model folder's weights back into Layers, as TensorFlow.js would (used by sample and tests)."""
    model = json.loads((folder / "model.json").read_text())
    config = {c["config"]["name"]: c for c in model["modelTopology"]["config"]["layers"]}
    upsampled = {name[3:] for name in config if name.startswith("up_")}
    arrays, offset = {}, 0
    for group in model["weightsManifest"]:
        buf = b"".join((folder / p).read_bytes() for p in group["paths"])
        offset = 0
        for w in group["weights"]:
            n = int(np.prod(w["shape"]))
            q = w.get("quantization")
            if q is None:
                arr, size = np.frombuffer(buf, np.float32, n, offset), 4 * n
            elif q["dtype"] == "float16":
                arr, size = np.frombuffer(buf, np.float16, n, offset).astype(np.float32), 2 * n
            else:
                raw = np.frombuffer(buf, np.uint8, n, offset)
                arr, size = (raw.astype(np.float64) * q["scale"] + q["min"]).astype(np.float32), n
            arrays[w["name"]] = arr.reshape(w["shape"])
            offset += size
    layers = []
    for name, c in config.items():
        if c["class_name"] in ("Dense", "Conv2D"):
            layers.append(Layer(name, "dense" if c["class_name"] == "Dense" else "conv", arrays[f"{name}/kernel"],
                                arrays[f"{name}/bias"], c["config"]["activation"], name in upsampled,
                                c["config"].get("strides", [1, 1])[0]))
    return layers


@torch.no_grad()
def forward(layers: list[Layer], z: np.ndarray) -> np.ndarray:
    """Run the TensorFlow.js layers in PyTorch (float32): z [B, latent] (or images [B, R, R] for a network that
    starts with a conv) -> [B, R, R] in [-1, 1], ink negative; a network that ends in a Dense (the encoder) ->
    [B, units]."""
    x = run(layers, torch.from_numpy(np.asarray(z, np.float32)))
    return (x if x.dim() == 2 else x[:, 0]).numpy()


def run(layers: list[Layer], x: torch.Tensor) -> torch.Tensor:
    """forward's arithmetic on tensors, differentiable and on x's device (the encoder trains through a model folder's
    generator this way): [B, latent] or [B, R, R] -> [B, 1, R, R], or [B, units] after a final Dense."""
    if layers[0].kind == "conv":
        x = x.reshape(x.shape[0], 1, x.shape[-2], x.shape[-1])                # [B, 1, R, R]
    for i, layer in enumerate(layers):
        kernel, bias = torch.from_numpy(layer.kernel).to(x.device), torch.from_numpy(layer.bias).to(x.device)
        if layer.kind == "dense":
            if x.dim() == 4:
                x = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)              # [B, H*W*C], NHWC order as tfjs flattens
            x = x @ kernel + bias                                               # [B, units]
            if i + 1 < len(layers) and layers[i + 1].kind == "conv":
                x = x.view(x.shape[0], 4, 4, -1).permute(0, 3, 1, 2)            # [B, C, 4, 4]
        else:
            if layer.upsample:
                x = F.interpolate(x, scale_factor=2, mode="nearest")          # [B, C, 2s, 2s]
            x = same_conv3x3(x, kernel.permute(3, 2, 0, 1).contiguous(), bias, layer.stride)   # [B, out, s/stride, ..]
        if layer.activation == "relu":
            x = torch.relu(x)
        elif layer.activation == "tanh":
            x = torch.tanh(x)
    return x

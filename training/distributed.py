"""Data-parallel training under torchrun (PyTorch's DistributedDataParallel): one process per GPU (or per CPU
slice), NCCL on CUDA and gloo on CPU. A plain `python3 -m training train` is a world of one and skips all of it.

What is synchronized, and how (see training/README.md for the launch commands):
- gradients of G and D: DDP all-reduces (averages) them in every backward, so every process takes the same Adam step
  and holds the same weights; the EMA generator, updated from identical weights, stays identical too;
- buffers (batch-norm running statistics, spectral-norm power-iteration vectors): DDP broadcasts rank 0's at every
  forward. Batch-norm *batch* statistics stay per process: the batch size is per process, as on one process;
- the stop and tick decisions: one small all-reduce per step, so every process stops and ticks at the same step;
- data: each process reads its own shard of every epoch's permutation (DistributedSampler).
Rank 0 alone writes stats, grids, metrics, snapshots and checkpoints.
"""
from __future__ import annotations

import datetime
import hashlib
import os
from dataclasses import dataclass

import torch
import torch.distributed as dist
from torch.utils.data.distributed import DistributedSampler


PROCESS_GROUP_TIMEOUT = datetime.timedelta(hours=3)


@dataclass(frozen=True)
class World:
    rank: int = 0
    size: int = 1
    local_rank: int = 0

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def distributed(self) -> bool:
        return self.size > 1


def init(device_type: str) -> World:
    """Join the process group torchrun set up (WORLD_SIZE > 1), or a world of one."""
    size = int(os.environ.get("WORLD_SIZE", "1"))
    if size <= 1:
        return World()
    if not dist.is_initialized():
        # The others wait at a barrier while rank 0 alone measures a resumed run (its C2ST and sheet: 15 minutes on two
        # busy CPU cores, more when the host is busier); the default 30-minute timeout ended such a run on 2026-12-07.
        dist.init_process_group(backend="nccl" if device_type == "cuda" else "gloo", timeout=PROCESS_GROUP_TIMEOUT)
    return World(dist.get_rank(), dist.get_world_size(), int(os.environ.get("LOCAL_RANK", "0")))


def close(world: World) -> None:
    if world.distributed and dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()


def barrier(world: World) -> None:
    """Wait for every rank (rank 0's maintenance before the loop must not count against the others' first tick)."""
    if world.distributed:
        dist.barrier()


def share(world: World, obj):
    """Rank 0's obj on every rank (a run folder path, an error message)."""
    if not world.distributed:
        return obj
    box = [obj]
    dist.broadcast_object_list(box, src=0)
    return box[0]


def agree(world: World, *flags: bool) -> list[bool]:
    """Each flag true on every rank if it is true on any (one all-reduce of a few bytes)."""
    if not world.distributed:
        return list(flags)
    t = torch.tensor([float(f) for f in flags])
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return [bool(v) for v in t.tolist()]


def wrap(module: torch.nn.Module, world: World, device: torch.device) -> torch.nn.Module:
    """DDP around the module (it broadcasts rank 0's weights now and averages gradients later), or the module."""
    if not world.distributed:
        return module
    ids = [device.index] if device.type == "cuda" else None
    return torch.nn.parallel.DistributedDataParallel(module, device_ids=ids, broadcast_buffers=True)


def sampler(n: int, world: World, seed: int) -> DistributedSampler | None:
    """This rank's share of each epoch's shuffled indices (drop_last keeps every rank's count equal)."""
    if not world.distributed:
        return None
    return DistributedSampler(range(n), num_replicas=world.size, rank=world.rank, shuffle=True, seed=seed,
                              drop_last=True)


def checksum(module: torch.nn.Module) -> str:
    """A short digest of a module's parameters: equal across ranks when they hold identical weights."""
    digest = hashlib.sha256()
    for p in module.parameters():
        digest.update(p.detach().cpu().contiguous().numpy().tobytes())
    return digest.hexdigest()[:16]

"""torchrun data parallelism on CPU (gloo): one run folder, identical weights on every rank, resumable."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# --redirects/--tee 1: Debian's torchrun 1.13 under Python 3.11 cannot parse their default "0" (an IntFlag change);
# the flags are harmless on PyTorch 2.x.
TORCHRUN = [shutil.which("torchrun") or "torchrun", "--redirects", "1", "--tee", "1", "--standalone",
            "--nproc_per_node=2", "-m", "training", "train"]


def torchrun(*args):
    return subprocess.run([*TORCHRUN, *args, "--threads", "1"], cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(shutil.which("torchrun") is None, reason="torchrun is not installed")
def test_two_processes_train_one_run_with_identical_weights_and_resume(tmp_path):
    result = torchrun("--dry_run", "--conditional", "--preset", "rpgan", "--reg_interval", "2",
                      "--runs", str(tmp_path))
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(list(tmp_path.iterdir())) == 1                       # rank 0 alone made the folder
    assert "world size 2" in result.stdout
    sums = re.findall(r"rank (\d): generator (\w+) ema (\w+)", result.stdout)
    assert sorted(r for r, *_ in sums) == ["0", "1"] and sums[0][1:] == sums[1][1:], sums
    run = next(tmp_path.iterdir())
    assert '"world_size": 2' in (run / "options.json").read_text()
    resumed = torchrun("--resume", str(run), "--max_steps", "8", "--tick_steps", "2", "--runs", str(tmp_path))
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert "resuming at step 4" in resumed.stdout and len(list(tmp_path.iterdir())) == 1
    sums = re.findall(r"rank (\d): generator (\w+) ema (\w+)", resumed.stdout)
    assert len(sums) == 2 and sums[0][1:] == sums[1][1:]

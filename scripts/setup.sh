#!/usr/bin/env bash
# Idempotent: installs the Debian packages this project needs that the machine lacks, and nothing else.
# Python packages come from Debian because this machine reaches no PyPI (training/requirements.txt has the pip names).
set -euo pipefail

packages=(
  # training
  python3-torch python3-numpy python3-pil python3-tqdm python3-matplotlib python3-scipy python3-fonttools python3-pytest
  libopenblas0-pthread   # ~3x faster PyTorch on CPU than the reference BLAS
  # corpus sources
  fonts-noto-core fonts-noto-extra fonts-symbola fonts-dejavu-core fonts-freefont-ttf hershey-fonts-data
  # end-to-end tests
  chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Debian's python3-torch lives in the system interpreter; .python-version pins pyenv to it.
/usr/bin/python3 -c "import torch, numpy, PIL, scipy" || { echo "setup: the system python3 cannot import torch/numpy/PIL/scipy" >&2; exit 1; }

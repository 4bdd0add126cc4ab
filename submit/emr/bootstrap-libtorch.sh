#!/usr/bin/env bash
# EMR bootstrap action for drgrade.train.engine = torch on GPU nodes: installs a CUDA build of
# libtorch where conf/emr-gpu.conf points DJL (PYTORCH_LIBRARY_PATH=/opt/libtorch/lib). The jar
# bundles only the CPU build of libtorch; without this step the torch engine trains on the CPU.
# Use the CUDA 12.8 build of libtorch 2.7.1 (the version drgrade's DJL 0.36.0 was built against;
# its JNI library for cu128 is in the jar): CUDA 12.8 has kernels for compute capability 7.5 (T4)
# through 9.0 (H100/H200) and 12.0. Cluster nodes usually cannot reach download.pytorch.org, so
# copy the zip to your bucket once:
#   curl -O https://download.pytorch.org/libtorch/cu128/libtorch-cxx11-abi-shared-with-deps-2.7.1%2Bcu128.zip
#   aws s3 cp libtorch-cxx11-abi-shared-with-deps-2.7.1+cu128.zip s3://BUCKET/drgrade/
# Cluster definition:
#   BootstrapActions: [{Name: drgrade-libtorch, ScriptBootstrapAction: {Path: s3://BUCKET/drgrade/bootstrap-libtorch.sh,
#                       Args: [s3://BUCKET/drgrade/libtorch-cxx11-abi-shared-with-deps-2.7.1+cu128.zip]}}]
set -euo pipefail
zip_uri="${1:?usage: bootstrap-libtorch.sh s3://.../libtorch-...-2.7.1+cu128.zip}"
if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "bootstrap-libtorch: no nvidia-smi on this node (the CPU master): nothing to do" >&2
  exit 0
fi
aws s3 cp "$zip_uri" /tmp/libtorch.zip
sudo rm -rf /opt/libtorch
sudo unzip -q /tmp/libtorch.zip -d /opt
rm -f /tmp/libtorch.zip
test -f /opt/libtorch/lib/libtorch.so || { echo "bootstrap-libtorch: no lib/libtorch.so in $zip_uri" >&2; exit 1; }
echo "bootstrap-libtorch: libtorch installed in /opt/libtorch" >&2

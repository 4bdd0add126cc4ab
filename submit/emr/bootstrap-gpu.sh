#!/usr/bin/env bash
# EMR bootstrap action for GPU core nodes: installs Spark's GPU discovery script where
# conf/emr-gpu.conf expects it (/opt/drgrade/getGpusResources.sh). Usage in the cluster definition:
#   BootstrapActions: [{Name: drgrade-gpu, ScriptBootstrapAction: {Path: s3://BUCKET/drgrade/bootstrap-gpu.sh,
#                       Args: [s3://BUCKET/drgrade/getGpusResources.sh]}}]
# The CUDA 11.6 / cuDNN 8.3 runtime must come from the AMI (EMR's GPU AMIs ship NVIDIA drivers and CUDA).
set -euo pipefail
script_uri="${1:?usage: bootstrap-gpu.sh s3://.../getGpusResources.sh}"
sudo mkdir -p /opt/drgrade
aws s3 cp "$script_uri" /tmp/getGpusResources.sh
sudo install -m 0755 /tmp/getGpusResources.sh /opt/drgrade/getGpusResources.sh
if command -v nvidia-smi >/dev/null 2>&1; then
  /opt/drgrade/getGpusResources.sh
else
  echo "bootstrap-gpu: no nvidia-smi on this node (a CPU node): the discovery script is installed but unused" >&2
fi

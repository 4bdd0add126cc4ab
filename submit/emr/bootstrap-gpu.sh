#!/usr/bin/env bash
# EMR bootstrap action (runs on every node before YARN starts). On GPU nodes it
#  1. installs Spark's GPU discovery script where conf/emr-gpu.conf expects it
#     (/opt/drgrade/getGpusResources.sh), and
#  2. mounts a cgroup v1 devices hierarchy at /spark-rapids-cgroup: Amazon Linux 2023 (EMR 7) boots
#     with cgroup v2, but YARN's GPU isolation (submit/emr/configurations.json) needs the v1
#     devices controller at that path.
# Cluster definition:
#   BootstrapActions: [{Name: drgrade-gpu, ScriptBootstrapAction: {Path: s3://BUCKET/drgrade/bootstrap-gpu.sh,
#                       Args: [s3://BUCKET/drgrade/getGpusResources.sh]}}]
# The CUDA 11.6 / cuDNN 8.3 runtime must come from the AMI (EMR's GPU AMIs ship NVIDIA drivers and CUDA).
set -euo pipefail
script_uri="${1:?usage: bootstrap-gpu.sh s3://.../getGpusResources.sh}"
if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "bootstrap-gpu: no nvidia-smi on this node (the CPU master): nothing to do" >&2
  exit 0
fi
sudo mkdir -p /opt/drgrade
aws s3 cp "$script_uri" /tmp/getGpusResources.sh
sudo install -m 0755 /tmp/getGpusResources.sh /opt/drgrade/getGpusResources.sh
/opt/drgrade/getGpusResources.sh

if ! mountpoint -q /spark-rapids-cgroup/devices; then
  sudo mkdir -p /spark-rapids-cgroup/devices
  sudo mount -t cgroup -o devices cgroupv1-devices /spark-rapids-cgroup/devices
fi
# YARN's container executor creates its "yarn" hierarchy under this root.
sudo chmod a+rwx -R /spark-rapids-cgroup

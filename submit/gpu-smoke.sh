#!/usr/bin/env bash
# GPU smoke check, for a machine with an NVIDIA GPU (and Maven Central for the build):
#   1. builds the cuda profile (ND4J's CUDA 11.6 backend plus the CPU one) into core/target/cuda-smoke/,
#      leaving the CPU build in core/target/ alone;
#   2. in one JVM prints ND4J's backend and devices, checks the build has kernels for each GPU's
#      compute capability, and fits the grading network a few minibatches at 448 px;
#   3. prints one JSON object: backend, devices, supported, train_images_per_s.
# Exit 0 = trained; 3 = the GPU's compute capability is not supported by the build (the JSON's
# "reason" says which are); 4 = a GPU is present but ND4J loaded its CPU backend (CUDA 11.6 runtime
# libraries missing: install CUDA 11.6 + cuDNN 8.3, or build with CUDA_REDIST=1).
# Usage: submit/gpu-smoke.sh [size=448] [batch=8] [minibatches=4]
# Env: SKIP_BUILD=1 reuses core/target/cuda-smoke; CUDA_REDIST=1 adds the cuda-redist profile (bundles the
# CUDA 11.6 / cuDNN 8.3 libraries, about 2 GB more to download); DRGRADE_JAVA_OPTS (default -Xmx8g).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
out="$here/core/target/cuda-smoke"
size="${1:-448}" batch="${2:-8}" minibatches="${3:-4}"
profiles="cuda"
[[ "${CUDA_REDIST:-0}" == 1 ]] && profiles="cuda,cuda-redist"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "gpu-smoke: building -P$profiles into $out ..." >&2
  mvn -q -B -P"$profiles" -DskipTests -pl core -Ddrgrade.build.dir="$out" package >&2
fi
[[ -f "$out/drgrade.jar" && -f "$out/classpath.txt" ]] || { echo "gpu-smoke: $out/drgrade.jar missing (build failed?)" >&2; exit 2; }

if command -v nvidia-smi >/dev/null 2>&1; then
  echo "gpu-smoke: nvidia-smi: $(nvidia-smi --query-gpu=index,name,compute_cap,driver_version --format=csv,noheader 2>&1 | paste -sd';' -)" >&2
  gpu_present=true
else
  echo "gpu-smoke: no nvidia-smi: expect ND4J's CPU backend" >&2
  gpu_present=false
fi

opens=(java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent
       java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar)
flags=()
for p in "${opens[@]}"; do flags+=("--add-opens=java.base/$p=ALL-UNNAMED"); done
flags+=("-Djdk.reflect.useDirectMethodHandle=false" "-Dorg.eclipse.deeplearning4j.helpers.disable=false"
        "-Dorg.bytedeco.javacpp.maxbytes=${DRGRADE_OFFHEAP:-12G}" "-Dorg.bytedeco.javacpp.maxphysicalbytes=${DRGRADE_PHYSICAL:-24G}")
# The GPU backend first (ND4J's default too; explicit so an inherited BACKEND_PRIORITY_CPU cannot win).
set +e
BACKEND_PRIORITY_GPU=300 BACKEND_PRIORITY_CPU=0 java ${DRGRADE_JAVA_OPTS:--Xmx8g} "${flags[@]}" \
  -cp "$out/drgrade.jar:$(cat "$out/classpath.txt")" org.drgrade.engine.dl4j.GpuSmoke "$size" "$batch" "$minibatches" | tee "$out/gpu-smoke.json"
code=${PIPESTATUS[0]}
set -e
if [[ $code -eq 0 && "$gpu_present" == true ]] && grep -q '"backend" : "CPU"' "$out/gpu-smoke.json"; then
  echo "gpu-smoke: a GPU is present but ND4J loaded its CPU backend (CUDA 11.6 runtime libraries not found)" >&2
  exit 4
fi
exit "$code"

#!/usr/bin/env bash
# Compiles each <name>.c next to this script into the jar's resources as libdoppel_<name>.so, rebuilding one only
# when its source is newer: build.sh <output dir> <JDK home>.
#   mkl_intel_dispatch.c  lets the MKL in DJL's libtorch run its AVX-512 kernels on AMD CPUs (dev.doppel.lm.MklDispatch)
#   mkl_sgemm.c           calls that MKL's sgemm straight from Java arrays (dev.doppel.lm.cpu.Blas)
# Only for Linux on x86-64, where DJL's libtorch carries MKL. Without a C compiler it says so and builds nothing:
# the engine then runs with MKL's own choice of kernels (slower on AMD CPUs with AVX-512, see the source), and
# Blas.available() is false, so callers multiply through DJL's operators.
set -euo pipefail
out="$1"
jdk="$2"
here="$(dirname "${BASH_SOURCE[0]}")"

names=()
for source in "$here"/*.c; do
  names+=("$(basename "$source" .c)")
done

if [[ "$(uname -s)" != Linux || "$(uname -m)" != x86_64 ]]; then
  for name in "${names[@]}"; do
    echo "$name: not Linux x86-64, nothing to build"
  done
  exit 0
fi
# (Bash 4, which Linux has.) What each library's absence costs, for the message when there is no compiler.
declare -A without=(
  [mkl_intel_dispatch]="MKL keeps its own kernel choice (slower on AMD with AVX-512)"
  [mkl_sgemm]="dev.doppel.lm.cpu.Blas is not available (no direct MKL sgemm)"
)
cc="${CC:-cc}"
if ! command -v "$cc" > /dev/null; then
  for name in "${names[@]}"; do
    echo "$name: no C compiler ($cc); ${without[$name]:-libdoppel_$name.so is not built}" >&2
  done
  exit 0
fi
mkdir -p "$out"
for name in "${names[@]}"; do
  source="$here/$name.c"
  library="$out/libdoppel_$name.so"
  if [[ -f "$library" && "$library" -nt "$source" ]]; then
    continue
  fi
  "$cc" -O2 -shared -fPIC -Wall -Wextra -Werror -Wno-unused-parameter \
    -I"$jdk/include" -I"$jdk/include/linux" -o "$library" "$source" -ldl
  echo "$name: built $library"
done

#!/usr/bin/env bash
# Compiles mkl_intel_dispatch.c into the jar's resources: build.sh <output dir> <JDK home>.
# Only for Linux on x86-64, where DJL's libtorch carries MKL. Without a C compiler it says so and builds nothing:
# the engine then runs with MKL's own choice of kernels (slower on AMD CPUs with AVX-512, see the source).
set -euo pipefail
out="$1"
jdk="$2"
source="$(dirname "${BASH_SOURCE[0]}")/mkl_intel_dispatch.c"
library="$out/libdoppel_mkl_intel_dispatch.so"

if [[ "$(uname -s)" != Linux || "$(uname -m)" != x86_64 ]]; then
  echo "mkl_intel_dispatch: not Linux x86-64, nothing to build"
  exit 0
fi
cc="${CC:-cc}"
if ! command -v "$cc" > /dev/null; then
  echo "mkl_intel_dispatch: no C compiler ($cc); MKL keeps its own kernel choice (slower on AMD with AVX-512)" >&2
  exit 0
fi
if [[ -f "$library" && "$library" -nt "$source" ]]; then
  exit 0
fi
mkdir -p "$out"
"$cc" -O2 -shared -fPIC -Wall -Wextra -Werror -Wno-unused-parameter \
  -I"$jdk/include" -I"$jdk/include/linux" -o "$library" "$source" -ldl
echo "mkl_intel_dispatch: built $library"

#!/usr/bin/env bash
# Build the Debian package: configure and build the 'release' preset, then run CPack (DEB).
#
#   bash installer/package.sh        prints the path of the package, e.g. build/release/topospike_0.1.0_amd64.deb
#   sudo apt install ./build/release/topospike_*.deb
#
# Idempotent: the build is incremental and an earlier package of the same version is replaced.
# Needs the build dependencies (bash installer/setup.sh deps) and dpkg-dev (dpkg-shlibdeps computes Depends).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build/release"
jobs="${JOBS:-$(nproc)}"

cmake --preset release -S "$root" >/dev/null
cmake --build --preset release --parallel "$jobs"
rm -f "$build"/topospike_*.deb
if ! (cd "$build" && cpack -G DEB --config CPackConfig.cmake >"$build/cpack.log" 2>&1); then
    cat "$build/cpack.log" >&2
    exit 1
fi
deb=$(ls "$build"/topospike_*.deb)
echo "$deb"

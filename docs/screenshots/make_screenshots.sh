#!/usr/bin/env bash
# Regenerates the README's screenshots with the programs themselves (no hand editing):
#   bash docs/screenshots/make_screenshots.sh      (after `bash installer/setup.sh run` has built build/release)
# Without a display the GUI runs under a virtual X server (xvfb-run, Mesa llvmpipe).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/docs/screenshots"
demo="$root/build/demo"
[[ -f "$demo/demo_resnet18.safetensors" ]] || "$root/build/release/app/topospike-cli" demo --out "$demo"
run_gui() {
    if [[ -n "${DISPLAY:-}" ]]; then "$@"; else xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb "$@"; fi
}
# The explorer: layer2.0 by preferred orientation (the grating analysis runs first, or comes from the cache),
# unit 40000 pinned in the inspector, the last timestep shown.
run_gui "$root/build/release/app/topospike" "$demo" --screenshot "$out/explorer.png" --layer layer2.0 \
    --color-by orientation --pin 40000 --size 1500x940

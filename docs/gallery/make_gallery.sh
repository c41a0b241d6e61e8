#!/usr/bin/env bash
# Regenerates the README's figure gallery with topospike-cli on the demo network (no display needed):
#   bash docs/gallery/make_gallery.sh        (after `bash installer/setup.sh run` has built build/release and build/demo)
# The grating maps come from the analyses' cache (~/.cache/topospike/maps), computed on the first run (~1 min).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cli="$root/build/release/app/topospike-cli"
demo="$root/build/demo"
out="$root/docs/gallery"
[[ -f "$demo/demo_resnet18.safetensors" ]] || "$cli" demo --out "$demo"
ckpt="$demo/demo_resnet18.safetensors"
fig() { "$cli" figure "$ckpt" "$@" >/dev/null; }      # previews for the README: 150 dpi
prev() { fig --dpi 150 "$@"; }

# Maps
prev --layer layer2.0 --color-by orientation --width 85mm --title "layer2.0, preferred orientation" --out "$out/orientation_layer2.0.png"
prev --layer layer2.0 --color-by orientation --width 85mm --mask-percentile 75 --zoom-window 30,60,30,60 \
    --title "layer2.0, 75th-percentile mask, zoomed" --out "$out/orientation_layer2.0_zoom.png"
fig --dpi 100 --layer all --color-by sf --width 180mm --title "Preferred spatial frequency, every layer" --out "$out/sf_all_layers.png"
prev --layer layer1.0 --color-by spikes --orientation 45 --timestep -1 --width 85mm \
    --title "layer1.0, spikes at the last timestep (45° grating)" --out "$out/spikes_layer1.0.png"
fig --dpi 100 --layer all --color-by entropy --width 180mm --title "Spike entropy over TDANN's gratings" --out "$out/entropy_all_layers.png"
# Charts in the same style
prev --kind tuning --layer layer2.0 --unit 40000 --width 120mm --out "$out/tuning_layer2.0_unit40000.png"
prev --kind smoothness --layer layer2.0 --width 85mm --out "$out/smoothness_layer2.0.png"
prev --kind entropy --layer all --width 85mm --out "$out/entropy_per_timestep.png"
prev --kind raster --layer layer2.0 --unit 40000 --orientation 45 --width 85mm --out "$out/raster_layer2.0_unit40000.png"
# The same map as vector files for papers (not committed: regenerate them here)
fig --layer layer2.0 --color-by orientation --width 85mm --dpi 300 --out "$out/orientation_layer2.0.pdf"
fig --layer layer2.0 --color-by orientation --width 85mm --dpi 300 --out "$out/orientation_layer2.0.svg"
ls -l "$out"

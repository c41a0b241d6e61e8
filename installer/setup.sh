#!/usr/bin/env bash
# TopoSpike setup for a fresh Debian 12 machine (run as root from a clone of the repository).
#
#   bash installer/setup.sh run    install packages, build (release), make the demo network, run the CLI on it, then
#                                  open the GUI on it (or, with no display, save a GUI screenshot)
#   bash installer/setup.sh test   install packages, build (dev: Debug, -Werror), run every test through CTest,
#                                  then build the libFuzzer targets (clang-14) and run their smoke tests
#   bash installer/setup.sh deps   only install the Debian packages
#
# Idempotent and non-interactive: packages already present are skipped by apt, builds are incremental.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
mode="${1:-run}"

say() { printf '\n== %s\n' "$*"; }

install_packages() {
    local wanted missing=()
    wanted=$(grep -v '^\s*#' "$here/debian-packages.txt" | awk 'NF {print $1}')
    for p in $wanted; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if ((${#missing[@]} == 0)); then
        say "All $(echo "$wanted" | wc -l) Debian packages are installed"
        return
    fi
    say "Installing ${#missing[@]} Debian packages: ${missing[*]}"
    local sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -q
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {  # $1 = preset
    say "Configuring and building the '$1' preset"
    cmake --preset "$1" -S "$root" >/dev/null
    cmake --build --preset "$1" --parallel "$(nproc)"
}

case "$mode" in
    deps)
        install_packages
        ;;
    run)
        install_packages
        build release
        cli="$root/build/release/app/topospike-cli"
        demo="$root/build/demo"
        say "topospike-cli demo: the built-in UNTRAINED demonstration network (built once into ~/.cache/topospike)"
        rm -rf "$demo"
        "$cli" demo --out "$demo"
        ckpt="$demo/demo_resnet18.safetensors"
        say "topospike-cli info $ckpt"
        "$cli" info "$ckpt"
        say "topospike-cli info $demo/positions"
        "$cli" info "$demo/positions"
        say "topospike-cli run: TDANN's 640 sine gratings through the network, layer2.0 recorded to $demo/gratings.npz"
        "$cli" run "$ckpt" --gratings tdann --layer layer2.0 --record "$demo/gratings.npz"
        say "topospike-cli analyze v1: orientation / SF / colour preferences and map smoothness of layer2.0"
        "$cli" analyze v1 --recording "$demo/gratings.npz" --layer layer2.0 --gratings tdann \
            --positions "$demo/positions" --out "$demo/layer2.0_v1.npz"
        say "topospike-cli bench: images/s, latency and per-layer kernels"
        "$cli" bench "$ckpt" --seconds 3
        say "topospike-cli figure: layer2.0's orientation map as a 300-dpi vector PDF, 85 mm wide ($demo/layer2.0_orientation.pdf)"
        "$cli" figure "$ckpt" --layer layer2.0 --color-by orientation --width 85mm --dpi 300 \
            --out "$demo/layer2.0_orientation.pdf"
        gui="$root/build/release/app/topospike"
        if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
            say "topospike: the live explorer on the demo network (close the window to finish)"
            "$gui" "$demo"
        else
            say "No display: topospike --screenshot under a virtual X server writes $demo/screenshot.png"
            xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb "$gui" "$demo" \
                --screenshot "$demo/screenshot.png" --layer layer2.0 --color-by orientation
        fi
        ;;
    test)
        install_packages
        build dev
        say "Running every test (CTest, dev preset)"
        ctest --preset dev
        build fuzz
        say "Fuzz smoke runs (CTest, fuzz preset)"
        ctest --preset fuzz
        ;;
    *)
        echo "usage: bash installer/setup.sh run|test|deps" >&2
        exit 2
        ;;
esac

#!/usr/bin/env bash
# test_package BUILD_DIR FIXTURE_DIR: the Debian package of this build tree.
#  1. cpack -G DEB with the build's CPack configuration (into BUILD_DIR/tests/package);
#  2. checks the package's control fields and validates its desktop entry, AppStream metainfo and MIME XML;
#  3. as root with apt-get only (else exit 77 = skipped): installs it offline (the dependencies are already on a
#     machine that built TopoSpike), runs both programs from /usr/bin, checks every integration file at its path,
#     then purges it and checks that every file dpkg listed is gone. A topospike package installed beforehand is
#     left alone (skipped).
set -euo pipefail
build=$(cd "$1" && pwd)
fixtures=$2
id=io.github.topospike.TopoSpike
work="$build/tests/package"

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { printf '== %s\n' "$*"; }

step "cpack -G DEB"
rm -rf "$work" && mkdir -p "$work"
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; fail "cpack failed"; }
debs=("$work"/topospike_*_*.deb)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || fail "expected one topospike_<version>_<arch>.deb in $work"
deb=${debs[0]}
echo "$deb"

step "control fields"
field() { dpkg-deb -f "$deb" "$1"; }
[[ $(field Package) == topospike ]] || fail "Package is '$(field Package)'"
[[ $(field Section) == science ]] || fail "Section is '$(field Section)'"
[[ $(field Maintainer) == *"<"*"@"*">" ]] || fail "no Maintainer address"
[[ $(field Homepage) == https://* ]] || fail "no Homepage"
field Depends | grep -q 'libqt6gui6' || fail "Depends lacks the Qt libraries (dpkg-shlibdeps did not run?)"
field Depends | grep -q 'libvtk9' || fail "Depends lacks VTK"
(($(field Description | wc -l) >= 4)) || fail "Description has no extended text"

step "files in the package"
root="$work/root"
dpkg-deb -x "$deb" "$root"
share="$root/usr/share"
wanted=(
    usr/bin/topospike usr/bin/topospike-cli
    "usr/share/applications/$id.desktop" "usr/share/metainfo/$id.metainfo.xml" "usr/share/mime/packages/$id.xml"
    "usr/share/icons/hicolor/scalable/apps/$id.svg"
    usr/share/man/man1/topospike.1.gz usr/share/man/man1/topospike-cli.1.gz
    usr/share/bash-completion/completions/topospike-cli usr/share/bash-completion/completions/topospike
    usr/share/doc/topospike/copyright)
for s in 16 24 32 48 64 128 256; do wanted+=("usr/share/icons/hicolor/${s}x$s/apps/$id.png"); done
for f in "${wanted[@]}"; do [[ -e $root/$f ]] || fail "the package lacks /$f"; done
for s in 16 48 256; do
    file "$share/icons/hicolor/${s}x$s/apps/$id.png" | grep -q "PNG image data, $s x $s" || fail "${s}x$s icon is not a $s px PNG"
done
for m in topospike topospike-cli; do
    gzip -t "$share/man/man1/$m.1.gz" || fail "$m.1.gz is not gzip"
    zcat "$share/man/man1/$m.1.gz" | grep -q '^\.SH SYNOPSIS' || fail "$m.1 has no SYNOPSIS"
done
zcat "$share/man/man1/topospike-cli.1.gz" | grep -q 'completion bash' || fail "topospike-cli.1 does not list the commands"
grep -q 'complete .*topospike-cli' "$share/bash-completion/completions/topospike-cli" || fail "completion script registers nothing"

step "validators"
desktop-file-validate "$share/applications/$id.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$share/metainfo/$id.metainfo.xml" || fail "appstreamcli validate"
mkdir -p "$work/mime/packages" && cp "$share/mime/packages/$id.xml" "$work/mime/packages/"
XDG_DATA_DIRS="$work" update-mime-database "$work/mime" 2>&1 | tee "$work/mime.log"
[[ ! -s "$work/mime.log" ]] || fail "update-mime-database complained"
grep -q 'application/x-topospike-session:\*\.topospike\.json' "$work/mime/globs2" || fail "MIME glob not registered"
grep -q 'topospike-session' "$work/mime/magic" || fail "MIME magic not registered"

if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    echo "SKIP: installing needs root and apt-get; the package itself was checked"
    exit 77
fi
if dpkg-query -W -f='${Status}' topospike 2>/dev/null | grep -q 'installed'; then
    echo "SKIP: a package named topospike is installed already; not touching it (the package itself was checked)"
    exit 77
fi

apt_get() { DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=300 "$@"; }
step "apt-get install $deb"
trap 'apt_get remove --purge topospike >/dev/null 2>&1 || true' EXIT  # never leave it installed after a failure
apt_get install --no-install-recommends "$deb"
dpkg -L topospike >"$work/dpkg-L.txt"

step "installed programs"
[[ $(command -v topospike) == /usr/bin/topospike ]] || fail "topospike is not /usr/bin/topospike"
[[ $(command -v topospike-cli) == /usr/bin/topospike-cli ]] || fail "topospike-cli is not /usr/bin/topospike-cli"
version=$(dpkg-query -W -f='${Version}' topospike)
/usr/bin/topospike-cli --version | tee "$work/version.txt"
grep -qF "$version" "$work/version.txt" || fail "topospike-cli --version does not say $version"
QT_QPA_PLATFORM=offscreen /usr/bin/topospike --version | grep -qF "$version" || fail "topospike --version does not say $version"
/usr/bin/topospike-cli info "$fixtures/resnet18_bare.pth" | tee "$work/info.txt"
grep -q 'layer4' "$work/info.txt" || fail "topospike-cli info shows no layers"

step "installed integration files"
for f in "${wanted[@]}"; do [[ -e /$f ]] || fail "/$f is not installed"; done
desktop-file-validate "/usr/share/applications/$id.desktop" || fail "installed desktop entry"
if command -v man >/dev/null; then
    [[ $(man -w topospike-cli) == /usr/share/man/man1/topospike-cli.1.gz ]] || fail "man does not find topospike-cli(1)"
fi
# shared-mime-info's dpkg trigger has compiled the type into the database.
[[ -f /usr/share/mime/application/x-topospike-session.xml ]] || fail "MIME database does not know x-topospike-session"
bash -c "source /usr/share/bash-completion/completions/topospike && complete -p topospike-cli topospike" \
    || fail "the installed completion does not register both programs"

step "apt-get remove --purge topospike"
apt_get remove --purge topospike
trap - EXIT
! dpkg-query -W -f='${Status}' topospike 2>/dev/null | grep -q 'installed' || fail "topospike still installed"
left=0
while read -r f; do
    [[ -d $f && ! -L $f ]] && continue  # folders are shared with other packages
    if [[ -e $f || -L $f ]]; then echo "left behind: $f" >&2; left=1; fi
done <"$work/dpkg-L.txt"
((left == 0)) || fail "files left after purge"
[[ ! -e /usr/share/doc/topospike ]] || fail "/usr/share/doc/topospike left after purge"
[[ ! -e /usr/share/mime/application/x-topospike-session.xml ]] || fail "MIME type left in the database after purge"
echo "OK: $(grep -c . "$work/dpkg-L.txt") paths installed and removed"

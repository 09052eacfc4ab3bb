#!/usr/bin/env bash
# Build the Linux one-folder app and its tarball for USB-stick installation:
#
#   packaging/build-linux.sh
#
# 1. makes (or reuses) a clean build venv, packaging/build/venv, holding only the runtime
#    dependencies, the project itself and PyInstaller (recreated when pyproject.toml changes);
# 2. runs PyInstaller with packaging/safeonline-desktop.spec;
# 3. lays out packaging/dist/SafeOnline-<version>-linux-x86_64/ (the app folder SafeOnline/,
#    install.sh, the .desktop file, the MIME type, the icons, README.txt, BUILD-INFO.txt);
# 4. runs the built app's --self-test and starts its GUI offscreen until the main window shows;
# 5. packs packaging/dist/SafeOnline-<version>-linux-x86_64.tar.gz.
#
# Needs: Python >= 3.11 built with a shared libpython (PYTHON=/path/to/python3 to choose one),
# objdump (binutils), and access to the package index for the first run. The bundle runs on
# Linux with the glibc its newest file needs (written into README.txt, BUILD-INFO.txt and the
# check in install.sh): at least 2.34 (PySide6 6.12), and libpython is usually the newest, so
# build with a Python made on the oldest Linux you support.
# Shared libraries that Qt's X11 plugin needs are copied from this machine when they are
# installed here; the script warns when some are missing (see docs/installing.md).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
build=$here/build
dist=$here/dist
venv=$build/venv
python=${PYTHON:-python3}

say() { printf '\n==> %s\n' "$*"; }
# pip warns about every package once for each unreachable extra index in this machine's pip
# configuration; keep the log readable.
pip_quiet() { "$venv/bin/python" -m pip "$@" 2> >(grep -v 'is ignored: it is neither a file nor a directory' >&2); }
fail() { printf 'build-linux.sh: %s\n' "$*" >&2; exit 1; }

cd "$root"
version=$("$python" -c 'import sys; sys.path.insert(0, "packaging"); import bundle_contents as b; print(b.app_version())')
arch=$(uname -m)
name=SafeOnline-$version-linux-$arch
stage=$dist/$name
tarball=$dist/$name.tar.gz

"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || fail "$python is older than Python 3.11."

# 1. Build venv: only what the app needs at run time, plus PyInstaller.
stamp=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.pyproject.sha256" 2>/dev/null)" != "$stamp" ]; then
    say "Creating the build venv $venv"
    rm -rf "$venv"
    mkdir -p "$build"
    "$python" -m venv "$venv"
    pip_quiet install --quiet --disable-pip-version-check . "pyinstaller>=6.10,<7"
    echo "$stamp" > "$venv/.pyproject.sha256"
else
    say "Reinstalling the project into the build venv"
    pip_quiet install --quiet --disable-pip-version-check --no-deps --force-reinstall .
fi

# 2. PyInstaller.
say "Running PyInstaller"
rm -rf "$build/pyinstaller-dist"
"$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$build/pyinstaller-dist" --workpath "$build/pyinstaller-work" \
    "$here/safeonline-desktop.spec"
app=$build/pyinstaller-dist/SafeOnline
[ -x "$app/safeonline-desktop" ] || fail "PyInstaller did not produce $app/safeonline-desktop."

missing=$(find "$app" -name 'libqxcb.so' -exec ldd {} \; | awk '/not found/ {print $1}' | sort -u | tr '\n' ' ')
if [ -n "$missing" ]; then
    printf '\nWARNING: Qt'"'"'s X11 plugin needs libraries this machine does not have, so they are not\n' >&2
    printf 'bundled: %s\nThe app then runs only where they are installed. On Debian/Ubuntu build machines:\n' "$missing" >&2
    printf '  apt-get install libxcb-icccm4 libxcb-keysyms1   (then run this script again)\n\n' >&2
fi

# 3. Layout of the tarball.
say "Laying out $stage"
rm -rf "$stage"
mkdir -p "$stage/share/applications" "$stage/share/mime/packages" "$stage/share/icons"
mv "$app" "$stage/SafeOnline"
cp "$here/linux/install.sh" "$stage/install.sh"
chmod 755 "$stage/install.sh"
cp "$here/linux/README.txt" "$stage/README.txt"
cp "$here/linux/safeonline-desktop.desktop" "$stage/share/applications/"
cp "$here/linux/safeonline-desktop.xml" "$stage/share/mime/packages/"
cp -R "$root/resources/icons/hicolor" "$stage/share/icons/hicolor"
mkdir -p "$stage/share/icons/hicolor/scalable/apps" "$stage/share/icons/hicolor/scalable/mimetypes"
cp "$root/resources/icons/safeonline.svg" "$stage/share/icons/hicolor/scalable/apps/safeonline-desktop.svg"
cp "$root/resources/icons/safeonline-review.svg" \
    "$stage/share/icons/hicolor/scalable/mimetypes/application-x-safeonline-review.svg"
# The oldest glibc the bundle runs on: the newest glibc symbol version any bundled file uses.
if command -v objdump >/dev/null 2>&1; then
    glibc_required=$(find "$stage/SafeOnline" -type f \( -name '*.so*' -o -name safeonline-desktop \) \
        -exec objdump -T {} + 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/^GLIBC_//' | sort -uV | tail -n 1)
else
    glibc_required=unknown
    printf 'WARNING: objdump (binutils) is missing: the glibc the bundle needs is not known.\n' >&2
fi
sed -i "s/@GLIBC_REQUIRED@/$glibc_required/g" "$stage/install.sh" "$stage/README.txt"
{
    echo "SafeOnline Desktop $version, built $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -srm)"
    echo "needs glibc $glibc_required or newer (the build machine has $(getconf GNU_LIBC_VERSION))"
    echo "git commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD -- . 2>/dev/null || echo ' (with uncommitted changes)')"
    echo
    echo "Python packages in the build venv:"
    "$venv/bin/python" -m pip list --format=freeze --disable-pip-version-check
} > "$stage/BUILD-INFO.txt"

# 4. Check the built app where it stands: self-test, then the GUI offscreen up to its window.
say "Self-test of the built app"
check_dir=$(mktemp -d)
trap 'rm -rf "$check_dir"' EXIT
QT_QPA_PLATFORM=offscreen "$stage/SafeOnline/safeonline-desktop" --self-test --data-dir "$check_dir/check" \
    || fail "the built app's self-test failed (see above)."
say "Starting the built app's GUI offscreen"
SAFEONLINE_SMOKE_TEST=1 QT_QPA_PLATFORM=offscreen \
    "$stage/SafeOnline/safeonline-desktop" --data-dir "$check_dir/gui" \
    || fail "the built app's GUI did not start (see above)."

# 5. Tarball.
say "Packing $tarball"
rm -f "$tarball"
tar -C "$dist" -czf "$tarball" "$name"
size_dir=$(du -sh "$stage/SafeOnline" | cut -f1)
size_tar=$(du -sh "$tarball" | cut -f1)
say "Done: $tarball ($size_tar; the app folder is $size_dir; needs glibc $glibc_required or newer)"

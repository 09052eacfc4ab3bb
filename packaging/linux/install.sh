#!/bin/sh
# Install SafeOnline Desktop for the current user: no administrator, no internet.
#
#   ./install.sh               install, or update an earlier installation
#   ./install.sh --uninstall   remove the program (your reviews and settings stay)
#
# Where things go (XDG locations; SAFEONLINE_PREFIX changes ~/.local):
#   ~/.local/lib/safeonline-desktop/          the program
#   ~/.local/bin/safeonline-desktop           a link to start it from a terminal
#   ~/.local/share/applications/              the menu entry (safeonline-desktop.desktop)
#   ~/.local/share/mime/packages/             the .safeonline review file type
#   ~/.local/share/icons/hicolor/             the app and review file icons
# Your data is not here: it stays in ~/.local/share/SafeOnlineDesktop (or beside the program
# in portable mode) and this script never touches it.
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
prefix=${SAFEONLINE_PREFIX:-$HOME/.local}
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
[ -n "${SAFEONLINE_PREFIX:-}" ] && data_home=$prefix/share
appdir=$prefix/lib/safeonline-desktop
bindir=$prefix/bin
exe_name=safeonline-desktop
desktop_file=$data_home/applications/safeonline-desktop.desktop
mime_file=$data_home/mime/packages/safeonline-desktop.xml
icon_names="apps/safeonline-desktop mimetypes/application-x-safeonline-review"

say() { printf '%s\n' "$*"; }
fail() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

refresh_caches() {
    # Each tool is optional: desktops pick the files up at the next log-in without them.
    if command -v update-mime-database >/dev/null 2>&1; then
        update-mime-database "$data_home/mime" >/dev/null 2>&1 || true
    fi
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database "$data_home/applications" >/dev/null 2>&1 || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$data_home/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t "$data_home/icons/hicolor" >/dev/null 2>&1 || true
    fi
}

remove_installed_files() {
    if [ -L "$bindir/$exe_name" ]; then
        case $(readlink "$bindir/$exe_name") in
            "$appdir"/*) rm -f "$bindir/$exe_name" ;;
        esac
    fi
    rm -f "$desktop_file" "$mime_file"
    for size_dir in "$data_home"/icons/hicolor/*; do
        for name in $icon_names; do
            rm -f "$size_dir/$name.png" "$size_dir/$name.svg"
        done
    done
}

if [ "${1:-}" = "--uninstall" ]; then
    if [ -d "$appdir" ] && [ ! -x "$appdir/$exe_name" ]; then
        fail "$appdir does not look like a SafeOnline Desktop installation; nothing removed."
    fi
    rm -rf "$appdir"
    remove_installed_files
    refresh_caches
    say "SafeOnline Desktop was removed. Your reviews and settings were kept."
    exit 0
fi
[ $# -eq 0 ] || fail "unknown option '$1' (use no option to install, or --uninstall)."

[ -x "$here/SafeOnline/$exe_name" ] || fail "run this script from the unpacked SafeOnline folder (SafeOnline/$exe_name is missing)."

# The oldest glibc the program runs on; build-linux.sh writes it here from the built files.
glibc_required=@GLIBC_REQUIRED@
glibc=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')
case $glibc_required in
    [0-9]*.[0-9]*)
        if [ -n "$glibc" ] && [ "$(printf '%s\n%s\n' "$glibc_required" "$glibc" | sort -t. -k1,1n -k2,2n | head -n 1)" != "$glibc_required" ]; then
            fail "this Linux has glibc $glibc, and SafeOnline Desktop needs $glibc_required or newer (see README.txt)."
        fi ;;
esac

# The program: copy beside the old one, then swap, so a failed copy leaves the old one working.
mkdir -p "$prefix/lib" "$bindir"
rm -rf "$appdir.new" "$appdir.old"
cp -R "$here/SafeOnline" "$appdir.new"
rm -f "$appdir.new/safeonline-portable.txt"  # an installed copy keeps its data in the user folder
if [ -d "$appdir" ]; then
    mv "$appdir" "$appdir.old"
fi
mv "$appdir.new" "$appdir"
rm -rf "$appdir.old"
ln -sfn "$appdir/$exe_name" "$bindir/$exe_name"

# Menu entry, file type and icons.
mkdir -p "$data_home/applications" "$data_home/mime/packages"
sed "s|^Exec=$exe_name |Exec=\"$appdir/$exe_name\" |; s|^TryExec=.*|TryExec=$appdir/$exe_name|" \
    "$here/share/applications/safeonline-desktop.desktop" > "$desktop_file"
cp "$here/share/mime/packages/safeonline-desktop.xml" "$mime_file"
mkdir -p "$data_home/icons/hicolor"
cp -R "$here/share/icons/hicolor/." "$data_home/icons/hicolor/"
touch "$data_home/icons/hicolor"  # icon themes rescan a folder whose time changed
refresh_caches

say "SafeOnline Desktop was installed in $appdir."
say "Start it from your applications menu, or run: $bindir/$exe_name"
if "$appdir/$exe_name" --self-test --data-dir "${TMPDIR:-/tmp}/safeonline-install-check.$$" >/dev/null 2>&1; then
    say "Installation check: passed."
else
    say "Installation check FAILED. See what went wrong with:"
    say "  $appdir/$exe_name --self-test --data-dir \"\$HOME/safeonline-check\""
fi
rm -rf "${TMPDIR:-/tmp}/safeonline-install-check.$$"

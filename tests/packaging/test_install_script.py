"""The Linux tarball's install.sh: per-user install, update and uninstall, on a stand-in for the
built app (the real bundle is installed by test_frozen_bundle.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="install.sh is for Linux")

FAKE_APP = """#!/bin/sh
# stands in for the frozen app: records how it was called
echo "$@" >> "$(dirname "$0")/calls.txt"
[ "$1" = "--self-test" ] && exit "${FAKE_SELF_TEST_EXIT:-0}"
exit 0
"""


def make_unpacked_tarball(folder: Path, version: str = "1", glibc_required: str = "2.17") -> Path:
    """The layout build-linux.sh gives the tarball, with a fake program."""
    app = folder / "SafeOnline"
    (app / "_internal").mkdir(parents=True)
    (app / "_internal" / "version.txt").write_text(version)
    exe = app / "safeonline-desktop"
    exe.write_text(FAKE_APP)
    exe.chmod(0o755)
    script = (LINUX / "install.sh").read_text(encoding="utf-8")
    assert "glibc_required=@GLIBC_REQUIRED@" in script  # filled in by build-linux.sh
    (folder / "install.sh").write_text(script.replace("@GLIBC_REQUIRED@", glibc_required), encoding="utf-8")
    (folder / "share" / "applications").mkdir(parents=True)
    (folder / "share" / "mime" / "packages").mkdir(parents=True)
    shutil.copy(LINUX / "safeonline-desktop.desktop", folder / "share" / "applications")
    shutil.copy(LINUX / "safeonline-desktop.xml", folder / "share" / "mime" / "packages")
    shutil.copytree(ROOT / "resources" / "icons" / "hicolor", folder / "share" / "icons" / "hicolor")
    return folder


def run_install(folder: Path, home: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "TMPDIR": str(home), **env}
    return subprocess.run(["sh", str(folder / "install.sh"), *args], env=environ, capture_output=True,
                          text=True, timeout=60)


def test_installs_for_the_user_only_and_uninstalls(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    unpacked = make_unpacked_tarball(tmp_path / "SafeOnline-1-linux-x86_64")
    user_data = home / ".local" / "share" / "SafeOnlineDesktop"
    user_data.mkdir(parents=True)
    (user_data / "workspace.sqlite3").write_text("reviews")

    done = run_install(unpacked, home)
    assert done.returncode == 0, done.stderr
    assert "Installation check: passed." in done.stdout
    appdir = home / ".local" / "lib" / "safeonline-desktop"
    assert (appdir / "safeonline-desktop").is_file()
    link = home / ".local" / "bin" / "safeonline-desktop"
    assert link.is_symlink() and link.resolve() == (appdir / "safeonline-desktop").resolve()
    desktop = (home / ".local" / "share" / "applications" / "safeonline-desktop.desktop").read_text()
    assert f'Exec="{appdir}/safeonline-desktop" %f' in desktop
    assert f"TryExec={appdir}/safeonline-desktop" in desktop
    assert "MimeType=application/x-safeonline-review;" in desktop
    assert (home / ".local" / "share" / "mime" / "packages" / "safeonline-desktop.xml").is_file()
    icons = home / ".local" / "share" / "icons" / "hicolor"
    assert (icons / "48x48" / "apps" / "safeonline-desktop.png").is_file()
    assert (icons / "256x256" / "mimetypes" / "application-x-safeonline-review.png").is_file()
    if shutil.which("update-mime-database"):  # the review file type is known to the desktop
        assert "application/x-safeonline-review" in (home / ".local" / "share" / "mime" / "globs2").read_text()
    assert "--self-test" in (appdir / "calls.txt").read_text()

    gone = run_install(unpacked, home, "--uninstall")
    assert gone.returncode == 0, gone.stderr
    assert not appdir.exists() and not link.exists() and not link.is_symlink()
    assert not (home / ".local" / "share" / "applications" / "safeonline-desktop.desktop").exists()
    assert not (icons / "48x48" / "apps" / "safeonline-desktop.png").exists()
    assert (user_data / "workspace.sqlite3").read_text() == "reviews"  # the user's data stays


def test_update_replaces_the_program_and_drops_a_portable_marker(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    first = make_unpacked_tarball(tmp_path / "v1", version="1")
    assert run_install(first, home).returncode == 0
    appdir = home / ".local" / "lib" / "safeonline-desktop"
    (appdir / "_internal" / "left-over-from-v1.so").write_text("old")

    second = make_unpacked_tarball(tmp_path / "v2", version="2")
    (second / "SafeOnline" / "safeonline-portable.txt").write_text("")
    done = run_install(second, home)
    assert done.returncode == 0, done.stderr
    assert (appdir / "_internal" / "version.txt").read_text() == "2"
    assert not (appdir / "_internal" / "left-over-from-v1.so").exists()
    assert not (appdir / "safeonline-portable.txt").exists()  # installed copies use the user folder
    assert not (home / ".local" / "lib" / "safeonline-desktop.old").exists()


def test_a_failed_check_is_reported_but_the_install_stays(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    unpacked = make_unpacked_tarball(tmp_path / "pkg")
    done = run_install(unpacked, home, FAKE_SELF_TEST_EXIT="1")
    assert done.returncode == 0
    assert "Installation check FAILED" in done.stdout
    assert "--self-test --data-dir" in done.stdout


def test_refuses_unknown_options_and_a_folder_without_the_program(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    unpacked = make_unpacked_tarball(tmp_path / "pkg")
    bad = run_install(unpacked, home, "--prefix=/usr")
    assert bad.returncode == 1 and "unknown option" in bad.stderr
    shutil.rmtree(unpacked / "SafeOnline")
    missing = run_install(unpacked, home)
    assert missing.returncode == 1 and "SafeOnline/safeonline-desktop is missing" in missing.stderr
    assert not (home / ".local" / "lib" / "safeonline-desktop").exists()


@pytest.mark.parametrize("system, required, accepted", [
    ("2.35", "2.35", True), ("2.39", "2.35", True), ("2.100", "2.35", True),
    ("2.34", "2.35", False), ("2.4", "2.35", False), ("1.99", "2.35", False),
])
def test_refuses_a_linux_with_an_older_glibc_than_the_build_needs(tmp_path, system, required, accepted):
    home = tmp_path / "home"
    home.mkdir()
    fake_bin = tmp_path / "fakebin"
    fake_bin.mkdir()
    getconf = fake_bin / "getconf"
    getconf.write_text(f"#!/bin/sh\necho 'glibc {system}'\n")
    getconf.chmod(0o755)
    unpacked = make_unpacked_tarball(tmp_path / "pkg", glibc_required=required)
    done = run_install(unpacked, home, PATH=f"{fake_bin}:{os.environ.get('PATH', '/usr/bin:/bin')}")
    installed = (home / ".local" / "lib" / "safeonline-desktop").exists()
    if accepted:
        assert done.returncode == 0 and installed, done.stderr
    else:
        assert done.returncode == 1 and not installed
        assert f"this Linux has glibc {system}, and SafeOnline Desktop needs {required} or newer" in done.stderr

"""The built Linux bundle, from its tarball: self-test, GUI start, portable mode, per-user install.

Not in the quick suite (pyproject's addopts deselect ``frozen``). Run apart, after
``packaging/build-linux.sh``:

    .venv/bin/python -m pytest -m frozen

or let the test build first with ``SAFEONLINE_BUILD_BUNDLE=1`` (about a minute). Without a built
tarball the tests are skipped, not failed.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))
import bundle_contents as bc  # noqa: E402

pytestmark = [
    pytest.mark.frozen,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle runs on Linux"),
]

NAME = f"SafeOnline-{bc.app_version()}-linux-{platform.machine()}"
TARBALL = PACKAGING / "dist" / f"{NAME}.tar.gz"


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """An environment like a user's: offscreen Qt, a private HOME, no data folder chosen."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("SAFEONLINE_DATA_DIR", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "XDG_DATA_HOME")}
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(runtime), **extra)
    return env


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    if os.environ.get("SAFEONLINE_BUILD_BUNDLE") == "1":
        subprocess.run([str(PACKAGING / "build-linux.sh")], check=True, timeout=1800)
    if not TARBALL.is_file():
        pytest.skip(f"no built bundle at {TARBALL.relative_to(ROOT)}: run packaging/build-linux.sh first "
                    "(or set SAFEONLINE_BUILD_BUNDLE=1)")
    target = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(TARBALL) as tar:
        tar.extractall(target, filter="tar")
    return target / NAME


@pytest.fixture
def home(tmp_path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def run(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout)


def test_tarball_holds_the_app_and_its_desktop_integration(unpacked):
    exe = unpacked / "SafeOnline" / bc.EXE_NAME
    assert exe.is_file() and os.access(exe, os.X_OK)
    assert os.access(unpacked / "install.sh", os.X_OK)
    for rel in ("share/applications/safeonline-desktop.desktop", "share/mime/packages/safeonline-desktop.xml",
                "share/icons/hicolor/48x48/apps/safeonline-desktop.png",
                "share/icons/hicolor/scalable/apps/safeonline-desktop.svg",
                "share/icons/hicolor/scalable/mimetypes/application-x-safeonline-review.svg",
                "README.txt", "BUILD-INFO.txt"):
        assert (unpacked / rel).is_file(), rel
    for text in ("install.sh", "README.txt"):
        assert "@GLIBC_REQUIRED@" not in (unpacked / text).read_text(encoding="utf-8"), text
    internal = unpacked / "SafeOnline" / "_internal"
    assert (internal / "migrations" / "env.py").is_file()
    assert sorted(p.name for p in (internal / "migrations" / "versions").glob("*.py")) == sorted(
        p.name for p in (ROOT / "migrations" / "versions").glob("*.py"))
    assert (internal / "resources" / "fonts" / "DejaVuSans.ttf").is_file()
    assert (internal / "resources" / "packs" / "mnr" / "pack.yaml").is_file()


def test_bundle_leaves_out_unused_qt_and_has_no_symbolic_links(unpacked):
    app = unpacked / "SafeOnline"
    files = list(app.rglob("*"))
    assert not [p for p in files if p.is_symlink()], "symbolic links cannot be copied to exFAT/FAT sticks"
    rel = [p.relative_to(app / "_internal").as_posix() for p in (app / "_internal").rglob("*") if p.is_file()]
    assert not [r for r in rel if bc.qt_library_excluded(Path(r).name)]
    assert not [r for r in rel if bc.qt_plugin_excluded(r)]
    assert not [r for r in rel if "/qml/" in r]
    assert not [r for r in rel if Path(r).name in bc.EXCLUDED_LINUX_SYSTEM_LIBRARIES]
    qt_translations = sorted(Path(r).name for r in rel if r.startswith("PySide6/Qt/translations/"))
    assert qt_translations == ["qtbase_es.qm", "qtbase_fr.qm"]
    locales = {r.split("/")[2] for r in rel if r.startswith("pycountry/locales/")}
    assert locales == {"es", "fr"}
    python_modules = {r.split("/")[0] for r in rel}
    assert not python_modules & {"pytest", "_pytest", "PyInstaller", "hypothesis", "pip", "tkinter"}


def test_every_shared_library_in_the_bundle_resolves(unpacked):
    app = unpacked / "SafeOnline"
    env = {**os.environ, "LD_LIBRARY_PATH": str(app / "_internal")}
    unresolved = {}
    for path in [app / bc.EXE_NAME, *(p for p in app.rglob("*.so*") if p.is_file())]:
        out = subprocess.run(["ldd", str(path)], env=env, capture_output=True, text=True).stdout
        missing = [line.split()[0] for line in out.splitlines() if "not found" in line]
        if missing:
            unresolved[str(path.relative_to(app))] = missing
    assert not unresolved


def test_self_test_passes_from_the_built_folder(unpacked, home, tmp_path):
    done = run([str(unpacked / "SafeOnline" / bc.EXE_NAME), "--self-test", "--data-dir", str(tmp_path / "check")],
               clean_env(home))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "(frozen build)" in done.stdout
    checks = [line for line in done.stdout.splitlines() if line.startswith(("ok", "FAILED"))]
    assert len(checks) == 7 and all(line.startswith("ok ") for line in checks), done.stdout
    assert "Self-test passed: 7 checks ok" in done.stdout
    assert (tmp_path / "check" / "self-test" / "exports" / "demo-review.pdf").stat().st_size > 10_000
    assert not (home / ".local" / "share" / "SafeOnlineDesktop").exists()  # --data-dir was honoured


def test_gui_starts_offscreen_and_shows_its_main_window(unpacked, home, tmp_path):
    done = run([str(unpacked / "SafeOnline" / bc.EXE_NAME), "--data-dir", str(tmp_path / "data")],
               clean_env(home, SAFEONLINE_SMOKE_TEST="1"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "smoke: main window shown after" in done.stderr
    assert (tmp_path / "data" / "workspace.sqlite3").is_file()
    assert "Traceback" not in done.stderr


def test_portable_mode_keeps_the_data_beside_the_program(unpacked, home):
    app = unpacked / "SafeOnline"
    marker = app / "safeonline-portable.txt"
    marker.write_text("")
    try:
        env = clean_env(home, SAFEONLINE_SMOKE_TEST="1")
        done = run([str(app / bc.EXE_NAME)], env)
        assert done.returncode == 0, done.stdout + done.stderr
        assert (app / "SafeOnline-data" / "workspace.sqlite3").is_file()
        assert (app / "SafeOnline-data" / "settings.ini").is_file() or (app / "SafeOnline-data" / "logs").is_dir()
        check = run([str(app / bc.EXE_NAME), "--self-test"], clean_env(home))
        assert check.returncode == 0, check.stdout + check.stderr
        assert f"work folder: {app / 'SafeOnline-data' / 'self-test'}" in check.stdout
        assert "existing workspace" in check.stdout  # the portable workspace, read and left alone
        assert not (home / ".local" / "share" / "SafeOnlineDesktop").exists()
    finally:
        marker.unlink()


def test_installs_per_user_and_the_installed_app_passes_its_self_test(unpacked, home, tmp_path):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "TMPDIR": str(tmp_path)}
    done = run(["sh", str(unpacked / "install.sh")], env, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Installation check: passed." in done.stdout
    installed = home / ".local" / "bin" / bc.EXE_NAME
    check = run([str(installed), "--self-test", "--data-dir", str(tmp_path / "check")], clean_env(home))
    assert check.returncode == 0, check.stdout + check.stderr
    assert f"program: {home / '.local' / 'lib' / 'safeonline-desktop'}" in check.stdout
    gone = run(["sh", str(unpacked / "install.sh"), "--uninstall"], env)
    assert gone.returncode == 0 and not installed.exists()

"""Size and start-up time of the built Linux bundle beside the source install.

    .venv/bin/python benchmarks/bundle_startup.py [--runs 5] [--bundle packaging/dist/SafeOnline-<v>-linux-x86_64]

Each figure is the wall-clock time of a whole process, median (and min) of ``--runs`` runs after
one warm-up run, with the offscreen Qt platform:

- self-test: ``--self-test --data-dir <fresh folder>`` (migrates a new database, loads all
  content and translations, writes a workbook and a PDF);
- GUI to window: start on a workspace holding the demonstration review and quit as soon as the
  main window is shown (``SAFEONLINE_SMOKE_TEST=1``, see packaging/launcher.py);
- bare baselines: ``python -c pass`` and a bare PySide6 QMainWindow shown then quit, both from
  the source venv.

The source side runs ``.venv/bin/python packaging/launcher.py``, the same entry point the bundle
freezes. Sizes: the bundle folder and tarball against the runtime packages of the clean build
venv (packaging/build/venv without PyInstaller, pip and setuptools; Python itself not counted).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))
import bundle_contents as bc  # noqa: E402

SOURCE_PYTHON = ROOT / ".venv" / "bin" / "python"
LAUNCHER = ROOT / "packaging" / "launcher.py"
BARE_QT = (
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([]); w = QMainWindow(); w.show(); QTimer.singleShot(0, app.quit); app.exec()\n"
)
BUILD_TOOLS = ("pyinstaller", "_pyinstaller_hooks_contrib", "altgraph", "pip", "setuptools")


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def runtime_packages_size(venv: Path) -> int:
    site = next((venv / "lib").glob("python3*/site-packages"))
    total = 0
    for entry in site.iterdir():
        name = entry.name.lower()
        if any(name.startswith(tool) for tool in BUILD_TOOLS) or name == "__pycache__":
            continue
        total += folder_size(entry) if entry.is_dir() else entry.stat().st_size
    return total


def timed(cmd: list[str], env: dict[str, str], runs: int, prepare=None) -> tuple[float, float]:
    """Median and min wall time in seconds (one warm-up run not counted)."""
    times = []
    for n in range(runs + 1):
        if prepare:
            prepare()
        start = time.perf_counter()
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        if n:
            times.append(elapsed)
    return statistics.median(times), min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    default_bundle = ROOT / "packaging" / "dist" / f"SafeOnline-{bc.app_version()}-linux-{platform.machine()}"
    parser.add_argument("--bundle", type=Path, default=default_bundle, help="the unpacked tarball folder")
    args = parser.parse_args()
    exe = args.bundle / "SafeOnline" / bc.EXE_NAME
    have_bundle = exe.is_file()

    scratch = Path(tempfile.mkdtemp(prefix="bundle-startup-"))
    try:
        home = scratch / "home"
        runtime = scratch / "runtime"
        home.mkdir()
        runtime.mkdir(mode=0o700)
        env = {k: v for k, v in os.environ.items() if k not in ("SAFEONLINE_DATA_DIR", "PYTHONPATH")}
        env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(runtime))
        smoke_env = {**env, "SAFEONLINE_SMOKE_TEST": "1"}

        # One workspace with the demonstration review for each side, made by the source CLI.
        for side in ("source", "bundle"):
            subprocess.run([str(ROOT / ".venv" / "bin" / "safeonline"), "--data-dir", str(scratch / side), "demo"],
                           env=env, check=True, capture_output=True)
        check_dir = scratch / "check"

        def fresh_check_dir() -> None:
            shutil.rmtree(check_dir, ignore_errors=True)

        rows: list[tuple[str, tuple[float, float], tuple[float, float] | None]] = []
        source_cmd = [str(SOURCE_PYTHON), str(LAUNCHER)]
        rows.append(("self-test", timed([*source_cmd, "--self-test", "--data-dir", str(check_dir)], env,
                                         args.runs, fresh_check_dir),
                     timed([str(exe), "--self-test", "--data-dir", str(check_dir)], env, args.runs,
                           fresh_check_dir) if have_bundle else None))
        rows.append(("GUI to window (demo review)",
                     timed([*source_cmd, "--data-dir", str(scratch / "source")], smoke_env, args.runs),
                     timed([str(exe), "--data-dir", str(scratch / "bundle")], smoke_env, args.runs)
                     if have_bundle else None))
        bare_python = timed([str(SOURCE_PYTHON), "-c", "pass"], env, args.runs)
        bare_qt = timed([str(SOURCE_PYTHON), "-c", BARE_QT], env, args.runs)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print(f"SafeOnline Desktop {bc.app_version()} start-up, {args.runs} runs each (median / min), offscreen")
    print(f"{'':30} {'source':>17} {'bundle':>17} {'bundle/source':>14}")
    for name, source, bundle in rows:
        b = f"{bundle[0]:6.2f} / {bundle[1]:5.2f} s" if bundle else f"{'(not built)':>17}"
        ratio = f"{bundle[0] / source[0]:14.2f}" if bundle else ""
        print(f"{name:30} {source[0]:6.2f} / {source[1]:5.2f} s {b} {ratio}")
    print(f"{'bare: python -c pass':30} {bare_python[0]:6.2f} / {bare_python[1]:5.2f} s")
    print(f"{'bare: PySide6 window':30} {bare_qt[0]:6.2f} / {bare_qt[1]:5.2f} s")
    gui = rows[1]
    print(f"GUI to window vs bare PySide6 window: source x{gui[1][0] / bare_qt[0]:.1f}"
          + (f", bundle x{gui[2][0] / bare_qt[0]:.1f}" if gui[2] else ""))

    mib = 1024 * 1024
    build_venv = ROOT / "packaging" / "build" / "venv"
    if build_venv.is_dir():
        print(f"source install: runtime packages in the build venv {runtime_packages_size(build_venv) / mib:.0f} MiB "
              "(plus a Python 3.11 installation)")
    if have_bundle:
        tarball = args.bundle.with_name(args.bundle.name + ".tar.gz")
        files = sum(1 for p in exe.parent.rglob("*") if p.is_file())
        print(f"bundle: app folder {folder_size(exe.parent) / mib:.0f} MiB in {files} files"
              + (f", tarball {tarball.stat().st_size / mib:.0f} MiB" if tarball.is_file() else ""))
    else:
        print(f"bundle: not built at {args.bundle}; run packaging/build-linux.sh")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Start-up time and peak memory of the desktop app, beside a bare PySide6 window.

Measures, in fresh processes, the time from process start to the main window's first paint on
a workspace of 200 reviews (the real start-up: arguments, logging, content packs, database
check, backup and migration, services, main window), and the same for a Python process that
only shows an empty QMainWindow. Peak memory is each child's ``ru_maxrss``. Prints medians and
ratios; asserts nothing.

    .venv/bin/python benchmarks/startup.py [--reviews 200] [--runs 5] [--keep DIR]

Uses the ``offscreen`` Qt platform unless a display is available (``DISPLAY``/``WAYLAND_DISPLAY``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Child that shows an empty window and reports the wall-clock time of its first paint.
BARE = textwrap.dedent("""
    import sys, time
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow):
                print("SHOWN", time.time(), flush=True)
                QTimer.singleShot(0, QApplication.quit)
                obj.removeEventFilter(self)
            return False

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    hook = FirstPaint()
    window.installEventFilter(hook)
    window.resize(1280, 820)
    window.show()
    app.exec()
""")

#: Child that runs the real start-up (safeonline_desktop.app.main) and reports the first paint
#: of the main window.
APP = textwrap.dedent("""
    import sys, time
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, obj, event):
            if (not self.done and event.type() == QEvent.Type.Paint
                    and type(obj).__name__ == "MainWindow"):
                self.done = True
                print("SHOWN", time.time(), flush=True)
                QTimer.singleShot(0, QApplication.quit)
            return False

    app = QApplication(sys.argv[:1])
    hook = FirstPaint()
    app.installEventFilter(hook)
    from safeonline_desktop.app import main
    sys.exit(main(["--data-dir", sys.argv[1]]))
""")


def populate(data_dir: Path, reviews: int) -> None:
    """A workspace with ``reviews`` reviews, a few items rated in each, made through the services."""
    from safeonline_desktop.services import open_services
    from safeonline_desktop.services.demo import create_demo_review

    services = open_services(data_dir)
    try:
        create_demo_review(services)
        countries = ["KE", "PE", "FR", "ES", "MX", "SN", "PH", "TZ", "UG", "GH", "CO", "MA"]
        items = [i.id for i in services.catalog.framework("mnr").items]
        levels = ["not_in_place", "planned", "partly_in_place", "in_place", "embedded"]
        for n in range(reviews - 1):
            r = services.reviews.create(country_code=countries[n % len(countries)],
                                        title=f"Capacity review {n + 1:03d}", frameworks=["mnr", "bbc2019"])
            for k in range(n % 4):
                services.assessments.record(r.id, items[(n + k) % len(items)], status=levels[(n + k) % 5])
    finally:
        services.close()


def run_child(code: str, *args: str, env: dict[str, str]) -> tuple[float, int]:
    """Seconds from process start to first paint, and peak resident memory in MiB."""
    start = time.time()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=str(ROOT), text=True)
    _pid, status, usage = os.wait4(proc.pid, 0)
    out = proc.stdout.read()
    err = proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    shown = [line for line in out.splitlines() if line.startswith("SHOWN ")]
    if proc.returncode != 0 or not shown:
        raise SystemExit(f"child failed (exit {proc.returncode}):\n{out}\n{err}")
    seconds = float(shown[0].split()[1]) - start
    peak_kib = usage.ru_maxrss  # KiB on Linux
    if sys.platform == "darwin":
        peak_kib //= 1024  # bytes there
    return seconds, peak_kib // 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", metavar="DIR", help="build the workspace in DIR and keep it")
    args = parser.parse_args()

    env = dict(os.environ)
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("SAFEONLINE_DATA_DIR", None)
    sys.path.insert(0, str(ROOT))

    holder = None
    if args.keep:
        data_dir = Path(args.keep)
    else:
        holder = tempfile.TemporaryDirectory(prefix="safeonline-bench-")
        data_dir = Path(holder.name) / "data"
    try:
        t = time.perf_counter()
        if not (data_dir / "workspace.sqlite3").exists():
            populate(data_dir, args.reviews)
        print(f"workspace: {args.reviews} reviews in {data_dir} (built in {time.perf_counter() - t:.1f} s)")
        print(f"platform: {env.get('QT_QPA_PLATFORM', 'default')}, {args.runs} runs each, medians\n")

        run_child(BARE, env=env)  # warm the file cache for both
        run_child(APP, str(data_dir), env=env)
        bare = [run_child(BARE, env=env) for _ in range(args.runs)]
        app = [run_child(APP, str(data_dir), env=env) for _ in range(args.runs)]
    finally:
        if holder is not None:
            holder.cleanup()

    bare_t = statistics.median(s for s, _ in bare)
    app_t = statistics.median(s for s, _ in app)
    bare_m = statistics.median(m for _, m in bare)
    app_m = statistics.median(m for _, m in app)
    print(f"{'':28}{'bare PySide6':>14}{'SafeOnline':>14}{'ratio':>9}")
    print(f"{'start to window shown (s)':28}{bare_t:>14.3f}{app_t:>14.3f}{app_t / bare_t:>9.2f}")
    print(f"{'peak memory (MiB)':28}{bare_m:>14d}{app_m:>14d}{app_m / bare_m:>9.2f}")
    print("\nall runs (s):")
    print("  bare:", ", ".join(f"{s:.3f}" for s, _ in bare))
    print("  app: ", ", ".join(f"{s:.3f}" for s, _ in app))
    return 0


if __name__ == "__main__":
    sys.exit(main())

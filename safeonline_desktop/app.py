"""Composition root of the desktop app: arguments, paths, logging, start-up, wiring.

Start-up order: parse arguments, set up logging in the data folder, create the QApplication
and install translators (needed for any error dialog), load and validate the content, then
back up, check and migrate the database, and only then build the services and the window.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from safeonline_desktop import __version__, paths

log = logging.getLogger("safeonline_desktop")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="safeonline-desktop", description="SafeOnline Desktop")
    parser.add_argument("--data-dir", metavar="DIR", help="workspace folder (default: the user data folder)")
    parser.add_argument("--lang", choices=("en", "es", "fr"), help="interface language (default: as last chosen)")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation (database, content, translations, exports) and exit")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="review files (.safeonline) to preview and import, as a double-click passes them")
    # Qt's own options (-platform, -style, ...) pass through.
    args, rest = parser.parse_known_args(argv)
    args.qt_args = rest  # Qt's own options (-platform, -style, ...) go to QApplication
    return args


def setup_logging(data: paths.DataPaths) -> Path | None:
    try:
        data.logs.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = data.logs / "safeonline.log"
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    data_root = paths.resolve_data_dir(args.data_dir)
    if args.self_test:
        from safeonline_desktop.selftest import run_self_test

        return run_self_test(data_root)
    data = paths.DataPaths(data_root)
    log_path = setup_logging(data)
    log.info("SafeOnline Desktop %s starting on %s", __version__, data_root)

    from safeonline_desktop.ui.application import run_gui

    files = [Path(f).resolve() for f in args.files if Path(f).suffix.lower() == ".safeonline"]
    return run_gui(data, language=args.lang, log_path=log_path, argv=[sys.argv[0], *args.qt_args], files=files)


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("QT_ENABLE_HIGHDPI_SCALING", "1")
    sys.exit(main())

"""Take the README screenshots of the real app with the demonstration review.

Run under a real X server so that Qt uses its normal (xcb) platform:

    apt-get install -y --no-install-recommends xvfb xauth libxcb-icccm4 libxcb-keysyms1
    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python docs/screenshots/take_screenshots.py

It builds a throwaway workspace holding only the demonstration review (a fictional country),
drives the main window as a person would, and saves PNGs beside this file. Images over 300 KB
are reduced to a 256-colour palette (text and flat colours survive that well).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
MAX_BYTES = 300_000
SIZE = (1440, 900)


def save(widget, name: str) -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()
    path = HERE / name
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not save {path}")
    if path.stat().st_size > MAX_BYTES:
        from PIL import Image

        with Image.open(path) as image:
            image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    print(f"{name}: {path.stat().st_size // 1024} KB")


def main() -> int:
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        print("note: offscreen platform; for the README use xvfb-run (see the docstring)")
    from safeonline_desktop import i18n, paths
    from safeonline_desktop.services import open_services
    from safeonline_desktop.services.context import Actor
    from safeonline_desktop.ui.application import QtTranslations, app_settings, ensure_application
    from safeonline_desktop.ui.main_window import MainWindow

    app = ensure_application([sys.argv[0]])
    app.setStyle("Fusion")
    i18n.set_language("en")
    with tempfile.TemporaryDirectory(prefix="safeonline-shots-") as tmp:
        data = paths.DataPaths(Path(tmp) / "data")
        services = open_services(data.root, actor=Actor("Dr Mirela Kostan"))
        qt_translations = QtTranslations(app)
        window = MainWindow(services, app_settings(data), qt_translations=qt_translations)
        window.resize(*SIZE)
        window.show()
        save(window, "welcome.png")

        window.home.demo_button.click()  # the empty workspace offers the demonstration review
        ws = window.workspace
        ws.go_to_item("MNR.C04")
        ws.item_page.scroll.verticalScrollBar().setValue(0)
        save(window, "item-page.png")

        ws.item_page.scroll.ensureWidgetVisible(ws.item_page.evidence, 0, 0)
        ws.item_page.scroll.verticalScrollBar().setValue(ws.item_page.evidence.y() - 12)
        save(window, "item-evidence.png")

        window.show_tab(1)
        save(window, "overview.png")
        window.show_tab(0)

        window.set_presenting(True)
        presentation = window.presentation()
        presentation.showNormal()
        presentation.resize(*SIZE)
        save(presentation, "presentation.png")
        window.set_presenting(False)

        window.set_language("es")
        ws.go_to_item("MNR.C11")
        save(window, "item-page-es.png")
        window.set_language("en")

        window.go_home()
        wizard = window.new_review()
        wizard.country_page.search.setText("ken")
        wizard.resize(760, 560)
        save(wizard, "new-review-wizard.png")
        wizard.reject()
        save(window, "home.png")

        window.close()
        services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

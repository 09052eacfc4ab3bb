"""What goes into the PyInstaller build and what stays out.

Read by ``safeonline-desktop.spec`` and by ``tests/packaging/test_bundle_contents.py`` (which
fails the quick suite when the app starts importing a Qt module listed here as unused, so the
bundle never ships without a module the code needs). Plain Python, no PyInstaller imports.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

APP_NAME = "SafeOnline Desktop"
#: Name of the executable and of the one-folder app's folder inside ``dist``.
EXE_NAME = "safeonline-desktop"
BUNDLE_FOLDER = "SafeOnline"
#: Review files exchanged between laptops (the portable review file).
REVIEW_EXTENSION = "safeonline"
REVIEW_MIME_TYPE = "application/x-safeonline-review"
#: macOS Uniform Type Identifier of a review file, and the app's bundle identifier.
REVIEW_UTI = "org.safeonline.review"
BUNDLE_IDENTIFIER = "org.safeonline.desktop"

#: Qt modules the app imports. Everything else in the PySide6 wheels stays out.
USED_QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtSvg", "QtSvgWidgets")

#: PySide6 Python modules excluded from the analysis (and with them their Qt libraries,
#: plugins and QML files). The quick suite checks that the app's code imports none of them.
EXCLUDED_QT_MODULES = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDBus", "QtDesigner",
    "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation", "QtMultimedia",
    "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc", "QtOpenGL", "QtOpenGLWidgets",
    "QtPdf", "QtPdfWidgets", "QtPositioning", "QtPrintSupport", "QtQml", "QtQuick", "QtQuick3D",
    "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors",
    "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtTest",
    "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick",
    "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml",
)

#: Other Python packages that must never be bundled (test and build tools, unused GUI kits).
EXCLUDED_PYTHON_MODULES = (
    "tkinter", "_tkinter", "pytest", "_pytest", "pytestqt", "hypothesis", "PyInstaller", "pip",
    "setuptools", "IPython", "numpy", "matplotlib", "PyQt5", "PyQt6", "PySide2",
)

#: Qt shared libraries (file-name prefixes, Linux ``libQt6X``/Windows ``Qt6X``/macOS ``QtX``
#: framework names after the ``Qt6``/``Qt`` part) dropped from the binaries even when a plugin
#: drags them in. Checked by running the built app's self-test and its GUI offscreen.
EXCLUDED_QT_LIBRARIES = (
    "Qml", "Quick", "Labs", "Lottie", "Designer", "Help", "Sql", "Test", "UiTools", "Network",
    "Pdf", "WebEngine", "3D", "Multimedia", "Charts", "Graphs", "DataVisualization",
    "Wayland", "WlShell", "EglFS", "EglFs", "Concurrent", "Xml", "OpenGLWidgets",
)

#: Qt plugin folders that need an excluded library or serve a feature the app does not use
#: (embedded-device input, networking, QML, SQL, printing).
EXCLUDED_QT_PLUGIN_FOLDERS = (
    "qmltooling", "sqldrivers", "designer", "networkinformation", "tls", "printsupport", "generic",
    "egldeviceintegrations", "wayland-decoration-client", "wayland-graphics-integration-client",
    "wayland-graphics-integration-server", "wayland-shell-integration", "vectorimageformats",
)

#: Single plugins left out (names without "lib" and extension). Kept on purpose: the xcb,
#: offscreen and minimal platforms (Linux runs under XWayland on Wayland desktops), the compose
#: and ibus input contexts (dead keys and accents), the GTK and portal themes (native file
#: dialogs), the SVG icon engine and image formats.
EXCLUDED_QT_PLUGINS = (
    "qtvirtualkeyboardplugin",  # needs QtQuick
    "qpdf",  # image format plugin that needs QtPdf
    "qeglfs", "qlinuxfb", "qminimalegl", "qvnc", "qvkkhrdisplay",  # embedded platforms; qvnc needs QtNetwork
    "qwayland", "qwayland-egl", "qwayland-generic",  # need the Wayland client libraries
    # The GTK theme would make Qt load the system's GTK 3 beside the glib, cairo and pango this
    # build machine's versions bundle for it: a mismatch breaks on newer desktops. The portal
    # theme (kept) still gives native file dialogs through xdg-desktop-portal.
    "qgtk3",
)

#: System libraries never bundled on Linux, because the system's own copy must be used:
#: - libstdc++/libgcc_s: every glibc >= 2.34 system has a newer or equal one (Qt 6.12 needs
#:   GLIBCXX_3.4.29, GCC 11), and the build machine's copy breaks the system's Mesa drivers
#:   when they need a newer one;
#: - fontconfig (with freetype and expat): it reads the system's font configuration and caches,
#:   whose format follows the system's version; the build machine's expat also needs its glibc.
EXCLUDED_LINUX_SYSTEM_LIBRARIES = (
    "libstdc++.so.6", "libgcc_s.so.1", "libfontconfig.so.1", "libfreetype.so.6", "libexpat.so.1",
)


def app_version() -> str:
    """``__version__`` of the package, read from its source (no import needed)."""
    text = (ROOT / "safeonline_desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.MULTILINE)
    if not match:
        raise RuntimeError("safeonline_desktop/__init__.py has no __version__")
    return match.group(1)


def interface_languages() -> tuple[str, ...]:
    """The interface languages (``i18n.LANGUAGES``), read from source: only their Qt and
    pycountry translations are bundled."""
    text = (ROOT / "safeonline_desktop" / "i18n" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r"^LANGUAGES\s*=\s*\(([^)]*)\)", text, re.MULTILINE)
    if not match:
        raise RuntimeError("safeonline_desktop/i18n/__init__.py has no LANGUAGES tuple")
    return tuple(re.findall(r"[\"']([a-z]{2,3})[\"']", match.group(1)))


def qt_plugin_excluded(dest: str) -> bool:
    """Whether a file bundled under a Qt ``plugins`` folder is left out."""
    parts = Path(dest).parts
    if "plugins" not in parts:
        return False
    if any(folder in parts for folder in EXCLUDED_QT_PLUGIN_FOLDERS):
        return True
    stem = parts[-1].split(".")[0]
    stem = stem[3:] if stem.startswith("lib") else stem
    return stem in EXCLUDED_QT_PLUGINS


def orphaned_libraries(kept, removed, imports_of) -> set[str]:
    """Top-level shared libraries (destination names) that only the ``removed`` binaries need.

    ``kept`` and ``removed`` are PyInstaller TOC entries ``(dest, src, typecode)``;
    ``imports_of(src)`` gives the file names a binary links to. PyInstaller collected the
    dependencies of every plugin before the spec filtered the plugins, so leaving out a plugin
    leaves its libraries behind; this finds them. A library reachable from both sides, or from
    neither (loaded with dlopen or ctypes), is kept.
    """
    top_level = {dest: src for dest, src, typecode in kept if "/" not in dest and typecode == "BINARY"}

    def reach(roots: list[str]) -> set[str]:
        seen: set[str] = set()
        todo = list(roots)
        while todo:
            for name in imports_of(todo.pop()):
                if name in top_level and name not in seen:
                    seen.add(name)
                    todo.append(top_level[name])
        return seen

    from_kept = reach([src for dest, src, typecode in kept if dest not in top_level and typecode != "SYMLINK"])
    from_removed = reach([src for dest, src, typecode in removed if typecode != "SYMLINK"])
    return from_removed - from_kept


def qt_library_excluded(file_name: str) -> bool:
    """Whether a Qt shared library (any platform's naming) is one of the excluded ones."""
    name = Path(file_name).name
    for prefix in ("libQt6", "Qt6", "Qt"):
        if name.startswith(prefix):
            rest = name[len(prefix):]
            return any(rest.startswith(x) for x in EXCLUDED_QT_LIBRARIES)
    return False

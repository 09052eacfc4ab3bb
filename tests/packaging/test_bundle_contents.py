"""What the PyInstaller build leaves out, and the Linux desktop integration files (quick suite;
the built bundle itself is checked by test_frozen_bundle.py, ``pytest -m frozen``)."""

from __future__ import annotations

import ast
import configparser
import struct
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from safeonline_desktop import __version__, i18n

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))
import bundle_contents as bc  # noqa: E402

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def _qt_modules_imported(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("PySide6."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.module == "PySide6":
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("PySide6."))
    return found


def test_the_app_imports_only_qt_modules_the_build_keeps():
    """Importing a Qt module the spec leaves out would break only the frozen app: fail here first."""
    sources = [*(ROOT / "safeonline_desktop").rglob("*.py"), PACKAGING / "launcher.py"]
    used = {module: sorted(str(p.relative_to(ROOT)) for p in sources if module in _qt_modules_imported(p))
            for module in set().union(*(_qt_modules_imported(p) for p in sources))}
    excluded = {m: files for m, files in used.items() if m in bc.EXCLUDED_QT_MODULES}
    assert not excluded, (f"{excluded} import Qt modules that packaging/bundle_contents.py leaves out of the "
                          "build; move them from EXCLUDED_QT_MODULES to USED_QT_MODULES (and their libraries "
                          "from EXCLUDED_QT_LIBRARIES)")
    unknown = set(used) - set(bc.USED_QT_MODULES)
    assert not unknown, f"add {sorted(unknown)} to USED_QT_MODULES in packaging/bundle_contents.py"
    assert {"QtCore", "QtGui", "QtWidgets"} <= set(used)


def test_used_and_excluded_qt_modules_do_not_overlap():
    assert not set(bc.USED_QT_MODULES) & set(bc.EXCLUDED_QT_MODULES)
    for module in bc.USED_QT_MODULES:
        assert not bc.qt_library_excluded(f"libQt6{module[2:]}.so.6"), module


@pytest.mark.parametrize("name, excluded", [
    ("libQt6Core.so.6", False), ("libQt6Gui.so.6", False), ("libQt6Widgets.so.6", False),
    ("libQt6Svg.so.6", False), ("libQt6XcbQpa.so.6", False), ("libQt6DBus.so.6", False),
    ("libQt6OpenGL.so.6", False), ("Qt6Core.dll", False), ("QtWidgets", False),
    ("libQt6Network.so.6", True), ("libQt6Quick.so.6", True), ("libQt6QmlModels.so.6", True),
    ("libQt6WaylandClient.so.6", True), ("libQt6EglFsKmsSupport.so.6", True), ("Qt6Network.dll", True),
    ("Qt6Pdf.dll", True), ("QtWebEngineCore", True), ("libicudata.so.73", False), ("libpython3.11.so.1.0", False),
])
def test_qt_libraries_left_out(name, excluded):
    assert bc.qt_library_excluded(name) is excluded


@pytest.mark.parametrize("dest, excluded", [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
    ("PySide6/plugins/platforms/qwindows.dll", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so", False),
    ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", False),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", False),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", True),
    ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", True),
    ("PySide6/Qt/plugins/imageformats/libqpdf.so", True),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
    ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", True),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", True),
    ("PySide6/Qt/lib/libQt6Core.so.6", False),
])
def test_qt_plugins_left_out(dest, excluded):
    assert bc.qt_plugin_excluded(dest) is excluded


def test_orphaned_libraries_are_those_only_removed_binaries_need():
    links = {
        "/v/QtGui.so": {"libQt6Gui.so.6", "libglib.so"},
        "/v/libqgtk3.so": {"libgtk.so", "libcairo.so", "libglib.so"},
        "/v/libgtk.so": {"libcairo.so", "libpango.so"},
        "/v/libcairo.so": {"libpixman.so"},
        "/v/libglib.so": set(), "/v/libpango.so": set(), "/v/libpixman.so": set(), "/v/libdlopened.so": set(),
    }
    kept = [("PySide6/QtGui.so", "/v/QtGui.so", "EXTENSION"), ("libglib.so", "/v/libglib.so", "BINARY"),
            ("libgtk.so", "/v/libgtk.so", "BINARY"), ("libcairo.so", "/v/libcairo.so", "BINARY"),
            ("libpango.so", "/v/libpango.so", "BINARY"), ("libpixman.so", "/v/libpixman.so", "BINARY"),
            ("libdlopened.so", "/v/libdlopened.so", "BINARY")]
    removed = [("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/v/libqgtk3.so", "BINARY")]
    orphans = bc.orphaned_libraries(kept, removed, lambda src: links[src])
    # glib is still needed by QtGui; a library nothing links to (loaded with dlopen) stays.
    assert orphans == {"libgtk.so", "libcairo.so", "libpango.so", "libpixman.so"}


def test_version_and_languages_are_read_from_the_package():
    assert bc.app_version() == __version__
    assert bc.interface_languages() == i18n.LANGUAGES


def test_spec_bundles_resources_and_migrations_and_names_the_launcher():
    spec = (PACKAGING / "safeonline-desktop.spec").read_text(encoding="utf-8")
    assert '_data_tree(ROOT / "resources", "resources")' in spec
    assert '_data_tree(ROOT / "migrations", "migrations")' in spec
    assert "launcher.py" in spec and (PACKAGING / "launcher.py").is_file()
    ast.parse(spec)  # the spec is Python


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_icons_exist_in_every_size():
    for context, name in (("apps", "safeonline-desktop"), ("mimetypes", "application-x-safeonline-review")):
        for size in ICON_SIZES:
            path = ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / context / f"{name}.png"
            assert _png_size(path) == (size, size)
    for svg in ("safeonline.svg", "safeonline-review.svg"):
        root = ET.parse(ROOT / "resources" / "icons" / svg).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox") == "0 0 256 256"
    assert (PACKAGING / "icons" / "safeonline.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (PACKAGING / "icons" / "safeonline.icns").read_bytes()[:4] == b"icns"


def test_desktop_file_opens_review_files_with_the_app():
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(PACKAGING / "linux" / "safeonline-desktop.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"] == f"{bc.EXE_NAME} %f"
    assert section["Icon"] == "safeonline-desktop"
    assert bc.REVIEW_MIME_TYPE in section["MimeType"].split(";")
    for lang in ("es", "fr"):
        assert section[f"Comment[{lang}]"] and section[f"GenericName[{lang}]"]


def test_mime_type_matches_the_review_file_extension_and_icon():
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(PACKAGING / "linux" / "safeonline-desktop.xml").getroot()
    mime = root.find("m:mime-type", ns)
    assert mime.get("type") == bc.REVIEW_MIME_TYPE
    assert [g.get("pattern") for g in mime.findall("m:glob", ns)] == [f"*.{bc.REVIEW_EXTENSION}"]
    icon = mime.find("m:icon", ns).get("name")
    assert (ROOT / "resources" / "icons" / "hicolor" / "48x48" / "mimetypes" / f"{icon}.png").is_file()
    langs = {c.get("{http://www.w3.org/XML/1998/namespace}lang") for c in mime.findall("m:comment", ns)}
    assert langs == {None, "es", "fr"}


def test_windows_installer_script_installs_per_user_and_registers_review_files():
    """Inno Setup cannot run here: check the settings that make it a per-user, no-administrator
    installer that registers review files."""
    iss = (PACKAGING / "windows" / "safeonline-desktop.iss").read_text(encoding="utf-8")
    lines = [line.strip() for line in iss.splitlines() if line.strip() and not line.lstrip().startswith(";")]
    assert "PrivilegesRequired=lowest" in lines
    assert "ChangesAssociations=yes" in lines
    assert f'#define ReviewExt ".{bc.REVIEW_EXTENSION}"' in lines
    assert f'#define AppExe "{bc.EXE_NAME}.exe"' in lines
    registry = [line for line in lines if line.startswith("Root:")]
    assert registry and all(line.startswith("Root: HKA;") for line in registry)
    assert any("shell\\open\\command" in line and '""%1""' in line for line in registry)
    assert any(bc.REVIEW_MIME_TYPE in line for line in registry)
    for icon in ("safeonline.ico", "safeonline-review.ico"):
        assert f"..\\icons\\{icon}" in iss and (PACKAGING / "icons" / icon).is_file()

"""Render the app and review-file icons from their SVG sources.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py

Writes (all committed, so a build needs neither Qt's SVG renderer nor Pillow's writers):
- resources/icons/hicolor/<N>x<N>/apps/safeonline-desktop.png and
  .../mimetypes/application-x-safeonline-review.png for N in 16..256 (freedesktop layout,
  copied as they are by the Linux install.sh, which also installs the SVGs as scalable icons);
- packaging/icons/safeonline.ico (Windows executable and installer) and safeonline.icns (macOS).

Run it again after editing resources/icons/safeonline.svg or safeonline-review.svg.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
HICOLOR = ICONS / "hicolor"
PACKAGING_ICONS = ROOT / "packaging" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)
#: (source SVG, freedesktop context, icon name)
SOURCES = (
    ("safeonline.svg", "apps", "safeonline-desktop"),
    ("safeonline-review.svg", "mimetypes", "application-x-safeonline-review"),
)


def render(svg: Path, size: int) -> bytes:
    """PNG bytes of ``svg`` drawn at ``size`` x ``size`` pixels with antialiasing."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG file")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def main() -> int:
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (needed by QImage/QPainter)
    for svg_name, context, icon_name in SOURCES:
        svg = ICONS / svg_name
        for size in SIZES:
            target = HICOLOR / f"{size}x{size}" / context / f"{icon_name}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(render(svg, size))

    PACKAGING_ICONS.mkdir(parents=True, exist_ok=True)
    app_svg = ICONS / "safeonline.svg"
    ico_images = [Image.open(io.BytesIO(render(app_svg, s))).convert("RGBA") for s in SIZES]
    ico_images[-1].save(PACKAGING_ICONS / "safeonline.ico", format="ICO",
                        sizes=[(s, s) for s in SIZES], append_images=ico_images[:-1])
    icns_images = [Image.open(io.BytesIO(render(app_svg, s))).convert("RGBA") for s in ICNS_SIZES]
    icns_images[-1].save(PACKAGING_ICONS / "safeonline.icns", format="ICNS", append_images=icns_images[:-1])
    review_svg = ICONS / "safeonline-review.svg"
    review_icns = [Image.open(io.BytesIO(render(review_svg, s))).convert("RGBA") for s in ICNS_SIZES]
    review_icns[-1].save(PACKAGING_ICONS / "safeonline-review.icns", format="ICNS", append_images=review_icns[:-1])
    review_ico = [Image.open(io.BytesIO(render(review_svg, s))).convert("RGBA") for s in SIZES]
    review_ico[-1].save(PACKAGING_ICONS / "safeonline-review.ico", format="ICO",
                        sizes=[(s, s) for s in SIZES], append_images=review_ico[:-1])
    print(f"icons written under {HICOLOR.relative_to(ROOT)} and {PACKAGING_ICONS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

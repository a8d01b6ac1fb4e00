"""Draw the Windows icon (packaging/windows/soberhouse.ico) from the app icon,
resources/icons/app.svg, each size rendered from the SVG rather than scaled
down from the largest.  Run it again after changing app.svg:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icon.py

(Linux uses the SVG itself: see packaging/linux/install.sh.)
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "app.svg"
ICO = ROOT / "packaging" / "windows" / "soberhouse.ico"
SIZES = (256, 64, 48, 32, 24, 16)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def main() -> int:
    app = QGuiApplication(sys.argv)  # noqa: F841 (QPainter needs it)
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not a valid SVG")
    images = [render(renderer, size) for size in SIZES]
    images[0].save(ICO, format="ICO", sizes=[(size, size) for size in SIZES],
                   append_images=images[1:])
    print(f"{ICO.relative_to(ROOT)}: {', '.join(map(str, SIZES))} px, "
          f"{ICO.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

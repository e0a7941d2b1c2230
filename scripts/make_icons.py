"""Render resources/icons/annotator.svg to the PNG sizes, the Windows .ico and (with Qt's
plugin) nothing else: run once after editing the SVG; the outputs are committed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(svg: Path, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    return image


def write_ico(dest: Path, pngs: list[bytes], sizes: tuple[int, ...]) -> None:
    """ICO with PNG-compressed entries (Windows Vista and later read these)."""
    header = (0).to_bytes(2, "little") + (1).to_bytes(2, "little") + len(pngs).to_bytes(2, "little")
    entries, offset = b"", 6 + 16 * len(pngs)
    for size, data in zip(sizes, pngs, strict=True):
        dim = 0 if size >= 256 else size
        entries += bytes([dim, dim, 0, 0]) + (1).to_bytes(2, "little") + (32).to_bytes(2, "little")
        entries += len(data).to_bytes(4, "little") + offset.to_bytes(4, "little")
        offset += len(data)
    dest.write_bytes(header + entries + b"".join(pngs))


def main() -> int:
    icons = Path(__file__).resolve().parent.parent / "resources" / "icons"
    svg = icons / "annotator.svg"
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    for size in SIZES:
        render(svg, size).save(str(icons / f"annotator-{size}.png"))
    pngs = [(icons / f"annotator-{s}.png").read_bytes() for s in ICO_SIZES]
    write_ico(icons / "annotator.ico", pngs, ICO_SIZES)
    print(f"wrote {len(SIZES)} PNGs and annotator.ico into {icons}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

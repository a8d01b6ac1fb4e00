"""The About box: what Soberhouse is, its version, and the Qt it runs on."""

from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QMessageBox, QWidget

from soberhouse import __version__


def show_about(parent: QWidget | None) -> None:
    QMessageBox.about(
        parent,
        "About Soberhouse",
        f"<h3>Soberhouse {__version__}</h3>"
        "<p>Records, mentoring, house meetings and monthly progress reports for "
        "sober-living houses.</p>"
        "<p>Resident records are confidential: share them only with the resident's "
        "consent.</p>"
        f"<p><small>Built with Qt for Python {pyside_version}.</small></p>",
    )

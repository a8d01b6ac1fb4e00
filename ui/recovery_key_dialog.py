"""The recovery key, shown once: when an encrypted data file is made (the
first start), when a plain one is encrypted, and when the owner makes a new
key (Settings > Encryption).

The 30-character code (:mod:`soberhouse.encryption`) opens the data file's
key when every password is lost.  The dialog shows it large, in its six
groups, says what it is for and what losing it means, offers the recovery
sheet as a PDF (:mod:`soberhouse.reports.recovery_sheet`) to save or print,
and opens the way on (Continue) only once "I have saved or printed the
recovery key" is ticked: the code is never shown again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.form_fields import heading_label
from ui.resources import icon

WHAT_IT_IS_FOR = (
    "This is the recovery key of the data file. If every password is forgotten (yours "
    "and everyone else's), the owner signs in with it and chooses a new password: "
    "\u201cForgot your password? Use the recovery key\u2026\u201d on the sign-in. "
    "Soberhouse shows it only now: save the recovery sheet or print it, and keep it in "
    "the safe, away from this computer.")
WARNING = (
    "Losing every password AND this key loses the data: nobody, not even Soberhouse's "
    "makers, can open the file then. Anyone who has this key and the key file (beside "
    "the data file and every backup) can open every record: keep it as you keep the "
    "house's keys.")
REPLACED = ("The old recovery key (and any sheet printed with it) no longer opens this "
            "data file's key file. Backups taken before now still open with the old one.")
TICK_TEXT = "I have saved or printed the recovery key and will keep it safe"


def code_font_label(code: str) -> QLabel:
    """The code, large, in the system's fixed-width font, selectable."""
    label = QLabel(code.replace("-", "  "))
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(label.font().pointSizeF() * 2.0)
    font.setBold(True)
    label.setFont(font)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName("Recovery key")
    label.setObjectName("recoveryCode")
    label.setFrameShape(QLabel.Shape.StyledPanel)
    label.setContentsMargins(12, 12, 12, 12)
    # Room for the whole code with a margin each side, whatever bold face the
    # fixed-width font falls back to.
    advance = QFontMetrics(font).horizontalAdvance(label.text())
    label.setMinimumWidth(int(advance * 1.1) + 2 * 12)
    return label


def sheet_bytes(code: str, *, data_file: str, made_by: str, made_at: dt.datetime) -> bytes:
    """The recovery sheet's PDF (the core's :mod:`soberhouse.reports.recovery_sheet`)."""
    from soberhouse.reports.recovery_sheet import recovery_sheet_bytes

    # Built in memory: the code is never written to a temporary file.
    return recovery_sheet_bytes(code, data_file=data_file, made_by=made_by, made_at=made_at)


class RecoveryKeyDialog(QDialog):
    """The code, what it is for, Save/Print the sheet, the tick, Continue."""

    def __init__(self, code: str, *, data_file: str, made_by: str, replaced: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.data_file = data_file
        self.made_by = made_by
        self.made_at = dt.datetime.now().replace(microsecond=0)
        self.saved_to: Path | None = None
        self.printed = False
        self.setWindowTitle("Recovery Key \u2014 Soberhouse")
        heading = heading_label("Your new recovery key" if replaced
                                else "The recovery key of this data file", scale=1.2)
        explanation = QLabel(WHAT_IT_IS_FOR + ("\n\n" + REPLACED if replaced else ""))
        explanation.setWordWrap(True)
        self.code_label = code_font_label(code)
        self.warning = QLabel(WARNING)
        self.warning.setWordWrap(True)
        self.warning.setObjectName("recoveryWarning")
        font = self.warning.font()
        font.setBold(True)
        self.warning.setFont(font)
        place = QLabel(f"Data file: {data_file}")
        place.setWordWrap(True)
        place.setEnabled(False)

        self.save_button = QPushButton(icon("export"), "&Save Recovery Sheet (PDF)...")
        self.save_button.setToolTip("A one-page PDF with the key, to print or keep on a USB "
                                    "drive in the safe (not on this computer)")
        self.save_button.clicked.connect(self.save_sheet)
        self.print_button = QPushButton(icon("print"), "&Print...")
        self.print_button.setToolTip("Print the recovery sheet")
        self.print_button.clicked.connect(self.print_sheet)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.save_button)
        sheet_row.addWidget(self.print_button)
        sheet_row.addStretch(1)
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.done_label.hide()

        self.kept = QCheckBox(TICK_TEXT)
        self.buttons = QDialogButtonBox()
        self.continue_button = self.buttons.addButton(
            "&Continue", QDialogButtonBox.ButtonRole.AcceptRole)
        self.continue_button.setEnabled(False)
        self.continue_button.setToolTip("Tick the box above first: the key is not shown again")
        self.kept.toggled.connect(self._kept_toggled)
        self.buttons.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addWidget(self.code_label)
        layout.addWidget(self.warning)
        layout.addWidget(place)
        layout.addLayout(sheet_row)
        layout.addWidget(self.done_label)
        layout.addWidget(self.kept)
        layout.addWidget(self.buttons)
        margins = layout.contentsMargins()
        self.setMinimumWidth(max(self.fontMetrics().averageCharWidth() * 80,
                                 self.code_label.minimumWidth() + margins.left()
                                 + margins.right()))
        self.save_button.setFocus()

    def _kept_toggled(self, ticked: bool) -> None:
        self.continue_button.setEnabled(ticked)
        self.continue_button.setDefault(ticked)
        self.continue_button.setToolTip("" if ticked else
                                        "Tick the box above first: the key is not shown again")

    def _sheet(self) -> bytes:
        return sheet_bytes(self.code, data_file=self.data_file, made_by=self.made_by,
                           made_at=self.made_at)

    def _said(self, text: str) -> None:
        self.done_label.setText(text)
        self.done_label.show()

    def save_sheet(self) -> Path | None:
        """Ask where (the system's file dialog), write the sheet there."""
        from ui.reports.report_files import write_pdf

        stem = Path(self.data_file).stem or "soberhouse"
        path = write_pdf(self, self._sheet(), f"{stem} recovery sheet.pdf",
                         "Save the Recovery Sheet", what="the recovery sheet")
        if path is not None:
            self.saved_to = path
            self._said(f"Recovery sheet saved as {path}. Print it or move it to a USB drive "
                       f"kept in the safe: a copy left on this computer helps a thief too.")
        return path

    def print_sheet(self) -> bool:
        """Print the sheet through the system's print dialog."""
        from soberhouse.reports.settings import report_settings
        from ui.reports.printing import print_pdf

        pages = print_pdf(self, self._sheet(), report_settings(), "Soberhouse recovery sheet")
        if pages is None:
            return False
        self.printed = True
        self._said("Recovery sheet sent to the printer. Keep the printout in the safe.")
        return True

    def reject(self) -> None:
        """Esc and the window's close button: only once the box is ticked."""
        if self.kept.isChecked():
            super().accept()

    def accept(self) -> None:
        if self.kept.isChecked():
            super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, code: str, *, data_file: str, made_by: str,
            replaced: bool = False) -> None:
        """Show the code until Continue (tests replace this)."""
        dialog = cls(code, data_file=data_file, made_by=made_by, replaced=replaced,
                     parent=parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

"""What every printed report carries: the confidentiality notice, the logo
and the paper size (one set for all houses, saved by
:func:`soberhouse.reports.settings.save_report_settings`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from soberhouse.reports.settings import (
    DEFAULT_NOTICE,
    PAPER_SIZES,
    ReportSettings,
    report_settings,
    save_report_settings,
)
from ui.record_dialog import RecordDialog

PAPER_LABELS = {"letter": "Letter (8.5 × 11 in)", "A4": "A4 (210 × 297 mm)"}
LOGO_FILTER = "Pictures (*.png *.jpg *.jpeg *.gif)"


class LogoFile:
    """Choosing the logo picture: what tests replace."""

    @staticmethod
    def from_user(parent: QWidget | None, start: str) -> str:
        name, _ = QFileDialog.getOpenFileName(parent, "Choose the Logo", start, LOGO_FILTER)
        return name


class ReportSettingsDialog(RecordDialog):
    """The notice (with "Restore default"), the logo (choose, clear, see it)
    and the paper size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Printed Reports")
        self.set_introduction(
            "Every monthly report and house summary carries these, whichever house it is "
            "for. Printed records of substance use treatment must carry a confidentiality "
            "notice.")
        current = report_settings()

        self.notice = QPlainTextEdit(current.notice_text)
        self.notice.setTabChangesFocus(True)
        self.notice.setAccessibleName("Confidentiality notice")
        lines = self.notice.fontMetrics().lineSpacing()
        self.notice.setMinimumHeight(lines * 7)
        self.restore_button = QPushButton("&Restore Default")
        self.restore_button.setAutoDefault(False)
        self.restore_button.setToolTip("Put back the 42 CFR Part 2 notice Soberhouse comes with")
        self.restore_button.clicked.connect(self.restore_default_notice)
        notice_box = QWidget()
        notice_layout = QVBoxLayout(notice_box)
        notice_layout.setContentsMargins(0, 0, 0, 0)
        notice_layout.addWidget(self.notice)
        restore_row = QHBoxLayout()
        restore_row.addStretch(1)
        restore_row.addWidget(self.restore_button)
        notice_layout.addLayout(restore_row)

        self.logo_path = QLineEdit(current.logo_path)
        self.logo_path.setReadOnly(True)
        self.logo_path.setPlaceholderText("No logo")
        self.logo_path.setAccessibleName("Logo file")
        self.choose_logo_button = QPushButton("C&hoose...")
        self.choose_logo_button.setAutoDefault(False)
        self.clear_logo_button = QPushButton("C&lear")
        self.clear_logo_button.setAutoDefault(False)
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.clear_logo_button.clicked.connect(lambda: self.set_logo(""))
        self.logo_preview = QLabel()
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.logo_preview.setFixedHeight(lines * 4)
        logo_box = QWidget()
        logo_layout = QVBoxLayout(logo_box)
        logo_layout.setContentsMargins(0, 0, 0, 0)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_path, 1)
        logo_row.addWidget(self.choose_logo_button)
        logo_row.addWidget(self.clear_logo_button)
        logo_layout.addLayout(logo_row)
        logo_layout.addWidget(self.logo_preview)

        self.paper = QComboBox()
        for size in PAPER_SIZES:
            self.paper.addItem(PAPER_LABELS.get(size, size), size)
        self.paper.setCurrentIndex(max(self.paper.findData(current.paper_size), 0))

        self.add_field("notice_text", "Confidentiality &notice", notice_box, required=True,
                       watched=self.notice)
        self.add_field("logo_path", "&Logo", logo_box, watched=self.logo_path)
        self.add_field("paper_size", "&Paper", self.paper, required=True)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)
        self._show_logo()
        self.mark_clean()

    @classmethod
    def ask(cls, parent: QWidget | None) -> bool:
        """True if the settings were saved."""
        return cls(parent).run()

    def restore_default_notice(self) -> None:
        self.notice.setPlainText(DEFAULT_NOTICE)

    def choose_logo(self) -> None:
        current = self.logo_path.text()
        start = str(Path(current).parent) if current else str(Path.home())
        name = LogoFile.from_user(self, start)
        if name:
            self.set_logo(name)

    def set_logo(self, path: str) -> None:
        self.logo_path.setText(path)
        self._show_logo()

    def _show_logo(self) -> None:
        path = self.logo_path.text()
        self.clear_logo_button.setEnabled(bool(path))
        picture = QPixmap(path) if path else QPixmap()
        self.logo_preview.setVisible(bool(path))
        if picture.isNull():
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText("The picture can't be shown." if path else "")
            return
        height = self.logo_preview.height()
        self.logo_preview.setPixmap(picture.scaledToHeight(
            height, Qt.TransformationMode.SmoothTransformation)
            if picture.height() > height else picture)

    def settings(self) -> ReportSettings:
        return ReportSettings(self.notice.toPlainText(), self.logo_path.text(),
                              self.paper.currentData())

    def apply(self) -> str:
        save_report_settings(self.settings())
        return "Report settings saved: notice, logo and paper"

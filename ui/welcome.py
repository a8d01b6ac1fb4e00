"""First run: the data file has no house yet, so offer the two ways in."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from soberhouse import demo
from ui.background import BackgroundTask, ProgressRow
from ui.resources import icon
from ui.settings_section.house_dialog import HouseDialog

APP_ICON_SIZE = 72


class WelcomePage(QWidget):
    """Emits :attr:`house_ready` with a short confirmation once a house exists."""

    house_ready = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")

        picture = QLabel()
        picture.setPixmap(icon("app").pixmap(APP_ICON_SIZE, APP_ICON_SIZE))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)

        title = QLabel("Welcome to Soberhouse")
        title.setObjectName("pageTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title_font = title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.8)
        title_font.setBold(True)
        title.setFont(title_font)

        intro = QLabel(
            "Resident records, mentoring, house meetings and monthly progress reports, "
            "all in one place. To begin, set up your house or look around a made-up one.")
        intro.setWordWrap(True)
        intro.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.set_up_button = QCommandLinkButton(
            "Set up my house",
            "Enter your house's name, address and number of beds. Soberhouse starts it "
            "with three tiers (Newcomer, Established, Senior) that you can change later "
            "in Settings.")
        self.set_up_button.setIcon(icon("house"))
        self.demo_button = QCommandLinkButton(
            "Explore with a demo house",
            "Fill this data file with a made-up house and residents to try every screen. "
            "Use a separate data file for your real records.")
        self.demo_button.setIcon(icon("residents"))
        for button in (self.set_up_button, self.demo_button):
            button.setIconSize(QSize(32, 32))
        self.set_up_button.setDefault(True)
        self.set_up_button.clicked.connect(self.set_up_house)
        self.demo_button.clicked.connect(self.explore_demo)

        column = QWidget()
        column_layout = QVBoxLayout(column)
        column_layout.setSpacing(12)
        column_layout.addWidget(picture)
        column_layout.addWidget(title)
        column_layout.addWidget(intro)
        column_layout.addSpacing(12)
        column_layout.addWidget(self.set_up_button)
        column_layout.addWidget(self.demo_button)
        self.progress_row = ProgressRow(cancel_button=False)
        column_layout.addWidget(self.progress_row)
        self.demo_task: BackgroundTask | None = None
        place_in_centre(self, column)

    def set_up_house(self) -> None:
        house = HouseDialog.ask(self)
        if house is not None:
            self.house_ready.emit(f"House added: {house.name}")

    def explore_demo(self) -> None:
        """Write the demo house in the background (a second or two): the window
        stays responsive and says what it is doing."""
        self.set_up_button.setEnabled(False)
        self.demo_button.setEnabled(False)
        self.demo_task = BackgroundTask(lambda progress: demo.fill_demo_database(), self)
        self.progress_row.follow(self.demo_task, lambda done, total: "Writing the demo house…")
        self.demo_task.succeeded.connect(self._demo_written)
        self.demo_task.failed.connect(self._demo_failed)
        self.demo_task.start()

    def _demo_written(self, summary: demo.DemoSummary) -> None:
        self.house_ready.emit(demo_confirmation(summary))

    def _demo_failed(self, error: BaseException) -> None:
        self.set_up_button.setEnabled(True)
        self.demo_button.setEnabled(True)
        QMessageBox.warning(self, "Demo house", f"The demo house could not be written: {error}")


def demo_confirmation(summary: demo.DemoSummary) -> str:
    houses = "1 house" if summary.houses == 1 else f"{summary.houses} houses"
    residents = "1 resident" if summary.residents == 1 else f"{summary.residents} residents"
    return f"Demo data added: {houses}, {residents}"


def place_in_centre(page: QWidget, column: QWidget, width_in_characters: int = 80) -> None:
    """Lay ``column`` out on ``page``: centred, a readable width, a little above middle."""
    column.setMaximumWidth(column.fontMetrics().averageCharWidth() * width_in_characters)
    column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(column, 8)
    row.addStretch(1)
    layout = QVBoxLayout(page)
    layout.addStretch(1)
    layout.addLayout(row)
    layout.addStretch(2)

"""A section that is not built yet says plainly what will come there."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui.resources import icon

ICON_SIZE = 64


@dataclass(frozen=True)
class ComingSection:
    title: str
    icon_name: str
    summary: str
    features: tuple[str, ...]


COMING_SECTIONS: dict[str, ComingSection] = {
    "mentoring": ComingSection(
        "Mentoring", "mentoring",
        "Mentoring arrives in a coming version: pair newcomers with mentors and log "
        "their check-ins.",
        ("Mentor roster with caseload bars",
         "Assignments with start, end and reason, kept as history",
         "Check-ins with length, mode and the kinds of support given",
         "SMART goals reviewed at each check-in")),
    "meetings": ComingSection(
        "Meetings", "meetings",
        "Meetings arrive in a coming version: the weekly house meeting and its roll call.",
        ("Roll call in a few keystrokes: present, late, excused, unexcused",
         "Officer and chore reports, motions and minutes",
         "Attendance rate per resident, with absences beside it")),
    "steps": ComingSection(
        "12-Step", "steps",
        "12-Step arrives in a coming version: outside meetings, sponsors and step work.",
        ("Outside meetings by fellowship, verified or not",
         "Each week's count against the tier's quota",
         "Sponsor details and the dates each step was started and completed")),
    "reports": ComingSection(
        "Reports", "reports",
        "Reports arrive in a coming version: the monthly progress report for every resident.",
        ("One printed page per resident and month, ready to sign",
         "Days sober, tier, mentoring, attendance and step work",
         "Every resident's report at once, as PDF or on paper")),
}


class PlaceholderSection(QWidget):
    """A calm page with an icon, a title, one sentence and what is planned."""

    def __init__(self, coming: ComingSection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("placeholderSection")

        picture = QLabel()
        picture.setPixmap(icon(coming.icon_name).pixmap(ICON_SIZE, ICON_SIZE))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)

        title = QLabel(coming.title)
        title.setObjectName("pageTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title_font = title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.6)
        title_font.setBold(True)
        title.setFont(title_font)

        summary = QLabel(coming.summary)
        summary.setWordWrap(True)
        summary.setAlignment(Qt.AlignmentFlag.AlignCenter)

        planned = QLabel("Planned")
        planned.setAlignment(Qt.AlignmentFlag.AlignCenter)
        planned_font = planned.font()
        planned_font.setBold(True)
        planned.setFont(planned_font)
        items = "".join(f"<li>{feature}</li>" for feature in coming.features)
        features = QLabel(f"<ul style='margin-left: 0; -qt-list-indent: 1'>{items}</ul>")
        features.setTextFormat(Qt.TextFormat.RichText)

        column = QWidget()
        column_layout = QVBoxLayout(column)
        column_layout.setSpacing(12)
        column_layout.addWidget(picture)
        column_layout.addWidget(title)
        column_layout.addWidget(summary)
        column_layout.addSpacing(6)
        column_layout.addWidget(planned)
        column_layout.addWidget(features, 0, Qt.AlignmentFlag.AlignHCenter)
        place_in_centre(self, column)


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

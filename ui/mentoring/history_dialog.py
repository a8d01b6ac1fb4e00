"""Every mentoring assignment of one person, current and ended, newest first.

Assignments are never deleted: this read-only window shows a resident's
mentors over time and, when the resident is or was a mentor, every mentee
they had (under each of their mentor records: resident mentor, then alumnus).
A staff coach shows only the mentees.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from soberhouse.mentoring.assignments import AssignmentView, mentee_history, mentor_history
from soberhouse.mentoring.mentors import mentor
from soberhouse.models.mentoring import Mentor
from soberhouse.residents import get_resident
from ui.form_fields import short_date
from ui.mentoring.list_view import ListView
from ui.mentoring.marks import Mark, plural
from ui.mentoring.row_model import Column, RowTableModel, last_then

ONGOING = "ongoing"


def newest_first(views: Sequence[AssignmentView]) -> list[AssignmentView]:
    return sorted(views, key=lambda view: (view.started_on, view.id), reverse=True)


def status_text(view: AssignmentView) -> str:
    return "Current" if view.is_active else "Ended"


def to_text(view: AssignmentView) -> str:
    return short_date(view.ended_on) if view.ended_on is not None else ONGOING


def reason_text(view: AssignmentView) -> str:
    if view.end_reason is None:
        return ""
    return f"{view.end_reason.label}: {view.end_note}" if view.end_note else view.end_reason.label


def reason_tooltip(view: AssignmentView) -> str | None:
    if view.end_reason is None:
        return None
    if view.end_note:
        return f"{view.end_reason.label}: {view.end_note}"
    return view.end_reason.label


def ended_colour(view: AssignmentView) -> QColor | None:
    """Ended rows in a softer text colour, still easy to read (their "Ended"
    status and end date say it in words too)."""
    if view.is_active:
        return None
    palette = QApplication.palette()
    text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
    return QColor.fromRgbF(*(0.62 * t + 0.38 * b for t, b in
                             zip(text.getRgbF()[:3], base.getRgbF()[:3], strict=True)))


def _column(heading: str, display: object, **options: object) -> Column[AssignmentView]:
    """A column whose ended rows are dimmed unless it says otherwise."""
    options.setdefault("foreground", ended_colour)
    return Column[AssignmentView](heading, display, **options)  # type: ignore[arg-type]


def _common_columns() -> tuple[Column[AssignmentView], ...]:
    return (
        _column("Status", status_text,
                decoration=lambda v: Mark.GOOD.icon if v.is_active else None,
                sort=lambda v: (v.is_active, v.started_on, v.id),
                tooltip=lambda v: (f"Current since {short_date(v.started_on)}" if v.is_active
                                   else f"Ended {short_date(v.ended_on)}")),
        _column("Role", lambda v: v.role.label),
        _column("From", lambda v: short_date(v.started_on), sort=lambda v: (v.started_on, v.id)),
        _column("To", to_text, sort=lambda v: last_then(v.ended_on, v.started_on)),
        _column("End reason", reason_text, tooltip=reason_tooltip, shares_room=True),
        _column("Check-ins", lambda v: v.check_ins, numeric=True,
                tooltip=lambda v: f"{plural(v.check_ins, 'check-in')}, "
                                  f"{v.minutes} minutes in all"),
        _column("Minutes", lambda v: v.minutes, numeric=True),
        _column("Last check-in",
                lambda v: short_date(v.last_check_in) if v.last_check_in else "None",
                sort=lambda v: last_then(v.last_check_in, v.started_on)),
    )


class HistoryColumn:
    NAME = 0
    STATUS = 1
    ROLE = 2
    FROM = 3
    TO = 4
    END_REASON = 5
    CHECK_INS = 6
    MINUTES = 7
    LAST_CHECK_IN = 8


class HistoryModel(RowTableModel[AssignmentView]):
    """One row per assignment; subclasses name the other person's column."""

    def row_id(self, row: AssignmentView) -> int:
        return row.id

    def search_text(self, row: AssignmentView) -> str:
        return f"{row.mentor_name} {row.mentee_name}"


class MenteeHistoryModel(HistoryModel):
    """A mentee's mentors."""

    columns = (
        _column("Mentor", lambda v: v.mentor_name,
                tooltip=lambda v: f"{v.mentor_name} ({v.mentor_kind.label.lower()})",
                shares_room=True),
        *_common_columns(),
    )


class MentorHistoryModel(HistoryModel):
    """A mentor's mentees."""

    columns = (
        _column("Mentee", lambda v: v.mentee_name,
                tooltip=lambda v: f"{v.mentee_name}, mentored as "
                                  f"{v.mentor_kind.label.lower()}", shares_room=True),
        *_common_columns(),
    )


MOST_ROWS_AT_ONCE = 14


def wanted_width(table: ListView) -> int:
    """Every column at its fitted width (the last one at its content's)."""
    header = table.horizontalHeader()
    last = header.count() - 1
    columns = sum(header.sectionSize(column) for column in range(last))
    columns += max(table.sizeHintForColumn(last), header.sectionSizeHint(last))
    return (columns + 2 * table.frameWidth()
            + table.verticalScrollBar().sizeHint().width())


def wanted_height(table: ListView, rows: int | None = None) -> int:
    """The header and the rows (at least one, at most :data:`MOST_ROWS_AT_ONCE`)."""
    count = table.model().rowCount() if rows is None else rows
    count = max(1, min(count, MOST_ROWS_AT_ONCE))
    return (table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
            + count * table.verticalHeader().defaultSectionSize())


class MentoringHistoryDialog(QDialog):
    """Read-only: the assignments as mentee and, for a mentor, as mentor."""

    def __init__(self, parent: QWidget | None = None, *, resident_id: int | None = None,
                 mentor_id: int | None = None) -> None:
        super().__init__(parent)
        if resident_id is None and mentor_id is None:
            raise ValueError("Give a resident or a mentor.")
        if resident_id is None:
            assert mentor_id is not None
            facts = mentor(mentor_id)
            resident_id = facts.resident_id
            name = facts.name
        if resident_id is not None:
            name = get_resident(resident_id).full_name
            mentor_ids = [record.id for record in
                          Mentor.select(Mentor.id).where(Mentor.resident == resident_id)]
        else:
            assert mentor_id is not None
            mentor_ids = [mentor_id]
        self.name = name
        self.setWindowTitle(f"Mentoring history \u2014 {name}")

        self.mentee_model = MenteeHistoryModel(self)
        self.mentor_model = MentorHistoryModel(self)
        self.mentee_table = ListView(f"Mentors of {name}",
                                     f"{name} has never had a mentor.")
        self.mentor_table = ListView(f"Mentees of {name}",
                                     f"{name} has not mentored anyone yet.")
        layout = QVBoxLayout(self)
        self.mentee_heading = QLabel()
        self.mentor_heading = QLabel()
        for heading, table, model in ((self.mentee_heading, self.mentee_table,
                                       self.mentee_model),
                                      (self.mentor_heading, self.mentor_table,
                                       self.mentor_model)):
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            heading.setBuddy(table)
            table.setModel(model)
            table.setSortingEnabled(False)
            layout.addWidget(heading)
            layout.addWidget(table, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        mentees_of = (newest_first([view for record in mentor_ids
                                    for view in mentor_history(record)])
                      if mentor_ids else [])
        self.as_mentee = resident_id is not None
        self.as_mentor = bool(mentor_ids)
        mentors_of = mentee_history(resident_id) if resident_id is not None else []
        self._fill(self.mentee_model, self.mentee_table, self.mentee_heading, mentors_of,
                   "As mentee: their &mentors")
        self._fill(self.mentor_model, self.mentor_table, self.mentor_heading, mentees_of,
                   "As mentor: their mentee&s")
        for widget in (self.mentee_heading, self.mentee_table):
            widget.setVisible(self.as_mentee)
        for widget in (self.mentor_heading, self.mentor_table):
            widget.setVisible(self.as_mentor)

        self._size_to_contents(layout)

    def _size_to_contents(self, layout: QVBoxLayout) -> None:
        """Wide enough for every column, tall enough for the rows (within the
        screen); the longer table gets the more room."""
        tables = [table for table, shown in ((self.mentee_table, self.as_mentee),
                                             (self.mentor_table, self.as_mentor)) if shown]
        width = max(wanted_width(table) for table in tables)
        heights = {table: wanted_height(table) for table in tables}
        for table, height in heights.items():
            layout.setStretch(layout.indexOf(table), height)
            table.setMinimumHeight(min(height, wanted_height(table, rows=3)))
        margins = layout.contentsMargins()
        extra = (margins.top() + margins.bottom() + self.buttons.sizeHint().height()
                 + sum(self.mentee_heading.sizeHint().height() + 2 * layout.spacing()
                       for _ in tables))
        screen = self.screen().availableGeometry()
        self.resize(min(width + margins.left() + margins.right(), screen.width() - 80),
                    min(sum(heights.values()) + extra, screen.height() - 120))

    @staticmethod
    def _fill(model: HistoryModel, table: ListView, heading: QLabel,
              views: Sequence[AssignmentView], title: str) -> None:
        model.set_rows(newest_first(views))
        current = sum(1 for view in views if view.is_active)
        heading.setText(f"{title} ({current} current, {len(views) - current} ended)"
                        if views else title)
        table.size_columns()

    @classmethod
    def ask(cls, parent: QWidget | None, *, resident_id: int | None = None,
            mentor_id: int | None = None) -> None:
        """Show the history (modal) until Close or Esc."""
        dialog = cls(parent, resident_id=resident_id, mentor_id=mentor_id)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

"""The Attendance tab: every resident's house-meeting attendance over a
period (the last three months unless changed), and the house's total."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from soberhouse import clock
from soberhouse.meetings.attendance import attendance_by_resident, house_attendance
from soberhouse.models import Resident, display_name
from ui.date_field import DateField
from ui.meetings.attendance_model import AttendanceColumn, AttendanceModel, AttendanceRow
from ui.meetings.marks import percentage
from ui.mentoring.list_view import ListView
from ui.mentoring.marks import plural
from ui.mentoring.row_model import SearchProxy

DEFAULT_MONTHS = 3


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the month's last day when it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for last_day in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last_day))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def resident_names(resident_ids: list[int]) -> dict[int, str]:
    """Names as lists show them ("Last, First", "李伟"), one query."""
    if not resident_ids:
        return {}
    query = (Resident.select(Resident.id, Resident.first_name, Resident.last_name,
                             Resident.preferred_name, Resident.name_order)
             .where(Resident.id.in_(resident_ids)).tuples())
    return {resident_id: display_name(first, last, preferred, order)
            for resident_id, first, last, preferred, order in query}


class AttendancePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.house_id: int | None = None
        self._loaded_for: tuple[int | None, dt.date | None, dt.date | None] | None = None
        today = clock.today()
        self.start = DateField(months_before(today, DEFAULT_MONTHS), required=True)
        self.start.setToolTip("The first day counted")
        self.end = DateField(today, required=True)
        self.end.setToolTip("The last day counted")
        self.default_button = QPushButton("&Last 3 months")
        self.default_button.setAutoDefault(False)
        self.default_button.setToolTip("From three months ago to today")
        self.default_button.clicked.connect(self.show_default_period)
        for field in (self.start, self.end):
            field.value_changed.connect(self.reload)
            field.typing_checked.connect(self._typing_checked)

        self.model = AttendanceModel(self)
        self.proxy = SearchProxy(self.model, self)
        self.table = ListView("House meeting attendance",
                              "No house meeting with a roll call in this period. Take the "
                              "roll call in the Meetings tab, or choose a longer period.")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(AttendanceColumn.NAME, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.total = QLabel()
        self.total.setWordWrap(True)
        self.total.setTextFormat(Qt.TextFormat.PlainText)
        font = self.total.font()
        font.setBold(True)
        self.total.setFont(font)

        period = QHBoxLayout()
        from_label = QLabel("&From:")
        from_label.setBuddy(self.start)
        to_label = QLabel("&To:")
        to_label.setBuddy(self.end)
        self.start.setAccessibleName("From")
        self.end.setAccessibleName("To")
        period.addWidget(from_label)
        period.addWidget(self.start)
        period.addSpacing(8)
        period.addWidget(to_label)
        period.addWidget(self.end)
        period.addSpacing(8)
        period.addWidget(self.default_button)
        period.addStretch(1)
        note = QLabel("Present and late count as attended. Rate = attended \u00f7 "
                      "(meetings held \u2212 excused absences).")
        note.setEnabled(False)
        note.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(period)
        layout.addWidget(self.total)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)

    def set_house(self, house_id: int | None) -> None:
        self.house_id = house_id
        self._loaded_for = None

    def show_default_period(self) -> None:
        today = clock.today()
        self.start.blockSignals(True)
        self.start.set_value(months_before(today, DEFAULT_MONTHS))
        self.start.blockSignals(False)
        self.end.set_value(today)
        self.reload()

    def ensure_loaded(self) -> None:
        if self._loaded_for != self._key():
            self.reload()

    def reload(self) -> None:
        start, end = self.start.value(), self.end.value()
        self._loaded_for = self._key()
        if self.house_id is None or start is None or end is None or start > end:
            self.model.set_rows([])
            self.total.setText("The period's first day must be on or before its last day."
                               if start is not None and end is not None and start > end
                               else "")
            return
        figures = attendance_by_resident(self.house_id, start, end)
        names = resident_names(list(figures))
        self.model.set_rows([AttendanceRow(resident_id, names.get(resident_id, "?"), row)
                             for resident_id, row in figures.items()])
        self.table.size_columns()
        total = house_attendance(self.house_id, start, end)
        if not figures:
            self.total.setText("House total: no meeting counted in this period.")
            return
        self.total.setText(
            f"House total: {percentage(total.rate)} attended \u00b7 "
            f"{plural(len(figures), 'resident')} \u00b7 {total.present} present, "
            f"{total.late} late, {total.excused} excused, {total.unexcused} unexcused"
            + (f", {total.unrecorded} not marked" if total.unrecorded else ""))

    def _typing_checked(self, problem: str) -> None:
        if problem:
            self.total.setText(problem)

    def _key(self) -> tuple[int | None, dt.date | None, dt.date | None]:
        return (self.house_id, self.start.value(), self.end.value())

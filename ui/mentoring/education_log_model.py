"""A staff coach's continuing-education log, newest first."""

from __future__ import annotations

from collections.abc import Sequence

from soberhouse.mentoring.certification import EducationEntry, hours_text
from ui.form_fields import short_date
from ui.mentoring.row_model import Column, RowTableModel

DATE, HOURS, TOPIC, LAW_AND_ETHICS = range(4)


class EducationLogModel(RowTableModel[EducationEntry]):
    columns = (
        Column("Date", lambda entry: short_date(entry.taken_on),
               sort=lambda entry: entry.taken_on),
        Column("Hours", lambda entry: hours_text(entry.hours), sort=lambda entry: entry.hours,
               numeric=True),
        Column("Topic", lambda entry: entry.topic, shares_room=True),
        Column("Law & ethics", lambda entry: "Yes" if entry.law_and_ethics else "",
               accessible=lambda entry: ("Law and ethics" if entry.law_and_ethics
                                         else "Not law and ethics")),
    )

    def row_id(self, row: EducationEntry) -> int:
        return row.id

    def set_entries(self, entries: Sequence[EducationEntry]) -> None:
        self.set_rows(entries)

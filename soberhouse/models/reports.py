"""The monthly reports' table: the manager's comments on a resident's month.

Written through :mod:`soberhouse.reports.monthly_progress`; created by migration m0004.
"""

from __future__ import annotations

from peewee import (
    DateField,
    ForeignKeyField,
    TextField,
)

from soberhouse.models import (
    HistoryModel,
    Resident,
)


class ReportComment(HistoryModel):
    """The manager's comments on a resident's monthly report.  Editing them
    adds a row; the latest row for (resident, month) is the current text."""

    resident = ForeignKeyField(Resident, backref="report_comments", on_delete="RESTRICT")
    month = DateField()  # the first day of the month
    text = TextField(default="")

    class Meta:
        indexes = ((("resident", "month"), False),)

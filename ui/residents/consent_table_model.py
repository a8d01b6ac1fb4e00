"""A resident's consents to disclose: to whom, why, what, until when, and
whether each is valid today (in words and colour)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor

from soberhouse import clock
from soberhouse.consents import ConsentView
from ui.colours import Level, level_colour
from ui.mentoring.row_model import Column, RowTableModel


def _status_colour(consent: ConsentView) -> QColor | None:
    if consent.is_valid_on(clock.today()):
        return level_colour(Level.GOOD)
    return level_colour(Level.DUE) if consent.signed_on is None else None


class ConsentTableModel(RowTableModel[ConsentView]):
    columns = (
        Column("Recipient", lambda c: c.recipient, shares_room=True),
        Column("Purpose", lambda c: c.purpose, shares_room=True),
        Column("Information", lambda c: c.scope_text, shares_room=True,
               tooltip=lambda c: c.scope_text),
        Column("Until", lambda c: c.until_text, sort=lambda c: (c.valid_until is None,
                                                                c.valid_until)),
        Column("Status", lambda c: c.status(clock.today()), foreground=_status_colour),
    )

    def row_id(self, row: ConsentView) -> int:
        return row.id

    def set_consents(self, consents: Sequence[ConsentView]) -> None:
        self.set_rows(consents)

    def consent(self, row: int) -> ConsentView:
        return self.rows[row]

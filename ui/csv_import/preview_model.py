"""An import preview as a table: the file's line number, what each line becomes,
and "OK" or its problems (in the error colour, with a warning icon)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtGui import QColor, QIcon

from soberhouse.csv_reading import PreviewLines
from ui.colours import error_colour
from ui.form_fields import short_date
from ui.mentoring.row_model import Column, RowTableModel
from ui.resources import icon


def _problems_colour(row: Any) -> QColor | None:
    return error_colour() if row.problems else None


def _problems_icon(row: Any) -> QIcon | None:
    return icon("warning") if row.problems else None


LINE_COLUMN: Column[Any] = Column("Line", lambda row: row.line, numeric=True)
CHECK_COLUMN: Column[Any] = Column(
    "Check", lambda row: "; ".join(row.problems) if row.problems else "OK",
    tooltip=lambda row: "\n".join(row.problems) if row.problems else None,
    foreground=_problems_colour, decoration=_problems_icon)


def date_or_text(day: date | None, text: str) -> str:
    """The date in the system's format, or the file's text if it could not be read."""
    return short_date(day) if day is not None else text


def preview_columns(*middle: Column[Any]) -> tuple[Column[Any], ...]:
    """Line, the given columns, then Check: the shape of every preview table."""
    return (LINE_COLUMN, *middle, CHECK_COLUMN)


class PreviewModel(RowTableModel[Any]):
    """Read-only rows of a preview, in file order; subclasses set ``columns``
    with :func:`preview_columns`."""

    def set_preview(self, preview: PreviewLines | None) -> None:
        rows: Sequence[Any] = preview.rows if preview is not None else ()
        self.set_rows(rows)

    def row_id(self, row: Any) -> int:
        return int(row.line)

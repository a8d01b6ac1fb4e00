"""The residents import preview: one table row per line of the file, "OK" or its problems."""

from __future__ import annotations

from enum import IntEnum

from soberhouse.residents_csv import ImportRow
from ui.csv_import.preview_model import PreviewModel, date_or_text, preview_columns
from ui.mentoring.row_model import Column as TableColumn


class Column(IntEnum):
    """The table's columns, in order."""

    LINE = 0
    NAME = 1
    DATE_OF_BIRTH = 2
    HOUSE = 3
    TIER = 4
    MOVE_IN = 5
    SOBRIETY = 6
    STATUS = 7
    CHECK = 8


def _date(name: str) -> TableColumn[ImportRow]:
    label = {"date_of_birth": "Date of birth", "move_in_date": "Move-in date",
             "sobriety_date": "Sobriety date"}[name]
    return TableColumn(label, lambda row: date_or_text(getattr(row.details, name),
                                                  row.cells.get(name, "")))


class ImportPreviewModel(PreviewModel):
    columns = preview_columns(
        TableColumn("Name", lambda row: row.name),
        _date("date_of_birth"),
        TableColumn("House", lambda row: row.house_name),
        TableColumn("Tier", lambda row: row.tier_name or "(entry tier)"),
        _date("move_in_date"),
        _date("sobriety_date"),
        TableColumn("Status", lambda row: row.details.status.capitalize()),
    )

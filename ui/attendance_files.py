"""Outside meetings and roll calls from and to CSV files, for the sections' menus.

    import_outside_meetings(parent) -> bool    # something was imported
    export_outside_meetings(parent, house_id)  # house_id None: every house
    import_roll_calls(parent) -> bool
    export_roll_calls(parent, house_id)

An import is the same dialog as the residents import
(:class:`~ui.csv_import.import_dialog.CsvImportDialog`): the file, its date
order, a preview with line numbers and the reason of every bad line, a tick
box to skip them, and the import itself in the background with progress and
Cancel (nothing is saved until it all is).  An export asks for the file name
and writes it; the parent's ``status_message`` signal, if it has one, says how
many rows were written.  Tests replace :meth:`ExportFile.file_name_from_user`
and :meth:`ExportFile.tell_problem`, and the dialogs' ``file_name_from_user``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from soberhouse import clock
from soberhouse.csv_reading import DateOrder, PreviewLines, Progress
from soberhouse.houses import get_house
from soberhouse.outside_meetings_csv import (
    OutsideMeetingLine,
    apply_outside_meetings,
    read_outside_meetings_csv,
)
from soberhouse.outside_meetings_csv import (
    export_outside_meetings as write_outside_meetings,
)
from soberhouse.roll_calls_csv import (
    RollCallLine,
    apply_roll_calls,
    read_roll_calls_csv,
)
from soberhouse.roll_calls_csv import (
    export_roll_calls as write_roll_calls,
)
from ui.csv_import.import_dialog import CsvImportDialog
from ui.csv_import.preview_model import PreviewModel, date_or_text, preview_columns
from ui.mentoring.row_model import Column


class OutsideMeetingsPreviewModel(PreviewModel):
    columns = preview_columns(
        Column[OutsideMeetingLine]("Resident", lambda row: row.resident_name),
        Column[OutsideMeetingLine]("House", lambda row: row.house_name),
        Column[OutsideMeetingLine]("Date", lambda row: date_or_text(row.attended_on,
                                                                    row.attended_on_text)),
        Column[OutsideMeetingLine]("Fellowship", lambda row: row.fellowship.label
                                   if row.fellowship else row.fellowship_text),
        Column[OutsideMeetingLine]("Meeting", lambda row: row.meeting_name),
        Column[OutsideMeetingLine]("Verified", lambda row: (
            f"Yes ({row.verified_by})" if row.verified and row.verified_by
            else "Yes" if row.verified else "No")),
    )


class RollCallsPreviewModel(PreviewModel):
    columns = preview_columns(
        Column[RollCallLine]("House", lambda row: row.house_name),
        Column[RollCallLine]("Date", lambda row: date_or_text(row.held_on, row.held_on_text)),
        Column[RollCallLine]("Meeting", lambda row: "" if row.problems else (
            "On record" if row.meeting_id is not None else "New")),
        Column[RollCallLine]("Resident", lambda row: row.resident_name),
        Column[RollCallLine]("Status", lambda row: row.status.label if row.status
                             else row.status_text),
        Column[RollCallLine]("Reason", lambda row: row.reason),
    )


class ImportOutsideMeetingsDialog(CsvImportDialog):
    title = "Import outside meetings"
    nouns = ("outside meeting", "outside meetings")

    def make_model(self) -> PreviewModel:
        return OutsideMeetingsPreviewModel(self)

    @staticmethod
    def read_preview(path: Path, order: DateOrder, progress: Progress) -> PreviewLines:
        return read_outside_meetings_csv(path, order, progress=progress)

    @staticmethod
    def apply_preview(preview: Any, skip_bad: bool, progress: Progress) -> int:
        return apply_outside_meetings(preview, skip_bad=skip_bad, progress=progress)


class ImportRollCallsDialog(CsvImportDialog):
    title = "Import roll calls"
    nouns = ("mark", "marks")

    def make_model(self) -> PreviewModel:
        return RollCallsPreviewModel(self)

    @staticmethod
    def read_preview(path: Path, order: DateOrder, progress: Progress) -> PreviewLines:
        return read_roll_calls_csv(path, order, progress=progress)

    @staticmethod
    def apply_preview(preview: Any, skip_bad: bool, progress: Progress) -> int:
        return apply_roll_calls(preview, skip_bad=skip_bad, progress=progress)

    def notes(self, preview: Any) -> list[str]:
        new = preview.new_meetings
        return [f"{new} new {'meeting' if new == 1 else 'meetings'} will be recorded."] if new \
            else []


def import_outside_meetings(parent: QWidget | None) -> bool:
    """Choose, preview and import an outside-meetings file; True if any were imported."""
    return ImportOutsideMeetingsDialog.ask(parent) > 0


def import_roll_calls(parent: QWidget | None) -> bool:
    """Choose, preview and import a roll-calls file; True if any marks were imported."""
    return ImportRollCallsDialog.ask(parent) > 0


class ExportFile:
    """Asking where to write, and telling a problem: what tests replace."""

    @staticmethod
    def file_name_from_user(parent: QWidget | None, title: str, suggested: str) -> str:
        name, _ = QFileDialog.getSaveFileName(parent, title, suggested,
                                              "CSV files (*.csv);;All files (*)")
        return name

    @staticmethod
    def tell_problem(parent: QWidget | None, title: str, message: str) -> None:
        QMessageBox.warning(parent, title, message)


def _export(parent: QWidget | None, house_id: int | None, title: str, what: str,
            nouns: tuple[str, str],
            write: Callable[[Path, int | None, date | None, date | None], int]) -> str | None:
    place = get_house(house_id).name if house_id is not None else "all houses"
    suggested = f"{what} {place} {clock.today().isoformat()}.csv".replace(" ", "-").lower()
    name = ExportFile.file_name_from_user(parent, title, suggested)
    if not name:
        return None
    path = Path(name)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        count = write(path, house_id, None, None)
    except OSError as error:
        ExportFile.tell_problem(parent, title, f"{path.name} could not be written: "
                                               f"{error.strerror or error}")
        return None
    finally:
        QGuiApplication.restoreOverrideCursor()
    message = f"Exported {count} {nouns[0] if count == 1 else nouns[1]} to {path.name}"
    status = getattr(parent, "status_message", None)
    if status is not None:
        status.emit(message)
    return message


def export_outside_meetings(parent: QWidget | None, house_id: int | None) -> str | None:
    """Ask for a file and write the house's (every house's) outside meetings to it;
    the message said, or None if the manager cancelled or it failed."""
    return _export(parent, house_id, "Export outside meetings", "outside meetings",
                   ("outside meeting", "outside meetings"), write_outside_meetings)


def export_roll_calls(parent: QWidget | None, house_id: int | None) -> str | None:
    """Ask for a file and write the house's (every house's) roll calls to it."""
    return _export(parent, house_id, "Export roll calls", "roll calls",
                   ("roll-call mark", "roll-call marks"), write_roll_calls)

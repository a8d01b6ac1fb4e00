"""Asking where a report goes, and saying when it could not be written: the
dialogs tests replace (every method is a static method)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from soberhouse.audit import Action
from soberhouse.private_files import write_private_bytes
from ui import preferences

FOLDER_KEY = "reports/folder"
PDF_FILTER = "PDF files (*.pdf)"


def last_folder() -> Path:
    saved = preferences.load_text(FOLDER_KEY)
    folder = Path(saved) if saved else Path.home()
    return folder if folder.is_dir() else Path.home()


def remember_folder(folder: Path) -> None:
    preferences.save_text(FOLDER_KEY, str(folder))


class ReportFiles:
    @staticmethod
    def pdf_path_from_user(parent: QWidget | None, title: str, suggested_name: str) -> str:
        """A PDF file to write ("" when cancelled), starting in the last folder used."""
        name, _ = QFileDialog.getSaveFileName(parent, title,
                                              str(last_folder() / suggested_name), PDF_FILTER)
        return name

    @staticmethod
    def folder_from_user(parent: QWidget | None, title: str) -> str:
        """A folder to write one file per resident into ("" when cancelled)."""
        return QFileDialog.getExistingDirectory(parent, title, str(last_folder()))

    @staticmethod
    def tell_problem(parent: QWidget | None, title: str, message: str) -> None:
        QMessageBox.warning(parent, title, message)


def pdf_path(name: str) -> Path:
    """The file name given, ending in .pdf."""
    return Path(name if name.lower().endswith(".pdf") else f"{name}.pdf")


def write_pdf(parent: QWidget | None, data: bytes, suggested_name: str,
              title: str = "Save Report as PDF", *, what: str = "", month: str = "",
              residents: Iterable[int] = ()) -> Path | None:
    """Ask where, then write ``data`` there; the path written, or None.  The
    audit trail notes the file (``what`` it is, ``month``, ``residents``,
    pages, the SHA-256 of ``data``)."""
    from ui.audit_notes import note_pdf

    name = ReportFiles.pdf_path_from_user(parent, title, suggested_name)
    if not name:
        return None
    path = pdf_path(name)
    try:
        write_private_bytes(path, data)  # owner-only, whole or not at all
    except OSError as error:
        ReportFiles.tell_problem(parent, title, f"{path.name} could not be written: "
                                                f"{error.strerror or error}")
        return None
    remember_folder(path.parent)
    note_pdf(Action.SAVED_PDF, data, what or path.stem, month=month, residents=residents,
             file_name=str(path))
    return path

"""A crafted October 2026 in Maple House for the Reports UI tests.

- Ann Avery lived there all month: 3 meetings (2 present, 1 unexcused): 67%.
- Ben Brooks moved in on 10 October: 2 meetings, both attended: 100%.
- Cara Cole graduated on 20 October: 3 meetings (1 excused): 100%.
- Dan Diaz moved in on 2 November, and Eve Ellis lives in Cedar House: not listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from soberhouse.models import House, ResidentStatus
from soberhouse.models.meetings import AttendanceStatus
from soberhouse.residents import discharge
from tests.meetings_helpers import admit, held
from ui.reports.section import ReportsSection

OCTOBER = dt.date(2026, 10, 1)


@dataclass(frozen=True)
class October:
    ann: int
    ben: int
    cara: int
    dan: int
    eve: int


def craft_october(house: House, other_house: House) -> October:
    ann = admit(house, "Ann", "Avery", move_in=dt.date(2026, 5, 1), sober=dt.date(2026, 4, 1))
    ben = admit(house, "Ben", "Brooks", move_in=dt.date(2026, 10, 10),
                sober=dt.date(2026, 10, 1))
    cara = admit(house, "Cara", "Cole", move_in=dt.date(2026, 5, 1), sober=dt.date(2026, 3, 1))
    eve = admit(other_house, "Eve", "Ellis", move_in=dt.date(2026, 5, 1))
    present, late = AttendanceStatus.PRESENT, AttendanceStatus.LATE
    held(house, dt.date(2026, 10, 5), {ann.id: present, cara.id: present})
    held(house, dt.date(2026, 10, 12), {
        ann.id: AttendanceStatus.UNEXCUSED, ben.id: present,
        cara.id: (AttendanceStatus.EXCUSED, "At work")})
    held(house, dt.date(2026, 10, 19), {ann.id: present, ben.id: late, cara.id: present})
    discharge(cara.id, ResidentStatus.GRADUATED.value, dt.date(2026, 10, 20), "Moved home")
    dan = admit(house, "Dan", "Diaz", move_in=dt.date(2026, 11, 2))
    return October(ann.id, ben.id, cara.id, dan.id, eve.id)


def pdf_pages(path: Path | bytes) -> PdfReader:
    if isinstance(path, bytes):
        import io

        return PdfReader(io.BytesIO(path))
    return PdfReader(str(path))


def print_to_file(target: Path) -> object:
    """A replacement for SystemPrintDialog.ask that prints into ``target``
    (a PDF, through QPrinter's own PDF output)."""

    def ask(parent: QWidget | None, printer: QPrinter, page_count: int) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        ask.page_count = page_count  # type: ignore[attr-defined]
        return True

    return ask




@pytest.fixture
def october(house: House, other_house: House) -> October:
    """The crafted October (a fixture: import it into a test module to use it)."""
    return craft_october(house, other_house)


@pytest.fixture
def section(qtbot: QtBot, house: House, october: October) -> Iterator[ReportsSection]:
    """The Reports section on Maple House, shown, with the crafted October."""
    widget = ReportsSection()
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    widget.set_house(house.id)
    yield widget
    if widget.batch is not None:
        widget.batch.stop()

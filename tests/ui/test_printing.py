"""File > Print (Ctrl+P) on every section that has something to print, and
File > Print Lists: each section's printout read back, the system print
dialog replaced by one that prints into a PDF file."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from soberhouse.house_lists import ListKind
from soberhouse.houses import HouseDetails, create_house
from soberhouse.mentoring.assignments import assign_mentor
from soberhouse.mentoring.mentors import register_resident_mentor
from soberhouse.models import House
from soberhouse.residents import discharge, resident_rows
from tests.mentoring_helpers import admit
from ui.house_lists_dialog import HouseListsDialog
from ui.main_window import MainWindow
from ui.print_job import NothingToPrint, PrintJob, print_section
from ui.reports import printing
from ui.reports.pdf_preview import PdfPreviewDialog
from ui.residents.detail_pane import ResidentDetailPane

from .reports_fixtures import print_to_file

pytestmark = pytest.mark.ui

OpenWindow = Callable[[], MainWindow]
D = dt.date


@pytest.fixture
def people(house: House) -> dict[str, int]:
    """Maple House: Sam (senior, a mentor) mentors Kai; Zoë has no mentor;
    Gus was discharged."""
    sam = admit(house, "Sam", "Senior", tier=3, move_in=D(2026, 3, 1))
    kai = admit(house, "Kai", "Moana", move_in=D(2026, 10, 15))
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 10, 3))
    gus = admit(house, "Gus", "Berg", move_in=D(2026, 8, 1))
    discharge(gus.id, "discharged", D(2026, 11, 10), "Left without notice")
    mentor = register_resident_mentor(sam.id, D(2026, 9, 1))
    assign_mentor(mentor.id, kai.id, D(2026, 10, 20))
    return {"sam": sam.id, "kai": kai.id, "zoe": zoe.id, "gus": gus.id}


def text_of(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text()
                                        for page in PdfReader(io.BytesIO(data)).pages))


def job_of(window: MainWindow, key: str) -> PrintJob:
    window.show_section(key)
    job = window.section(key).printable()  # type: ignore[attr-defined]
    assert isinstance(job, PrintJob), job
    return job


def test_ctrl_p_prints_each_section_through_the_print_dialog(
        open_window: OpenWindow, people: dict[str, int], tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window()
    action = window.window_actions.print
    for key, what in (("today", "today's list"),
                      ("residents", "the house roster of Maple House"),
                      ("mentoring", "the mentoring roster"),
                      ("meetings", "the weekly meeting sign-in of Maple House"),
                      ("steps", "the outside meetings of Maple House")):
        target = tmp_path / f"{key}.pdf"
        monkeypatch.setattr(printing.SystemPrintDialog, "ask", print_to_file(target))
        window.show_section(key)
        assert action.isEnabled(), key
        action.trigger()
        assert window.statusBar().currentMessage() == f"Printed {what} (1 page)", key
        assert len(PdfReader(target).pages) == 1
    window.show_section("settings")
    assert not action.isEnabled()
    assert action.toolTip() == "Settings has nothing to print"
    window.show_section("reports")
    assert action.isEnabled() and action.toolTip() == "Print (Ctrl+P)"


def test_a_cancelled_print_dialog_prints_nothing(open_window: OpenWindow,
                                                 people: dict[str, int],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window()
    monkeypatch.setattr(printing.SystemPrintDialog, "ask", lambda parent, printer, pages: False)
    window.show_section("residents")
    window.statusBar().clearMessage()
    window.print_current()
    assert window.statusBar().currentMessage() == ""


def test_each_section_prints_what_it_shows(open_window: OpenWindow, people: dict[str, int],
                                           house: House) -> None:
    window = open_window()
    today = text_of(job_of(window, "today").pdf())
    assert today.startswith("Maple House Today Sunday 15 Nov 2026")
    assert "Residents who need a mentor (1) Who Status Details Nguyễn, Zoë Due Waiting" in today
    assert "Nothing to do: Unexcused absences, " in today  # the groups with nothing

    roster = text_of(job_of(window, "residents").pdf())
    assert roster.startswith("Maple House 12 Maple St House roster Sunday 15 Nov 2026")
    assert all(name in roster for name in ("Sam Senior", "Kai Moana", "Zoë Nguyễn"))
    assert "Gus Berg" not in roster

    mentoring = text_of(job_of(window, "mentoring").pdf())
    assert mentoring.startswith("Maple House Mentoring roster Sunday 15 Nov 2026")
    assert "Sam Senior" in mentoring and "1 of " in mentoring and "Kai Moana" in mentoring
    assert "Residents without a mentor Resident Days in the house Zoë Nguyễn" in mentoring

    # The section opens on last Monday's meeting (its roll call not taken):
    # Gus still lived there that day.
    sheet = text_of(job_of(window, "meetings").pdf())
    assert sheet.startswith("Maple House 12 Maple St Weekly meeting sign-in "
                            "Monday 9 Nov 2026, 19:00")
    assert "1 Gus Berg" in sheet and "2 Kai Moana" in sheet

    week = text_of(job_of(window, "steps").pdf())
    assert week.startswith("Maple House Outside meetings Week of 9 Nov 2026 – 15 Nov 2026")
    assert "Resident Tier Quota Required Meetings Verified Status" in week
    assert "Moana, Kai" in week and "Nguyễn, Zoë" in week


def test_the_meeting_chosen_is_the_one_printed(open_window: OpenWindow, people: dict[str, int]
                                               ) -> None:
    window = open_window()
    window.show_section("meetings")
    meetings = window.section("meetings")
    for day in (D(2026, 11, 16), D(2026, 11, 23)):
        row = next(row for row in meetings.model.rows  # type: ignore[attr-defined]
                   if row.held_on == day)
        assert meetings.select_meeting(row.row_id)  # type: ignore[attr-defined]
        sheet = text_of(job_of(window, "meetings").pdf())
        assert f"Weekly meeting sign-in Monday {day.day} Nov 2026, 19:00" in sheet
        assert "1 Kai Moana" in sheet and "2 Zoë Nguyễn" in sheet and "3 Sam Senior" in sheet
        assert "Gus Berg" not in sheet  # discharged on the 10th


def counted(qtbot: QtBot, window: MainWindow) -> None:
    """Wait for Today's counts of the house now chosen (none left running
    to land in the next test)."""
    today = window.section("today")
    qtbot.waitUntil(lambda: today.wait_until_counted()  # type: ignore[attr-defined]
                    and today.overview is not None  # type: ignore[attr-defined]
                    and today.overview.house_id == window.current_house_id())  # type: ignore[attr-defined]


def test_without_a_house_chosen_the_sign_in_sheet_says_so(
        open_window: OpenWindow, people: dict[str, int], other_house: House,
        qtbot: QtBot) -> None:
    window = open_window()
    window.house_combo.setCurrentIndex(0)  # All houses
    window.show_section("meetings")
    assert print_section(window, window.section("meetings"), "Meetings") == (
        "Choose a house in the toolbar to print its sign-in sheet.")
    window.show_section("residents")  # every house: one table each
    roster = text_of(job_of(window, "residents").pdf())
    assert roster.startswith("All houses House roster")
    assert "Cedar House" in roster and "Maple House" in roster
    counted(qtbot, window)


def test_the_lists_dialog(qtbot: QtBot, house: House, people: dict[str, int], tmp_path: Path,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    quiet = create_house(HouseDetails(name="Quiet House", beds=2, meeting_weekday=None))
    dialog = HouseListsDialog(None, house.id)
    qtbot.addWidget(dialog)
    assert dialog.kind is ListKind.SIGN_IN
    assert [dialog.house_combo.itemText(i) for i in range(dialog.house_combo.count())] == [
        "Maple House", "Quiet House"]  # a sign-in sheet is of one house
    assert dialog.description.text() == (
        "Weekly meeting sign-in · Monday 16 Nov 2026, 19:00 · 3 residents")
    dialog.choose(ListKind.SIGN_IN, quiet.id)
    assert dialog.description.text().startswith("Quiet House has no house meeting coming")
    assert not dialog.print_button.isEnabled() and not dialog.preview_button.isEnabled()

    dialog.choose(ListKind.EMERGENCY_CONTACTS, None)
    assert dialog.house_combo.currentText() == "All houses"
    dialog.choose(ListKind.ROSTER, house.id)
    assert dialog.description.text() == "House roster · Sunday 15 Nov 2026 · 3 residents"
    target = tmp_path / "roster.pdf"
    monkeypatch.setattr(printing.SystemPrintDialog, "ask", print_to_file(target))
    with qtbot.wait_signal(dialog.status_message) as said:
        assert dialog.print_list()
    assert said.args == ["Printed the house roster of Maple House (1 page)"]
    assert len(PdfReader(target).pages) == 1


def test_preview_from_the_lists_dialog(qtbot: QtBot, house: House, people: dict[str, int]
                                       ) -> None:
    dialog = HouseListsDialog(None, house.id, ListKind.EMERGENCY_CONTACTS)
    qtbot.addWidget(dialog)
    preview = dialog.preview_list()
    assert isinstance(preview, PdfPreviewDialog)
    qtbot.addWidget(preview)
    assert preview.windowTitle() == "Preview: Maple House: Emergency contacts, Sunday 15 Nov 2026"
    assert preview.page_count() == 1
    assert "Kai Moana" in text_of(preview.pdf.data)
    assert dialog.result() == dialog.DialogCode.Accepted


def test_file_print_lists_opens_the_dialog_on_the_house_chosen(
        open_window: OpenWindow, people: dict[str, int], other_house: House, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int | None] = []
    monkeypatch.setattr(HouseListsDialog, "ask",
                        classmethod(lambda cls, parent, house_id, on_status: asked.append(
                            house_id)))
    window = open_window()
    window.house_combo.setCurrentIndex(window.house_combo.findText("Cedar House"))
    window.window_actions.print_lists.trigger()
    assert asked == [other_house.id]
    counted(qtbot, window)
    assert window.window_actions.print_lists in window.menuBar().actions()[0].menu().actions()


def test_the_detail_pane_shows_the_resident_number(qtbot: QtBot, people: dict[str, int]
                                                   ) -> None:
    pane = ResidentDetailPane()
    qtbot.addWidget(pane)
    pane.show_resident(next(row for row in resident_rows() if row.id == people["zoe"]))
    assert pane.number_label.text() == f"Resident no. {people['zoe']}"
    assert f"--resident {people['zoe']}" in pane.number_label.toolTip()


def test_nothing_to_print_is_said_in_the_status_bar(open_window: OpenWindow,
                                                    people: dict[str, int],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window()
    window.show_section("meetings")
    monkeypatch.setattr(type(window.section("meetings")), "printable",
                        lambda self: NothingToPrint("Nothing today."))
    window.print_current()
    assert window.statusBar().currentMessage() == "Nothing today."

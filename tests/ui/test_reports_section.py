"""The Reports section: a house's month resident by resident, comments,
preview, printing through QPrinter, "Print all" to the printer and "Save
all" to files in the background, and the warning about roll calls never taken."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdfWidgets import QPdfView
from pytestqt.qtbot import QtBot

from soberhouse.models import House
from soberhouse.reports.monthly_progress import comments_for
from soberhouse.reports.settings import ReportSettings, save_report_settings
from tests.report_samples import sample_progress
from ui.reports import printing
from ui.reports.pdf_preview import PdfPreviewDialog, resident_pdf
from ui.reports.progress_model import ProgressColumn
from ui.reports.report_files import ReportFiles
from ui.reports.section import CHOOSE_HOUSE_TEXT, PrintAllChoice, PrintAllDialog, ReportsSection

from .reports_fixtures import OCTOBER, October, pdf_pages, print_to_file

pytestmark = pytest.mark.ui



def cell(section: ReportsSection, resident_id: int, column: ProgressColumn) -> object:
    row = section.model.row_of(resident_id)
    assert row is not None
    return section.model.index(row, column).data()


def names(section: ReportsSection) -> list[str]:
    return [row.name for row in section.model.rows]


def test_opens_on_last_month_with_the_residents_who_lived_there(
        section: ReportsSection, october: October) -> None:
    assert section.month == OCTOBER
    assert section.month_label.text() == "October 2026"
    assert names(section) == ["Ann Avery", "Ben Brooks", "Cara Cole"]
    # Ann: all month, sober since 1 April; 2 of 3 meetings, one unexcused.
    assert cell(section, october.ann, ProgressColumn.DAYS_SOBER) == 213
    assert cell(section, october.ann, ProgressColumn.ATTENDANCE) == "67%"
    assert cell(section, october.ann, ProgressColumn.ABSENCES) == "0 / 1"
    assert "unexcused" in str(cell(section, october.ann, ProgressColumn.FLAGS)).lower()
    assert cell(section, october.ann, ProgressColumn.TIER) == "Newcomer"
    # Ben moved in on the 10th: counted from then, both meetings attended.
    assert cell(section, october.ben, ProgressColumn.DAYS_SOBER) == 30
    assert cell(section, october.ben, ProgressColumn.ATTENDANCE) == "100%"
    assert str(cell(section, october.ben, ProgressColumn.STATUS)).startswith("Moved in")
    # Cara graduated on the 20th: the excused absence is left out of the rate.
    assert cell(section, october.cara, ProgressColumn.ATTENDANCE) == "100%"
    assert cell(section, october.cara, ProgressColumn.ABSENCES) == "1 / 0"
    assert str(cell(section, october.cara, ProgressColumn.STATUS)).startswith(
        "Graduated, moved out")
    assert cell(section, october.ben, ProgressColumn.FLAGS) != cell(
        section, october.ann, ProgressColumn.FLAGS)


def test_the_month_picker_stops_at_this_month(section: ReportsSection,
                                              october: October) -> None:
    assert section.next_month_action.isEnabled()
    section.next_button.click()
    assert section.month_label.text() == "November 2026"
    assert not section.next_month_action.isEnabled()  # December has not started
    assert "in progress" in section.counted_label.text()
    assert names(section) == ["Ann Avery", "Ben Brooks", "Dan Diaz"]
    section.shift_month(1)
    assert section.month == dt.date(2026, 11, 1)
    section.previous_button.click()
    section.previous_button.click()
    assert section.month_label.text() == "September 2026"
    assert names(section) == ["Ann Avery", "Cara Cole"]


def test_without_a_house_chosen_it_asks_for_one(qtbot: QtBot, house: House,
                                                other_house: House) -> None:
    widget = ReportsSection()
    qtbot.addWidget(widget)
    widget.set_house(None)
    assert widget.pages.currentWidget() is widget.empty_message
    assert widget.empty_message.text() == CHOOSE_HOUSE_TEXT
    assert not widget.print_all_action.isEnabled()


def test_comments_are_saved_and_read_back(section: ReportsSection, october: October,
                                          qtbot: QtBot) -> None:
    assert section.select_resident(october.ann)
    assert not section.save_comments_button.isEnabled()
    section.comments.setPlainText("Ann kept every chore this month.")
    assert section.unsaved_label.text() == "Not saved yet"
    with qtbot.wait_signal(section.status_message) as message:
        section.save_comments_button.click()
    assert message.args == ["Comments saved for Ann Avery (October 2026)"]
    assert comments_for([october.ann], OCTOBER) == {
        october.ann: "Ann kept every chore this month."}
    assert cell(section, october.ann, ProgressColumn.COMMENTS) == "Written"

    # Typed, then another row chosen: saved on leaving the row.
    section.select_resident(october.ben)
    section.comments.setPlainText("Settling in well.")
    section.select_resident(october.cara)
    assert comments_for([october.ben], OCTOBER)[october.ben] == "Settling in well."

    # Typed, then another month: saved too; and read back on return.
    section.comments.setPlainText("Graduated with honours.")
    section.shift_month(-1)
    assert comments_for([october.cara], OCTOBER)[october.cara] == "Graduated with honours."
    section.shift_month(1)
    section.refresh()
    section.select_resident(october.ann)
    assert section.comments.toPlainText() == "Ann kept every chore this month."
    assert section.comments_label.text() == "&Comments for October 2026"


def test_preview_shows_the_report_page_by_page(section: ReportsSection, october: October,
                                               qtbot: QtBot) -> None:
    section.select_resident(october.ann)
    section.comments.setPlainText("Talk about the missed meeting.")
    section.preview_action.trigger()
    dialog = section.preview
    assert isinstance(dialog, PdfPreviewDialog)
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    expected = pdf_pages(dialog.pdf.data)
    assert isinstance(dialog.view, QPdfView)
    assert dialog.view.document().pageCount() == len(expected.pages) >= 1
    assert dialog.page_text() == f"Page 1 of {len(expected.pages)}"
    text = "".join(page.extract_text() for page in expected.pages)
    assert "Ann Avery" in text
    assert "Talk about the missed meeting." in text  # the comments, saved first
    assert comments_for([october.ann], OCTOBER)[october.ann] == "Talk about the missed meeting."
    assert dialog.windowTitle() == "Preview: Ann Avery, October 2026"


def test_the_preview_moves_between_pages(qtbot: QtBot, db: object) -> None:
    data = resident_pdf(sample_progress(meetings=40), ReportSettings())
    dialog = PdfPreviewDialog(data, "Sample", "sample.pdf", ReportSettings())
    qtbot.addWidget(dialog)
    dialog.show()
    count = dialog.page_count()
    assert count == len(pdf_pages(data).pages) == 3
    assert dialog.page_text() == "Page 1 of 3"
    assert not dialog.previous_action.isEnabled()
    dialog.next_action.trigger()
    assert dialog.page_text() == "Page 2 of 3"
    dialog.go_to_page(10)
    assert dialog.page_text() == "Page 3 of 3"
    assert not dialog.next_action.isEnabled()
    dialog.previous_action.trigger()
    assert dialog.current_page() == 1
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    dialog.fit_page_action.trigger()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitInView


def test_print_goes_through_qprinter_to_a_pdf_file(section: ReportsSection, october: October,
                                                   tmp_path: Path, qtbot: QtBot,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "printed.pdf"
    ask = print_to_file(target)
    monkeypatch.setattr(printing.SystemPrintDialog, "ask", ask)
    section.select_resident(october.ben)
    with qtbot.wait_signal(section.status_message) as message:
        section.print_current()  # what the window's Ctrl+P calls
    assert message.args == ["Printed Ben Brooks's report for October 2026"]
    printed = pdf_pages(target)
    expected = pdf_pages(resident_pdf(section.selected_progress(), ReportSettings()))
    assert len(printed.pages) == len(expected.pages) == ask.page_count  # type: ignore[attr-defined]
    width, height = (float(v) for v in printed.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (612, 792)  # Letter, the default


def test_print_uses_the_paper_from_the_settings(section: ReportsSection, october: October,
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    save_report_settings(ReportSettings(paper_size="A4"))
    target = tmp_path / "a4.pdf"
    monkeypatch.setattr(printing.SystemPrintDialog, "ask", print_to_file(target))
    section.select_resident(october.ann)
    section.print_current()
    page = pdf_pages(target).pages[0]
    width, height = (float(v) for v in page.mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)


def test_a_cancelled_print_dialog_prints_nothing(section: ReportsSection, october: October,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 qtbot: QtBot) -> None:
    monkeypatch.setattr(printing.SystemPrintDialog, "ask",
                        lambda parent, printer, pages: False)
    section.select_resident(october.ann)
    with qtbot.assert_not_emitted(section.status_message):
        section.print_current()


def test_print_from_the_preview(section: ReportsSection, october: October, tmp_path: Path,
                                qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "from-preview.pdf"
    monkeypatch.setattr(printing.SystemPrintDialog, "ask", print_to_file(target))
    section.select_resident(october.cara)
    dialog = section.preview_report()
    assert dialog is not None
    qtbot.addWidget(dialog)
    with qtbot.wait_signal(section.status_message):
        dialog.print_action.trigger()
    assert len(pdf_pages(target).pages) == dialog.page_count()


def test_save_pdf_writes_the_file(section: ReportsSection, october: October, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def where(parent: object, title: str, suggested: str) -> str:
        asked.append(suggested)
        return str(tmp_path / "ann")

    monkeypatch.setattr(ReportFiles, "pdf_path_from_user", staticmethod(where))
    section.select_resident(october.ann)
    path = section.save_pdf()
    assert asked == ["2026-10 Ann Avery.pdf"]
    assert path == tmp_path / "ann.pdf"
    assert "Ann Avery" in pdf_pages(path).pages[0].extract_text()


def test_house_summary_preview(section: ReportsSection, qtbot: QtBot) -> None:
    dialog = section.preview_house_summary()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.page_count() >= 1
    text = pdf_pages(dialog.pdf.data).pages[0].extract_text()
    assert "House summary" in text and "October 2026" in text


def choose_print_all(monkeypatch: pytest.MonkeyPatch, choice: PrintAllChoice,
                     target: Path) -> list[tuple[int, int]]:
    counts: list[tuple[int, int]] = []

    def ask(parent: object, month: str, living: int, moved_out: int) -> PrintAllChoice:
        counts.append((living, moved_out))
        return choice

    monkeypatch.setattr(PrintAllDialog, "ask", classmethod(lambda cls, *a: ask(*a)))
    monkeypatch.setattr(ReportFiles, "pdf_path_from_user",
                        staticmethod(lambda parent, title, suggested: str(target)))
    monkeypatch.setattr(ReportFiles, "folder_from_user",
                        staticmethod(lambda parent, title: str(target)))
    return counts


def test_save_all_writes_one_pdf_in_the_background(
        section: ReportsSection, october: October, tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "october.pdf"
    counts = choose_print_all(monkeypatch, PrintAllChoice(one_file=True,
                                                          include_moved_out=True), target)
    messages: list[str] = []
    section.status_message.connect(messages.append)
    task = section.save_all()
    assert task is not None and counts == [(2, 1)]
    assert not section.print_all_action.isEnabled()  # one batch at a time
    assert not section.save_all_action.isEnabled()
    section.select_resident(october.cara)  # the window stays usable meanwhile
    qtbot.waitUntil(lambda: not task.is_running(), timeout=30_000)
    assert messages[-1] == f"3 reports written to {target}"
    reader = pdf_pages(target)
    starts = [number for number, page in enumerate(reader.pages)
              if "Monthly progress report" in page.extract_text()
              and "Page 1 of" in page.extract_text()]
    assert len(starts) == 3  # each resident starts on a new page
    text = "".join(page.extract_text() for page in reader.pages)
    for name in ("Ann Avery", "Ben Brooks", "Cara Cole"):
        assert name in text
    assert section.print_all_action.isEnabled()
    assert section.progress_row.isHidden()


def test_save_all_one_file_per_resident(section: ReportsSection, october: October,
                                         tmp_path: Path, qtbot: QtBot,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "october"
    choose_print_all(monkeypatch, PrintAllChoice(one_file=False, include_moved_out=False),
                     folder)
    task = section.save_all()
    assert task is not None
    with qtbot.wait_signal(task.finished, timeout=30_000):
        pass
    assert sorted(path.name for path in folder.iterdir()) == [
        "2026-10 Ann Avery.pdf", "2026-10 Ben Brooks.pdf"]  # Cara moved out: left out


def test_cancel_stops_save_all_and_writes_nothing(
        section: ReportsSection, october: October, tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "cancelled.pdf"
    choose_print_all(monkeypatch, PrintAllChoice(one_file=True, include_moved_out=True), target)
    messages: list[str] = []
    section.status_message.connect(messages.append)
    task = section.save_all()
    assert task is not None
    section.progress_row.cancel_button.click()
    qtbot.waitUntil(lambda: not task.is_running(), timeout=30_000)
    assert messages[-1] == "Reports cancelled: no file was written"
    assert not target.exists()
    assert list(tmp_path.glob("*.part")) == []
    assert section.print_all_action.isEnabled()


def test_open_item_selects_the_resident(section: ReportsSection, october: October,
                                        qtbot: QtBot) -> None:
    section.open_item("resident", october.cara)
    assert section.selected_resident_id() == october.cara
    with qtbot.wait_signal(section.status_message) as message:
        section.open_item("resident", october.eve)
    assert message.args == ["That resident did not live in Maple House in October 2026."]


def test_section_offers_its_actions(section: ReportsSection) -> None:
    texts = [action.text() for action in section.menu_actions()]
    assert texts == ["Pre&view", "&Print...", "Save P&DF...", "&House Summary",
                     "Print &All for the Month...", "Sa&ve All as PDF..."]


def test_the_progress_model_passes_the_model_tester(section: ReportsSection,
                                                    qtmodeltester: object) -> None:
    qtmodeltester.check(section.model)  # type: ignore[attr-defined]
    section.model.sort(ProgressColumn.FLAGS)
    qtmodeltester.check(section.model)  # type: ignore[attr-defined]


# Print All through the print dialog ---------------------------------------------------------

def spy_on_printing(monkeypatch: pytest.MonkeyPatch, target: Path) -> dict[str, object]:
    """The print dialog replaced by one printing into ``target`` (a PDF), and
    the document handed to the printer kept to be read back."""
    from ui.reports import section as reports_section

    seen: dict[str, object] = {}
    ask = print_to_file(target)
    monkeypatch.setattr(printing.SystemPrintDialog, "ask", ask)
    original = reports_section.print_pdf

    def print_pdf(parent: object, data: bytes, *args: object, **kwargs: object) -> object:
        seen["data"] = data
        seen["pages"] = original(parent, data, *args, **kwargs)  # type: ignore[arg-type]
        seen["dialog pages"] = ask.page_count  # type: ignore[attr-defined]
        return seen["pages"]

    monkeypatch.setattr(reports_section, "print_pdf", print_pdf)
    return seen


def include_moved_out(monkeypatch: pytest.MonkeyPatch, include: bool) -> list[bool]:
    asked: list[bool] = []

    def ask(cls: object, parent: object, month: str, living: int, moved_out: int,
            printing: bool = False) -> PrintAllChoice:
        asked.append(printing)
        return PrintAllChoice(one_file=True, include_moved_out=include)

    monkeypatch.setattr(PrintAllDialog, "ask", classmethod(ask))
    return asked


def test_print_all_sends_every_residents_pages_to_the_printer(
        section: ReportsSection, october: October, tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "printer.pdf"
    seen = spy_on_printing(monkeypatch, target)
    asked = include_moved_out(monkeypatch, True)
    messages: list[str] = []
    section.status_message.connect(messages.append)
    task = section.print_all()
    assert task is not None and asked == [True]  # Cara moved out: asked about, included
    assert not section.print_all_action.isEnabled()
    qtbot.waitUntil(lambda: not task.is_running(), timeout=30_000)
    # The document printed: each resident's whole report, each from a new page.
    sent = pdf_pages(seen["data"])  # type: ignore[arg-type]
    expected = 0
    for progress in section.model.rows:
        own = len(pdf_pages(resident_pdf(progress, ReportSettings())).pages)
        pages = [page.extract_text() for page in sent.pages if progress.name in page.extract_text()]
        assert len(pages) == own and "Page 1 of" in pages[0]
        expected += own
    # Every page reached the printer: the print dialog was told them all and
    # the printer's output (QPrinter writing a PDF) has them all.
    assert len(sent.pages) == expected == seen["dialog pages"] == seen["pages"]
    assert len(pdf_pages(target).pages) == expected
    assert messages[-1] == f"Printed 3 reports for October 2026 ({expected} pages)"
    assert section.print_all_action.isEnabled() and section.progress_row.isHidden()


def test_print_all_without_those_who_moved_out(
        section: ReportsSection, october: October, tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen = spy_on_printing(monkeypatch, tmp_path / "printer.pdf")
    include_moved_out(monkeypatch, False)
    task = section.print_all()
    assert task is not None
    qtbot.waitUntil(lambda: not task.is_running(), timeout=30_000)
    text = " ".join(page.extract_text() for page in pdf_pages(seen["data"]).pages)  # type: ignore
    assert "Ann Avery" in text and "Ben Brooks" in text and "Cara Cole" not in text


def test_a_cancelled_print_dialog_prints_nothing_of_the_month(
        section: ReportsSection, october: October, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(printing.SystemPrintDialog, "ask", lambda parent, printer, pages: False)
    include_moved_out(monkeypatch, True)
    messages: list[str] = []
    section.status_message.connect(messages.append)
    task = section.print_all()
    assert task is not None
    qtbot.waitUntil(lambda: not task.is_running(), timeout=30_000)
    assert messages[-1] == "Print All cancelled: nothing was printed"


# A meeting whose roll call was never taken ---------------------------------------------------

@pytest.fixture
def no_roll_call(house: House, october: October) -> int:
    from tests.meetings_helpers import held

    return held(house, dt.date(2026, 10, 26)).id


@pytest.mark.parametrize("action", ["print_all", "save_all"])
def test_printing_a_month_with_a_meeting_without_roll_call_warns_first(
        section: ReportsSection, no_roll_call: int, qtbot: QtBot, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, action: str) -> None:
    from ui.reports.section import MissingRollCallWarning, RollCallAnswer

    warned: list[tuple[list[dt.date], str, str]] = []
    answers = [RollCallAnswer.CANCEL, RollCallAnswer.TAKE_ROLL_CALL, RollCallAnswer.GO_ON]

    def ask(cls: object, parent: object, meetings: list, month: str, going_on: str) -> str:
        warned.append(([meeting.held_on for meeting in meetings], month, going_on))
        return answers.pop(0)

    monkeypatch.setattr(MissingRollCallWarning, "ask", classmethod(ask))
    spy_on_printing(monkeypatch, tmp_path / "printer.pdf")
    choose_print_all(monkeypatch, PrintAllChoice(one_file=True, include_moved_out=True),
                     tmp_path / "saved.pdf")
    include_moved_out(monkeypatch, True)
    start = getattr(section, action)
    assert start() is None  # Cancel: nothing made
    assert section.batch is None
    with qtbot.wait_signal(section.open_requested) as opened:
        assert start() is None  # Take the Roll Call: Meetings opens on it
    assert opened.args == ["meetings", "roll_call", no_roll_call]
    task = start()  # Go on anyway
    assert task is not None
    qtbot.waitUntil(lambda: not task.is_running(), timeout=30_000)
    going_on = "&Print Anyway" if action == "print_all" else "&Save Anyway"
    assert warned == [([dt.date(2026, 10, 26)], "October 2026", going_on)] * 3


def test_the_warning_names_the_meetings_and_offers_three_ways(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from soberhouse.meetings.attendance import MeetingWithoutRollCall
    from soberhouse.models.meetings import MeetingKind
    from ui.reports.section import MissingRollCallWarning, RollCallAnswer

    shown: list[tuple[str, str, list[str]]] = []

    def exec_(box: QMessageBox) -> int:
        shown.append((box.text(), box.informativeText(),
                      [button.text() for button in box.buttons()]))
        box.buttons()[0].click()  # "Print Anyway", the first added
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    meetings = [MeetingWithoutRollCall(1, 1, "Maple House", dt.date(2026, 10, 5),
                                       MeetingKind.REGULAR),
                MeetingWithoutRollCall(2, 1, "Maple House", dt.date(2026, 10, 12),
                                       MeetingKind.REGULAR)]
    answer = MissingRollCallWarning.ask(None, meetings, "October 2026", "&Print Anyway")
    assert answer == RollCallAnswer.GO_ON
    text, details, buttons = shown[0]
    assert text == ("No roll call was taken at 2 house meetings in October 2026: 5 Oct 2026, "
                    "12 Oct 2026.")
    assert "counts for nobody" in details
    assert sorted(buttons) == sorted(["&Print Anyway", "&Take the Roll Call", "Cancel"])


def test_residents_never_marked_read_not_marked_not_0_percent(
        section: ReportsSection, house: House, october: October, qtbot: QtBot) -> None:
    from soberhouse.models.meetings import AttendanceStatus
    from tests.meetings_helpers import admit, held

    fay = admit(house, "Fay", "Ford", move_in=dt.date(2026, 10, 22))
    held(house, dt.date(2026, 10, 26), {october.ann: AttendanceStatus.PRESENT})  # Fay, Ben: no
    section.refresh()
    assert cell(section, fay.id, ProgressColumn.ATTENDANCE) == "Not marked"
    # Ben was marked at two meetings, not at this one: the rate counts it, as DOMAIN.md
    # says (attended / (held - excused)), with "not marked" beside it.
    assert cell(section, october.ben, ProgressColumn.ATTENDANCE) == "67%"
    row = section.model.row_of(october.ben)
    tooltip = section.model.index(row, ProgressColumn.ATTENDANCE).data(
        Qt.ItemDataRole.ToolTipRole)
    assert "1 not marked" in tooltip

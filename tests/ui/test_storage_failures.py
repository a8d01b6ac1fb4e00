"""A save that fails for a reason outside what was typed, in the window.

Each cause is real (tests/ui/storage_causes.py): the file may grow no more,
another program holds the write lock, the file is open read-only, its pages
are garbage, the server ended the session.  Every save path then says so in
the manager's words, stays open with everything typed, and saves nothing;
once the cause is gone, the same Save works.  What no form catches reaches
the window's last-resort handler (ui/error_reporting.py) and is shown too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from soberhouse import accounts, database
from soberhouse.houses import HouseDetails, create_house, tiers_of
from soberhouse.mentoring.assignments import assign_mentor
from soberhouse.mentoring.mentors import register_resident_mentor
from soberhouse.models import House, Resident, Tier
from soberhouse.models.meetings import Attendance, HouseMeeting
from soberhouse.models.mentoring import CheckIn
from soberhouse.models.twelve_step import OutsideMeeting
from soberhouse.reports.monthly_progress import comments_for
from soberhouse.residents import ResidentDetails
from tests.mentoring_helpers import admit
from tests.ui import storage_causes as causes
from tests.ui.reports_fixtures import OCTOBER, October, craft_october
from ui import error_reporting
from ui.error_reporting import UNEXPECTED_TEXT, ProblemMessage
from ui.meetings.roll_call_model import RollCallColumn
from ui.meetings.section import MeetingsSection
from ui.mentoring.check_in_entry import CheckInEntry
from ui.record_dialog import RecordDialog
from ui.reports.report_files import ReportFiles
from ui.reports.section import ReportsSection
from ui.residents.action_dialogs import ChangeTierDialog
from ui.residents.form import ResidentForm
from ui.residents.import_dialog import ImportResidentsDialog
from ui.settings_section.house_dialog import HouseDialog
from ui.settings_section.tier_table_model import NAME_COLUMN
from ui.settings_section.tiers_dialog import TiersDialog
from ui.twelve_step.card_entry import CardEntryDialog

pytestmark = pytest.mark.ui

LONG_NOTES = "Came from the county programme; prefers the morning chore rota. " * 4000
LAST_MONDAY = dt.date(2026, 11, 9)  # today (the fixture) is Sunday 2026-11-15
LAST_WEEK = dt.date(2026, 11, 4)


# ---------------------------------------------------------------- the causes


Matches = Callable[[str], bool]


@contextmanager
def storage_failure(cause: str, db_path: Path) -> Iterator[Matches]:
    """While the block runs, every write fails for ``cause``; yields a test of
    the message shown.  After the block the file can be written again."""
    if cause == "locked":
        with causes.another_program_saving(db_path):
            yield lambda text: causes.BUSY in text
        return
    if cause == "read-only":
        causes.reopen_read_only(db_path)
        try:
            yield causes.is_read_only_message
        finally:
            database.close()
            database.connect(db_path)
        return
    raise ValueError(cause)


CAUSES = ["locked", "read-only"]


@pytest.fixture(autouse=True)
def discard_when_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The forms left open with typed text are closed at the end: "Discard"."""
    monkeypatch.setattr(ResidentForm, "ask_about_unsaved_changes",
                        lambda self: QMessageBox.StandardButton.Discard)
    monkeypatch.setattr(RecordDialog, "confirm_discard", lambda self: True)
    monkeypatch.setattr(CardEntryDialog, "_confirm_discard", lambda self: True)


@pytest.fixture
def problems_shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """The last-resort warnings, (title, text, details), instead of a blocking box."""
    shown: list[tuple[str, str, str]] = []
    monkeypatch.setattr(ProblemMessage, "ask", classmethod(
        lambda cls, parent, title, text, details="": shown.append((title, text, details))))
    return shown


# ---------------------------------------------------------------- the intake form


def fill_intake(form: ResidentForm, notes: str = "Likes early meetings") -> None:
    form.first_name.setText("Rosa")
    form.last_name.setText("Delgado")
    form.preferred_name.setText("Ro")
    form.date_of_birth.set_value(dt.date(1987, 3, 14))
    form.phone.setText("555-0142")
    form.emergency_contact_name.setText("Luis Delgado")
    form.emergency_contact_phone.setText("555-0143")
    form.substances.setText("alcohol")
    form.room.setText("4")
    form.bed.setText("B")
    form.sobriety_date.set_value(dt.date(2026, 10, 1))
    form.notes.setPlainText(notes)


def press_save(form: QDialog) -> None:
    buttons = form.findChild(QDialogButtonBox)
    assert buttons is not None
    buttons.button(QDialogButtonBox.StandardButton.Save).click()


def general_message(form: ResidentForm) -> str:
    label = form.layout().itemAt(0).widget()
    return label.text() if label.isVisible() else ""


@pytest.fixture
def intake(qtbot: QtBot, house: House) -> ResidentForm:
    form = ResidentForm(house_id=house.id)
    qtbot.addWidget(form)
    form.show()
    return form


def assert_still_typed(form: ResidentForm, typed: ResidentDetails) -> None:
    assert form.isVisible() and form.result() != QDialog.DialogCode.Accepted
    assert form.details() == typed
    assert form.saved_id is None


def test_a_full_disk_keeps_the_intake_form_open_with_everything_typed(
        intake: ResidentForm) -> None:
    fill_intake(intake, LONG_NOTES)
    typed = intake.details()
    causes.fill_the_disk()
    press_save(intake)
    assert general_message(intake) == causes.FULL
    assert_still_typed(intake, typed)
    assert Resident.select().count() == 0

    causes.free_the_disk()  # the manager frees some space, then saves again
    press_save(intake)
    assert intake.result() == QDialog.DialogCode.Accepted
    assert Resident.get_by_id(intake.saved_id).notes == LONG_NOTES.strip()


def test_another_program_saving_then_save_again(intake: ResidentForm, db_path: Path) -> None:
    fill_intake(intake)
    typed = intake.details()
    with causes.another_program_saving(db_path):
        press_save(intake)
        assert general_message(intake) == (
            "Another person or program is saving to this file; try again in a moment.")
        assert_still_typed(intake, typed)
    press_save(intake)  # the other program is done
    assert intake.result() == QDialog.DialogCode.Accepted
    assert [r.full_name for r in Resident.select()] == ["Rosa Delgado"]


def test_a_read_only_file_says_so_and_saves_nothing(intake: ResidentForm,
                                                   db_path: Path) -> None:
    fill_intake(intake)
    typed = intake.details()
    causes.reopen_read_only(db_path)
    press_save(intake)
    assert causes.is_read_only_message(general_message(intake))
    assert_still_typed(intake, typed)
    assert Resident.select().count() == 0


def test_sqlite_itself_refusing_a_read_only_file(intake: ResidentForm, db_path: Path) -> None:
    fill_intake(intake)
    typed = intake.details()
    causes.reopen_with_sqlite_read_only(db_path)
    press_save(intake)
    assert general_message(intake) == (
        "The data file is read-only here: nothing can be saved. Ask whoever looks after "
        "this PC for write access, or open the file from a folder you may write to.")
    assert_still_typed(intake, typed)
    assert Resident.select().count() == 0


def test_a_damaged_file_says_restore_from_a_backup(intake: ResidentForm,
                                                  db_path: Path) -> None:
    fill_intake(intake)
    typed = intake.details()
    causes.damage_the_file(db_path)
    press_save(intake)
    assert general_message(intake) == causes.DAMAGED
    assert_still_typed(intake, typed)


# ---------------------------------------------------------------- a record dialog


@pytest.fixture
def rosa(house: House) -> Resident:
    return admit(house, "Rosa", "Delgado", move_in=dt.date(2026, 6, 1))


@pytest.mark.parametrize("cause", CAUSES)
def test_change_tier_stays_open_with_the_reason_typed(
        qtbot: QtBot, house: House, rosa: Resident, db_path: Path, cause: str) -> None:
    dialog = ChangeTierDialog(rosa.id)
    qtbot.addWidget(dialog)
    dialog.show()
    established = tiers_of(house.id)[1]
    dialog.reason.setText("Ninety days, every condition met")
    with storage_failure(cause, db_path) as shown:
        dialog.save_button.click()
        assert dialog.general_message.isVisible() and shown(dialog.general_message.text())
        assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
        assert dialog.reason.text() == "Ninety days, every condition met"
        assert dialog.tier.currentData() == established.id
        assert Resident.get_by_id(rosa.id).tier_id == tiers_of(house.id)[0].id
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert Resident.get_by_id(rosa.id).tier_id == established.id


# ---------------------------------------------------------------- the roll call


@pytest.fixture
def household(house: House) -> list[int]:
    return [admit(house, first, "Okafor", move_in=dt.date(2026, 6, day)).id
            for day, first in enumerate(("Ada", "Bola", "Chidi"), start=1)]


def open_meetings(qtbot: QtBot, house: House) -> MeetingsSection:
    section = MeetingsSection()
    qtbot.addWidget(section)
    section.resize(1280, 760)
    section.set_house(house.id)
    with qtbot.waitExposed(section):
        section.show()
    return section


def status_cells(section: MeetingsSection) -> list[str]:
    model = section.panel.roll_call_model
    return [model.index(row, RollCallColumn.STATUS).data() for row in range(model.rowCount())]


@pytest.mark.parametrize("cause", CAUSES)
def test_the_roll_call_keeps_its_marks(qtbot: QtBot, house: House, household: list[int],
                                       db_path: Path, cause: str) -> None:
    section = open_meetings(qtbot, house)
    panel = section.panel
    section.mark_all_present()
    view = panel.roll_call_view
    view.setCurrentIndex(panel.roll_call_model.index(1, RollCallColumn.STATUS))
    qtbot.keyClick(view, Qt.Key.Key_L)
    marks = ["Present", "Late", "Present"]
    assert status_cells(section) == marks
    with storage_failure(cause, db_path) as shown:
        assert not section.save()
        assert panel.general_message.isVisible() and shown(panel.general_message.text())
        assert status_cells(section) == marks
        assert panel.is_dirty()
        assert HouseMeeting.select().count() == 0 and Attendance.select().count() == 0
    with qtbot.wait_signal(section.status_message) as message:
        assert section.save()
    assert message.args == ["Roll call saved: 2 present, 1 late, 0 excused, 0 unexcused"]
    assert Attendance.select().count() == 3


def test_the_roll_call_on_a_full_disk(qtbot: QtBot, house: House,
                                      household: list[int]) -> None:
    section = open_meetings(qtbot, house)
    panel = section.panel
    section.mark_all_present()
    panel.minutes.setPlainText(LONG_NOTES)  # the record is saved with the roll call
    causes.fill_the_disk()
    assert not section.save()
    assert panel.general_message.text() == causes.FULL
    assert status_cells(section) == ["Present"] * 3
    assert panel.minutes.toPlainText() == LONG_NOTES
    assert HouseMeeting.select().count() == 0


# ---------------------------------------------------------------- the weekly cards


@pytest.mark.parametrize("cause", CAUSES)
def test_the_weekly_cards_keep_what_was_typed(qtbot: QtBot, household: list[int], db_path: Path,
                                              cause: str) -> None:
    dialog = CardEntryDialog(None, LAST_WEEK)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.lines[0].days.setText("Mon Wed Fri")
    dialog.lines[2].days.setText("Tue")
    with storage_failure(cause, db_path) as shown:
        assert not dialog.save()
        assert dialog.message.isVisible() and shown(dialog.message.text())
        assert not dialog.message.text().startswith("Nothing was saved.")  # said once only
        assert [line.days.text() for line in dialog.lines] == ["Mon Wed Fri", "", "Tue"]
        assert dialog.isVisible() and OutsideMeeting.select().count() == 0
    assert dialog.save()
    assert OutsideMeeting.select().count() == 4


# ---------------------------------------------------------------- the house dialog


@pytest.mark.parametrize("cause", CAUSES)
def test_a_new_house_stays_in_its_dialog(qtbot: QtBot, db: peewee.Database, db_path: Path,
                                         cause: str) -> None:
    dialog = HouseDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("Juniper House")
    dialog.beds_spin.setValue(6)
    with storage_failure(cause, db_path) as shown:
        dialog.accept()
        assert dialog.general_message.isVisible() and shown(dialog.general_message.text())
        assert dialog.isVisible() and dialog.saved_house is None
        assert (dialog.name_edit.text(), dialog.beds_spin.value()) == ("Juniper House", 6)
        assert House.select().count() == 0
    dialog.accept()
    assert dialog.saved_house is not None and dialog.saved_house.name == "Juniper House"


# ---------------------------------------------------------------- a damaged file, elsewhere


def test_a_damaged_file_on_the_roll_call_the_cards_and_a_check_in(
        qtbot: QtBot, house: House, household: list[int], db_path: Path) -> None:
    """(Nothing can be counted on a damaged file: what is checked is what the
    manager sees, and that nothing typed is gone.)"""
    mentor = admit(house, "Kemi", "Adeyemi", tier=3, move_in=dt.date(2026, 1, 5))
    mentor_id = register_resident_mentor(mentor.id, since=dt.date(2026, 5, 1)).id
    assignment = assign_mentor(mentor_id, household[0], dt.date(2026, 11, 2))
    section = open_meetings(qtbot, house)
    section.mark_all_present()
    cards = CardEntryDialog(None, LAST_WEEK)
    qtbot.addWidget(cards)
    cards.show()
    cards.lines[1].days.setText("Mon Thu")
    entry = CheckInEntry(lambda: {})
    qtbot.addWidget(entry)
    entry.set_assignment(assignment.id)
    entry.note.setText("Talked through the first week")
    causes.damage_the_file(db_path)

    assert not section.save()
    assert section.panel.general_message.text() == causes.DAMAGED
    assert status_cells(section) == ["Present"] * 4 and section.panel.is_dirty()
    assert not cards.save()
    assert cards.message.text() == causes.DAMAGED
    assert cards.lines[1].days.text() == "Mon Thu"
    assert not entry.save()
    assert entry.message_label.text() == causes.DAMAGED
    assert entry.note.text() == "Talked through the first week"


# ---------------------------------------------------------------- the tier ladder


@pytest.mark.parametrize("cause", CAUSES)
def test_the_tier_ladder_stays_in_its_dialog(qtbot: QtBot, house: House, db_path: Path,
                                             cause: str) -> None:
    dialog = TiersDialog(house.id)
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.model
    assert model.setData(model.index(0, NAME_COLUMN), "Orientation")
    with storage_failure(cause, db_path) as shown:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        assert dialog.message.isVisible() and shown(dialog.message.text())
        assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
        assert model.tiers()[0].name == "Orientation"
        assert [tier.name for tier in tiers_of(house.id)][0] == "Newcomer"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [tier.name for tier in tiers_of(house.id)][0] == "Orientation"


# ---------------------------------------------------------------- the quick check-in


@pytest.mark.parametrize("cause", CAUSES)
def test_the_quick_check_in_keeps_its_row(qtbot: QtBot, house: House, db_path: Path,
                                          cause: str) -> None:
    mentor = admit(house, "Kemi", "Adeyemi", tier=3, move_in=dt.date(2026, 1, 5))
    mentee = admit(house, "Tomas", "Varga", move_in=dt.date(2026, 11, 1))
    mentor_id = register_resident_mentor(mentor.id, since=dt.date(2026, 5, 1)).id
    assignment = assign_mentor(mentor_id, mentee.id, dt.date(2026, 11, 2))
    entry = CheckInEntry(lambda: {})
    qtbot.addWidget(entry)
    entry.show()
    entry.set_assignment(assignment.id)
    entry.minutes.setValue(45)
    entry.mode.setCurrentIndex(entry.mode.findData("phone"))
    entry.support["practical"].click()
    entry.note.setText("Practised the job interview")
    typed = (45, "phone", True, "Practised the job interview")

    def row() -> tuple[int, str, bool, str]:
        return (entry.minutes.value(), entry.mode.currentData(),
                entry.support["practical"].isChecked(), entry.note.text())

    with storage_failure(cause, db_path) as shown:
        assert not entry.save()
        assert entry.message_label.isVisible() and shown(entry.message_label.text())
        assert row() == typed
        assert CheckIn.select().count() == 0
    with qtbot.wait_signal(entry.saved):
        assert entry.save()
    assert CheckIn.get().note == "Practised the job interview"


# ---------------------------------------------------------------- the report comments


@pytest.fixture
def reports(qtbot: QtBot, house: House, other_house: House,
            problems_told: list[str]) -> Iterator[tuple[ReportsSection, October]]:
    october = craft_october(house, other_house)
    section = ReportsSection()
    qtbot.addWidget(section)
    section.resize(1200, 700)
    section.show()
    section.set_house(house.id)
    yield section, october


@pytest.fixture
def problems_told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    told: list[str] = []
    monkeypatch.setattr(ReportFiles, "tell_problem",
                        staticmethod(lambda parent, title, message: told.append(message)))
    return told


@pytest.mark.parametrize("cause", CAUSES)
def test_report_comments_are_kept_when_they_cannot_be_saved(
        reports: tuple[ReportsSection, October], problems_told: list[str], db_path: Path,
        cause: str) -> None:
    section, october = reports
    assert section.select_resident(october.ann)
    typed = "Ann kept every chore this month."
    section.comments.setPlainText(typed)
    with storage_failure(cause, db_path) as shown:
        section.save_comments_button.click()
        # Choosing another resident, or another month, saves first: refused,
        # the comments and the resident stay.
        section.select_resident(october.ben)
        section.shift_month(-1)
        assert len(problems_told) == 3 and all(shown(text) for text in problems_told)
        assert section.selected_resident_id() == october.ann
        assert section.month == OCTOBER
        assert section.comments.toPlainText() == typed
        assert section.unsaved_label.text() == "Not saved yet"
    section.save_comments_button.click()
    assert comments_for([october.ann], OCTOBER) == {october.ann: typed}
    assert section.unsaved_label.text() == ""


# ---------------------------------------------------------------- a CSV import


IMPORT_CSV = ("First name,Last name,Date of birth,House,Move-in date,Sobriety date\n"
              "Ines,Moreau,1991-02-03,Maple House,2026-10-03,2026-09-20\n"
              "Jon,Baptiste,1985-07-08,Maple House,2026-10-04,2026-09-21\n")


@pytest.mark.parametrize("cause", CAUSES)
def test_an_import_in_the_background_says_why_nothing_was_imported(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, house: House, db_path: Path,
        tmp_path: Path, cause: str) -> None:
    # The import's own connection (a worker thread's) waits a short time too.
    monkeypatch.setenv(database.BUSY_TIMEOUT_VARIABLE, str(causes.SHORT_BUSY_TIMEOUT_MS))
    database.close()
    database.connect(db_path)
    source = tmp_path / "residents.csv"
    source.write_text(IMPORT_CSV, encoding="utf-8")
    dialog = ImportResidentsDialog()
    qtbot.addWidget(dialog)
    dialog.file_name_from_user = lambda: str(source)  # type: ignore[method-assign]
    dialog.show()
    assert dialog.choose_file()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10000)
    with storage_failure(cause, db_path) as shown:
        with qtbot.waitSignal(dialog.work_finished, timeout=10000):
            dialog.import_button.click()
        assert dialog.summary.isVisible() and shown(dialog.summary.text())
        assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
        assert dialog.import_button.isEnabled()  # the same file, ready to import again
        assert Resident.select().count() == 0
    with qtbot.waitSignal(dialog.work_finished, timeout=10000):
        dialog.import_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert sorted(r.first_name for r in Resident.select()) == ["Ines", "Jon"]


# ---------------------------------------------------------------- the last resort


def raise_from_a_slot(qtbot: QtBot, error: BaseException) -> QPushButton:
    """A button whose click raises ``error`` in its slot, inside a window."""
    window = QWidget()
    qtbot.addWidget(window)
    button = QPushButton("Refresh", window)

    def fail() -> None:
        raise error

    button.clicked.connect(fail)
    window.show()
    error_reporting.install(window)
    return button


def test_a_programming_error_in_a_slot_is_shown_with_its_details(
        qtbot: QtBot, problems_shown: list[tuple[str, str, str]],
        capsys: pytest.CaptureFixture[str]) -> None:
    button = raise_from_a_slot(qtbot, ZeroDivisionError("division by zero in the tally"))
    button.click()
    [(title, text, details)] = problems_shown
    assert text == UNEXPECTED_TEXT == (
        "Soberhouse hit an unexpected problem; nothing was saved from this action.")
    assert "ZeroDivisionError: division by zero in the tally" in details
    assert "in fail" in details  # the traceback, for whoever looks after the program
    assert "ZeroDivisionError: division by zero in the tally" in capsys.readouterr().err


def test_a_storage_failure_outside_a_write_is_shown_in_the_managers_words(
        qtbot: QtBot, house: House, db_path: Path,
        problems_shown: list[tuple[str, str, str]]) -> None:
    def read_the_houses() -> None:
        list(Tier.select())

    window = QWidget()
    qtbot.addWidget(window)
    button = QPushButton("Refresh", window)
    button.clicked.connect(read_the_houses)
    error_reporting.install(window)
    causes.damage_the_file(db_path)
    button.click()
    assert problems_shown == [("Problem with the data", causes.DAMAGED, "")]


def test_the_warning_box_carries_the_traceback_in_its_details(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    boxes: list[tuple[str, str, str, QMessageBox.Icon]] = []

    def look(box: QMessageBox) -> int:
        boxes.append((box.windowTitle(), box.text(), box.detailedText(), box.icon()))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(ProblemMessage, "exec", look)
    window = QWidget()
    qtbot.addWidget(window)
    try:
        {}["house"]  # noqa: B018
    except KeyError as error:
        error_reporting.report_problem(window, error)
    [(title, text, details, icon)] = boxes
    assert (title, text, icon) == ("Unexpected problem", UNEXPECTED_TEXT,
                                   QMessageBox.Icon.Warning)
    assert "KeyError: 'house'" in details


def test_the_hook_goes_when_the_window_goes(qtbot: QtBot) -> None:
    import sys

    before = sys.excepthook
    window = QWidget()
    error_reporting.install(window)
    assert sys.excepthook is not before
    window.destroyed.emit()
    assert sys.excepthook is before
    window.deleteLater()


# ---------------------------------------------------------------- server gone


@pytest.fixture
def on_postgresql(today: dt.date) -> Iterator[str]:
    from tests.test_postgresql import empty_the_server_database

    url = causes.server_url()
    empty_the_server_database(url)
    database.connect(url)
    accounts.act_as("test-manager")
    yield url
    database.close()


def test_a_lost_server_connection_says_so_and_the_next_save_works(
        qtbot: QtBot, on_postgresql: str) -> None:
    house = create_house(HouseDetails(name="Maple House", beds=8))
    form = ResidentForm(house_id=house.id)
    qtbot.addWidget(form)
    form.show()
    fill_intake(form)
    typed = form.details()
    causes.cut_the_server_connection(on_postgresql)
    press_save(form)
    assert general_message(form) == causes.GONE
    assert_still_typed(form, typed)
    press_save(form)  # the server is back (a new connection is opened)
    assert form.result() == QDialog.DialogCode.Accepted
    assert [r.full_name for r in Resident.select()] == ["Rosa Delgado"]


def test_a_lost_server_connection_on_the_roll_call_the_cards_and_a_tier_change(
        qtbot: QtBot, on_postgresql: str) -> None:
    house = create_house(HouseDetails(name="Maple House", beds=8))
    people = [admit(house, first, "Okafor", move_in=dt.date(2026, 6, day)).id
              for day, first in enumerate(("Ada", "Bola", "Chidi"), start=1)]

    section = open_meetings(qtbot, house)
    section.mark_all_present()
    causes.cut_the_server_connection(on_postgresql)
    assert not section.save()
    assert section.panel.general_message.text() == causes.GONE
    assert status_cells(section) == ["Present"] * 3 and HouseMeeting.select().count() == 0
    assert section.save()
    assert Attendance.select().count() == 3

    cards = CardEntryDialog(None, LAST_WEEK)
    qtbot.addWidget(cards)
    cards.show()
    cards.lines[0].days.setText("Mon Wed Fri")
    causes.cut_the_server_connection(on_postgresql)
    assert not cards.save()
    assert cards.message.text() == causes.GONE
    assert cards.lines[0].days.text() == "Mon Wed Fri" and OutsideMeeting.select().count() == 0
    assert cards.save()
    assert OutsideMeeting.select().count() == 3

    dialog = ChangeTierDialog(people[0])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reason.setText("Ninety days, every condition met")
    causes.cut_the_server_connection(on_postgresql)
    dialog.save_button.click()
    assert dialog.general_message.text() == causes.GONE
    assert dialog.isVisible() and dialog.reason.text() == "Ninety days, every condition met"
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert Resident.get_by_id(people[0]).tier_id == tiers_of(house.id)[1].id


def test_a_lost_server_connection_in_a_read_is_shown_and_the_next_read_works(
        qtbot: QtBot, on_postgresql: str, problems_shown: list[tuple[str, str, str]]) -> None:
    create_house(HouseDetails(name="Maple House", beds=8))

    def read_the_houses() -> None:
        shown_houses.extend(house.name for house in House.select())

    shown_houses: list[str] = []
    window = QWidget()
    qtbot.addWidget(window)
    button = QPushButton("Refresh", window)
    button.clicked.connect(read_the_houses)
    error_reporting.install(window)
    causes.cut_the_server_connection(on_postgresql)
    button.click()
    assert problems_shown == [("Problem with the data", causes.GONE, "")]
    assert shown_houses == []
    button.click()  # a new connection
    assert shown_houses == ["Maple House"] and len(problems_shown) == 1

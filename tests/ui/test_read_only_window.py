"""The window on a file it may only read, and on a file another window holds:
the notice under the toolbar, the saving actions off with the reason, the
"open on OFFICE-2 by maria" dialog, take-over, refresh and release."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from benchmarks import signed_in_start
from soberhouse import accounts, database
from soberhouse.errors import DatabaseReadOnly
from soberhouse.file_holder import REFRESH_SECONDS, ClaimResult, ClaimStatus, FileHolder
from soberhouse.houses import HouseDetails, create_house
from soberhouse.models import House
from soberhouse.residents import admit_resident
from tests.conftest import details_for
from ui import launch
from ui.app import create_main_window, open_database
from ui.file_claim import FileClaim, FileHeldDialog, HolderChoice
from ui.main_window import MainWindow
from ui.meetings.section import MeetingsSection
from ui.residents.section import ResidentsSection

OpenWindow = Callable[[], MainWindow]


@pytest.fixture
def saved(db: peewee.Database, db_path: Path, house: House) -> Iterator[Path]:
    """Maple House with Zoë, written, then the file closed again."""
    admit_resident(details_for(house))
    database.close()
    yield db_path


@pytest.fixture
def window_on(qtbot: QtBot) -> Callable[[Path], MainWindow]:
    def open_(path: Path) -> MainWindow:
        accounts.act_as("test-manager")  # signed in after open_database, as at start
        window = create_main_window(str(path))
        qtbot.addWidget(window)
        window.show()
        return window

    return open_


def answer(monkeypatch: pytest.MonkeyPatch, choice: HolderChoice) -> list[ClaimResult]:
    asked: list[ClaimResult] = []

    def ask(cls: type[FileHeldDialog], parent: object, held: ClaimResult) -> HolderChoice:
        asked.append(held)
        return choice

    monkeypatch.setattr(FileHeldDialog, "ask", classmethod(ask))
    return asked


def test_a_read_only_window_says_so_and_turns_off_what_would_save(
        saved: Path, window_on: Callable[[Path], MainWindow]) -> None:
    assert open_database(str(saved), database.CHOSEN_READ_ONLY)
    window = window_on(saved)
    notice = window.read_only_notice
    assert notice.isVisible()
    assert notice.label.text() == ("Read-only: you chose to open it read-only. Nothing can "
                                   "be saved.")
    # The notice sits under the toolbar, above the sections.
    assert notice.mapTo(window, notice.rect().topLeft()).y() >= (
        window.main_toolbar.geometry().bottom())

    window.show_section("residents")
    new = window.window_actions.new_item
    assert not new.isEnabled()
    assert "Read-only: you chose to open it read-only" in new.toolTip()
    residents = window.section("residents")
    assert isinstance(residents, ResidentsSection)
    actions = residents.resident_actions
    # Selecting a resident enables what fits them...
    assert residents.select_resident(residents.model.rows[0].id)
    for action in (actions.add, actions.edit, actions.discharge, actions.import_residents):
        assert not action.isEnabled(), action.text()  # ...but nothing that saves
        assert "Nothing can be saved" in action.toolTip()
    assert actions.export_residents.isEnabled()

    window.show_section("meetings")
    meetings = window.section("meetings")
    assert isinstance(meetings, MeetingsSection)
    assert not meetings.save_action.isEnabled()
    assert not meetings.import_action.isEnabled()
    assert meetings.export_action.isEnabled()


def test_a_writable_window_shows_no_notice(
        saved: Path, window_on: Callable[[Path], MainWindow]) -> None:
    assert open_database(str(saved))
    window = window_on(saved)
    window.show_section("residents")
    assert not window.read_only_notice.isVisible()
    assert window.window_actions.new_item.isEnabled()


def test_a_file_another_window_holds_opens_read_only_when_asked(
        saved: Path, window_on: Callable[[Path], MainWindow],
        monkeypatch: pytest.MonkeyPatch) -> None:
    FileHolder(saved, "maria", computer="OFFICE-2").claim()
    asked = answer(monkeypatch, HolderChoice.READ_ONLY)

    claim = FileClaim.at_start(str(saved))
    assert claim is not None
    [held] = asked
    assert held.status is ClaimStatus.HELD
    assert held.sentence().startswith("Soberhouse is open on OFFICE-2 by maria since ")
    assert open_database(str(saved), claim.read_only_reason)
    claim.hold()
    window = window_on(saved)
    claim.watch(window)
    assert window.read_only_notice.label.text().startswith(
        "Read-only: Soberhouse is open on OFFICE-2 by maria since ")
    with pytest.raises(DatabaseReadOnly):
        create_house(HouseDetails(name="Cedar House", beds=4))
    claim.release()
    assert json.loads((saved.parent / f"{saved.name}.holder").read_text())["user"] == "maria"


def test_quit_opens_nothing(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    FileHolder(saved, "maria", computer="OFFICE-2").claim()
    answer(monkeypatch, HolderChoice.QUIT)
    assert FileClaim.at_start(str(saved)) is None


def test_a_claim_left_behind_can_be_taken_over(
        saved: Path, window_on: Callable[[Path], MainWindow],
        monkeypatch: pytest.MonkeyPatch) -> None:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
    FileHolder(saved, "maria", pid=int(finished.stdout)).claim()  # this PC, program gone
    asked = answer(monkeypatch, HolderChoice.TAKE_OVER)
    accounts.act_as("devon")

    claim = FileClaim.at_start(str(saved))
    assert claim is not None and claim.read_only_reason is None
    assert [held.status for held in asked] == [ClaimStatus.STALE]
    written = json.loads((saved.parent / f"{saved.name}.holder").read_text())
    assert (written["user"], written["pid"]) == ("devon", os.getpid())
    assert open_database(str(saved), claim.read_only_reason)
    claim.hold()
    window = window_on(saved)
    claim.watch(window)
    assert not window.read_only_notice.isVisible()
    claim.release()
    assert not (saved.parent / f"{saved.name}.holder").exists()


def test_the_claim_is_refreshed_and_its_loss_makes_the_window_read_only(
        saved: Path, window_on: Callable[[Path], MainWindow]) -> None:
    claim = FileClaim.at_start(str(saved))
    assert claim is not None and claim.holder is not None
    assert open_database(str(saved))
    claim.hold()
    assert claim.holder.holds
    window = window_on(saved)
    claim.watch(window)
    assert claim._timer is not None and claim._timer.isActive()
    assert claim._timer.interval() == REFRESH_SECONDS * 1000

    FileHolder(saved, "maria", computer="OFFICE-2").claim(take_over=True)
    claim.refresh()
    assert window.read_only_notice.isVisible()
    assert window.read_only_notice.label.text().startswith(
        "Read-only: maria on OFFICE-2 took this file over at ")
    assert not window.window_actions.new_item.isEnabled()
    assert not claim._timer.isActive()
    with pytest.raises(DatabaseReadOnly, match="took this file over"):
        create_house(HouseDetails(name="Cedar House", beds=4))
    claim.release()  # maria's claim stays
    assert (saved.parent / f"{saved.name}.holder").exists()


def test_the_dialog_offers_take_over_only_for_a_claim_left_behind(
        qapp: QApplication, saved: Path) -> None:
    holder = FileHolder(saved, "maria", computer="OFFICE-2")
    holder.claim()
    found = holder.read()
    assert found is not None
    seen: list[list[str]] = []

    def click(label: str) -> None:
        box = next(w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QMessageBox) and w.isVisible())
        buttons = {b.text(): b for b in box.findChildren(QPushButton)}
        seen.append(sorted(buttons))
        buttons[label].click()

    QTimer.singleShot(0, lambda: click("Open &Read-Only"))
    held = ClaimResult(ClaimStatus.HELD, found[0], found[1])
    assert FileHeldDialog.ask(None, held) is HolderChoice.READ_ONLY
    QTimer.singleShot(0, lambda: click("&Take Over"))
    stale = ClaimResult(ClaimStatus.STALE, found[0], found[1])
    assert FileHeldDialog.ask(None, stale) is HolderChoice.TAKE_OVER
    assert seen == [["&Quit", "Open &Read-Only"], ["&Quit", "&Take Over", "Open &Read-Only"]]


def test_read_only_on_the_command_line_opens_the_window_read_only() -> None:
    arguments = ["--database", "office.sqlite3", "--read-only"]
    assert launch.window_database(arguments) == (True, "office.sqlite3")
    assert launch.window_read_only(arguments)
    assert not launch.window_read_only(["--database", "office.sqlite3"])


START_WITH_A_HOLDER = """
import json, sys
from pathlib import Path
from ui import app, file_claim
data = Path(sys.argv[1])
holder = data.with_name(data.name + ".holder")
seen = []
building = app.create_main_window
def create_main_window(target):
    window = building(target)
    seen.append((holder.exists() and json.loads(holder.read_text())["user"],
                 window.read_only_notice.label.text()))
    return window
app.create_main_window = create_main_window
file_claim.FileHeldDialog.ask = classmethod(lambda cls, parent, held: file_claim.HolderChoice.READ_ONLY)
status = app.run_window(str(data), ["soberhouse"])
print(json.dumps([seen, holder.exists()]))
sys.exit(status)
"""


@pytest.mark.parametrize("held_by_maria", [False, True])
def test_the_program_claims_the_file_while_open_and_releases_it(
        saved: Path, tmp_path: Path, held_by_maria: bool) -> None:
    if held_by_maria:
        FileHolder(saved, "maria", computer="OFFICE-2").claim()
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                       SOBERHOUSE_EXIT_AFTER_PAINT="1", USER="devon", LOGNAME="devon",
                       XDG_CONFIG_HOME=str(tmp_path / "config"),
                       **signed_in_start.environment(saved, tmp_path, username="devon"))
    finished = subprocess.run([sys.executable, "-c", START_WITH_A_HOLDER, str(saved)],
                              env=environment, capture_output=True, text=True, timeout=60,
                              check=False)
    assert finished.returncode == 0, finished.stderr
    [[(holder_user, notice)], holder_left] = json.loads(finished.stdout.splitlines()[-1])
    if held_by_maria:
        assert holder_user == "maria" and holder_left  # maria's claim, untouched
        assert notice.startswith("Read-only: Soberhouse is open on OFFICE-2 by maria since")
    else:
        assert holder_user == "devon"  # claimed while the window was open
        assert not holder_left  # and released when it closed

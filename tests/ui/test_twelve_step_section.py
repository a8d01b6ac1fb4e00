"""The 12-Step section: the weekly view (Met, Behind, partial weeks), and the
selected resident's outside meetings, sponsor and step work; every model it
shows passes the model tester."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from soberhouse.models import House
from soberhouse.models.twelve_step import Fellowship, OutsideMeeting, Sponsor, StepWork
from soberhouse.twelve_step.outside_meetings import (
    OutsideMeetingDetails,
    log_outside_meetings,
)
from soberhouse.twelve_step.sponsors import set_sponsor
from soberhouse.twelve_step.step_work import start_step
from tests.mentoring_helpers import admit
from ui.colours import Level, level_colour
from ui.form_fields import short_date
from ui.record_dialog import RecordDialog
from ui.twelve_step import dialogs
from ui.twelve_step.card_entry import CardEntryDialog
from ui.twelve_step.record_models import OutsideMeetingsModel, SponsorsModel, StepWorkModel
from ui.twelve_step.resident_panel import Tab
from ui.twelve_step.section import TwelveStepSection
from ui.twelve_step.week_model import WeekColumn

pytestmark = pytest.mark.ui

MONDAY = dt.date(2026, 11, 2)  # last week: 2-8 November (today is Sunday the 15th)


def day(offset: int) -> dt.date:
    return MONDAY + dt.timedelta(days=offset)


@pytest.fixture
def residents(house: House) -> dict[str, int]:
    """Ann needs 5 a week, Ben 4; Cara (3 a week) moved in on Thursday 5
    November, so that week is partial: 4 days, 2 required."""
    return {
        "ann": admit(house, "Ann", "Abbott", move_in=dt.date(2026, 10, 1)).id,
        "ben": admit(house, "Ben", "Baker", tier=2, move_in=dt.date(2026, 9, 1)).id,
        "cara": admit(house, "Cara", "Cole", tier=3, move_in=dt.date(2026, 11, 5)).id,
    }


def log(resident_id: int, *offsets: int, verified: bool = True) -> None:
    log_outside_meetings([OutsideMeetingDetails(resident_id, day(offset), Fellowship.AA,
                                                verified=verified) for offset in offsets])


def open_section(qtbot: QtBot) -> TwelveStepSection:
    section = TwelveStepSection()
    qtbot.addWidget(section)
    section.resize(1280, 760)
    section.set_house(None)
    with qtbot.waitExposed(section):
        section.show()
    return section


def cell(section: TwelveStepSection, resident_id: int, column: int) -> Any:
    index = section.proxy.index_of(resident_id)
    return section.proxy.index(index.row(), column).data()


def answer(monkeypatch: pytest.MonkeyPatch, dialog_class: type[RecordDialog],
           fill: Callable[[Any], None]) -> list[RecordDialog]:
    """Make ``dialog_class`` fill itself in and press Save instead of waiting
    for the manager; returns the dialogs opened."""
    opened: list[RecordDialog] = []

    def run(self: RecordDialog) -> bool:
        opened.append(self)
        fill(self)
        self.save_button.click()
        return self.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialog_class, "run", run)
    return opened


def test_the_weekly_view_shows_met_behind_and_a_partial_week(
        qtbot: QtBot, residents: dict[str, int]) -> None:
    log(residents["ann"], 0, 1, 2, 3, 4)  # 5 of 5
    log(residents["ben"], 0, 2, verified=False)  # 2 of 4
    log(residents["cara"], 3, 5)  # 2 of 2 (pro-rated from 3)
    section = open_section(qtbot)
    assert section.week_label.text().endswith("(in progress)")
    section.previous_button.click()
    assert section.week_label.text() == (
        f"Week of {short_date(day(0))} \u2013 {short_date(day(6))}")
    assert section.next_button.isEnabled()

    ann, ben, cara = residents["ann"], residents["ben"], residents["cara"]
    assert cell(section, ann, WeekColumn.STATUS) == "Met"
    assert cell(section, ben, WeekColumn.STATUS) == "Behind"
    assert cell(section, cara, WeekColumn.STATUS) == "Met"  # partial: see "Required"
    assert [cell(section, r, WeekColumn.REQUIRED) for r in (ann, ben, cara)] == [
        "5", "4", "2 of 3"]
    assert [cell(section, r, WeekColumn.MEETINGS) for r in (ann, ben, cara)] == [5, 2, 2]
    assert cell(section, ben, WeekColumn.VERIFIED) == 0
    assert [cell(section, r, WeekColumn.TIER) for r in (ann, ben, cara)] == [
        "Newcomer", "Established", "Senior"]
    index = section.proxy.index(section.proxy.index_of(ben).row(), WeekColumn.STATUS)
    assert "2 of 4 required: 2 short" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.ForegroundRole) == level_colour(Level.BAD)  # + words
    met = section.proxy.index(section.proxy.index_of(ann).row(), WeekColumn.STATUS)
    assert met.data(Qt.ItemDataRole.ForegroundRole) == level_colour(Level.GOOD)
    assert section.summary.text() == "1 behind \u00b7 2 of 3 residents met the quota " \
                                     "\u00b7 9 meetings logged"

    # This week (in progress, today is its last day): nobody logged anything yet.
    section.this_week_button.click()
    assert cell(section, ann, WeekColumn.STATUS) == "Behind"
    assert not section.next_button.isEnabled()


def test_a_week_in_progress_that_is_on_track(qtbot: QtBot, residents: dict[str, int]) -> None:
    log_outside_meetings([OutsideMeetingDetails(residents["cara"], dt.date(2026, 11, d),
                                                Fellowship.NA) for d in (10, 12, 14)])
    section = open_section(qtbot)
    assert cell(section, residents["cara"], WeekColumn.STATUS) == "In progress"
    assert cell(section, residents["ann"], WeekColumn.STATUS) == "Behind"


def test_enter_cards_refreshes_the_week(qtbot: QtBot, residents: dict[str, int],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    section = open_section(qtbot)
    section.show_week(day(3))

    def ask(parent: object, house_id: int | None, shown: dt.date) -> str:
        assert shown == day(3)
        log(residents["ben"], 0, 1, 2, 3)
        return "Saved 4 outside meetings for 1 resident"

    monkeypatch.setattr(CardEntryDialog, "ask", ask)
    with qtbot.waitSignal(section.status_message) as message:
        section.enter_cards()
    assert message.args == ["Saved 4 outside meetings for 1 resident"]
    assert cell(section, residents["ben"], WeekColumn.STATUS) == "Met"


def test_add_and_remove_an_outside_meeting(qtbot: QtBot, residents: dict[str, int],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    section = open_section(qtbot)
    assert section.select_resident(residents["ben"])
    panel = section.panel
    assert panel.resident_id == residents["ben"]

    def fill_meeting(dialog: dialogs.AddOutsideMeetingDialog) -> None:
        assert dialog.fellowship.currentData() == "aa"
        assert dialog.verified.isChecked()
        dialog.attended_on.set_value(dt.date(2026, 11, 12))
        dialog.fellowship.setCurrentIndex(dialog.fellowship.findData("na"))
        dialog.meeting_name.setText("Thursday Night Step Study")
        dialog.meeting_type.setCurrentIndex(dialog.meeting_type.findData("step"))
        dialog.verified_by.setText("Mike R.")

    answer(monkeypatch, dialogs.AddOutsideMeetingDialog, fill_meeting)
    with qtbot.waitSignal(section.status_message):
        section.add_outside_meeting()
    [meeting] = OutsideMeeting.select()
    assert (meeting.resident_id, meeting.attended_on, meeting.fellowship,
            meeting.meeting_name, meeting.meeting_type, meeting.verified,
            meeting.verified_by) == (residents["ben"], dt.date(2026, 11, 12), "na",
                                     "Thursday Night Step Study", "step", True, "Mike R.")
    assert panel.meetings_model.rowCount() == 1
    assert panel.meetings_model.index(0, 4).data() == "Signed by Mike R."
    assert cell(section, residents["ben"], WeekColumn.MEETINGS) == 1

    panel.meetings.setCurrentIndex(panel.meetings_proxy.index(0, 0))
    reasons = iter(["", "Entered for the wrong resident"])

    def fill_reason(dialog: dialogs.RemoveOutsideMeetingDialog) -> None:
        dialog.reason.setText(next(reasons))

    opened = answer(monkeypatch, dialogs.RemoveOutsideMeetingDialog, fill_reason)

    def run_twice(self: RecordDialog) -> bool:  # a reason is asked for first
        opened.append(self)
        fill_reason(self)
        self.save_button.click()
        assert self.errors.message("reason") == "Please give a reason for removing it."
        assert OutsideMeeting.get_by_id(meeting.id).removed_at is None
        fill_reason(self)
        self.save_button.click()
        return self.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs.RemoveOutsideMeetingDialog, "run", run_twice)
    with qtbot.waitSignal(section.status_message):
        panel.remove_meeting_button.click()
    kept = OutsideMeeting.get_by_id(meeting.id)  # the row stays, marked removed
    assert kept.removed_at is not None
    assert kept.removed_reason == "Entered for the wrong resident"
    assert panel.meetings_model.rowCount() == 0
    assert cell(section, residents["ben"], WeekColumn.MEETINGS) == 0


def test_a_new_sponsor(qtbot: QtBot, residents: dict[str, int],
                       monkeypatch: pytest.MonkeyPatch) -> None:
    set_sponsor(residents["ann"], "Dave Morales", "555-0199", dt.date(2026, 9, 1))
    section = open_section(qtbot)
    section.open_item("resident", residents["ann"])
    panel = section.panel
    assert panel.sponsor_label.text() == (
        f"Sponsor: Dave Morales, 555-0199, since {short_date(dt.date(2026, 9, 1))}")

    def fill(dialog: dialogs.NewSponsorDialog) -> None:
        assert "Dave Morales" in dialog.introduction.text()
        dialog.sponsor_name.setText("Ana Pérez")
        dialog.phone.setText("555-0123")
        dialog.since.set_value(dt.date(2026, 11, 10))

    answer(monkeypatch, dialogs.NewSponsorDialog, fill)
    with qtbot.waitSignal(section.status_message) as message:
        panel.new_sponsor_button.click()
    assert message.args == ["Ann Abbott's sponsor is now Ana Pérez"]
    assert panel.tabs.currentIndex() == Tab.SPONSOR
    rows = [(s.name, s.since, s.ended_on) for s in Sponsor.select().order_by(Sponsor.since)]
    assert rows == [("Dave Morales", dt.date(2026, 9, 1), dt.date(2026, 11, 10)),
                    ("Ana Pérez", dt.date(2026, 11, 10), None)]
    assert panel.sponsors_model.rowCount() == 2
    assert panel.sponsor_label.text().startswith("Sponsor: Ana Pérez, 555-0123")
    assert panel.end_sponsor_button.isEnabled()


def test_start_complete_and_restart_step_work(qtbot: QtBot, residents: dict[str, int],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    section = open_section(qtbot)
    section.select_resident(residents["cara"])
    panel = section.panel
    assert panel.step_label.text() == "No step work yet"
    assert panel.start_step_button.text() == "&Start step 1\u2026"
    assert not panel.complete_step_button.isEnabled()

    answer(monkeypatch, dialogs.StartStepDialog,
           lambda d: d.started_on.set_value(dt.date(2026, 11, 6)))
    panel.start_step_button.click()
    assert panel.step_label.text() == f"On step 1 since {short_date(dt.date(2026, 11, 6))}"
    assert not panel.start_step_button.isEnabled()  # step 1 is not completed yet

    answer(monkeypatch, dialogs.CompleteStepDialog,
           lambda d: d.completed_on.set_value(dt.date(2026, 11, 12)))
    panel.complete_step_button.click()
    assert panel.step_label.text() == f"Step 1 completed {short_date(dt.date(2026, 11, 12))}"
    assert panel.start_step_button.text() == "&Start step 2\u2026"

    answer(monkeypatch, dialogs.StartStepDialog, lambda d: None)  # today
    panel.start_step_button.click()
    assert panel.step_label.text() == f"On step 2 since {short_date(dt.date(2026, 11, 15))}"

    def restart(dialog: dialogs.StartStepDialog) -> None:
        dialog.step.setValue(1)
        dialog.save_button.click()  # no reason yet: refused, under the reason
        assert "is a restart: please give a reason" in dialog.errors.message("restart_reason")
        dialog.restart_reason.setText("Relapsed; starting again with a new sponsor")

    answer(monkeypatch, dialogs.StartStepDialog, restart)
    with qtbot.waitSignal(section.status_message) as message:
        panel.restart_step_button.click()
    assert message.args == [f"Cara Cole restarted at step 1 on "
                            f"{short_date(dt.date(2026, 11, 15))}"]
    rows = [(w.step, w.completed_on, w.restart, w.restart_reason)
            for w in StepWork.select().order_by(StepWork.id)]
    assert rows == [(1, dt.date(2026, 11, 12), False, ""), (2, None, False, ""),
                    (1, None, True, "Relapsed; starting again with a new sponsor")]
    assert panel.steps_model.rowCount() == 3
    notes = [panel.steps_model.index(row, 3).data() for row in range(3)]
    assert "Restarted: Relapsed; starting again with a new sponsor" in notes


def test_open_item_selects_the_resident(qtbot: QtBot, residents: dict[str, int]) -> None:
    section = open_section(qtbot)
    section.open_item("resident", residents["ben"])
    assert section.selected_resident_id() == residents["ben"]
    assert section.panel.title.full_text() == "Baker, Ben"
    section.search.setText("cole")
    assert section.proxy.rowCount() == 1
    section.open_item("resident", residents["ann"])  # hidden by the search: revealed
    assert section.selected_resident_id() == residents["ann"]


def test_menu_actions(qtbot: QtBot, residents: dict[str, int]) -> None:
    section = open_section(qtbot)
    texts = [action.text() for action in section.menu_actions() if not action.isSeparator()]
    assert texts == ["&Enter Week's Cards...", "&Add Outside Meeting...",
                     "&Remove Outside Meeting...", "New &Sponsor...", "Start Next S&tep...",
                     "&Import Outside Meetings...", "E&xport Outside Meetings..."]
    assert callable(section.enter_cards)


def test_every_model_passes_the_model_tester(
        qtbot: QtBot, qtmodeltester: ModelTester, residents: dict[str, int]) -> None:
    log(residents["ann"], 0, 1, 2)
    log_outside_meetings([OutsideMeetingDetails(residents["ann"], dt.date(2026, 11, 10),
                                                Fellowship.SMART, "Tuesday SMART",
                                                "open_discussion", True, "Jo")])
    set_sponsor(residents["ann"], "Dave Morales", "555-0199", dt.date(2026, 9, 1))
    start_step(residents["ann"], 1, dt.date(2026, 10, 2))
    section = open_section(qtbot)
    section.select_resident(residents["ann"])
    section.panel.period.setCurrentIndex(2)  # 13 weeks
    qtmodeltester.check(section.model)
    for model in (section.panel.meetings_model, section.panel.sponsors_model,
                  section.panel.steps_model):
        assert model.rowCount() >= 1
        qtmodeltester.check(model)
    assert isinstance(section.panel.meetings_model, OutsideMeetingsModel)
    assert isinstance(section.panel.sponsors_model, SponsorsModel)
    assert isinstance(section.panel.steps_model, StepWorkModel)
    section.model.sort(WeekColumn.STATUS)
    qtmodeltester.check(section.model)

"""Every form and dialog can be finished from the keyboard: Tab from field to
field, each value typed as a manager types it (never set on a widget), then
saved; what was saved is read back through the core."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from soberhouse import date_style
from soberhouse.date_style import DateStyle
from soberhouse.mentoring.mentors import register_resident_mentor
from soberhouse.models import House, Resident, ResidentCorrection, TierChange
from soberhouse.models.meetings import HouseMeeting
from soberhouse.models.mentoring import CheckIn, MentorAssignment
from soberhouse.models.twelve_step import OutsideMeeting, Sponsor, StepWork
from soberhouse.residents import discharge, get_resident
from tests.mentoring_helpers import admit
from ui.meetings.meeting_dialogs import ExtraMeetingDialog
from ui.meetings.section import MeetingsSection
from ui.mentoring.section import MentoringSection, Tab
from ui.record_dialog import RecordDialog
from ui.residents.action_dialogs import (
    ChangeTierDialog,
    DischargeDialog,
    ReadmitDialog,
    RelapseDialog,
)
from ui.residents.form import ResidentForm
from ui.settings_section.house_dialog import HouseDialog
from ui.twelve_step.dialogs import AddOutsideMeetingDialog, NewSponsorDialog, StartStepDialog

pytestmark = pytest.mark.ui

SENIOR = 3


@pytest.fixture(autouse=True)
def day_month_year() -> Iterator[None]:
    date_style.use_style(DateStyle.DAY_MONTH_YEAR)
    yield
    date_style.use_style(date_style.DEFAULT_STYLE)


@pytest.fixture(autouse=True)
def closing_discards(monkeypatch: pytest.MonkeyPatch) -> None:
    """A dialog closed at the end of a test throws away what it holds, without asking."""
    monkeypatch.setattr(ResidentForm, "ask_about_unsaved_changes",
                        lambda self: QMessageBox.StandardButton.Discard)
    monkeypatch.setattr(RecordDialog, "confirm_discard", lambda self: True)


# ---------------------------------------------------------------- the keyboard


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def shown(qtbot: QtBot, dialog: QWidget) -> QWidget:
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def tab(qtbot: QtBot) -> None:
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def type_into(qtbot: QtBot, text: str) -> None:
    """Type as a manager does: a line edit reached by Tab has its text selected,
    so typing replaces it; a list (combo box) jumps to the item typed."""
    widget = focused()
    if isinstance(widget, QAbstractButton):  # a check box or a toggle: Space
        if widget.isChecked() != (text == "yes"):
            qtbot.keyClick(widget, Qt.Key.Key_Space)
        return
    QTest.keyClicks(widget, text)


def tab_through(qtbot: QtBot, values: Mapping[QWidget, str], until: QWidget) -> list[QWidget]:
    """From the focused widget, Tab along the form typing each field's value
    when Tab reaches it, until ``until`` has its value; the fields visited."""
    visited: list[QWidget] = []
    for _ in range(60):
        widget = focused()
        assert widget not in visited, f"Tab stayed in or came back to {widget!r}"
        visited.append(widget)
        if widget in values:
            type_into(qtbot, values[widget])
        if widget is until:
            assert set(values) <= set(visited), "a field was never reached by Tab"
            return visited
        tab(qtbot)
    raise AssertionError(f"Tab never reached {until!r}")


def save_with_keyboard(qtbot: QtBot, save: QAbstractButton) -> None:
    """Tab on to the Save button and press Space."""
    for _ in range(60):
        if focused() is save:
            qtbot.keyClick(save, Qt.Key.Key_Space)
            return
        tab(qtbot)
    raise AssertionError("Tab never reached the Save button")


# ---------------------------------------------------------------- residents


@pytest.fixture
def form(qtbot: QtBot, house: House) -> ResidentForm:
    return shown(qtbot, ResidentForm(house_id=house.id))  # type: ignore[return-value]


def test_an_intake_typed_from_first_name_to_notes(qtbot: QtBot, form: ResidentForm) -> None:
    assert focused() is form.first_name
    tab_through(qtbot, {
        form.first_name: "Dana", form.last_name: "Reyes", form.preferred_name: "Dee",
        form.date_of_birth: "14/03/1987", form.phone: "555-0101",
        form.emergency_contact_name: "Rosa Reyes", form.emergency_contact_phone: "555-0102",
        form.substances: "alcohol", form.house: "Maple", form.tier: "Newcomer",
        form.room: "4", form.bed: "B", form.move_in_date: "02/11/2026",
        form.sobriety_date: "28 Oct 2026", form.notes: "Referred by the county court",
    }, until=form.notes)
    save_with_keyboard(qtbot, form.buttons.button(form.buttons.StandardButton.Save))
    assert form.result() == QDialog.DialogCode.Accepted
    resident = Resident.get()
    assert (resident.first_name, resident.last_name, resident.preferred_name) == (
        "Dana", "Reyes", "Dee")
    assert (resident.date_of_birth, resident.move_in_date, resident.sobriety_date) == (
        dt.date(1987, 3, 14), dt.date(2026, 11, 2), dt.date(2026, 10, 28))
    assert (resident.phone, resident.emergency_contact_name,
            resident.emergency_contact_phone, resident.substances) == (
        "555-0101", "Rosa Reyes", "555-0102", "alcohol")
    assert (resident.room, resident.bed, resident.tier.name, resident.notes) == (
        "4", "B", "Newcomer", "Referred by the county court")


def test_an_intake_with_a_date_that_does_not_exist_is_refused_naming_it(
        qtbot: QtBot, form: ResidentForm) -> None:
    tab_through(qtbot, {form.first_name: "Dana", form.last_name: "Reyes",
                        form.date_of_birth: "31/02/1988"}, until=form.date_of_birth)
    tab(qtbot)  # leaving the date names what is wrong, under it
    message = "Date of birth: “31/02/1988” — February 1988 has no day 31."
    assert form.errors.message("date_of_birth") == message
    assert focused() is form.phone  # and the cursor goes on
    tab_through(qtbot, {form.phone: "555-0101", form.sobriety_date: "01/10/2026"},
                until=form.sobriety_date)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Enter saves: refused
    assert form.result() != QDialog.DialogCode.Accepted
    assert form.errors.message("date_of_birth") == message
    assert focused() is form.date_of_birth
    assert Resident.select().count() == 0
    assert form.is_dirty()  # closing would ask: the typed date is not lost
    form.date_of_birth.selectAll()
    type_into(qtbot, "28/02/1988")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert form.result() == QDialog.DialogCode.Accepted
    assert Resident.get().date_of_birth == dt.date(1988, 2, 28)


def test_an_edit_typed_over_the_dates_keeps_the_old_ones_in_the_history(
        qtbot: QtBot, house: House) -> None:
    resident = admit(house, "Dana", "Reyes", move_in=dt.date(2026, 10, 1),
                     sober=dt.date(2026, 9, 1))
    form = shown(qtbot, ResidentForm(resident_id=resident.id))
    assert focused() is form.first_name
    tab_through(qtbot, {form.date_of_birth: "1987-03-14", form.phone: "555-0199",
                        form.sobriety_date: "02/09/2026", form.notes: "Works nights"},
                until=form.notes)
    save_with_keyboard(qtbot, form.buttons.button(form.buttons.StandardButton.Save))
    assert form.result() == QDialog.DialogCode.Accepted
    saved = get_resident(resident.id)
    assert (saved.first_name, saved.date_of_birth, saved.phone, saved.move_in_date,
            saved.sobriety_date, saved.notes) == (
        "Dana", dt.date(1987, 3, 14), "555-0199", dt.date(2026, 10, 1),
        dt.date(2026, 9, 2), "Works nights")
    assert {c.field_name for c in ResidentCorrection.select()} >= {"date_of_birth", "phone"}


@pytest.fixture
def dana(house: House) -> Resident:
    return admit(house, "Dana", "Reyes", move_in=dt.date(2026, 11, 13))


def test_a_discharge_waits_for_how_they_leave_then_takes_the_typed_date(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, dana: Resident) -> None:
    monkeypatch.setattr(DischargeDialog, "confirm_discharge", lambda self: True)
    dialog = shown(qtbot, DischargeDialog(dana.id))
    assert dialog.status.currentIndex() == -1  # no "Graduated" for a resident of 2 days
    assert dialog.status.placeholderText() == "Choose a reason…"
    dialog.status.setFocus()
    tab_through(qtbot, {dialog.discharge_date: "14/11/2026",
                        dialog.reason: "Used on the premises"}, until=dialog.reason)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.errors.message("status") == "Choose graduated, discharged or left."
    assert get_resident(dana.id).status == "active"
    assert focused() is dialog.status
    type_into(qtbot, "Discharged")
    save_with_keyboard(qtbot, dialog.save_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    left = get_resident(dana.id)
    assert (left.status, left.discharge_date, left.discharge_reason) == (
        "discharged", dt.date(2026, 11, 14), "Used on the premises")


def test_a_tier_change_dated_in_the_past(qtbot: QtBot, house: House) -> None:
    resident = admit(house, "Dana", "Reyes", move_in=dt.date(2026, 8, 1))
    dialog = shown(qtbot, ChangeTierDialog(resident.id))
    dialog.tier.setFocus()
    tab_through(qtbot, {dialog.tier: "Established", dialog.effective_date: "01/11/2026",
                        dialog.reason: "Met every condition"}, until=dialog.reason)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    change = TierChange.select().order_by(TierChange.id.desc()).get()
    assert (change.to_tier.name, change.effective_date, change.reason) == (
        "Established", dt.date(2026, 11, 1), "Met every condition")


def test_a_readmission_leaves_the_optional_sobriety_date_empty(
        qtbot: QtBot, house: House) -> None:
    resident = admit(house, "Dana", "Reyes", move_in=dt.date(2026, 6, 1),
                     sober=dt.date(2026, 5, 20))
    discharge(resident.id, "left", dt.date(2026, 10, 1), "Moved in with family")
    dialog = shown(qtbot, ReadmitDialog(resident.id))
    dialog.house.setFocus()
    visited = tab_through(qtbot, {dialog.move_in_date: "14/11/2026", dialog.room: "7",
                                  dialog.bed: "A", dialog.reason: "Back after treatment"},
                          until=dialog.reason)
    assert dialog.sobriety_date in visited  # passed over, left empty
    assert dialog.sobriety_date.value() is None
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    back = get_resident(resident.id)
    assert (back.status, back.move_in_date, back.room, back.bed, back.sobriety_date) == (
        "active", dt.date(2026, 11, 14), "7", "A", dt.date(2026, 5, 20))


def test_a_relapse_typed_as_a_written_date(qtbot: QtBot, dana: Resident) -> None:
    dialog = shown(qtbot, RelapseDialog(dana.id))
    dialog.sobriety_date.setFocus()
    dialog.sobriety_date.selectAll()
    tab_through(qtbot, {dialog.sobriety_date: "14 November 2026",
                        dialog.reason: "Drank at a family party"}, until=dialog.reason)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_resident(dana.id).sobriety_date == dt.date(2026, 11, 14)


# ---------------------------------------------------------------- mentoring


def test_a_pairing_that_began_last_month_then_a_check_in_after_it(
        qtbot: QtBot, house: House) -> None:
    kevin = admit(house, "Kevin", "Oneill", tier=SENIOR, move_in=dt.date(2026, 1, 5))
    register_resident_mentor(kevin.id, since=dt.date(2026, 5, 1))
    zoe = admit(house, "Zoe", "Nguyen", move_in=dt.date(2026, 10, 1))
    section = MentoringSection()
    qtbot.addWidget(section)
    section.resize(1280, 760)
    with qtbot.waitActive(section):
        section.show()
        section.activateWindow()
    assert section.select_need(zoe.id)
    section.suggestions.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # Starting on
    assert focused() is section.start_date
    type_into(qtbot, "20/10/2026")
    with qtbot.wait_signal(section.status_message):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Enter pairs them
    pairing = MentorAssignment.get()
    assert (pairing.mentor.resident_id, pairing.mentee_id, pairing.started_on) == (
        kevin.id, zoe.id, dt.date(2026, 10, 20))
    assert section.start_date.value() == dt.date(2026, 11, 15)  # the next one: today

    section.tabs.setCurrentIndex(Tab.ASSIGNMENTS)
    assert section.select_assignment(pairing.id)
    entry = section.panel.entry
    qtbot.keyClick(section.assignments, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert focused() is entry.held_on
    tab_through(qtbot, {entry.held_on: "27/10/2026", entry.minutes: "45"},
                until=entry.minutes)
    with qtbot.wait_signal(section.status_message):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    check_in = CheckIn.get()
    assert (check_in.assignment_id, check_in.held_on, check_in.minutes) == (
        pairing.id, dt.date(2026, 10, 27), 45)


# ---------------------------------------------------------------- meetings


@pytest.fixture
def meetings(qtbot: QtBot, house: House) -> MeetingsSection:
    admit(house, "Ana", "Abara", move_in=dt.date(2026, 6, 1))
    section = MeetingsSection()
    qtbot.addWidget(section)
    section.resize(1280, 760)
    section.set_house(house.id)
    with qtbot.waitActive(section):
        section.show()
        section.activateWindow()
    return section


def test_a_meeting_record_typed_from_its_date_to_its_topic(
        qtbot: QtBot, meetings: MeetingsSection) -> None:
    panel = meetings.panel
    assert panel.row is not None and panel.record_editable
    held_on = panel.row.held_on
    panel.held_on.setFocus()
    panel.held_on.selectAll()
    tab_through(qtbot, {panel.held_on: date_style.typed_date(held_on),
                        panel.starts_at: "1930", panel.kind: "Weekly",
                        panel.facilitator: "Rita", panel.topic: "Chore rotation"},
                until=panel.topic)
    with qtbot.wait_signal(meetings.status_message):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Enter in the topic saves
    meeting = HouseMeeting.get()
    assert (meeting.held_on, meeting.starts_at, meeting.kind, meeting.facilitator_name,
            meeting.topic) == (held_on, "19:30", "regular", "Rita", "Chore rotation")

    # Edited: Tab passes over the date and the time as they are; the topic
    # typed after them lands in the topic.
    panel.held_on.setFocus()
    tab_through(qtbot, {panel.topic: "House rules"}, until=panel.topic)
    with qtbot.wait_signal(meetings.status_message):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    meeting = HouseMeeting.get()
    assert (meeting.held_on, meeting.starts_at, meeting.topic) == (
        held_on, "19:30", "House rules")


def test_an_extra_meeting_typed_field_by_field(qtbot: QtBot, house: House) -> None:
    dialog = shown(qtbot, ExtraMeetingDialog(house.id))
    dialog.held_on.setFocus()
    dialog.held_on.selectAll()
    tab_through(qtbot, {dialog.held_on: "18/11/2026", dialog.starts_at: "1800",
                        dialog.kind: "Special", dialog.topic: "Move-out procedures"},
                until=dialog.topic)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    meeting = HouseMeeting.get()
    assert (meeting.held_on, meeting.starts_at, meeting.kind, meeting.topic) == (
        dt.date(2026, 11, 18), "18:00", "special", "Move-out procedures")


# ---------------------------------------------------------------- 12-step


def test_an_outside_meeting_typed_field_by_field(qtbot: QtBot, dana: Resident) -> None:
    dialog = shown(qtbot, AddOutsideMeetingDialog(dana.id))
    dialog.attended_on.setFocus()
    dialog.attended_on.selectAll()
    tab_through(qtbot, {dialog.attended_on: "14/11/2026", dialog.fellowship: "NA",
                        dialog.meeting_name: "Saturday Basic Text",
                        dialog.meeting_type: "Literature", dialog.verified: "yes",
                        dialog.verified_by: "J. Smith"}, until=dialog.verified_by)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    meeting = OutsideMeeting.get()
    assert (meeting.attended_on, meeting.fellowship, meeting.meeting_name,
            meeting.meeting_type, meeting.verified, meeting.verified_by) == (
        dt.date(2026, 11, 14), "na", "Saturday Basic Text", "literature", True, "J. Smith")


def test_a_sponsor_since_a_typed_date(qtbot: QtBot, dana: Resident) -> None:
    dialog = shown(qtbot, NewSponsorDialog(dana.id))
    dialog.sponsor_name.setFocus()
    tab_through(qtbot, {dialog.sponsor_name: "Pat Moore", dialog.phone: "555-0150",
                        dialog.since: "13/11/2026"}, until=dialog.since)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    sponsor = Sponsor.get()
    assert (sponsor.name, sponsor.phone, sponsor.since) == (
        "Pat Moore", "555-0150", dt.date(2026, 11, 13))


def test_a_step_started_on_a_typed_date(qtbot: QtBot, dana: Resident) -> None:
    dialog = shown(qtbot, StartStepDialog(dana.id, 1))
    dialog.started_on.setFocus()
    dialog.started_on.selectAll()
    type_into(qtbot, "14 Nov 2026")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    work = StepWork.get()
    assert (work.step, work.started_on) == (1, dt.date(2026, 11, 14))


def test_a_list_reached_by_tab_takes_the_item_typed(qtbot: QtBot, dana: Resident) -> None:
    """The helper above relies on it: typing a list's item chooses it."""
    dialog = shown(qtbot, AddOutsideMeetingDialog(dana.id))
    combo: QComboBox = dialog.fellowship
    combo.setFocus()
    type_into(qtbot, "SMART")
    assert combo.currentData() == "smart"


# ---------------------------------------------------------------- settings


def test_a_house_typed_down_to_its_meeting_time(qtbot: QtBot, db: object) -> None:
    dialog = shown(qtbot, HouseDialog())
    dialog.name_edit.setFocus()
    tab_through(qtbot, {dialog.name_edit: "Cedar House", dialog.address_edit: "4 Cedar Rd",
                        dialog.beds_spin: "6", dialog.week_start_combo: "Sunday",
                        dialog.meeting_day_combo: "Tuesday"}, until=dialog.meeting_time_edit)
    tab(qtbot)  # a time reached by Tab and left as it is: Tab leaves it too
    assert isinstance(focused(), QAbstractButton)
    qtbot.keyClick(focused(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is dialog.meeting_time_edit
    type_into(qtbot, "1830")
    save_with_keyboard(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))
    house = House.get(House.name == "Cedar House")
    assert (house.address, house.beds, house.week_start, house.meeting_weekday,
            house.meeting_time) == ("4 Cedar Rd", 6, 6, 1, "18:30")

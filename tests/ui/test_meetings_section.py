"""The Meetings section: the roll call taken with the keyboard, who is
listed, switching house and meeting, extra and cancelled meetings, the
record with its motions, and the attendance view's figures."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from soberhouse.meetings.records import MeetingDetails, get_meeting, record_meeting
from soberhouse.meetings.roll_call import RollCallMark, save_roll_call
from soberhouse.models import House, Resident
from soberhouse.models.meetings import (
    Attendance,
    AttendanceChange,
    AttendanceStatus,
    HouseMeeting,
    MeetingKind,
    Motion,
    MotionOutcome,
)
from tests.mentoring_helpers import admit
from ui.meetings.attendance_model import AttendanceColumn
from ui.meetings.meeting_dialogs import CancelMeetingDialog, ExtraMeetingDialog
from ui.meetings.meeting_list_model import MeetingListColumn, MeetingState, planned_row_id
from ui.meetings.meeting_panel import InnerTab
from ui.meetings.motions_model import MotionColumn
from ui.meetings.roll_call_model import RollCallColumn
from ui.meetings.section import CHOOSE_HOUSE_TEXT, MeetingsSection, Tab, Unsaved

pytestmark = pytest.mark.ui

LAST_MONDAY = dt.date(2026, 11, 9)  # today (the fixture) is Sunday 2026-11-15
MONDAY_BEFORE = dt.date(2026, 11, 2)


@pytest.fixture
def residents(house: House, other_house: House) -> dict[str, int]:
    """Four residents living in Maple House on LAST_MONDAY, one who moved in
    after it, one who moved out before it, and one in Cedar House."""
    people = {
        "ana": admit(house, "Ana", "Abara", move_in=dt.date(2026, 6, 1)).id,
        "ben": admit(house, "Ben", "Brown", move_in=dt.date(2026, 6, 2)).id,
        "cat": admit(house, "Cat", "Cole", move_in=dt.date(2026, 6, 3)).id,
        "dan": admit(house, "Dan", "Doyle", move_in=dt.date(2026, 6, 4)).id,
        "eve": admit(house, "Eve", "Early", move_in=dt.date(2026, 11, 12)).id,
        "gus": admit(other_house, "Gus", "Grant", move_in=dt.date(2026, 6, 5)).id,
    }
    from soberhouse.residents import discharge

    fay = admit(house, "Fay", "Fox", move_in=dt.date(2026, 6, 6))
    discharge(fay.id, "graduated", dt.date(2026, 11, 5), "Moved on")
    people["fay"] = fay.id
    return people


def open_section(qtbot: QtBot, house_id: int | None) -> MeetingsSection:
    section = MeetingsSection()
    qtbot.addWidget(section)
    section.resize(1280, 760)
    section.set_house(house_id)
    with qtbot.waitExposed(section):
        section.show()
    return section


def listed_names(section: MeetingsSection) -> list[str]:
    return [member.name for member in section.panel.roll_call_model.members]


def status_cells(section: MeetingsSection) -> list[str]:
    model = section.panel.roll_call_model
    return [model.index(row, RollCallColumn.STATUS).data() for row in range(model.rowCount())]


def test_the_roll_call_taken_with_the_keyboard(
        qtbot: QtBot, house: House, residents: dict[str, int]) -> None:
    section = open_section(qtbot, house.id)
    panel = section.panel
    # Opens on last Monday's weekly meeting: nobody recorded it, so it is flagged.
    row = section.selected_row()
    assert row is not None
    assert (row.held_on, row.meeting_id, row.state) == (LAST_MONDAY, None, MeetingState.NOT_TAKEN)
    index = section.proxy.index_of(row.row_id)
    assert section.proxy.index(index.row(), MeetingListColumn.STATE).data() == "Not taken"
    # Only the residents living in the house that day.
    assert listed_names(section) == ["Abara, Ana", "Brown, Ben", "Cole, Cat", "Doyle, Dan"]
    assert status_cells(section) == ["Not marked"] * 4

    section.mark_all_action.trigger()
    view = panel.roll_call_view
    assert view.hasFocus()
    assert status_cells(section) == ["Present"] * 4
    assert panel.roll_call_summary.text() == (
        "4 residents: 4 present, 0 late, 0 excused, 0 unexcused (not saved)")
    assert view.currentIndex().row() == 0
    qtbot.keyClick(view, Qt.Key.Key_L)  # Ana late; moves to Ben
    assert view.currentIndex().row() == 1
    qtbot.keyClick(view, Qt.Key.Key_U)  # Ben unexcused; moves to Cat
    assert view.currentIndex().row() == 2
    qtbot.keyClick(view, Qt.Key.Key_E)  # Cat excused: the reason cell opens
    assert view.currentIndex().column() == RollCallColumn.REASON
    editor = view.findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    qtbot.keyClicks(editor, "Doctor appointment")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.currentIndex().row() == 3)  # then on to Dan
    assert view.currentIndex().column() == RollCallColumn.STATUS
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_P)  # Dan stays present
    assert status_cells(section) == ["Late", "Unexcused absence", "Excused absence", "Present"]

    with qtbot.wait_signal(section.status_message) as message:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert message.args == ["Roll call saved: 1 present, 1 late, 1 excused, 1 unexcused"]

    meeting = HouseMeeting.get()
    assert (meeting.held_on, meeting.kind, meeting.starts_at) == (LAST_MONDAY, "regular", "19:00")
    marks = {(a.resident_id, a.status, a.reason) for a in Attendance.select()}
    assert marks == {
        (residents["ana"], "late", ""), (residents["ben"], "unexcused", ""),
        (residents["cat"], "excused", "Doctor appointment"), (residents["dan"], "present", ""),
    }
    # The list now shows the meeting on record with its figures.
    row = section.selected_row()
    assert row is not None and row.meeting_id == meeting.id and row.state is MeetingState.TAKEN
    number = section.proxy.index_of(meeting.id).row()
    assert [section.proxy.index(number, column).data() for column in (
        MeetingListColumn.STATE, MeetingListColumn.PRESENT, MeetingListColumn.LATE,
        MeetingListColumn.EXCUSED, MeetingListColumn.UNEXCUSED)] == ["Taken", "1", "1", "1", "1"]
    assert not panel.is_dirty()

    # A corrected mark keeps the old one.
    view.setCurrentIndex(panel.roll_call_model.index(1, RollCallColumn.STATUS))
    qtbot.keyClick(view, Qt.Key.Key_P)
    with qtbot.wait_signal(section.status_message) as message:
        section.save_action.trigger()
    assert message.args == ["Roll call saved: 2 present, 1 late, 1 excused, 0 unexcused"]
    change = AttendanceChange.get()
    assert (change.from_status, change.to_status) == ("unexcused", "present")


def test_an_excused_absence_without_a_reason_is_refused_on_its_row(
        qtbot: QtBot, house: House, residents: dict[str, int]) -> None:
    section = open_section(qtbot, house.id)
    panel = section.panel
    section.mark_all_present()
    view = panel.roll_call_view
    view.setCurrentIndex(panel.roll_call_model.index(1, RollCallColumn.STATUS))
    qtbot.keyClick(view, Qt.Key.Key_E)
    editor = view.findChild(QLineEdit)
    assert editor is not None
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # no reason given
    qtbot.waitUntil(lambda: view.currentIndex().column() == RollCallColumn.STATUS)
    assert not section.save()
    assert Attendance.select().count() == 0
    message = "Ben Brown: an excused absence needs a reason."
    assert panel.roll_call_message.isVisible()
    assert panel.roll_call_message.text() == message
    assert panel.roll_call_model.problem(1) == message
    assert panel.roll_call_model.index(1, RollCallColumn.STATUS).data(
        Qt.ItemDataRole.ToolTipRole) == message
    assert view.currentIndex().row() == 1
    # Typing the reason clears the problem; the save goes through.
    panel.roll_call_model.setData(panel.roll_call_model.index(1, RollCallColumn.REASON), "Sick")
    assert panel.roll_call_model.problem(1) == ""
    assert section.save()
    assert Attendance.get(Attendance.resident == residents["ben"]).reason == "Sick"


def test_a_roll_call_needs_someone_marked(
        qtbot: QtBot, house: House, residents: dict[str, int]) -> None:
    section = open_section(qtbot, house.id)
    assert not section.save()
    assert section.panel.roll_call_message.text() == (
        "Mark who came first: P, L, E or U on each row, or Mark all present.")
    assert HouseMeeting.select().count() == 0


def test_switching_house_and_the_all_houses_choice(
        qtbot: QtBot, house: House, other_house: House, residents: dict[str, int]) -> None:
    section = open_section(qtbot, None)
    assert section.pages.currentWidget() is section.empty_message
    assert section.empty_message.text() == CHOOSE_HOUSE_TEXT
    assert not section.mark_all_action.isEnabled()
    assert not section.new_meeting_action.isEnabled()

    section.set_house(other_house.id)
    assert section.pages.currentWidget() is section.tabs
    assert section.list_label.text() == "&Meetings of Cedar House"
    assert listed_names(section) == ["Grant, Gus"]
    section.set_house(house.id)
    assert section.list_label.text() == "&Meetings of Maple House"
    assert "Grant, Gus" not in listed_names(section)
    assert len(listed_names(section)) == 4


def test_the_only_house_is_shown_without_choosing(
        qtbot: QtBot, house: House) -> None:
    admit(house, "Ana", "Abara", move_in=dt.date(2026, 6, 1))
    section = open_section(qtbot, None)
    assert section.pages.currentWidget() is section.tabs
    assert section.house_id == house.id
    assert listed_names(section) == ["Abara, Ana"]


def test_switching_meeting_with_unsaved_marks_asks(
        qtbot: QtBot, house: House, residents: dict[str, int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    section = open_section(qtbot, house.id)
    section.mark_all_present()
    answers = [Unsaved.CANCEL, Unsaved.DISCARD]
    asked: list[bool] = []

    def ask(can_cancel: bool) -> str:
        asked.append(can_cancel)
        return answers.pop(0)

    monkeypatch.setattr(section, "ask_unsaved", ask)
    earlier = section.proxy.index_of(planned_row_id(MONDAY_BEFORE))
    section.meetings.setCurrentIndex(earlier)  # Cancel: stays
    assert asked == [True]
    assert section.panel.row is not None and section.panel.row.held_on == LAST_MONDAY
    assert section.selected_row() is section.panel.row
    assert status_cells(section) == ["Present"] * 4
    section.meetings.setCurrentIndex(earlier)  # Discard: moves on
    assert section.panel.row is not None and section.panel.row.held_on == MONDAY_BEFORE
    assert status_cells(section) == ["Not marked"] * 5  # Fay still lived there
    assert "Fox, Fay" in listed_names(section)
    assert Attendance.select().count() == 0


def test_switching_meeting_can_save_first(
        qtbot: QtBot, house: House, residents: dict[str, int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    section = open_section(qtbot, house.id)
    section.mark_all_present()
    monkeypatch.setattr(section, "ask_unsaved", lambda can_cancel: Unsaved.SAVE)
    section.meetings.setCurrentIndex(section.proxy.index_of(planned_row_id(MONDAY_BEFORE)))
    assert Attendance.select().count() == 4
    assert section.panel.row is not None and section.panel.row.held_on == MONDAY_BEFORE


def test_an_extra_meeting_is_added_and_chosen(
        qtbot: QtBot, house: House, residents: dict[str, int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    section = open_section(qtbot, house.id)

    def ask(parent: QWidget | None, house_id: int) -> tuple[int, str] | None:
        dialog = ExtraMeetingDialog(house_id, parent)
        dialog.held_on.set_value(dt.date(2026, 11, 18))
        dialog.kind.setCurrentIndex(dialog.kind.findData(MeetingKind.SPECIAL.value))
        dialog.topic.setText("Move-out procedures")
        dialog.save_button.click()
        assert dialog.meeting_id is not None
        return dialog.meeting_id, dialog.status_text

    monkeypatch.setattr(ExtraMeetingDialog, "ask", ask)
    with qtbot.wait_signal(section.status_message) as message:
        section.add_meeting()
    meeting = HouseMeeting.get()
    assert (meeting.held_on, meeting.kind, meeting.topic, meeting.starts_at) == (
        dt.date(2026, 11, 18), "special", "Move-out procedures", "19:00")
    assert message.args[0].startswith("Special session added on ")
    row = section.selected_row()
    assert row is not None and row.meeting_id == meeting.id
    number = section.proxy.index_of(meeting.id).row()
    assert section.proxy.index(number, MeetingListColumn.KIND).data() == "Special"
    assert section.proxy.index(number, MeetingListColumn.TOPIC).data() == "Move-out procedures"
    panel = section.panel
    assert panel.title.text().startswith("Special session, Wednesday ")
    # Ahead of its day: the record can change, the roll call waits.
    assert panel.record_editable and not panel.roll_call_editable
    assert not section.mark_all_action.isEnabled()
    assert len(listed_names(section)) == 5  # Eve has moved in by then


def test_the_record_with_a_staff_facilitator_and_motions(
        qtbot: QtBot, house: House, residents: dict[str, int]) -> None:
    section = open_section(qtbot, house.id)
    panel = section.panel
    panel.facilitator.setEditText("Rita (house manager)")
    panel.topic.setText("Chore rotation")
    panel.minutes.setPlainText("Chores reassigned for December.")
    panel.add_motion()
    model = panel.motions_model
    assert model.rowCount() == 1
    model.setData(model.index(0, MotionColumn.TEXT), "Buy a new vacuum")
    model.setData(model.index(0, MotionColumn.MOVED_BY), "Ana")
    model.setData(model.index(0, MotionColumn.OUTCOME), MotionOutcome.PASSED.value)
    model.setData(model.index(0, MotionColumn.FOR), 4)
    model.setData(model.index(0, MotionColumn.AGAINST), 0)
    assert panel.is_dirty()
    with qtbot.wait_signal(section.status_message) as message:
        panel.save_button.click()
    assert message.args[0].startswith("Meeting saved: Weekly meeting, Monday ")
    meeting = HouseMeeting.get()
    assert (meeting.facilitator_resident_id, meeting.facilitator_name, meeting.topic,
            meeting.minutes) == (None, "Rita (house manager)", "Chore rotation",
                                 "Chores reassigned for December.")
    motion = Motion.get()
    assert (motion.text, motion.moved_by, motion.outcome, motion.votes_for,
            motion.votes_against) == ("Buy a new vacuum", "Ana", "passed", 4, 0)
    assert not panel.is_dirty()
    # The roll call is still to be taken: the list says so.
    row = section.selected_row()
    assert row is not None and row.meeting_id == meeting.id
    assert row.state is MeetingState.NOT_TAKEN

    # A resident as facilitator; a refused change shows under its field.
    panel.facilitator.setCurrentIndex(panel.facilitator.findText("Cole, Cat"))
    panel.held_on.set_value(dt.date(2026, 11, 30))
    assert not panel.save_record()
    assert "can't be dated in the future" in panel.errors.message("held_on")
    panel.held_on.set_value(LAST_MONDAY)
    assert panel.save_record()
    assert get_meeting(meeting.id).facilitator_resident_id == residents["cat"]


def test_motion_problems_show_on_the_minutes_tab(
        qtbot: QtBot, house: House, residents: dict[str, int]) -> None:
    section = open_section(qtbot, house.id)
    panel = section.panel
    panel.add_motion()
    panel.motions_model.setData(panel.motions_model.index(0, MotionColumn.FOR), -2)
    panel.motions_model.setData(panel.motions_model.index(0, MotionColumn.TEXT), "Curfew")
    assert not panel.save_record()
    assert panel.inner_tabs.currentIndex() == InnerTab.MINUTES
    assert panel.errors.message("motions") == "Motion 1: votes for can't be negative."
    assert HouseMeeting.select().count() == 0


def test_cancelling_a_planned_weekly_meeting(
        qtbot: QtBot, house: House, residents: dict[str, int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    section = open_section(qtbot, house.id)
    next_monday = dt.date(2026, 11, 16)
    assert section.select_meeting(planned_row_id(next_monday))
    assert not section.panel.record_editable  # weekly meetings are recorded on the day

    def ask(parent: QWidget | None, house_id: int, held_on: dt.date, title: str,
            meeting_id: int | None) -> tuple[int, str] | None:
        dialog = CancelMeetingDialog(house_id, held_on, title, meeting_id, parent)
        dialog.save_button.click()  # no reason: refused
        assert dialog.errors.message("cancel_reason") == (
            "Please say why the meeting is cancelled.")
        dialog.reason.setText("Thanksgiving week")
        dialog.save_button.click()
        assert dialog.meeting_id is not None
        return dialog.meeting_id, dialog.status_text

    monkeypatch.setattr(CancelMeetingDialog, "ask", ask)
    with qtbot.wait_signal(section.status_message) as message:
        section.cancel_action.trigger()
    meeting = HouseMeeting.get()
    assert (meeting.held_on, meeting.cancelled, meeting.cancel_reason) == (
        next_monday, True, "Thanksgiving week")
    assert message.args[0].endswith("cancelled: Thanksgiving week")
    row = section.selected_row()
    assert row is not None and row.state is MeetingState.CANCELLED
    assert section.panel.state_label.text() == "Cancelled: Thanksgiving week"
    assert not section.cancel_action.isEnabled()
    assert not section.panel.roll_call_editable


def test_open_item_shows_the_meeting(
        qtbot: QtBot, house: House, residents: dict[str, int]) -> None:
    old = record_meeting(MeetingDetails(house.id, dt.date(2025, 6, 2), topic="Long ago"))
    section = open_section(qtbot, house.id)
    section.tabs.setCurrentIndex(Tab.ATTENDANCE)
    section.open_item("meeting", old.id)
    assert section.tabs.currentIndex() == Tab.MEETINGS
    row = section.selected_row()
    assert row is not None and row.meeting_id == old.id
    assert section.panel.topic.text() == "Long ago"


def test_the_attendance_view(qtbot: QtBot, house: House, residents: dict[str, int]) -> None:
    ana, ben, cat, dan = (residents[name] for name in ("ana", "ben", "cat", "dan"))
    first = record_meeting(MeetingDetails(house.id, MONDAY_BEFORE))
    save_roll_call(first.id, [
        RollCallMark(ana, AttendanceStatus.PRESENT), RollCallMark(ben, AttendanceStatus.UNEXCUSED),
        RollCallMark(cat, AttendanceStatus.EXCUSED, "Work"),
        RollCallMark(dan, AttendanceStatus.PRESENT)])
    second = record_meeting(MeetingDetails(house.id, LAST_MONDAY))
    save_roll_call(second.id, [
        RollCallMark(ana, AttendanceStatus.EXCUSED, "Family"),
        RollCallMark(ben, AttendanceStatus.LATE),
        RollCallMark(cat, AttendanceStatus.EXCUSED, "Work")])  # Dan not marked
    section = open_section(qtbot, house.id)
    section.tabs.setCurrentIndex(Tab.ATTENDANCE)
    panel = section.attendance
    assert panel.start.value() == dt.date(2026, 8, 15)
    assert panel.end.value() == dt.date(2026, 11, 15)
    model = panel.model
    names = {row.resident_id: row.name for row in model.rows}
    fay = residents["fay"]  # moved out between the two meetings
    assert names == {ana: "Abara, Ana", ben: "Brown, Ben", cat: "Cole, Cat", dan: "Doyle, Dan",
                     fay: "Fox, Fay"}

    def cells(resident_id: int) -> list[str]:
        number = model.row_of(resident_id)
        assert number is not None
        return [str(model.index(number, column).data()) for column in range(
            AttendanceColumn.HELD, AttendanceColumn.RATE + 1)]

    # held, present, late, excused, unexcused, not marked, rate
    assert cells(ana) == ["2", "1", "0", "1", "0", "0", "100%"]
    assert cells(ben) == ["2", "0", "1", "0", "1", "0", "50%"]
    assert cells(cat) == ["2", "0", "0", "2", "0", "0", "\u2014"]
    assert cells(dan) == ["2", "1", "0", "0", "0", "1", "50%"]
    assert cells(fay) == ["1", "0", "0", "0", "0", "1", "Not marked"]  # never marked: no 0%
    rate = model.index(model.row_of(ana), AttendanceColumn.RATE)
    assert rate.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    # attended 3 of (9 held - 3 excused)
    assert panel.total.text() == ("House total: 50% attended \u00b7 5 residents \u00b7 "
                                  "2 present, 1 late, 3 excused, 1 unexcused, 2 not marked")

    # A shorter period: only last Monday's meeting.
    panel.start.set_value(dt.date(2026, 11, 5))
    assert cells(ben) == ["1", "0", "1", "0", "0", "0", "100%"]
    assert cells(ana) == ["1", "0", "0", "1", "0", "0", "\u2014"]
    panel.default_button.click()
    assert panel.start.value() == dt.date(2026, 8, 15)
    assert cells(ben)[0] == "2"


def test_every_model_passes_the_model_tester(
        qtbot: QtBot, qtmodeltester: object, house: House, residents: dict[str, int]) -> None:
    first = record_meeting(MeetingDetails(house.id, MONDAY_BEFORE, topic="Rules"))
    save_roll_call(first.id, [RollCallMark(residents["ana"], AttendanceStatus.PRESENT)])
    section = open_section(qtbot, house.id)
    section.panel.add_motion()
    section.mark_all_present()
    section.tabs.setCurrentIndex(Tab.ATTENDANCE)
    for model in (section.model, section.panel.roll_call_model, section.panel.motions_model,
                  section.attendance.model):
        qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert Resident.select().count() == 7


def test_ctrl_s_keeps_a_reason_still_being_typed(
        qtbot: QtBot, house: House, residents: dict[str, int]) -> None:
    section = open_section(qtbot, house.id)
    panel = section.panel
    section.mark_all_present()
    view = panel.roll_call_view
    qtbot.keyClick(view, Qt.Key.Key_E)  # Ana excused; the reason cell opens
    editor = view.findChild(QLineEdit)
    assert editor is not None
    qtbot.keyClicks(editor, "Court date")
    with qtbot.wait_signal(section.status_message) as message:
        section.save_action.trigger()  # Ctrl+S, the cell still open
    assert message.args == ["Roll call saved: 3 present, 0 late, 1 excused, 0 unexcused"]
    assert Attendance.get(Attendance.resident == residents["ana"]).reason == "Court date"
    assert panel.state_label.text().startswith("Roll call taken.")
    assert section.tabs.tabText(Tab.MEETINGS) == "Meetings (3 without roll call)"  # 3 Mondays before


def test_in_the_window_the_shortcuts_take_the_roll_call(
        qtbot: QtBot, house: House, residents: dict[str, int], open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    window.house_combo.setCurrentIndex(window.house_combo.findData(house.id))
    window.show_section("meetings")
    section = window.section("meetings")
    assert isinstance(section, MeetingsSection)
    assert section.house_id == house.id
    qtbot.keyClick(window, Qt.Key.Key_A,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert status_cells(section) == ["Present"] * 4
    with qtbot.wait_signal(section.status_message) as message:
        qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert message.args == ["Roll call saved: 4 present, 0 late, 0 excused, 0 unexcused"]
    assert window.statusBar().currentMessage() == message.args[0]
    window.show_section("residents")  # elsewhere, the section's actions rest
    assert not section.save_action.isEnabled()

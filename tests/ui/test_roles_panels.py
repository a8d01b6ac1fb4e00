"""Roles in the sections' panels: the buttons a person's role can't use are
off, their tooltips saying why (the roll call, a meeting's record, the
12-step cards and records, the detail pane's goal and profile, a report's
comments, the CSV imports, a mentoring assignment's check-in); and a
refusal the core makes anyway (the person's houses changed meanwhile) shows
where the form or panel shows its problems, nothing saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import peewee
import pytest
from PySide6.QtWidgets import QWidget

from soberhouse import accounts
from soberhouse.meetings.records import MeetingDetails, record_meeting
from soberhouse.models import House, Resident, Role
from soberhouse.models.meetings import Attendance, HouseMeeting, MeetingKind
from ui.main_window import MainWindow
from ui.meetings.meeting_panel import MeetingPanel
from ui.residents.form import ResidentForm
from ui.residents.import_dialog import ImportResidentsDialog

from ..role_helpers import TwoHouses, as_owner, person, two_houses

pytestmark = pytest.mark.ui

READ_ONLY = "Your account can only view and print: it can't change records."
PEER_COACH = "A peer coach can record only check-ins and goals for their own mentees."


@pytest.fixture
def world(db: peewee.Database, today: dt.date) -> TwoHouses:
    return two_houses(today)


def extra_meeting(house: House, today: dt.date) -> HouseMeeting:
    """An emergency meeting held two days ago, recorded by the owner."""
    as_owner()
    return record_meeting(MeetingDetails(house_id=house.id, held_on=today - dt.timedelta(days=2),
                                         starts_at="19:00", kind=MeetingKind.EMERGENCY,
                                         topic="Chore rotation"))


def choose_house(window: MainWindow, house: House) -> None:
    number = window.house_combo.findData(house.id)
    if number >= 0:  # one house only: the window has no choice to make
        window.house_combo.setCurrentIndex(number)


def meeting_panel(window: MainWindow, house: House, meeting: HouseMeeting) -> MeetingPanel:
    window.show_section("meetings")
    choose_house(window, house)
    section = window.section("meetings")
    section.open_item("meeting", meeting.id)
    assert section.panel.meeting_id == meeting.id
    return section.panel


def off_because(widget: QWidget, reason: str) -> bool:
    return not widget.isEnabled() and reason in widget.toolTip()


def test_the_owner_can_use_every_panel_button(
        world: TwoHouses, today: dt.date, open_window: Callable[[], MainWindow]) -> None:
    meeting = extra_meeting(world.cedar, today)
    window = open_window()
    panel = meeting_panel(window, world.cedar, meeting)
    assert panel.save_roll_call_button.isEnabled() and panel.mark_all_button.isEnabled()
    assert panel.save_button.isEnabled() and panel.add_motion_button.isEnabled()
    choose_house(window, world.maple)
    window.show_section("residents")
    residents = window.section("residents")
    assert residents.select_resident(world.amara.id)
    assert residents.detail_pane.mentoring.new_goal_button.isEnabled()
    assert residents.detail_pane.mentoring.profile_button.isEnabled()


def test_read_only_sees_the_panels_with_every_change_off_and_why(
        world: TwoHouses, today: dt.date, open_window: Callable[[], MainWindow]) -> None:
    meeting = extra_meeting(world.maple, today)
    person(Role.READ_ONLY, [world.maple])
    window = open_window()

    panel = meeting_panel(window, world.maple, meeting)
    assert panel.roll_call_model.rowCount() == 2  # the roll call is there to read
    for button in (panel.save_roll_call_button, panel.mark_all_button, panel.save_button,
                   panel.add_motion_button):
        assert off_because(button, READ_ONLY), button.text()
    assert "Save every mark at once" in panel.save_roll_call_button.toolTip()
    assert not panel.topic.isEnabled() and not panel.is_dirty()
    meetings = window.section("meetings")
    assert off_because(meetings.add_button, READ_ONLY)

    window.show_section("steps")
    twelve_step = window.section("steps")
    assert twelve_step.select_resident(world.amara.id)
    assert off_because(twelve_step.cards_button, READ_ONLY)
    for button in (twelve_step.panel.add_meeting_button, twelve_step.panel.new_sponsor_button,
                   twelve_step.panel.start_step_button):
        assert off_because(button, READ_ONLY), button.text()
    assert "Start step 1, in order" in twelve_step.panel.start_step_button.toolTip()

    window.show_section("residents")
    residents = window.section("residents")
    assert residents.select_resident(world.amara.id)
    group = residents.detail_pane.mentoring
    assert off_because(group.new_goal_button, READ_ONLY)
    assert off_because(group.profile_button, READ_ONLY)
    assert group.history_button.isEnabled()  # reading stays on
    assert residents.detail_pane.report_button.isEnabled()  # and printing

    window.show_section("reports")
    reports = window.section("reports")
    assert reports.select_resident(world.amara.id)
    assert reports.comments.isReadOnly()
    assert off_because(reports.save_comments_button, READ_ONLY)

    dialog = ImportResidentsDialog(window)
    assert off_because(dialog.import_button, READ_ONLY)
    dialog.deleteLater()


def test_a_house_manager_changes_their_house_and_not_one_taken_from_them(
        world: TwoHouses, today: dt.date, open_window: Callable[[], MainWindow]) -> None:
    maple_meeting = extra_meeting(world.maple, today)
    cedar_meeting = extra_meeting(world.cedar, today)
    manager = person(Role.HOUSE_MANAGER, [world.maple, world.cedar], name="dana-manager")
    window = open_window()
    panel = meeting_panel(window, world.maple, maple_meeting)
    assert panel.save_roll_call_button.isEnabled() and panel.save_button.isEnabled()

    panel = meeting_panel(window, world.cedar, cedar_meeting)
    assert panel.save_roll_call_button.isEnabled()
    assert panel.mark_all_present() == 2
    # Meanwhile the owner takes Cedar House from the account.
    as_owner()
    accounts.change_person(manager.id, accounts.PersonDetails(
        display_name=manager.display_name, username=manager.username,
        role=Role.HOUSE_MANAGER, house_ids=(world.maple.id,), all_houses=False))
    accounts.act_as(manager.username)

    assert not panel.save_roll_call()
    assert "does not include Cedar House" in panel.general_message.text()
    assert panel.general_message.isVisibleTo(panel)
    assert Attendance.select().where(Attendance.meeting == cedar_meeting.id).count() == 0
    assert off_because(panel.save_roll_call_button, "does not include Cedar House")
    assert off_because(panel.mark_all_button, "does not include Cedar House")
    assert not panel.is_dirty()  # nothing left to ask about on leaving: it can't be saved


def test_a_refused_form_shows_the_core_s_reason_above_its_fields(
        world: TwoHouses, open_window: Callable[[], MainWindow]) -> None:
    manager = person(Role.HOUSE_MANAGER, [world.maple], name="sam-manager")
    window = open_window()
    form = ResidentForm(window, resident_id=world.bruno.id)
    form.phone.setText("555-0142")
    as_owner()  # meanwhile Maple House is taken from the account
    accounts.change_person(manager.id, accounts.PersonDetails(
        display_name=manager.display_name, username=manager.username,
        role=Role.HOUSE_MANAGER, house_ids=(world.cedar.id,), all_houses=False))
    accounts.act_as(manager.username)
    form.accept()
    assert form.result() != form.DialogCode.Accepted
    assert "does not include Maple House" in form.errors.message("")
    assert Resident.get_by_id(world.bruno.id).phone != "555-0142"


def test_a_peer_coach_logs_their_mentee_s_check_ins_and_goals_only(
        world: TwoHouses, open_window: Callable[[], MainWindow]) -> None:
    person(Role.PEER_COACH, mentor=world.coach)
    window = open_window()
    window.show_section("mentoring")
    mentoring = window.section("mentoring")
    mentoring.open_item("assignment", world.assignment.id)
    panel = mentoring.panel
    assert panel.row is not None
    assert panel.entry.isEnabled() and panel.set_goal_button.isEnabled()
    for button in (panel.end_button, panel.reassign_button):
        assert off_because(button, PEER_COACH), button.text()

    window.show_section("residents")
    residents = window.section("residents")
    assert residents.select_resident(world.amara.id)
    group = residents.detail_pane.mentoring
    assert group.new_goal_button.isEnabled()
    assert off_because(group.profile_button, PEER_COACH)
    group.show_resident(world.bruno.id)  # not their mentee (as once Amara is reassigned)
    assert off_because(group.new_goal_button, "only their own mentees")
    assert group.lines("mentors") == ["A peer coach can see only their own mentees' records."]
    assert group.lines("goals") == []

    window.show_section("steps")
    twelve_step = window.section("steps")
    assert twelve_step.select_resident(world.amara.id)
    assert off_because(twelve_step.panel.add_meeting_button, PEER_COACH)
    assert off_because(twelve_step.cards_button, PEER_COACH)

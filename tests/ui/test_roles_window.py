"""Roles in the window: what a person's role can't use is off, its tooltip
saying why; the lists show only what they may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import peewee
import pytest

from soberhouse.models import Role
from ui.main_window import MainWindow
from ui.residents.table_model import Column

from ..role_helpers import TwoHouses, person, two_houses


@pytest.fixture
def world(db: peewee.Database, today: dt.date) -> TwoHouses:
    return two_houses(today)


def shown_residents(window: MainWindow) -> set[str]:
    window.show_section("residents")
    proxy = window.section("residents").proxy
    return {str(proxy.index(row, Column.NAME).data()) for row in range(proxy.rowCount())}


def test_the_owner_has_everything_on(world: TwoHouses,
                                     open_window: Callable[[], MainWindow]) -> None:
    window = open_window()
    assert len(shown_residents(window)) == 4
    settings = window.section("settings")
    window.show_section("settings")
    assert settings.add_button.isEnabled()
    assert settings.reports_button.isEnabled()
    assert window.read_only_notice.isHidden()


def test_a_house_manager_sees_their_house_and_no_owner_settings(
        world: TwoHouses, open_window: Callable[[], MainWindow]) -> None:
    person(Role.HOUSE_MANAGER, [world.maple])
    window = open_window()
    shown = shown_residents(window)
    assert len(shown) == 2 and any("Amara" in name for name in shown)
    assert not any("Chen" in name or "Dana" in name for name in shown)
    assert window.window_actions.new_item.isEnabled()  # New Resident, in Maple House
    window.show_section("settings")
    settings = window.section("settings")
    assert not settings.add_button.isEnabled()
    assert "Only the owner can add a house." in settings.add_button.toolTip()
    assert not window.window_actions.new_item.isEnabled()  # New House
    assert "Only the owner can add a house." in window.window_actions.new_item.toolTip()
    assert not settings.reports_button.isEnabled()
    assert "Only the owner can change the program's settings." in \
        settings.reports_button.toolTip()
    assert settings.edit_button.isEnabled() and settings.tiers_button.isEnabled()
    assert window.read_only_notice.isHidden()


def test_read_only_can_view_and_print_but_every_change_is_off(
        world: TwoHouses, open_window: Callable[[], MainWindow]) -> None:
    person(Role.READ_ONLY, [world.maple])
    window = open_window()
    assert len(shown_residents(window)) == 2
    new_resident = window.window_actions.new_item
    assert not new_resident.isEnabled()
    assert "can only view and print" in new_resident.toolTip()
    assert "can only view and print" in window.read_only_notice.label.text()
    window.show_section("mentoring")
    mentoring = window.section("mentoring")
    for action in (mentoring.assign_action, mentoring.check_in_action,
                   mentoring.register_action):
        assert not action.isEnabled(), action.text()
        assert "can only view and print" in action.toolTip()


def test_a_peer_coach_sees_only_their_mentee_and_may_log_their_check_ins(
        world: TwoHouses, open_window: Callable[[], MainWindow]) -> None:
    person(Role.PEER_COACH, mentor=world.coach)
    window = open_window()
    shown = shown_residents(window)
    assert len(shown) == 1 and "Amara" in next(iter(shown))
    assert not window.window_actions.new_item.isEnabled()
    assert "only check-ins and goals" in window.window_actions.new_item.toolTip()
    window.show_section("mentoring")
    mentoring = window.section("mentoring")
    mentoring.open_item("assignment", world.assignment.id)
    assert mentoring.panel.row is not None
    assert mentoring.check_in_action.isEnabled()
    assert mentoring.goal_action.isEnabled()
    for action in (mentoring.assign_action, mentoring.end_action, mentoring.register_action,
                   mentoring.promote_action):
        assert not action.isEnabled(), action.text()
        assert "only check-ins and goals" in action.toolTip()

"""The Today section: count tiles, the chosen group's items, and Enter taking
the manager to the place where an item is dealt with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import peewee
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from soberhouse.houses import HouseDetails, create_house
from soberhouse.today import AttentionLevel, Group
from tests.test_today import Crafted, craft
from ui.main_window import MainWindow
from ui.mentoring.section import MentoringSection, Tab
from ui.residents.section import ResidentsSection
from ui.today.count_tile import CountTile
from ui.today.items_model import ItemColumn
from ui.today.section import NOTHING_TEXT, OPEN_HINT, TodaySection

pytestmark = pytest.mark.ui

OpenWindow = Callable[[], MainWindow]


@pytest.fixture
def crafted(db: peewee.Database, today: dt.date) -> Crafted:
    return craft()


def test_counting_starts_once_the_page_is_on_screen(
        crafted: Crafted, qtbot: QtBot) -> None:
    section = TodaySection()
    qtbot.addWidget(section)
    section.set_house(None)
    qtbot.wait(100)
    assert section.summary.text() == "Counting what needs attention…"
    # No figure yet, rather than a reassuring but unfounded "0, All clear".
    assert all((tile.number_text, tile.status_text) == ("–", "Counting…")
               for tile in section.tiles.values())
    with qtbot.waitExposed(section):
        section.show()
    qtbot.waitUntil(lambda: section.overview is not None)
    assert section.tiles[Group.NEEDS_MENTOR].count > 0


def open_section(qtbot: QtBot) -> TodaySection:
    section = TodaySection()
    qtbot.addWidget(section)
    section.resize(1100, 700)
    section.set_house(None)
    with qtbot.waitExposed(section):
        section.show()
    assert section.wait_until_counted()
    return section


def shown_titles(section: TodaySection) -> list[str]:
    return [section.model.index(row, ItemColumn.WHO).data()
            for row in range(section.model.rowCount())]


def test_the_header_gives_the_date_and_the_tiles_the_counts(
        qtbot: QtBot, crafted: Crafted) -> None:
    section = open_section(qtbot)
    assert section.date_label.text() == "Sunday 15 Nov 2026"
    assert section.summary.text() == "12 items in 8 groups need attention."
    counts = {key: (tile.count, tile.status_text) for key, tile in section.tiles.items()}
    assert counts == {
        Group.OUTSIDE_MEETINGS: (1, "Needs action"),
        Group.UNEXCUSED_ABSENCES: (1, "Needs action"),
        Group.NO_ROLL_CALL: (5, "Needs action"),  # four Mondays with nothing on record
        Group.NEEDS_MENTOR: (1, "Due soon"),
        Group.OVERDUE_CHECK_INS: (1, "Needs action"),
        Group.MILESTONES: (1, "Good news"),
        Group.PROMOTION: (1, "Good news"),
        Group.CERTIFICATES: (1, "Due soon"),
    }
    tile = section.tiles[Group.NEEDS_MENTOR]
    assert tile.accessibleName() == "Need a mentor: 1"
    assert "Residents who need a mentor: 1" in tile.toolTip()
    # Focusable (Tab reaches it where the platform tabs to buttons too).
    assert tile.focusPolicy() & Qt.FocusPolicy.ClickFocus
    # The first group with items is open, its first item chosen.
    assert section.current_group() is Group.OUTSIDE_MEETINGS
    assert section.tiles[Group.OUTSIDE_MEETINGS].isChecked()
    assert shown_titles(section) == ["Behind, Ben"]
    assert section.items.currentIndex().row() == 0
    assert section.hint.text() == OPEN_HINT and section.hint.isVisible()
    assert section.group_title.text() == "Behind on outside meetings this week (1)"
    assert section.items.isColumnHidden(ItemColumn.HOUSE)  # only one house


def test_clicking_a_tile_shows_its_items(qtbot: QtBot, crafted: Crafted) -> None:
    section = open_section(qtbot)
    qtbot.mouseClick(section.tiles[Group.MILESTONES], Qt.MouseButton.LeftButton)
    assert section.current_group() is Group.MILESTONES
    assert shown_titles(section) == ["Milestone, Mia"]
    row = [section.model.index(0, column).data() for column in range(4)]
    assert row == ["Milestone, Mia", "Good news", "Maple House", "90 days on Wed 18 Nov"]
    qtbot.mouseClick(section.tiles[Group.CERTIFICATES], Qt.MouseButton.LeftButton)
    assert shown_titles(section) == ["Cara Coach"]
    assert section.model.index(0, ItemColumn.STATUS).data() == "Due"


def test_the_tiles_work_from_the_keyboard(qtbot: QtBot, crafted: Crafted) -> None:
    section = open_section(qtbot)
    first = section.tiles[Group.OUTSIDE_MEETINGS]
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Right)
    second = section.tiles[Group.UNEXCUSED_ABSENCES]
    assert QApplication.focusWidget() is second
    qtbot.keyClick(second, Qt.Key.Key_Space)
    assert section.current_group() is Group.UNEXCUSED_ABSENCES
    assert shown_titles(section) == ["Unexcused, Uma"]
    qtbot.keyClick(section.tiles[Group.PROMOTION], Qt.Key.Key_Return)
    assert section.current_group() is Group.PROMOTION


def test_enter_on_an_item_asks_to_open_it(qtbot: QtBot, crafted: Crafted) -> None:
    section = open_section(qtbot)
    section.show_group(Group.UNEXCUSED_ABSENCES)
    section.items.setFocus()
    with qtbot.wait_signal(section.open_requested) as opened:
        qtbot.keyClick(section.items, Qt.Key.Key_Return)
    assert opened.args == ["meetings", "meeting", crafted.last_meeting_id]

    section.show_group(Group.OVERDUE_CHECK_INS)
    rect = section.items.visualRect(section.model.index(0, ItemColumn.DETAIL))
    with qtbot.wait_signal(section.open_requested) as opened:
        qtbot.mousePress(section.items.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(section.items.viewport(), Qt.MouseButton.LeftButton,
                          pos=rect.center())
    assert opened.args == ["mentoring", "assignment", crafted.otto_assignment_id]


def test_an_empty_group_says_so_and_a_quiet_day_says_nothing_is_needed(
        qtbot: QtBot, db: peewee.Database, today: dt.date) -> None:
    create_house(HouseDetails(name="Quiet House", beds=4))
    section = open_section(qtbot)
    assert section.pages.currentWidget() is section.nothing
    assert section.nothing_title.text() == NOTHING_TEXT
    assert section.nothing_detail.isVisible()
    assert section.summary.text() == "All clear."
    assert all(tile.count == 0 and tile.status_text == "All clear"
               for tile in section.tiles.values())


def test_refresh_keeps_the_group_and_shows_new_items(qtbot: QtBot, crafted: Crafted) -> None:
    from tests.test_today import admit

    section = open_section(qtbot)
    section.show_group(Group.NEEDS_MENTOR)
    admit(crafted.house, "Newt", "Newcomer", move_in=dt.date(2026, 11, 14),
          sober=dt.date(2026, 9, 2))
    section.refresh()
    assert section.wait_until_counted()
    assert section.current_group() is Group.NEEDS_MENTOR
    assert shown_titles(section) == ["Nomentor, Nora", "Newcomer, Newt"]
    assert section.tiles[Group.NEEDS_MENTOR].count == 2


def test_two_houses_show_the_house_column_and_one_house_filters(
        qtbot: QtBot, crafted: Crafted) -> None:
    from tests.test_today import admit, new_house

    other = new_house("Cedar House")
    admit(other, "Olga", "Other", move_in=dt.date(2026, 11, 1), sober=dt.date(2026, 9, 1))
    section = open_section(qtbot)
    section.show_group(Group.NEEDS_MENTOR)
    assert not section.items.isColumnHidden(ItemColumn.HOUSE)
    assert shown_titles(section) == ["Nomentor, Nora", "Other, Olga"]
    section.set_house(other.id)
    assert section.wait_until_counted()
    assert shown_titles(section) == ["Other, Olga"]
    assert section.items.isColumnHidden(ItemColumn.HOUSE)
    assert section.summary.text().endswith("in Cedar House.")


def test_the_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester: Any,
                                           crafted: Crafted) -> None:
    section = open_section(qtbot)
    for key in Group:
        section.show_group(key)
        qtmodeltester.check(section.model)
    assert section.model.rows[0].item.level is AttentionLevel.DUE  # certificates: expiring


def test_tiles_fit_their_label_in_two_lines(qtbot: QtBot, crafted: Crafted) -> None:
    section = open_section(qtbot)
    for tile in section.tiles.values():
        assert isinstance(tile, CountTile)
        assert tile.width() >= tile.minimumSizeHint().width()
        assert tile.height() >= tile.minimumSizeHint().height()


# ---------------------------------------------------------------- in the window


def open_today(open_window: OpenWindow, qtbot: QtBot) -> tuple[MainWindow, TodaySection]:
    window = open_window()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    section = window.section_stack.currentWidget()
    assert isinstance(section, TodaySection)
    assert section.wait_until_counted()
    return window, section


def open_from_today(section: TodaySection, qtbot: QtBot, group: Group) -> None:
    section.show_group(group)
    section.items.setFocus()
    qtbot.keyClick(section.items, Qt.Key.Key_Return)


def test_an_item_opens_the_resident_in_residents(
        open_window: OpenWindow, qtbot: QtBot, crafted: Crafted) -> None:
    window, today = open_today(open_window, qtbot)
    residents = window.section("residents")
    assert isinstance(residents, ResidentsSection)
    residents.search.setText("Kevin")  # a search that hides Mia
    open_from_today(today, qtbot, Group.MILESTONES)
    assert window.current_section_key() == "residents"
    assert residents.search.text() == ""
    assert residents.selected_resident_id() == crafted.mia.id
    assert residents.detail_pane.resident_id == crafted.mia.id


def test_a_meeting_without_a_roll_call_opens_its_roll_call_in_meetings(
        open_window: OpenWindow, qtbot: QtBot, crafted: Crafted) -> None:
    from soberhouse.models.meetings import HouseMeeting
    from ui.meetings.meeting_panel import InnerTab
    from ui.meetings.section import MeetingsSection

    window, today = open_today(open_window, qtbot)
    today.show_group(Group.NO_ROLL_CALL)
    assert shown_titles(today) == [
        *(f"Weekly meeting of Mon {day} Oct has no roll call" for day in (5, 12, 19, 26)),
        "House meeting of Sat 14 Nov has no roll call"]
    # A weekly date with nothing on record: Meetings shows it, ready for its roll call.
    open_from_today(today, qtbot, Group.NO_ROLL_CALL)
    assert window.current_section_key() == "meetings"
    meetings = window.section_stack.currentWidget()
    assert isinstance(meetings, MeetingsSection)
    row = meetings.selected_row()
    assert row is not None and (row.held_on, row.meeting_id) == (dt.date(2026, 10, 5), None)
    assert meetings.panel.inner_tabs.currentIndex() == InnerTab.ROLL_CALL  # ready to mark
    # A stored meeting with no marks.
    window.show_section("today")
    today.show_group(Group.NO_ROLL_CALL)
    today.items.setFocus()
    today.items.setCurrentIndex(today.model.index(4, ItemColumn.DETAIL))
    assert today.model.index(4, ItemColumn.DETAIL).data().startswith("Open it to take")
    qtbot.keyClick(today.items, Qt.Key.Key_Return)
    assert window.current_section_key() == "meetings"
    untaken = HouseMeeting.get(HouseMeeting.held_on == dt.date(2026, 11, 14))
    row = meetings.selected_row()
    assert row is not None and row.meeting_id == untaken.id
    assert meetings.panel.inner_tabs.currentIndex() == InnerTab.ROLL_CALL


@pytest.mark.parametrize(("group", "tab"), [
    (Group.NEEDS_MENTOR, Tab.ASSIGN),
    (Group.OVERDUE_CHECK_INS, Tab.ASSIGNMENTS),
    (Group.PROMOTION, Tab.PROMOTION),
    (Group.CERTIFICATES, Tab.ASSIGN),
])
def test_an_item_opens_its_place_in_mentoring(
        open_window: OpenWindow, qtbot: QtBot, crafted: Crafted, group: Group,
        tab: int) -> None:
    window, today = open_today(open_window, qtbot)
    open_from_today(today, qtbot, group)
    assert window.current_section_key() == "mentoring"
    mentoring = window.section_stack.currentWidget()
    assert isinstance(mentoring, MentoringSection)
    assert mentoring.tabs.currentIndex() == tab
    if group is Group.NEEDS_MENTOR:
        need = mentoring.selected_need()
        assert need is not None and need.resident_id == crafted.nora.id
        assert mentoring.needs.hasFocus()
    elif group is Group.OVERDUE_CHECK_INS:
        assignment = mentoring.selected_assignment()
        assert assignment is not None and assignment.view.id == crafted.otto_assignment_id
        assert mentoring.panel.assignment_id == crafted.otto_assignment_id
    elif group is Group.PROMOTION:
        assert mentoring.promotion.selected_resident_id() == crafted.pat.id
    else:
        row = mentoring.roster_proxy.row_at(mentoring.roster.currentIndex())
        assert row is not None and row.mentor_id == crafted.coach_id
        assert mentoring.certificate_button.isEnabled()


def test_a_resident_no_longer_ready_is_still_shown_on_the_promotion_list(
        open_window: OpenWindow, qtbot: QtBot, crafted: Crafted) -> None:
    """Mentoring reads its lists again when Today knows of something newer,
    and a resident the "only those ready" box hides is shown anyway."""
    window, _ = open_today(open_window, qtbot)
    mentoring = window.section("mentoring")
    assert isinstance(mentoring, MentoringSection)
    window.open_item("mentoring", "promotion", crafted.ben.id)  # not ready
    assert mentoring.tabs.currentIndex() == Tab.PROMOTION
    assert not mentoring.promotion.only_ready.isChecked()
    assert mentoring.promotion.selected_resident_id() == crafted.ben.id


def test_f5_reads_today_again(open_window: OpenWindow, qtbot: QtBot, crafted: Crafted) -> None:
    from tests.test_today import admit

    window, today = open_today(open_window, qtbot)
    admit(crafted.house, "Newt", "Newcomer", move_in=dt.date(2026, 11, 14),
          sober=dt.date(2026, 9, 2))
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert today.wait_until_counted()
    assert today.tiles[Group.NEEDS_MENTOR].count == 2

"""The mentoring history window: every assignment of a mentee and of a mentor,
ended ones included, and the buttons that open it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from soberhouse.mentoring.assignments import assign_mentor, end_assignment, reassign
from soberhouse.mentoring.check_ins import log_check_in
from soberhouse.mentoring.mentors import (
    StaffCoachDetails,
    register_resident_mentor,
    register_staff_coach,
)
from soberhouse.models import House
from soberhouse.models.mentoring import AssignmentEndReason
from soberhouse.residents import resident_rows
from tests.mentoring_helpers import admit
from ui.form_fields import short_date
from ui.mentoring.history_dialog import HistoryColumn, MentoringHistoryDialog
from ui.mentoring.section import MentoringSection, Tab
from ui.residents.detail_pane import ResidentDetailPane

pytestmark = pytest.mark.ui

SENIOR = 3


@pytest.fixture
def people(house: House) -> dict[str, int]:
    """Zoë was with Kevin, then reassigned to Lena; Kevin also mentored Ben
    (ended: completed) and mentors Cleo now."""
    kevin = admit(house, "Kevin", "O'Neill", tier=SENIOR, move_in=dt.date(2026, 1, 5))
    lena = admit(house, "Lena", "Park", tier=SENIOR, move_in=dt.date(2026, 1, 5))
    zoe = admit(house, "Zoë", "Nguyễn", move_in=dt.date(2026, 10, 1))
    ben = admit(house, "Ben", "Ortiz", move_in=dt.date(2026, 9, 1))
    cleo = admit(house, "Cleo", "Ruiz", move_in=dt.date(2026, 10, 1))
    kevin_mentor = register_resident_mentor(kevin.id, since=dt.date(2026, 5, 1)).id
    lena_mentor = register_resident_mentor(lena.id, since=dt.date(2026, 5, 1)).id
    with_ben = assign_mentor(kevin_mentor, ben.id, dt.date(2026, 9, 2))
    log_check_in(with_ben.id, dt.date(2026, 9, 20), minutes=45)
    end_assignment(with_ben.id, dt.date(2026, 10, 1), AssignmentEndReason.COMPLETED)
    with_zoe = assign_mentor(kevin_mentor, zoe.id, dt.date(2026, 10, 2))
    log_check_in(with_zoe.id, dt.date(2026, 10, 9), minutes=30)
    log_check_in(with_zoe.id, dt.date(2026, 10, 16), minutes=20)
    reassign(with_zoe.id, lena_mentor, dt.date(2026, 11, 1), note="Kevin works nights now")
    assign_mentor(kevin_mentor, cleo.id, dt.date(2026, 10, 5))
    return {"kevin": kevin.id, "lena": lena.id, "zoe": zoe.id, "ben": ben.id,
            "cleo": cleo.id, "kevin_mentor": kevin_mentor, "lena_mentor": lena_mentor}


def open_dialog(qtbot: QtBot, **who: int) -> MentoringHistoryDialog:
    dialog = MentoringHistoryDialog(None, **who)
    qtbot.addWidget(dialog)
    dialog.show()  # not exec(): that would block
    return dialog


def cells(dialog: MentoringHistoryDialog, which: str) -> list[list[str]]:
    model = dialog.mentee_model if which == "mentors" else dialog.mentor_model
    return [[str(model.index(row, column).data()) for column in range(model.columnCount())]
            for row in range(model.rowCount())]


def test_a_reassigned_mentee_shows_both_mentors(qtbot: QtBot,
                                                people: dict[str, int]) -> None:
    dialog = open_dialog(qtbot, resident_id=people["zoe"])
    assert dialog.windowTitle() == "Mentoring history \u2014 Zoë Nguyễn"
    assert dialog.mentee_table.isVisible()
    assert not dialog.mentor_table.isVisible()  # Zoë never mentored
    assert cells(dialog, "mentors") == [
        ["Lena Park", "Current", "Primary", short_date(dt.date(2026, 11, 1)), "ongoing", "",
         "0", "0", "None"],
        ["Kevin O'Neill", "Ended", "Primary", short_date(dt.date(2026, 10, 2)),
         short_date(dt.date(2026, 11, 1)), "Reassigned: Kevin works nights now", "2", "50",
         short_date(dt.date(2026, 10, 16))],
    ]
    model = dialog.mentee_model
    reason = model.index(1, HistoryColumn.END_REASON)
    assert reason.data(Qt.ItemDataRole.ToolTipRole) == "Reassigned: Kevin works nights now"
    assert model.index(0, HistoryColumn.END_REASON).data(Qt.ItemDataRole.ToolTipRole) is None
    # Ended rows are dimmed as well as saying "Ended"; current rows keep the normal text.
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert dialog.mentee_heading.text() == "As mentee: their &mentors (1 current, 1 ended)"


def test_a_mentors_history_lists_every_mentee(qtbot: QtBot, people: dict[str, int]) -> None:
    dialog = open_dialog(qtbot, mentor_id=people["kevin_mentor"])
    assert dialog.windowTitle() == "Mentoring history \u2014 Kevin O'Neill"
    assert dialog.mentor_table.isVisible()
    rows = cells(dialog, "mentees")
    assert [(row[0], row[1], row[HistoryColumn.TO], row[HistoryColumn.END_REASON])
            for row in rows] == [
        ("Cleo Ruiz", "Current", "ongoing", ""),
        ("Zoë Nguyễn", "Ended", short_date(dt.date(2026, 11, 1)),
         "Reassigned: Kevin works nights now"),
        ("Ben Ortiz", "Ended", short_date(dt.date(2026, 10, 1)), "Completed"),
    ]
    assert rows[2][HistoryColumn.CHECK_INS:] == ["1", "45", short_date(dt.date(2026, 9, 20))]
    # Kevin is a resident: his own mentors show too (none).
    assert dialog.mentee_table.isVisible()
    assert dialog.mentee_model.rowCount() == 0

    # From the resident, the same mentees.
    same = open_dialog(qtbot, resident_id=people["kevin"])
    assert cells(same, "mentees") == rows


def test_a_staff_coach_shows_only_their_mentees(qtbot: QtBot, people: dict[str, int]) -> None:
    coach = register_staff_coach(StaffCoachDetails("Renata", "Holloway",
                                                   since=dt.date(2026, 1, 1))).id
    assign_mentor(coach, people["ben"], dt.date(2026, 10, 2))
    dialog = open_dialog(qtbot, mentor_id=coach)
    assert dialog.windowTitle() == "Mentoring history \u2014 Renata Holloway"
    assert not dialog.mentee_table.isVisible()
    assert [row[0] for row in cells(dialog, "mentees")] == ["Ben Ortiz"]


def test_escape_closes_the_window(qtbot: QtBot, people: dict[str, int]) -> None:
    dialog = open_dialog(qtbot, resident_id=people["zoe"])
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_the_models_pass_the_model_tester(qtbot: QtBot, qtmodeltester: Any,
                                          people: dict[str, int]) -> None:
    dialog = open_dialog(qtbot, resident_id=people["kevin"])
    qtmodeltester.check(dialog.mentor_model)
    qtmodeltester.check(dialog.mentee_model)
    zoe = open_dialog(qtbot, resident_id=people["zoe"])
    qtmodeltester.check(zoe.mentee_model)


def recording(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def ask(parent: object, **who: Any) -> None:
        calls.append(who)

    monkeypatch.setattr(MentoringHistoryDialog, "ask", ask)
    return calls


def test_the_resident_pane_button_opens_the_history(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, people: dict[str, int]) -> None:
    calls = recording(monkeypatch)
    pane = ResidentDetailPane()
    qtbot.addWidget(pane)
    pane.resize(500, 900)
    pane.show()
    pane.show_resident(next(row for row in resident_rows() if row.id == people["zoe"]))
    assert pane.mentoring.history_button.isVisible()
    pane.mentoring.history_button.click()
    assert calls == [{"resident_id": people["zoe"]}]


def test_the_section_opens_the_history_of_a_mentor_and_of_a_mentee(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, people: dict[str, int]) -> None:
    calls = recording(monkeypatch)
    section = MentoringSection()
    qtbot.addWidget(section)
    section.resize(1280, 760)
    section.show()
    assert not section.mentor_history_button.isEnabled()  # no mentor chosen
    section.roster.setCurrentIndex(section.roster_proxy.index_of(people["kevin_mentor"]))
    assert section.mentor_history_button.isEnabled()
    section.mentor_history_button.click()
    section.history_action.trigger()
    assert calls == [{"mentor_id": people["kevin_mentor"]}] * 2

    calls.clear()
    section.tabs.setCurrentIndex(Tab.ASSIGNMENTS)
    with_zoe = next(row.view.id for row in section.assignments_model.rows
                    if row.view.mentee_id == people["zoe"])
    assert section.select_assignment(with_zoe)
    section.panel.history_button.click()
    section.history_action.trigger()
    assert calls == [{"resident_id": people["zoe"]}] * 2

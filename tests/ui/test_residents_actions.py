"""Discharge, relapse, tier change, bed move, readmission, import and export
through the section's actions and dialogs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from soberhouse.houses import tiers_of
from soberhouse.models import House, Resident
from soberhouse.residents import admit_resident
from tests.conftest import details_for
from ui.residents.action_dialogs import (
    ChangeTierDialog,
    DischargeDialog,
    MoveBedDialog,
    ReadmitDialog,
    RelapseDialog,
    ResidentActionDialog,
)
from ui.residents.section import ResidentsSection
from ui.residents.table_model import Column

pytestmark = pytest.mark.ui


@pytest.fixture
def zoe(house: House) -> int:
    return admit_resident(details_for(house)).id


@pytest.fixture
def section(qtbot, zoe: int) -> ResidentsSection:
    widget = ResidentsSection()
    qtbot.addWidget(widget)
    assert widget.select_resident(zoe)
    return widget


def answer_with(monkeypatch: pytest.MonkeyPatch, dialog: type[ResidentActionDialog],
                fill: Callable[..., None]) -> None:
    """The dialog opens, ``fill`` sets its fields, and OK is clicked."""
    def run(self: ResidentActionDialog) -> int:
        fill(self)
        self.save_button.click()
        return self.result()
    monkeypatch.setattr(dialog, "exec", run)


def history(section: ResidentsSection) -> list[str]:
    return [entry.summary for entry in section.detail_pane.history_model.entries]


def days_sober_cell(section: ResidentsSection) -> object:
    index = section.table.currentIndex()
    return section.proxy.index(index.row(), Column.DAYS_SOBER).data()


def test_relapse_updates_days_sober_and_adds_a_history_line(
        qtbot, monkeypatch: pytest.MonkeyPatch, section: ResidentsSection) -> None:
    assert days_sober_cell(section) == 56

    def fill(dialog: RelapseDialog) -> None:
        dialog.sobriety_date.set_value(dt.date(2026, 11, 15))
        dialog.reason.setText("Drank at a family party")

    answer_with(monkeypatch, RelapseDialog, fill)
    with qtbot.wait_signal(section.status_message) as message:
        section.resident_actions.relapse.trigger()
    assert message.args == ["Relapse recorded for Zoë Nguyễn; days sober now 0"]
    assert days_sober_cell(section) == 0
    assert history(section)[0] == "Relapse: sobriety date 20 Sep 2026 → 15 Nov 2026"
    assert section.detail_pane.value_text("Days sober") == "0"


def test_a_broken_rule_shows_under_its_field_and_saves_nothing(
        qtbot, zoe: int, today: dt.date) -> None:
    dialog = RelapseDialog(zoe)
    qtbot.addWidget(dialog)
    dialog.sobriety_date.set_value(dt.date(2026, 9, 1))
    dialog.save_button.click()
    assert dialog.errors.message("sobriety_date").startswith(
        "After a relapse the new sobriety date comes after the current one")
    assert dialog.errors.message("reason") == "Please give a reason."
    assert Resident.get_by_id(zoe).sobriety_date == dt.date(2026, 9, 20)


def test_discharge_then_readmit(qtbot, monkeypatch: pytest.MonkeyPatch,
                                section: ResidentsSection, zoe: int) -> None:
    monkeypatch.setattr(DischargeDialog, "confirm_discharge", lambda self: True)

    def discharge(dialog: DischargeDialog) -> None:
        dialog.status.setCurrentIndex(dialog.status.findData("left"))
        dialog.discharge_date.set_value(dt.date(2026, 11, 10))
        dialog.reason.setText("Moved in with family")

    answer_with(monkeypatch, DischargeDialog, discharge)
    with qtbot.wait_signal(section.status_message):
        section.resident_actions.discharge.trigger()
    assert Resident.get_by_id(zoe).status == "left"
    # The row stays selected (the status filter widens to show it) and can be readmitted.
    assert section.selected_resident_id() == zoe
    assert section.resident_actions.readmit.isEnabled() and not section.resident_actions.discharge.isEnabled()
    assert days_sober_cell(section) is None

    def readmit(dialog: ReadmitDialog) -> None:
        assert dialog.sobriety_date.value() is None  # keeps the sobriety date
        dialog.move_in_date.set_value(dt.date(2026, 11, 14))
        dialog.room.setText("2")
        dialog.bed.setText("B")
        dialog.reason.setText("Came back after a week")

    answer_with(monkeypatch, ReadmitDialog, readmit)
    with qtbot.wait_signal(section.status_message) as message:
        section.resident_actions.readmit.trigger()
    assert message.args == ["Zoë Nguyễn readmitted to Maple House"]
    resident = Resident.get_by_id(zoe)
    assert (resident.status, resident.room, resident.bed) == ("active", "2", "B")
    assert "Readmitted" in history(section)


def test_declining_the_discharge_question_saves_nothing(
        qtbot, monkeypatch: pytest.MonkeyPatch, zoe: int) -> None:
    monkeypatch.setattr(DischargeDialog, "confirm_discharge", lambda self: False)
    dialog = DischargeDialog(zoe)
    qtbot.addWidget(dialog)
    dialog.reason.setText("Broke the house rules")
    dialog.save_button.click()
    assert dialog.result() != DischargeDialog.DialogCode.Accepted
    assert Resident.get_by_id(zoe).status == "active"


def test_change_tier_shows_entry_conditions_and_promotes(
        qtbot, monkeypatch: pytest.MonkeyPatch, section: ResidentsSection,
        house: House, zoe: int) -> None:
    established = tiers_of(house.id)[1]

    def fill(dialog: ChangeTierDialog) -> None:
        assert dialog.tier.currentData() == established.id  # the next tier up
        assert dialog.conditions.text().startswith(
            "From 31 days in the house and 31 days sober")
        dialog.reason.setText("Met every condition")

    answer_with(monkeypatch, ChangeTierDialog, fill)
    with qtbot.wait_signal(section.status_message) as message:
        section.resident_actions.change_tier.trigger()
    assert message.args == ["Zoë Nguyễn is now in Established"]
    assert section.detail_pane.value_text("Tier") == "Established"


def test_moving_to_a_taken_bed_says_who_has_it(qtbot, house: House, zoe: int) -> None:
    admit_resident(details_for(house, first_name="Mai", last_name="Đặng", room="3", bed="B",
                               date_of_birth=dt.date(1985, 1, 1)))
    dialog = MoveBedDialog(zoe)
    qtbot.addWidget(dialog)
    dialog.room.setText("3")
    dialog.bed.setText("b")
    dialog.reason.setText("Quieter room")
    dialog.save_button.click()
    assert dialog.errors.message("bed") == "Room 3 · Bed B in Maple House is taken by Mai Đặng."
    assert Resident.get_by_id(zoe).room == "2"


def test_export_reports_the_count_and_file(qtbot, monkeypatch: pytest.MonkeyPatch,
                                           section: ResidentsSection, tmp_path: Path) -> None:
    target = tmp_path / "residents.csv"
    monkeypatch.setattr(ResidentsSection, "choose_export_path", lambda self: str(target))
    with qtbot.wait_signal(section.status_message) as message:
        section.resident_actions.export_residents.trigger()
    assert message.args == ["Exported 1 resident to residents.csv"]
    assert "Nguyễn" in target.read_text(encoding="utf-8-sig")


def test_cancelled_export_writes_nothing(monkeypatch: pytest.MonkeyPatch,
                                         section: ResidentsSection, tmp_path: Path) -> None:
    monkeypatch.setattr(ResidentsSection, "choose_export_path", lambda self: "")
    section.resident_actions.export_residents.trigger()
    assert list(tmp_path.glob("*.csv")) == []


def test_import_refreshes_the_table(qtbot, monkeypatch: pytest.MonkeyPatch,
                                    section: ResidentsSection, house: House) -> None:
    import_dialog = pytest.importorskip("ui.residents.import_dialog")

    def pretend_import(parent: object) -> int:
        admit_resident(details_for(house, first_name="Wei", last_name="Li", room="7",
                                   date_of_birth=dt.date(1979, 3, 3)))
        return 1

    monkeypatch.setattr(import_dialog.ImportResidentsDialog, "ask", pretend_import)
    with qtbot.wait_signal(section.residents_changed):
        section.resident_actions.import_residents.trigger()
    assert section.proxy.rowCount() == 2

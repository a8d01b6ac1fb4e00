"""Settings > Audit Trail: the chain check, the filters, the pages, the exports,
and who may open it."""

from __future__ import annotations

import csv
import datetime as dt
import json
from soberhouse import sqlite_driver
from collections.abc import Callable
from pathlib import Path

import peewee
import pytest
from pytestqt.qtbot import QtBot

from soberhouse import accounts, audit
from soberhouse.audit import Action
from soberhouse.audit_log import AuditFilter
from soberhouse.houses import HouseDetails, create_house
from soberhouse.models import Resident, Role
from soberhouse.models.audit import AuditEvent
from soberhouse.residents import admit_resident
from tests.conftest import details_for
from ui.main_window import MainWindow
from ui.settings_section.audit_panel import AuditDialog, AuditTableModel, ExportFile


@pytest.fixture
def resident(db: peewee.Database) -> Resident:
    """Zoë Nguyễn in Maple House, her record viewed once; Ana Ruiz admitted after."""
    maple = create_house(HouseDetails(name="Maple House", beds=8))
    zoe = admit_resident(details_for(maple))
    audit.record(Action.VIEWED, "Viewed Zoë Nguyễn's record", resident_ids=[zoe.id])
    admit_resident(details_for(maple, first_name="Ana", last_name="Ruiz", room="3"))
    return zoe


def open_audit(qtbot: QtBot, window: MainWindow) -> AuditDialog:
    window.show_section("settings")
    settings = window.section("settings")
    assert settings.audit_button.isEnabled(), settings.audit_button.toolTip()
    settings.audit_button.click()
    dialog = settings.audit_dialog
    assert dialog.isVisible()
    assert dialog.wait_until_checked(10_000)
    qtbot.waitUntil(lambda: dialog.chain_check is not None)
    return dialog


def shown(dialog: AuditDialog, column: int) -> list[str]:
    model = dialog.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_the_chain_state_and_the_entries_newest_first(
        qtbot: QtBot, open_window: Callable[[], MainWindow], resident: Resident) -> None:
    dialog = open_audit(qtbot, open_window())
    count = AuditEvent.select().count()
    first = AuditEvent.select().order_by(AuditEvent.id).get().at.date().isoformat()
    assert dialog.chain_label.text() == f"Audit trail intact, {count} entries since {first}."
    assert dialog.chain_label.property("damaged") is False
    assert dialog.count_label.text() == f"{count} entries, newest first"
    ids = [int(text) for text in shown(dialog, 0)]
    assert ids == sorted(ids, reverse=True)
    assert shown(dialog, 2)[0] == "test-manager"


def test_filters_pick_the_entries(qtbot: QtBot, open_window: Callable[[], MainWindow],
                                  resident: Resident) -> None:
    dialog = open_audit(qtbot, open_window())
    dialog.action.setCurrentIndex(dialog.action.findData(Action.VIEWED.value))
    assert shown(dialog, 4) == ["Viewed Zoë Nguyễn's record"]
    assert shown(dialog, 5) == [f"Zoë Nguyễn ({resident.id})"]
    assert dialog.count_label.text() == "1 entry, newest first"

    dialog.action.setCurrentIndex(0)  # every action
    dialog.resident.setCurrentIndex(dialog.resident.findData(resident.id))
    dialog.apply_filter()
    actions = shown(dialog, 3)
    assert actions == ["Viewed", "Changed"]  # her intake, then her record viewed
    assert all("Ana Ruiz" not in residents for residents in shown(dialog, 5))

    dialog.table.selectRow(1)
    details = dialog.details.toPlainText()
    assert f"Resident Zoë Nguyễn ({resident.id}) created:" in details
    assert "  first name: Zoë" in details

    dialog.start.set_value(dt.date(2099, 1, 1))
    assert dialog.model.rowCount() == 0
    assert dialog.count_label.text() == "No entry matches the filter."
    assert not dialog.csv_button.isEnabled()


def test_a_change_reads_old_and_new_values_by_name(
        qtbot: QtBot, open_window: Callable[[], MainWindow], resident: Resident) -> None:
    from soberhouse.residents import get_resident, update_resident

    zoe = get_resident(resident.id)
    update_resident(zoe.id, details_for(zoe.house, phone="555-0199"))
    dialog = open_audit(qtbot, open_window())
    dialog.table.selectRow(0)
    assert f"Resident Zoë Nguyễn ({zoe.id}) changed:\n  phone: 555-0101 → 555-0199" in \
        dialog.details.toPlainText()


def test_a_tampered_trail_is_shown_damaged(
        qtbot: QtBot, open_window: Callable[[], MainWindow], resident: Resident,
        db_path: Path) -> None:
    edited = tamper_first_entry(db_path)
    dialog = open_audit(qtbot, open_window())
    assert dialog.chain_label.text().startswith(f"Audit trail damaged: entry {edited} (")
    assert "was changed after it was written" in dialog.chain_label.text()
    assert dialog.chain_label.property("damaged") is True


def test_export_csv_writes_the_filtered_entries_and_is_audited(
        qtbot: QtBot, open_window: Callable[[], MainWindow], resident: Resident,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "viewed"
    monkeypatch.setattr(ExportFile, "from_user", staticmethod(lambda *args: str(target)))
    dialog = open_audit(qtbot, open_window())
    dialog.action.setCurrentIndex(dialog.action.findData(Action.VIEWED.value))
    dialog.csv_button.click()
    written = tmp_path / "viewed.csv"
    with written.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert [row[4] for row in rows[1:]] == ["Viewed Zoë Nguyễn's record"]
    exported = AuditEvent.select().order_by(AuditEvent.id.desc()).get()
    assert exported.action == Action.EXPORTED.value
    details = json.loads(exported.details)
    assert (details["kind"], details["rows"], details["file"]) == ("audit", 1, str(written))
    assert "Exported 1 audit entry to" in dialog.count_label.text()


def test_export_pdf(qtbot: QtBot, open_window: Callable[[], MainWindow], resident: Resident,
                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "audit.pdf"
    monkeypatch.setattr(ExportFile, "from_user", staticmethod(lambda *args: str(target)))
    dialog = open_audit(qtbot, open_window())
    dialog.pdf_button.click()
    assert target.read_bytes().startswith(b"%PDF")
    exported = AuditEvent.select().order_by(AuditEvent.id.desc()).get()
    assert json.loads(exported.details)["sha256"]


def test_a_long_trail_is_read_a_page_at_a_time(db: peewee.Database) -> None:
    for number in range(25):
        audit.record(Action.VIEWED, f"Viewed record {number}")
    model = AuditTableModel(page_size=10)
    model.show(AuditFilter(action=Action.VIEWED.value))
    assert (model.rowCount(), model.total) == (10, 25)
    assert model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 25 and not model.canFetchMore()
    assert model.index(24, 4).data() == "Viewed record 0"


@pytest.mark.parametrize(("role", "allowed"), [
    (Role.OWNER, True), (Role.READ_ONLY, True), (Role.HOUSE_MANAGER, False),
    (Role.PEER_COACH, False)])
def test_only_the_owner_and_read_only_accounts_open_it(
        qtbot: QtBot, open_window: Callable[[], MainWindow], db: peewee.Database,
        role: Role, allowed: bool) -> None:
    create_house(HouseDetails(name="Maple House", beds=8))
    accounts.act_as(f"someone-{role.value}", role=role)
    window = open_window()
    window.show_section("settings")
    button = window.section("settings").audit_button
    assert button.isEnabled() is allowed
    if not allowed:
        assert button.toolTip() == ("Only the owner and read-only accounts can read the "
                                    "audit trail.")


def tamper_first_entry(db_path: Path) -> int:
    """Change the first entry's summary as an outside tool would; its id."""
    edited = AuditEvent.select().order_by(AuditEvent.id).first()
    outside = sqlite_driver.connect(db_path)
    outside.execute("DROP TRIGGER audit_event_never_update")
    outside.execute("UPDATE audit_event SET summary = 'nothing' WHERE id = ?", (edited.id,))
    outside.commit()
    outside.close()
    return int(edited.id)


def test_the_check_after_start_shows_a_damaged_trail_in_the_status_bar_and_on_today(
        qtbot: QtBot, open_window: Callable[[], MainWindow], resident: Resident,
        db_path: Path) -> None:
    edited = tamper_first_entry(db_path)
    window = open_window()
    window.show_section("today")
    window.audit_check.start()  # (the window starts it itself 3 seconds after opening)
    assert window.audit_check.wait(10_000)
    warning = window.audit_check.warning
    assert warning is not None and warning.isVisible()
    assert warning.text().startswith(f"Audit trail damaged: entry {edited} (")
    today = window.section("today")
    assert today.audit_warning.isVisible()
    assert today.audit_warning.text().startswith(f"Audit trail damaged: entry {edited} (")


def test_an_intact_trail_says_nothing_at_start(
        qtbot: QtBot, open_window: Callable[[], MainWindow], resident: Resident) -> None:
    window = open_window()
    window.audit_check.start()
    assert window.audit_check.wait(10_000)
    assert window.audit_check.check is not None and window.audit_check.check.intact
    assert window.audit_check.warning is None
    assert not window.section("today").audit_warning.isVisible()


def test_settings_shows_the_trail_as_the_check_at_start_found_it(
        qtbot: QtBot, open_window: Callable[[], MainWindow], resident: Resident,
        db_path: Path) -> None:
    window = open_window()
    window.show_section("settings")
    settings = window.section("settings")
    assert not settings.audit_state.isVisible()  # before the check has run
    window.audit_check.start()
    assert window.audit_check.wait(10_000)
    qtbot.waitUntil(settings.audit_state.isVisible)
    entries = AuditEvent.select().count()
    assert settings.audit_state.text().startswith(f"Audit trail intact, {entries:,} entries "
                                                  f"since ")


def test_settings_names_the_broken_entry_of_a_damaged_trail(
        qtbot: QtBot, open_window: Callable[[], MainWindow], resident: Resident,
        db_path: Path) -> None:
    edited = tamper_first_entry(db_path)
    window = open_window()
    window.audit_check.start()
    assert window.audit_check.wait(10_000)
    qtbot.waitUntil(lambda: window.audit_check.check is not None)
    window.show_section("settings")  # built after the check: it reads the outcome
    state = window.section("settings").audit_state
    assert state.isVisible()
    assert state.text().startswith(f"Audit trail damaged: entry {edited} (")

"""Another window (another office on the same server, another PC on the
same file) saves: this window notices within a few seconds and refreshes
what it shows, without losing what is being typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from soberhouse.models import House
from soberhouse.residents import admit_resident
from tests.conftest import details_for
from ui.change_watcher import OtherWritersWatcher
from ui.residents.table_model import Column

pytestmark = pytest.mark.ui


def _as_someone_else_elsewhere(db_path: Path, action) -> None:  # type: ignore[no-untyped-def]
    """Write through a second connection to the same file, as another window does."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(f"""
        import dataclasses
        import datetime as dt
        from soberhouse import accounts, clock, database
        from soberhouse.models import Resident
        from soberhouse.residents import ResidentDetails, admit_resident, update_resident
        database.connect({str(db_path)!r})
        accounts.act_as("maria")
        with clock.frozen(dt.date(2026, 11, 15)):
            {action}
        database.close()
    """)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)


def test_a_resident_admitted_elsewhere_appears_and_the_status_says_who(
        qtbot, open_window, house: House, db_path: Path) -> None:
    window = open_window()
    window.show_section("residents")
    window.watch_other_writers(interval_ms=50)
    section = window.section("residents")
    assert section.proxy.rowCount() == 0
    _as_someone_else_elsewhere(db_path, (
        f"admit_resident(ResidentDetails(first_name='Ines', last_name='Castro', "
        f"date_of_birth=dt.date(1991, 3, 3), house_id={house.id}, "
        f"move_in_date=dt.date(2026, 11, 1), sobriety_date=dt.date(2026, 10, 1), room='3', "
        f"bed='A'))"))
    qtbot.waitUntil(lambda: section.proxy.rowCount() == 1, timeout=5000)
    assert section.proxy.index(0, Column.NAME).data() == "Castro, Ines"
    assert window.statusBar().currentMessage() == "Saved elsewhere: maria admitted a resident"


def test_this_windows_own_saves_are_not_announced_as_someone_elses(
        qtbot, house: House, db_path: Path) -> None:
    watcher = OtherWritersWatcher(interval_ms=60_000)
    heard: list[tuple[str, list[str]]] = []
    watcher.changed_elsewhere.connect(lambda summary, kinds: heard.append((summary, kinds)))
    zoe = admit_resident(details_for(house))
    watcher.check_now()
    assert heard == []
    _as_someone_else_elsewhere(db_path, (
        f"update_resident({zoe.id}, dataclasses.replace(ResidentDetails.of("
        f"Resident.get_by_id({zoe.id})), phone='555-0142'))"))
    watcher.check_now()
    assert heard == [("maria changed a resident's record", ["resident"])]
    watcher.deleteLater()

"""The window's audit events: a resident's record viewed (once per resident
shown, not per refresh), a report preview opened, a report printed or saved
(the SHA-256 of the very bytes), Print All and Save All, Ctrl+P on a section."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from soberhouse import audit
from soberhouse.audit import Action
from soberhouse.models import House
from soberhouse.models.audit import AuditEvent
from tests.mentoring_helpers import admit
from ui.main_window import MainWindow
from ui.reports import printing
from ui.reports.report_files import ReportFiles
from ui.reports.section import PrintAllChoice, PrintAllDialog, ReportsSection

from .reports_fixtures import October, pdf_pages, print_to_file

pytestmark = pytest.mark.ui

D = dt.date


def events(action: Action) -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == action.value)
                .order_by(AuditEvent.id))


def details(event: AuditEvent) -> dict[str, object]:
    return json.loads(event.details) if event.details else {}


def named(event: AuditEvent) -> set[int]:
    return {int(r) for r in event.resident_ids.split(",") if r}


def test_showing_a_resident_is_noted_once_not_per_refresh(
        open_window: Callable[[], MainWindow], house: House, qtbot: QtBot) -> None:
    zoe = admit(house, "Zoë", "Nguyễn")
    kai = admit(house, "Kai", "Moana")
    window = open_window()
    window.show_section("residents")
    section = window.section("residents")
    before = len(events(Action.VIEWED))
    assert section.select_resident(zoe.id)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(events(Action.VIEWED)) > before)
    viewed = events(Action.VIEWED)[-1]
    assert viewed.summary == "Viewed Zoë Nguyễn's record"
    assert named(viewed) == {zoe.id} and details(viewed) == {"where": "detail pane"}
    count = len(events(Action.VIEWED))
    section.refresh()  # type: ignore[attr-defined]
    section._show_current(force=True)  # type: ignore[attr-defined]  # a repaint of the same
    qtbot.wait(20)
    assert len(events(Action.VIEWED)) == count
    assert section.select_resident(kai.id)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(events(Action.VIEWED)) == count + 1)
    assert named(events(Action.VIEWED)[-1]) == {kai.id}
    assert audit.verify().intact


def test_ctrl_p_on_a_section_is_noted_as_printed(
        open_window: Callable[[], MainWindow], house: House, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    admit(house, "Zoë", "Nguyễn")
    handed: list[bytes] = []
    loaded = printing.LoadedPdf

    class Watched(loaded):  # type: ignore[misc, valid-type]
        def __init__(self, data: bytes, parent: object = None) -> None:
            handed.append(data)
            super().__init__(data, parent)

    monkeypatch.setattr(printing, "LoadedPdf", Watched)
    monkeypatch.setattr(printing.SystemPrintDialog, "ask", print_to_file(tmp_path / "p.pdf"))
    window = open_window()
    window.show_section("residents")
    window.window_actions.print.trigger()
    [printed] = events(Action.PRINTED)
    assert details(printed)["sha256"] == hashlib.sha256(handed[-1]).hexdigest()
    assert details(printed)["pages"] == 1
    assert "Maple House" in printed.summary


# ---------------------------------------------------------------- Reports



def test_a_report_preview_is_noted_as_viewed(section: ReportsSection, october: October,
                                             qtbot: QtBot) -> None:
    section.select_resident(october.ben)
    dialog = section.preview_report()
    assert dialog is not None
    qtbot.addWidget(dialog)
    viewed = events(Action.VIEWED)[-1]
    assert named(viewed) == {october.ben}
    assert details(viewed) == {"where": "report preview", "month": "2026-10",
                               "title": "Ben Brooks, October 2026"}


def test_printing_a_report_hashes_the_bytes_printed(
        section: ReportsSection, october: October, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    handed: list[bytes] = []
    loaded = printing.LoadedPdf

    class Watched(loaded):  # type: ignore[misc, valid-type]
        def __init__(self, data: bytes, parent: object = None) -> None:
            handed.append(data)
            super().__init__(data, parent)

    monkeypatch.setattr(printing, "LoadedPdf", Watched)
    target = tmp_path / "printed.pdf"
    monkeypatch.setattr(printing.SystemPrintDialog, "ask", print_to_file(target))
    section.select_resident(october.ann)
    section.print_current()
    [printed] = events(Action.PRINTED)
    said = details(printed)
    assert said["sha256"] == hashlib.sha256(handed[-1]).hexdigest()
    assert said["pages"] == len(pdf_pages(target).pages)
    assert said["month"] == "2026-10" and said["residents"] == [october.ann]
    assert named(printed) == {october.ann}


def test_a_cancelled_print_is_not_noted(section: ReportsSection, october: October,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(printing.SystemPrintDialog, "ask", lambda parent, printer, pages: False)
    section.select_resident(october.ann)
    section.print_current()
    assert events(Action.PRINTED) == []


def test_saving_a_report_hashes_the_file_written(section: ReportsSection, october: October,
                                                 tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ReportFiles, "pdf_path_from_user",
                        staticmethod(lambda parent, title, suggested: str(tmp_path / "ann")))
    section.select_resident(october.ann)
    path = section.save_pdf()
    assert path is not None
    [saved] = events(Action.SAVED_PDF)
    said = details(saved)
    assert said["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert said["pages"] == len(pdf_pages(path).pages)
    assert said["file"] == str(path) and said["month"] == "2026-10"
    assert said["residents"] == [october.ann]


def choose(monkeypatch: pytest.MonkeyPatch, choice: PrintAllChoice, target: Path) -> None:
    monkeypatch.setattr(PrintAllDialog, "ask", classmethod(lambda cls, *a, **k: choice))
    monkeypatch.setattr(ReportFiles, "pdf_path_from_user",
                        staticmethod(lambda parent, title, suggested: str(target)))
    monkeypatch.setattr(ReportFiles, "folder_from_user",
                        staticmethod(lambda parent, title: str(target)))


def test_save_all_notes_each_file(section: ReportsSection, october: October, tmp_path: Path,
                                  qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "october"
    choose(monkeypatch, PrintAllChoice(one_file=False, include_moved_out=False), folder)
    task = section.save_all()
    assert task is not None
    qtbot.waitUntil(lambda: len(events(Action.SAVED_PDF)) == 2, timeout=30_000)
    for event in events(Action.SAVED_PDF):
        said = details(event)
        file = Path(str(said["file"]))
        assert file.parent == folder
        assert said["sha256"] == hashlib.sha256(file.read_bytes()).hexdigest()
        assert said["residents"] == sorted(named(event)) and len(named(event)) == 1
    assert {r for e in events(Action.SAVED_PDF) for r in named(e)} == {october.ann, october.ben}


def test_print_all_is_noted_with_every_resident(section: ReportsSection, october: October,
                                                tmp_path: Path, qtbot: QtBot,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    choose(monkeypatch, PrintAllChoice(one_file=True, include_moved_out=True), tmp_path / "x")
    target = tmp_path / "all.pdf"
    monkeypatch.setattr(printing.SystemPrintDialog, "ask", print_to_file(target))
    task = section.print_all()
    assert task is not None
    qtbot.waitUntil(lambda: bool(events(Action.PRINTED)), timeout=30_000)
    [printed] = events(Action.PRINTED)
    assert named(printed) == {october.ann, october.ben, october.cara}
    assert details(printed)["pages"] == len(pdf_pages(target).pages)
    assert audit.verify().intact

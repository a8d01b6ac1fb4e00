"""One way of writing dates in the window: the style saved in Settings, or
the computer's; choosing another in Settings rewrites the dates on screen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import peewee
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from soberhouse import date_style
from soberhouse.date_style import DateStyle
from soberhouse.models import House
from tests.mentoring_helpers import admit
from ui.main_window import MainWindow
from ui.residents.table_model import Column
from ui.today.section import TodaySection

OpenWindow = Callable[[], MainWindow]


def move_in_shown(window: MainWindow) -> str:
    residents = window.section("residents")
    residents.refresh()  # type: ignore[attr-defined]
    model = residents.model  # type: ignore[attr-defined]
    return model.index(0, Column.MOVE_IN).data()


def today_heading(window: MainWindow) -> str:
    window.show_section("today")
    today = window.section("today")
    assert isinstance(today, TodaySection)
    assert today.wait_until_counted()
    QApplication.processEvents()
    return today.date_label.text()


def test_the_settings_choice_changes_the_dates_on_screen(
        open_window: OpenWindow, qtbot: QtBot, house: House) -> None:
    admit(house, "Ann", "Avery", move_in=dt.date(2026, 10, 3))
    window = open_window()
    assert move_in_shown(window) == "3 Oct 2026"  # this computer: day first
    assert today_heading(window) == "Sunday 15 Nov 2026"

    window.show_section("settings")
    settings = window.section("settings")
    choice = settings.dates  # type: ignore[attr-defined]
    assert choice.combo.currentText().startswith("Follow this computer")
    assert [choice.combo.itemText(n) for n in range(1, 4)] == [
        "19 Oct 2026  (19/10/2026)", "Oct 19, 2026  (10/19/2026)", "2026-10-19  (2026-10-19)"]
    with qtbot.waitSignal(window.statusBar().messageChanged) as shown:
        choice.choose(DateStyle.MONTH_DAY_YEAR)
    assert shown.args == ["Dates are now written like Oct 19, 2026"]
    assert date_style.saved_style() is DateStyle.MONTH_DAY_YEAR
    assert move_in_shown(window) == "Oct 3, 2026"
    assert today_heading(window) == "Sunday Nov 15, 2026"
    assert "mm/dd/yyyy" in choice.hint.text()

    window.show_section("settings")
    choice.choose(DateStyle.ISO)
    assert move_in_shown(window) == "2026-10-03"
    choice.choose(None)  # back to following this computer
    assert date_style.saved_style() is None
    assert move_in_shown(window) == "3 Oct 2026"


def test_the_window_opens_on_the_style_saved_with_the_data(
        open_window: OpenWindow, house: House) -> None:
    admit(house, "Ann", "Avery", move_in=dt.date(2026, 10, 3))
    date_style.save_style(DateStyle.ISO)
    window = open_window()
    assert date_style.current_style() is DateStyle.ISO
    assert move_in_shown(window) == "2026-10-03"
    window.show_section("settings")
    assert window.section("settings").dates.chosen_style() is DateStyle.ISO  # type: ignore


def test_the_settings_dates_group_reads_well(
        open_window: OpenWindow, house: House, tmp_path: Path, db: peewee.Database) -> None:
    window = open_window()
    window.show_section("settings")
    settings = window.section("settings")
    assert isinstance(settings, QWidget)
    window.resize(900, 600)
    QApplication.processEvents()
    settings.grab().save(str(tmp_path / "settings.png"))
    assert settings.dates.isVisible()  # type: ignore[attr-defined]


def test_a_style_chosen_in_another_window_is_followed_on_refresh(
        open_window: OpenWindow, house: House) -> None:
    admit(house, "Ann", "Avery", move_in=dt.date(2026, 10, 3))
    window = open_window()
    window.show_section("settings")
    assert move_in_shown(window) == "3 Oct 2026"
    date_style.save_style(DateStyle.MONTH_DAY_YEAR)  # as another window would
    window.show_section("settings")
    window.refresh()  # F5 (or the change watcher) reads Settings again
    assert date_style.current_style() is DateStyle.MONTH_DAY_YEAR
    settings = window.section("settings")
    assert settings.dates.chosen_style() is DateStyle.MONTH_DAY_YEAR  # type: ignore[attr-defined]
    assert move_in_shown(window) == "Oct 3, 2026"


def test_the_reports_tooltip_names_a_reset_sobriety_date(
        open_window: OpenWindow, house: House) -> None:
    from soberhouse.residents import record_relapse
    from ui.reports.progress_model import ProgressColumn
    from ui.reports.section import ReportsSection

    ann = admit(house, "Ann", "Avery", move_in=dt.date(2026, 5, 1), sober=dt.date(2025, 3, 3))
    record_relapse(ann.id, dt.date(2026, 10, 12), "Used at a party")
    window = open_window()
    window.show_section("reports")
    reports = window.section("reports")
    assert isinstance(reports, ReportsSection)
    tooltip = reports.model.index(0, ProgressColumn.DAYS_SOBER).data(3)  # ToolTipRole
    assert tooltip == ("Days sober on 31 Oct 2026 (sober since 12 Oct 2026; reset this month, "
                       "before that 3 Mar 2025)")
    assert "Relapse: sobriety date reset to 12 Oct 2026 (before that: 3 Mar 2025)" in \
        reports.model.index(0, ProgressColumn.FLAGS).data()

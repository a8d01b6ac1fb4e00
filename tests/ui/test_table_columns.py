"""Tables that fit (ui.table_columns): statuses are never cut, at the default
window size and with a bigger font; the manager's widths are kept for their
font only; View > Reset Column Widths fits again; Ctrl+C copies rows."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import QEvent, QPoint, QSize, QStringListModel, Qt
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QStandardItemModel
from PySide6.QtWidgets import QApplication, QStyle, QTableView, QWidget
from pytestqt.qtbot import QtBot

from soberhouse import accounts, clock, database
from soberhouse.demo import fill_demo_database
from tests.conftest import TODAY
from ui.main_window import DEFAULT_SIZE, MainWindow
from ui.residents.section import ResidentsSection
from ui.residents.table_view import ResidentTableView
from ui.table_columns import ColumnFit, allow_copy, copy_rows, fit_columns, font_key
from ui.twelve_step.section import TwelveStepSection

STATUS_HEADINGS = {"Status", "Caseload", "Ready?", "Attendance", "Quota met", "Comments"}
"""Columns that say how someone stands: never cut."""
TABLE_SECTIONS = ("residents", "steps", "mentoring", "reports")


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo, built once for the module (each test gets a copy)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    with clock.frozen(TODAY):
        database.connect(path)
        accounts.act_as("test-manager")
        fill_demo_database(today=TODAY)
        database.close()
    return path


@pytest.fixture
def db_path(tmp_path: Path, demo_template: Path) -> Path:
    path = tmp_path / "house.sqlite3"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def demo(db: peewee.Database) -> None:
    """The test's data file holds the demo houses (see db_path)."""


@pytest.fixture
def demo_window(demo: None, open_window: Callable[[], MainWindow],
                qtbot: QtBot) -> MainWindow:
    window = open_window()
    window.resize(DEFAULT_SIZE)
    qtbot.waitUntil(lambda: window.size() == DEFAULT_SIZE)
    return window


@pytest.fixture
def bigger_font(qapp: QApplication) -> Iterator[QFont]:
    """Doubles the application's font for one test."""
    normal = QFont(qapp.font())
    big = QFont(normal)
    big.setPointSizeF(normal.pointSizeF() * 2)
    yield big
    qapp.setFont(normal)


def show(window: MainWindow, key: str, qtbot: QtBot) -> QWidget:
    window.show_section(key)
    if key == "reports":  # a house's reports: the first house
        window.house_combo.setCurrentIndex(1)
    section = window.section(key)
    qtbot.wait(50)  # the columns follow the rows on the next turn of the event loop
    return section


def shown_tables(section: QWidget) -> list[QTableView]:
    return [table for table in section.findChildren(ResidentTableView)
            if table.isVisible() and table.model() is not None and table.model().rowCount()]


def status_columns(table: QTableView) -> list[int]:
    model = table.model()
    return [column for column in range(model.columnCount())
            if str(model.headerData(column, Qt.Orientation.Horizontal)) in STATUS_HEADINGS
            and not table.isColumnHidden(column)]


def room_for_text(table: QTableView, column: int, row: int) -> int:
    """What the cell leaves for its text: the margins and any icon taken off."""
    index = table.model().index(row, column)
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin,
                                            None, table) + 1)
    icon = index.data(Qt.ItemDataRole.DecorationRole)
    icon_width = 0
    if icon is not None:
        icon_width = table.iconSize().width() if table.iconSize().isValid() else (
            table.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, table))
        icon_width += margin
    return table.columnWidth(column) - margin - icon_width


def cut_statuses(section: QWidget, *, in_view: bool) -> list[str]:
    """Every status text that does not fit its column ("" when all fit)."""
    cut = []
    tables = shown_tables(section)
    assert tables, "the section shows no table with rows"
    checked = 0
    for table in tables:
        metrics = QFontMetrics(table.font())
        header = table.horizontalHeader()
        for column in status_columns(table):
            right = header.sectionViewportPosition(column) + header.sectionSize(column)
            if in_view and right > table.viewport().width():
                cut.append(f"{table.accessibleName()}: {column} is outside the table")
            for row in range(table.model().rowCount()):
                text = str(table.model().index(row, column).data() or "")
                checked += 1
                if metrics.horizontalAdvance(text) > room_for_text(table, column, row):
                    cut.append(f"{table.accessibleName()}: {text!r}")
    assert checked, "no status cell was checked"
    return cut


@pytest.mark.parametrize("key", TABLE_SECTIONS)
def test_at_the_default_size_every_status_fits(demo_window: MainWindow, qtbot: QtBot,
                                               key: str) -> None:
    section = show(demo_window, key, qtbot)
    assert cut_statuses(section, in_view=True) == []


@pytest.mark.parametrize("key", TABLE_SECTIONS)
def test_with_a_doubled_font_every_status_still_fits(
        demo_window: MainWindow, qtbot: QtBot, qapp: QApplication, bigger_font: QFont,
        key: str) -> None:
    section = show(demo_window, key, qtbot)
    table = shown_tables(section)[0]
    row_height = table.verticalHeader().defaultSectionSize()
    qapp.setFont(bigger_font)
    qtbot.waitUntil(lambda: table.fontMetrics().height() > QFontMetrics(
        QGuiApplication.font()).height() // 2 and cut_statuses(section, in_view=False) == [])
    assert table.verticalHeader().defaultSectionSize() > row_height * 1.5  # rows grow too


def drag_column_edge(qtbot: QtBot, table: QTableView, column: int, by: int) -> None:
    """What the manager does: drag the right edge of a heading."""
    header = table.horizontalHeader()
    edge = QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) - 1,
                  header.height() // 2)
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=edge)
    for step in range(1, 5):
        qtbot.mouseMove(header.viewport(), edge + QPoint(by * step // 4, 0))
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton,
                       pos=edge + QPoint(by, 0))


def test_reset_column_widths_fits_a_column_the_manager_narrowed(
        demo_window: MainWindow, qtbot: QtBot) -> None:
    section = show(demo_window, "residents", qtbot)
    assert isinstance(section, ResidentsSection)
    table = section.table
    status = status_columns(table)[0]
    drag_column_edge(qtbot, table, status, -table.columnWidth(status) // 2)
    assert table.column_fit.manual
    qtbot.wait(50)
    assert cut_statuses(section, in_view=True) != []  # the manager's width stays

    assert demo_window.window_actions.reset_columns in (
        demo_window.menuBar().actions()[2].menu().actions())  # View
    demo_window.window_actions.reset_columns.trigger()
    assert not table.column_fit.manual
    assert cut_statuses(section, in_view=True) == []
    assert demo_window.statusBar().currentMessage().startswith("Column widths reset")


def test_the_managers_widths_are_remembered_for_their_font_only(
        demo: None, qtbot: QtBot, qapp: QApplication, bigger_font: QFont) -> None:
    first = ResidentsSection()
    qtbot.addWidget(first)
    first.resize(900, 500)
    with qtbot.waitExposed(first):
        first.show()
    qtbot.wait(50)
    table = first.table
    house_width = table.columnWidth(1)
    drag_column_edge(qtbot, table, 1, 60)
    assert table.columnWidth(1) == house_width + 60
    first.close()

    again = ResidentsSection()
    qtbot.addWidget(again)
    again.resize(900, 500)
    with qtbot.waitExposed(again):
        again.show()
    qtbot.wait(50)
    assert again.table.column_fit.manual
    assert again.table.columnWidth(1) == house_width + 60
    QApplication.sendEvent(again.table, QEvent(QEvent.Type.StyleChange))
    assert again.table.column_fit.manual  # not another font: the widths stay

    normal_key = font_key(again.table)
    qapp.setFont(bigger_font)
    qtbot.waitUntil(lambda: not again.table.column_fit.manual)  # fitted to the new font
    bigger = ResidentsSection()
    qtbot.addWidget(bigger)
    assert font_key(bigger.table) != normal_key
    assert not bigger.table.column_fit.manual  # widths for another font: fitted afresh


def test_ctrl_c_copies_the_selected_row_with_the_headings(
        demo_window: MainWindow, qtbot: QtBot) -> None:
    section = show(demo_window, "residents", qtbot)
    assert isinstance(section, ResidentsSection)
    table = section.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    QApplication.clipboard().clear()
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QApplication.clipboard().text().splitlines()
    model = table.model()
    assert lines == [
        "\t".join(str(model.headerData(c, Qt.Orientation.Horizontal))
                  for c in range(model.columnCount())),
        "\t".join(str(model.index(0, c).data()) for c in range(model.columnCount()))]


def test_ctrl_c_in_the_twelve_step_table(demo_window: MainWindow, qtbot: QtBot) -> None:
    section = show(demo_window, "steps", qtbot)
    assert isinstance(section, TwelveStepSection)
    table = section.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(1, 0))
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    heading, row = QApplication.clipboard().text().splitlines()
    assert heading.split("\t")[0] == "Resident" and heading.split("\t")[-1] == "Status"
    assert row.split("\t")[0] == table.model().index(1, 0).data()


def test_copy_takes_every_selected_row_in_order_without_hidden_columns(
        qtbot: QtBot) -> None:
    model = QStandardItemModel(3, 3)
    model.setHorizontalHeaderLabels(["Name", "Days\nsober", "Hidden"])
    for row, (name, days) in enumerate([("Zoë", "12"), ("Ana\tB", "3"), ("Kofi", "40")]):
        for column, text in enumerate((name, days, "x")):
            model.setData(model.index(row, column), text)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    fit_columns(view)
    view.setColumnHidden(2, True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.selectRow(2)
    view.selectionModel().select(model.index(0, 0), view.selectionModel().SelectionFlag.Select
                                 | view.selectionModel().SelectionFlag.Rows)
    assert copy_rows(view) == "Name\tDays sober\nZoë\t12\nKofi\t40\n"
    assert QApplication.clipboard().text() == "Name\tDays sober\nZoë\t12\nKofi\t40\n"


def test_a_table_without_a_sharing_column_gives_the_room_to_its_last(qtbot: QtBot) -> None:
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(QStringListModel(["Active", "Graduated"]))
    fit = ColumnFit.of(view)
    assert ColumnFit.of(view) is fit
    view.resize(QSize(400, 200))
    with qtbot.waitExposed(view):
        view.show()
    qtbot.waitUntil(lambda: view.columnWidth(0) == view.viewport().width())


def test_ctrl_c_in_a_dialogs_table_keeps_its_widths(qtbot: QtBot) -> None:
    model = QStandardItemModel(2, 2)
    model.setHorizontalHeaderLabels(["Tier", "Quota"])
    for row, (tier, quota) in enumerate([("Newcomer", "5"), ("Senior", "3")]):
        model.setData(model.index(row, 0), tier)
        model.setData(model.index(row, 1), quota)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setColumnWidth(0, 321)
    allow_copy(view)
    assert view.findChild(ColumnFit) is None
    view.setCurrentIndex(model.index(1, 1))
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "Tier\tQuota\nSenior\t3\n"
    assert view.columnWidth(0) == 321

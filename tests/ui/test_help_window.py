"""The manager's guide (ui.help_window): a topic for every section, F1 on the
section shown, Help > Manager's Guide, a search that lists and marks matches."""

from __future__ import annotations

import fnmatch
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import resources
from soberhouse.models import House
from tests.ui.conftest import OFFSCREEN_LIMITATION
from ui.actions import SECTIONS
from ui.help_window import (
    OTHER_TOPICS,
    HelpWindow,
    help_folder,
    help_topics,
    matching_topics,
    show_help,
    topic,
)
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def test_every_section_has_a_topic() -> None:
    # A section added to ui.actions.SECTIONS without resources/help/<key>.md fails here.
    missing = [section.key for section in SECTIONS if topic(section.key) is None]
    assert missing == [], f"no help topic for: {missing} (add resources/help/<key>.md)"
    keys = [found.key for found in help_topics()]
    assert keys[:len(SECTIONS)] == [section.key for section in SECTIONS]
    assert keys[len(SECTIONS):len(SECTIONS) + len(OTHER_TOPICS)] == list(OTHER_TOPICS)


def test_every_topic_has_a_title_and_working_links() -> None:
    for found in help_topics():
        assert found.markdown.startswith("# "), found.key
        assert found.title and found.title == found.markdown.splitlines()[0][2:]
        for linked in found.markdown.split("](")[1:]:
            target = linked.split(")")[0]
            assert target.endswith(".md") and topic(target.removesuffix(".md")), (
                found.key, target)


def test_the_guide_is_found_like_every_resource_and_packaged() -> None:
    assert help_folder() == resources.path("help")
    assert help_folder().is_dir()
    with open(ROOT / "pyproject.toml", "rb") as file:
        patterns = tomllib.load(file)["tool"]["setuptools"]["package-data"]["resources"]
    shipped = [file for file in resources.FOLDER.rglob("*")
               if file.is_file() and file.suffix != ".py" and "__pycache__" not in file.parts]
    left_out = [str(file.relative_to(resources.FOLDER)) for file in shipped
                if not any(fnmatch.fnmatch(str(file.relative_to(resources.FOLDER)), pattern)
                           or fnmatch.fnmatch(file.name, pattern.removeprefix("**/"))
                           for pattern in patterns)]
    assert left_out == []


def test_a_word_in_one_topic_only_is_found_there_and_marked(qtbot: QtBot) -> None:
    assert [found.key for found in matching_topics("PgUp")] == ["reports"]
    window = HelpWindow()
    qtbot.addWidget(window)
    window.show_topic("residents")
    window.search.setText("PgUp")
    assert window.listed_topics() == ["reports"]
    assert window.current_topic() == "reports"
    assert window.marked_words() == ["PgUp"]
    assert window.found.text() == "1 topic mentions \u201cPgUp\u201d."


def test_the_search_ignores_case_and_accents_and_wants_every_word(qtbot: QtBot) -> None:
    window = HelpWindow()
    qtbot.addWidget(window)
    window.search.setText("ATTENDANCE RATE")
    assert "figures" in window.listed_topics()
    assert set(window.listed_topics()) < {found.key for found in help_topics()}
    window.search.setText("zoe")  # the guide writes Zoë
    assert "residents" in window.listed_topics()
    window.search.setText("attendance xylophone")
    assert window.listed_topics() == []
    assert window.found.text().startswith("No topic mentions")
    window.search.clear()
    assert len(window.listed_topics()) == len(help_topics())


def test_showing_a_topic_hidden_by_the_search_clears_it(qtbot: QtBot) -> None:
    window = HelpWindow()
    qtbot.addWidget(window)
    window.search.setText("PgUp")
    assert window.show_topic("meetings")
    assert window.search.text() == ""
    assert window.current_topic() == "meetings"
    assert not window.show_topic("no-such-topic")


def test_a_link_shows_the_topic_it_names(qtbot: QtBot) -> None:
    window = HelpWindow()
    qtbot.addWidget(window)
    window.show_topic("steps")
    window.browser.anchorClicked.emit(QUrl("figures.md"))
    assert window.current_topic() == "figures"
    assert "Attendance rate" in window.browser.toPlainText()


@pytest.fixture
def window(open_window: Callable[[], MainWindow], house: House,
           other_house: House) -> MainWindow:
    return open_window()


@pytest.mark.parametrize("key", [section.key for section in SECTIONS])
def test_f1_opens_the_topic_of_the_section_shown(window: MainWindow, qtbot: QtBot,
                                                 key: str) -> None:
    window.show_section(key)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.findChild(HelpWindow)
    assert isinstance(guide, HelpWindow)
    qtbot.waitUntil(guide.isVisible)
    assert guide.current_topic() == key
    assert guide.browser.toPlainText().startswith(topic(key).title)  # type: ignore[union-attr]


@pytest.mark.qt_log_ignore(OFFSCREEN_LIMITATION, r"This plugin does not support raise\(\)")
def test_help_menu_opens_the_guide_once_on_the_section_shown(window: MainWindow,
                                                             qtbot: QtBot) -> None:
    guide_action = window.window_actions.guide
    assert guide_action in window.help_menu.actions()
    assert guide_action.shortcut().toString() == "F1"
    window.show_section("mentoring")
    guide_action.trigger()
    guide = window.findChild(HelpWindow)
    assert isinstance(guide, HelpWindow) and guide.current_topic() == "mentoring"
    window.show_section("reports")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    guide_action.trigger()
    assert window.findChildren(HelpWindow) == [guide]  # the same window, on the new topic
    assert guide.current_topic() == "reports"
    assert show_help(window, "no-such-topic").current_topic() == SECTIONS[0].key

"""The manager's guide (F1, Help > Manager's Guide): a short guide inside the program.

The topics are Markdown files in ``resources/help`` (one a topic, its first
``# `` line the title), found through :func:`resources.path` like the icons,
so an installed or bundled program finds them too.  There is one topic per
section of the window, named by the section's key (``residents.md``), and a
few on what every section shares (:data:`OTHER_TOPICS`).  F1 opens the guide
on the topic of the section in view.

The search field keeps the topics whose text holds every word typed (accents
and case ignored, as the window's searches do) and marks the words in the
topic shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

import resources
from soberhouse.text_matching import folded
from ui.actions import SECTIONS
from ui.resources import icon

HELP_FOLDER = "help"
OTHER_TOPICS = ("figures", "keys", "data-files", "accounts")
"""After the sections' topics, in this order: what every section shares."""
TOPIC_ROLE = Qt.ItemDataRole.UserRole + 1
_MARKUP = re.compile(r"[*_`|#>]+")


@dataclass(frozen=True)
class HelpTopic:
    key: str  # the file's name without ".md"; a section's key for a section's topic
    title: str
    markdown: str

    @property
    def searched_text(self) -> str:
        """What the search looks in: the words, folded, without Markdown's marks."""
        return folded(_MARKUP.sub(" ", self.markdown))

    def matches(self, words: list[str]) -> bool:
        text = self.searched_text
        return all(word in text for word in words)


def help_folder() -> Path:
    return resources.path(HELP_FOLDER)


@cache
def help_topics() -> tuple[HelpTopic, ...]:
    """Every topic: the sections' in the window's order, then :data:`OTHER_TOPICS`,
    then any other file, by name."""
    found = {}
    for file in sorted(help_folder().glob("*.md")):
        markdown = file.read_text(encoding="utf-8")
        first = markdown.lstrip().splitlines()[0] if markdown.strip() else ""
        title = first.lstrip("#").strip() if first.startswith("#") else file.stem
        found[file.stem] = HelpTopic(file.stem, title, markdown)
    order = [section.key for section in SECTIONS] + list(OTHER_TOPICS)
    ranked = sorted(found, key=lambda key: (order.index(key) if key in order else len(order),
                                            key))
    return tuple(found[key] for key in ranked)


def topic(key: str) -> HelpTopic | None:
    return next((topic for topic in help_topics() if topic.key == key), None)


def search_words(text: str) -> list[str]:
    return folded(text).split()


def matching_topics(text: str) -> list[HelpTopic]:
    """The topics holding every word of ``text`` (all of them for no words)."""
    words = search_words(text)
    return [topic for topic in help_topics() if topic.matches(words)]


class HelpWindow(QWidget):
    """Topics on the left with the search above them, the topic on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Soberhouse: Manager's Guide")
        self.setObjectName("helpWindow")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the guide (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setAccessibleName("Search the guide")
        self.search.textChanged.connect(self._search_changed)
        self.topics = QListWidget()
        self.topics.setAccessibleName("Topics")
        for item_topic in help_topics():
            item = QListWidgetItem(item_topic.title)
            item.setData(TOPIC_ROLE, item_topic.key)
            self.topics.addItem(item)
        self.topics.currentItemChanged.connect(self._topic_chosen)
        self.found = QLabel()
        self.found.setWordWrap(True)
        self.found.setEnabled(False)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Topic")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._link_clicked)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.topics, 1)
        left_layout.addWidget(self.found)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.browser)
        self.splitter.setStretchFactor(1, 1)
        char = self.fontMetrics().averageCharWidth()
        self.splitter.setSizes([char * 34, char * 96])
        layout = QHBoxLayout(self)
        layout.addWidget(self.splitter)
        self.resize(char * 134, self.fontMetrics().height() * 44)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.focus_search)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._escape)
        self.topics.setCurrentRow(0)

    # ------------------------------------------------------------ our API

    def current_topic(self) -> str:
        item = self.topics.currentItem()
        return str(item.data(TOPIC_ROLE)) if item is not None else ""

    def show_topic(self, key: str) -> bool:
        """Show topic ``key`` (clearing a search that hides it); False if there is none."""
        for row in range(self.topics.count()):
            item = self.topics.item(row)
            if item.data(TOPIC_ROLE) == key:
                if item.isHidden():
                    self.search.clear()
                self.topics.setCurrentItem(item)
                return True
        return False

    def listed_topics(self) -> list[str]:
        """The keys of the topics the list shows (those the search found)."""
        return [str(self.topics.item(row).data(TOPIC_ROLE)) for row in range(self.topics.count())
                if not self.topics.item(row).isHidden()]

    def marked_words(self) -> list[str]:
        """The words marked in the topic shown (what the search found there)."""
        return [selection.cursor.selectedText() for selection in self.browser.extraSelections()]

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # ------------------------------------------------------------ reacting

    def _escape(self) -> None:
        if self.search.text():
            self.search.clear()
        else:
            self.close()

    def _search_changed(self, text: str) -> None:
        found = {found_topic.key for found_topic in matching_topics(text)}
        first_found = None
        for row in range(self.topics.count()):
            item = self.topics.item(row)
            hidden = item.data(TOPIC_ROLE) not in found
            item.setHidden(hidden)
            if not hidden and first_found is None:
                first_found = item
        if not search_words(text):
            self.found.setText("")
        elif not found:
            self.found.setText(f"No topic mentions \u201c{text.strip()}\u201d.")
        else:
            count = len(found)
            self.found.setText(f"{count} topic{'s' if count != 1 else ''} "
                               f"mention{'s' if count == 1 else ''} \u201c{text.strip()}\u201d.")
        current = self.topics.currentItem()
        if current is None or current.isHidden():
            if first_found is not None:
                self.topics.setCurrentItem(first_found)
            return
        self._mark_words()

    def _topic_chosen(self, item: QListWidgetItem | None) -> None:
        chosen = topic(str(item.data(TOPIC_ROLE))) if item is not None else None
        if chosen is None:
            self.browser.clear()
            return
        self.browser.setMarkdown(chosen.markdown)
        self._mark_words()

    def _mark_words(self) -> None:
        """Mark every place the topic shown has a word of the search."""
        selections = []
        document = self.browser.document()
        highlight = self.palette().highlight().color()
        background = QColor(highlight)
        background.setAlpha(90)
        for word in self.search.text().split():
            cursor = QTextCursor(document)
            while True:
                cursor = document.find(word, cursor)
                if cursor.isNull():
                    break
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                selection.format.setBackground(background)
                selections.append(selection)
        self.browser.setExtraSelections(selections)
        if selections:
            self.browser.setTextCursor(QTextCursor(selections[0].cursor.block()))
            self.browser.ensureCursorVisible()

    def _link_clicked(self, url: QUrl) -> None:
        """A link to another topic ("figures.md") shows it; a web link opens outside."""
        if url.scheme() in ("", "file") and url.path().endswith(".md"):
            self.show_topic(Path(url.path()).stem)
        elif url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)


def show_help(parent: QWidget, topic_key: str) -> HelpWindow:
    """The guide on ``topic_key``: one window per ``parent``, raised if open."""
    window = parent.findChild(HelpWindow, "helpWindow",
                              Qt.FindChildOption.FindDirectChildrenOnly)
    if not isinstance(window, HelpWindow):
        window = HelpWindow(parent)
    if not window.show_topic(topic_key):
        window.show_topic(SECTIONS[0].key)
    if window.isVisible():
        window.raise_()
    window.show()
    window.activateWindow()
    return window

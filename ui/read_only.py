"""The window when its data can only be read: a notice under the toolbar, and
every action that would save turned off, with the reason in its tooltip.

The window hands every action it shows (its own and each section's
``menu_actions()``) to one :class:`WriteActions`.  An action counts as one
that writes unless it only reads: marked so with :func:`mark_reads_only`, or
named like a reading action (Export..., Preview, Print..., Save PDF...,
...History...).  So a new section's new action is turned off when in doubt.
The actions go into one :class:`QActionGroup`; disabling the group keeps them
off even when a section enables them again for a new selection.

Should a write slip through anyway (a button inside a panel), the core
refuses it with :class:`~soberhouse.errors.DatabaseReadOnly`, which every
form shows in its message line.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from ui.permission_state import WINDOW_REASON_PROPERTY, own_tips
from ui.resources import icon

READS_ONLY_PROPERTY = "soberhouseReadsOnly"
READING_WORDS = ("export", "preview", "print", "save pdf", "house summary", "previous",
                 "next", "find", "refresh", "show", "about")


def mark_reads_only(*actions: QAction) -> None:
    """Say that these actions only read (they stay on in a read-only window)."""
    for action in actions:
        action.setProperty(READS_ONLY_PROPERTY, True)


def only_reads(action: QAction) -> bool:
    marked = action.property(READS_ONLY_PROPERTY)
    if marked is not None:
        return bool(marked)
    words = action.text().replace("&", "").lower().strip()
    return words.startswith(READING_WORDS) or "history" in words


def notice_text(reason: str) -> str:
    return f"Read-only: {reason.rstrip('.')}. Nothing can be saved."


class ReadOnlyNotice(QFrame):
    """The bar under the toolbar: "Read-only: <reason>. Nothing can be saved." """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyNotice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        picture = QLabel()
        picture.setPixmap(icon("about").pixmap(self.fontMetrics().height(),
                                               self.fontMetrics().height()))
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Read-only notice")
        layout.addWidget(picture)
        layout.addWidget(self.label, 1)
        self.hide()

    def show_reason(self, reason: str) -> None:
        self.label.setText(notice_text(reason))
        self.setToolTip(self.label.text())
        self.show()


class WriteActions(QObject):
    """Every action of the window that would save, turned off together."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._group = QActionGroup(self)
        self._group.setExclusionPolicy(QActionGroup.ExclusionPolicy.None_)
        self._reason: str | None = None
        self._why: str | None = None  # the tooltip's words (None: the notice's)
        self._keeps: Callable[[QAction], bool] | None = None
        self._tips: dict[QAction, tuple[str, str]] = {}

    @property
    def reason(self) -> str | None:
        return self._reason

    def actions(self) -> list[QAction]:
        return list(self._group.actions())

    def add(self, *actions: QAction) -> None:
        """Register the actions that write (those that only read are left out)."""
        for action in actions:
            if action.isSeparator() or only_reads(action) or action in self._tips:
                continue
            if self._keeps is not None and self._keeps(action):
                continue
            self._tips[action] = own_tips(action)  # without a reason allow() added
            self._group.addAction(action)
            if self._reason is not None:
                self._explain(action)

    def set_read_only(self, reason: str | None, *, why: str | None = None,
                      keeps: Callable[[QAction], bool] | None = None) -> None:
        """Turn every registered action off, its tooltip saying why (None: on
        again).  ``why``: the tooltip's words when not the notice's; ``keeps``:
        the actions left to their sections (a peer coach's check-ins), now and
        when added later."""
        self._reason = reason
        self._why = why
        if keeps is not None:
            self._keeps = keeps
            for action in [a for a in self._tips if keeps(a)]:
                self._group.removeAction(action)
                tip, status = self._tips.pop(action)
                action.setToolTip(tip)
                action.setStatusTip(status)
                action.setProperty(WINDOW_REASON_PROPERTY, None)
        self._group.setEnabled(reason is None)
        for action, (tip, status) in self._tips.items():
            if reason is None:
                action.setToolTip(tip)
                action.setStatusTip(status)
                action.setProperty(WINDOW_REASON_PROPERTY, None)
            else:
                self._explain(action)

    def _explain(self, action: QAction) -> None:
        tip, _ = self._tips[action]
        why = self._why or notice_text(self._reason or "")
        action.setToolTip(f"{tip} ({why})" if tip else why)
        action.setStatusTip(why)
        action.setProperty(WINDOW_REASON_PROPERTY, why)  # allow() says it too

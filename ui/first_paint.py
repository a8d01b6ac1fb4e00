"""Doing something once a widget has first been painted.

Start-up shows the window before anything that can wait: Today's counting,
Python's cycle collector (and, for the start-up benchmark, quitting).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class FirstPaintWatcher(QObject):
    """Calls ``then()`` once, when the watched widget is first painted (just
    before that paint)."""

    def __init__(self, watched: QWidget, then: Callable[[], object]) -> None:
        super().__init__(watched)
        self._then = then
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._then()
        return False


def after_first_paint(widget: QWidget, then: Callable[[], object]) -> None:
    """Calls ``then()`` once the widget's first paint is done (from the event
    loop, right after that paint)."""
    FirstPaintWatcher(widget, lambda: QTimer.singleShot(0, then))

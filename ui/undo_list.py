"""Edit > Undo (Ctrl+Z): take back the last simple change made in this window.

The window keeps a short list of the changes it saved that the core can take
back (:func:`soberhouse.undo.undoable`: a roll-call mark, a field of a
resident's record, an outside meeting or the week's cards, a mentoring
check-in); changes saved
in other offices never enter it.  The action says what it would do ("Undo
marked Ana Abara present"), or is off with the reason.  Undoing first
settles any work not saved (the same question as quitting), then writes the
reverse change through the core; a refusal ("Can't undo: ... was changed
since by maria.") is said in a message box and that change leaves the list.
"""

from __future__ import annotations

import weakref
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from soberhouse import recording
from soberhouse.errors import RuleViolation
from ui.actions import make_action
from ui.unsaved_work import Leaving

if TYPE_CHECKING:  # the undo steps load on the first change (not at start-up: ~15 ms)
    from soberhouse.undo import Undoable

LONGEST = 20  # changes kept, the latest first
NOTHING_TO_UNDO = ("Nothing to undo: a roll-call mark, a change to a resident's record, an "
                   "outside meeting or a check-in saved in this window can be undone here, "
                   "the latest first")


class UndoRefusal:
    """How a refusal is told (tests replace :meth:`tell`)."""

    @staticmethod
    def tell(parent: QWidget | None, text: str) -> None:
        QMessageBox.information(parent, "Can't Undo", text)


class WindowUndo(QObject):
    """The window's undo list and its action (``changed()`` when either moves)."""

    changed = Signal()
    _heard = Signal(object)  # a write of this process, carried to the GUI thread

    def __init__(self, window: QWidget, *, settle: Callable[[Leaving], bool],
                 refresh: Callable[[], None], show_status: Callable[[str], None]) -> None:
        super().__init__(window)
        self._window = window
        self._settle = settle
        self._refresh = refresh
        self._show_status = show_status
        self._changes: deque[Undoable] = deque(maxlen=LONGEST)
        self.action: QAction = make_action(
            window, "&Undo", NOTHING_TO_UNDO, icon_name="undo",
            shortcut=QKeySequence.StandardKey.Undo)
        self.action.triggered.connect(self.undo_last)
        self._heard.connect(self._remember)
        this = weakref.ref(self)

        def listen(change: recording.Changed) -> None:
            alive = this()
            if alive is None:
                recording.remove_listener(listen)
                return
            try:
                alive._heard.emit(change)
            except RuntimeError:  # the window is gone
                recording.remove_listener(listen)

        self._listener = listen
        recording.add_listener(listen)
        window.destroyed.connect(lambda: recording.remove_listener(listen))
        self._update_action()

    def last(self) -> Undoable | None:
        """What Undo would take back (None: nothing)."""
        return self._changes[-1] if self._changes else None

    def changes(self) -> list[Undoable]:
        """The list, the latest last."""
        return list(self._changes)

    def undo_last(self) -> bool:
        """Ctrl+Z: take back the latest change; False when nothing was undone."""
        change = self.last()
        if change is None:
            self._show_status(NOTHING_TO_UNDO)
            return False
        if not self._settle(Leaving.UNDO):  # saving may add to the list: undo what was said
            return False
        from soberhouse.undo import UndoRefused, undo

        try:
            message = undo(change)
        except RuleViolation as refusal:  # changed since, or the storage failed
            if isinstance(refusal, UndoRefused):
                self._forget(change)
            UndoRefusal.tell(self._window, str(refusal))
            return False
        self._forget(change)
        self._refresh()
        self._show_status(message)
        return True

    def _remember(self, change: recording.Changed) -> None:
        from soberhouse.undo import undoable

        found = undoable(change)
        if found is not None:
            self._changes.append(found)
            self._update_action()

    def _forget(self, change: Undoable) -> None:
        if change in self._changes:
            self._changes.remove(change)
        self._update_action()

    def _update_action(self) -> None:
        change = self.last()
        if change is None:
            self.action.setText("Can't &Undo")
            self.action.setEnabled(False)
            self.action.setStatusTip(NOTHING_TO_UNDO)
            self.action.setToolTip(NOTHING_TO_UNDO)
        else:
            text = f"Undo {change.what}"
            self.action.setText("&" + text.replace("&", "&&"))
            self.action.setEnabled(True)
            self.action.setStatusTip(f"{text}: written back as a change of its own, kept in "
                                     f"the history")
            keys = self.action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            self.action.setToolTip(f"{text} ({keys})" if keys else text)
        self.changed.emit()

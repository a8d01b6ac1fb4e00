"""Nothing typed is lost: one question before work not saved would go.

An editor that holds work not saved yet (the roll call being taken, the
report comments, a form, the week's cards or a quick check-in being typed)
offers :class:`UnsavedWork`.  Before anything would make that work go
(quitting, showing another house or section, undoing, the window locking),
the main window's :meth:`~ui.main_window.MainWindow.settle_unsaved_work`
gathers every editor with something to say and asks once, with the
platform's Save, Discard and Cancel buttons, naming what is not saved:

    The roll call for the weekly meeting of 9 Nov 2026 has 3 marks not saved.
    Save before quitting?

Save saves each (a refused save stops there and shows why, in its editor),
Discard throws each away, Cancel (or Esc) leaves everything as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget


@runtime_checkable
class UnsavedWork(Protocol):
    """What an editor with unsaved work offers the window."""

    def unsaved_description(self) -> str | None:
        """What is not saved, as one sentence for the question; None when
        nothing is ("The roll call for ... has 3 marks not saved.")."""

    def save_unsaved(self) -> bool:
        """Save it; False when the save was refused (the editor shows why and
        keeps what was typed)."""

    def discard_unsaved(self) -> None:
        """Throw it away: the editor shows what is on record again."""


class OpenForm:
    """A form (dialog) open with an ``is_dirty()`` of its own, as
    :class:`UnsavedWork`: Save is its own Save (it closes when saved),
    Discard closes it without the form's own "discard?" question."""

    def __init__(self, dialog: QDialog) -> None:
        self.dialog = dialog

    def unsaved_description(self) -> str | None:
        is_dirty = getattr(self.dialog, "is_dirty", None)
        if not callable(is_dirty) or not is_dirty():
            return None
        return f"{self.dialog.windowTitle()}: what you typed is not saved."

    def save_unsaved(self) -> bool:
        self.dialog.accept()
        return self.dialog.result() == QDialog.DialogCode.Accepted.value

    def discard_unsaved(self) -> None:
        QDialog.done(self.dialog, QDialog.DialogCode.Rejected.value)


def open_forms(owner: QWidget) -> list[UnsavedWork]:
    """The dialogs open inside ``owner`` (a window) that could hold typing."""
    found: list[UnsavedWork] = []
    for dialog in owner.findChildren(QDialog):
        if dialog.isVisible():
            found.append(dialog if isinstance(dialog, UnsavedWork) else OpenForm(dialog))
    return found


class Leaving(Enum):
    """Why the work would go: the question's last line."""

    QUIT = "quitting"
    HOUSE = "showing another house"
    SECTION = "going to another section"
    ASSIGNMENT = "showing another assignment"
    UNDO = "undoing"
    OTHER_FILE = "opening another data file"
    LOCK = "the window locks"
    SIGN_OUT = "signing out"

    @property
    def question(self) -> str:
        return f"Save before {self.value}?"


Answer = QMessageBox.StandardButton


class UnsavedQuestion:
    """The question itself (tests replace :meth:`ask`)."""

    @staticmethod
    def build(parent: QWidget | None, descriptions: Sequence[str],
              leaving: Leaving) -> QMessageBox:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Not Saved")
        if len(descriptions) == 1:
            box.setText(descriptions[0])
            box.setInformativeText(leaving.question)
        else:
            box.setText("Not saved yet:\n" + "\n".join(f"\u2022 {text}" for text in descriptions))
            box.setInformativeText(leaving.question.replace("Save before", "Save them before"))
        box.setStandardButtons(Answer.Save | Answer.Discard | Answer.Cancel)
        box.setDefaultButton(Answer.Save)
        box.setEscapeButton(Answer.Cancel)
        return box

    @classmethod
    def ask(cls, parent: QWidget | None, descriptions: Sequence[str],
            leaving: Leaving) -> Answer:
        box = cls.build(parent, descriptions, leaving)
        try:
            box.exec()
            clicked = box.clickedButton()
            return box.standardButton(clicked) if clicked is not None else Answer.Cancel
        finally:
            box.deleteLater()


def settle(parent: QWidget | None, works: Sequence[UnsavedWork], leaving: Leaving, *,
           reveal: Callable[[UnsavedWork], None] | None = None) -> bool:
    """Ask about every work with something unsaved; True when the way is
    clear (saved, discarded, or nothing to ask), False to stay where the
    manager was (Cancel, or a save refused: ``reveal`` shows that editor)."""
    pending = []
    for work in works:
        text = work.unsaved_description()
        if text:
            pending.append((work, text))
    if not pending:
        return True
    answer = UnsavedQuestion.ask(parent, [text for _, text in pending], leaving)
    if answer == Answer.Save:
        for work, _ in pending:
            if not work.save_unsaved():
                if reveal is not None:
                    reveal(work)
                return False
        return True
    if answer == Answer.Discard:
        for work, _ in pending:
            work.discard_unsaved()
        return True
    return False

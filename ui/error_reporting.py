"""The last resort: a failure that reaches the window is shown, never lost.

A form shows a refused save (a :class:`~soberhouse.errors.RuleViolation`,
every :class:`~soberhouse.errors.StorageProblem` included) in its own
message line and stays open with what was typed.  What no form caught
arrives here:

- through :func:`report_problem` ``(parent, error)``, which a form or an
  action calls for a failure it can't show in a line of its own;
- through the hook :func:`install` puts on ``sys.excepthook`` while the
  window runs, for an exception raised in a slot or an event handler (Qt
  would only print it on the terminal, and the manager would see nothing).

A storage failure (busy, read-only, full, damaged, server gone), even one
that happened outside a write (a read from a damaged file), is shown as a
warning in the manager's words.  Anything else is a programming error: the
warning says "Soberhouse hit an unexpected problem; nothing was saved from
this action", the traceback goes in the box's details area and on stderr.
A lost server connection is also let go, so the next action opens a new
one (peewee reconnects on its own once the old connection is closed).
"""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from soberhouse.errors import RuleViolation, ServerGone, StorageProblem
from soberhouse.recording import let_lost_connection_go, storage_problem

STORAGE_TITLE = "Problem with the data"
REFUSED_TITLE = "Not saved"
UNEXPECTED_TITLE = "Unexpected problem"
UNEXPECTED_TEXT = "Soberhouse hit an unexpected problem; nothing was saved from this action."


class ProblemMessage(QMessageBox):
    """The warning box (tests replace :meth:`ask`, or :meth:`exec` to read the box)."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str, details: str = "") -> None:
        box = cls(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
        if details:
            box.setDetailedText(details)
        try:
            box.exec()
        finally:
            box.deleteLater()


def describe_problem(error: BaseException) -> tuple[str, str, str]:
    """(title, text, details) of the warning for ``error``; details is the
    traceback, for an unexpected error only."""
    problem = storage_problem(error)
    if problem is not None:
        return STORAGE_TITLE, problem.message, ""
    if isinstance(error, RuleViolation):
        return REFUSED_TITLE, str(error), ""
    return UNEXPECTED_TITLE, UNEXPECTED_TEXT, _traceback_text(error)


def report_problem(parent: QWidget | None, error: BaseException) -> None:
    """Show ``error`` in a warning parented to ``parent`` (and log the
    details of an unexpected one on stderr)."""
    title, text, details = describe_problem(error)
    if details:
        print(f"Soberhouse: {UNEXPECTED_TEXT}\n{details}", file=sys.stderr, end="")
    elif not isinstance(error, StorageProblem) and storage_problem(error) is not None:
        print(f"Soberhouse: {text} ({type(error).__name__}: {error})", file=sys.stderr)
    if isinstance(storage_problem(error), ServerGone):
        let_lost_connection_go()
    if _showing:
        return  # one box at a time: a failure repeated while it is open is only logged
    _showing.append(title)
    try:
        ProblemMessage.ask(_top_window(parent), title, text, details)
    finally:
        _showing.clear()


def install(window: QWidget) -> None:
    """Show every exception that reaches the event loop while ``window``
    lives, instead of printing it where nobody looks.  The previous hook comes
    back when the window is destroyed."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException,
             trace: TracebackType | None) -> None:
        if not issubclass(kind, Exception):  # KeyboardInterrupt, SystemExit
            previous(kind, error, trace)
            return
        if error.__traceback__ is None and trace is not None:
            error = error.with_traceback(trace)
        try:
            report_problem(window, error)
        except Exception:  # the window is going away: at least the terminal has it
            previous(kind, error, trace)

    def restore() -> None:
        if sys.excepthook is hook:
            sys.excepthook = previous

    sys.excepthook = hook
    window.destroyed.connect(restore)


# ---------------------------------------------------------------- helpers

_showing: list[str] = []


def _traceback_text(error: BaseException) -> str:
    return "".join(traceback.format_exception(type(error), error, error.__traceback__))


def _top_window(parent: QWidget | None) -> QWidget | None:
    """Over the dialog the manager is in, if one is open, so the box is seen."""
    modal = QApplication.activeModalWidget()
    if modal is not None:
        return modal
    return parent.window() if parent is not None else QApplication.activeWindow()


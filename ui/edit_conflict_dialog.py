"""Someone else saved the same record while this form was open: for each
field both changed, show both values and who changed it, and let the
manager choose which to keep.  Nothing is lost either way: the value not
kept stays in the record's history.

:class:`OpenedRecord` is what a form keeps for this: the values it opened
with and the record's version then, and the save that asks and saves again."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from soberhouse.errors import EditConflict

Details = TypeVar("Details")
Saved = TypeVar("Saved")
Choices = dict[str, bool]
"""Field name -> True to keep what this form says, False to take the other save's value."""


class Conflict(Protocol):
    field: str
    label: str
    yours: str
    theirs: str
    changed_by: str

    @property
    def sentence(self) -> str: ...


def _shown(value: str) -> str:
    return value if value else "(empty)"


class EditConflictDialog(QDialog):
    """One row per field: "Keep yours: …" or "Keep <who>'s: …"; yours is chosen first."""

    def __init__(self, record: str, conflicts: Sequence[Conflict],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Changed while you were editing")
        intro = QLabel(f"While you were editing, someone else saved changes to {record}. "
                       f"Choose which value to keep for each field; the other stays in the "
                       f"history.")
        intro.setWordWrap(True)
        grid = QGridLayout()
        self._groups: dict[str, QButtonGroup] = {}
        for row, conflict in enumerate(conflicts):
            heading = QLabel(f"<b>{conflict.label}</b>")
            heading.setToolTip(conflict.sentence)
            mine = QRadioButton(f"Keep yours: {_shown(conflict.yours)}")
            theirs = QRadioButton(f"Keep {conflict.changed_by}'s: {_shown(conflict.theirs)}")
            theirs.setToolTip(conflict.sentence)
            mine.setChecked(True)
            group = QButtonGroup(self)
            group.addButton(mine, 1)
            group.addButton(theirs, 0)
            self._groups[conflict.field] = group
            grid.addWidget(heading, row, 0)
            grid.addWidget(mine, row, 1)
            grid.addWidget(theirs, row, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(buttons)

    def keep_mine(self) -> dict[str, bool]:
        """Field name -> True to keep what this form says."""
        return {name: group.checkedId() == 1 for name, group in self._groups.items()}

    @classmethod
    def ask(cls, parent: QWidget | None, record: str,
            conflicts: Sequence[Conflict]) -> dict[str, bool] | None:
        """The choice per field, or None when the manager goes back to the form."""
        dialog = cls(record, conflicts, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.keep_mine()
        finally:
            dialog.deleteLater()


class AsksAboutConflicts:
    """For a form (a widget) that saves a record someone else may save
    meanwhile; tests replace :meth:`resolve_conflicts` with an answer."""

    def resolve_conflicts(self, conflict: EditConflict) -> Choices | None:
        """Someone saved this record meanwhile: per field, True to keep this
        form's value; None to go back to the form."""
        parent = self if isinstance(self, QWidget) else None
        return EditConflictDialog.ask(parent, conflict.record, conflict.conflicts)


def take_fields(details: Any, source: Any, names: Iterable[str]) -> Any:
    """``details`` (a dataclass whose fields are named as the core names its
    conflicts) with the named fields taken from ``source``."""
    return replace(details, **{name: getattr(source, name) for name in names})


class OpenedRecord(Generic[Details]):
    """What a form opened with (``base``) and the record's version then.

    The form saves with both, so the core writes only what was changed in
    the form and notices a newer save; for a field both changed the form
    asks the manager (its ``resolve_conflicts``), then builds on the record
    as it is now and saves again.  ``on_file`` reads the record's values
    now and ``take`` copies the named fields from one set of values into
    another; neither may hold the form (a form kept alive by what it holds
    is freed by Python's cycle collector at any moment, which Qt does not
    survive), so the form's own methods are passed to each call instead."""

    def __init__(self, base: Details, version: int, *, on_file: Callable[[], Details],
                 take: Callable[[Details, Details, Iterable[str]], Details] = take_fields
                 ) -> None:
        self.base = base
        self.version = version
        self._on_file = on_file
        self._take = take

    def save(self, details: Details, write: Callable[[Details, Details, int], Saved], *,
             ask: Callable[[EditConflict], Choices | None],
             fill: Callable[[Details], None]) -> Saved:
        """``write(details, base, version)``; on each :class:`EditConflict`
        ``ask`` the manager, rebase (``fill`` shows the result in the form)
        and write again.  When the manager goes back to the form, the
        conflict is raised on: nothing was saved and the form still shows
        what was typed."""
        while True:
            try:
                return write(details, self.base, self.version)
            except EditConflict as conflict:
                choices = ask(conflict)
                if choices is None:
                    raise
                details = self.rebase(details, conflict, choices, fill)

    def rebase(self, details: Details, conflict: EditConflict, choices: Choices,
               fill: Callable[[Details], None]) -> Details:
        """Build on the record as it is now: each field both changed takes the
        manager's choice (shown in the form by ``fill``), the rest stays as
        typed."""
        now = self._on_file()
        self.base = self._take(self.base, now, choices)
        self.version = conflict.current_version
        details = self._take(details, now, [name for name, mine in choices.items() if not mine])
        fill(details)
        return details

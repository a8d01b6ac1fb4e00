"""Someone else saved the same record while this form was open: for each
field both changed, show both values and who changed it, and let the
manager choose which to keep.  Nothing is lost either way: the value not
kept stays in the record's history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

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

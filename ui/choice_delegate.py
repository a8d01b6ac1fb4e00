"""A table cell edited by picking one of a few named values from a list."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

AnyIndex = QModelIndex | QPersistentModelIndex


class Choice(Protocol):
    """A value with the words a manager reads (a StrEnum with ``label``)."""

    @property
    def value(self) -> str: ...

    @property
    def label(self) -> str: ...


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a cell whose EditRole holds one of ``choices``' values, with a
    combo box of their labels (a motion's outcome, a goal's status)."""

    def __init__(self, choices: Iterable[Choice], accessible_name: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._choices = [(choice.label, choice.value) for choice in choices]
        self._accessible_name = accessible_name

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: AnyIndex) -> QWidget:
        editor = QComboBox(parent)
        for label, value in self._choices:
            editor.addItem(label, value)
        editor.setAccessibleName(self._accessible_name)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802
                     index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

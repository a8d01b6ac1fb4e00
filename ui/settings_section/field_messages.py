"""A rule's message shown right under the field it is about."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from soberhouse.errors import RuleViolation

_RED = QColor(211, 47, 47)


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _error_text_color(palette: QPalette) -> QColor:
    return QColor(255, 138, 128) if _is_dark(palette) else QColor(183, 28, 28)


class FieldMessage(QLabel):
    """Hidden while there is nothing to say; red text that reads on light and dark.

    One sentence a line and no word wrap: the dialog widens to fit it, where a
    wrapped label would be clipped when it appears in an already shown dialog.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldMessage")
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, _error_text_color(palette))
        self.setPalette(palette)
        self.hide()

    def show_messages(self, messages: list[str]) -> None:
        self.setText("\n".join(messages))
        self.setVisible(bool(messages))


def mark_invalid(field: QWidget, invalid: bool) -> None:
    """Tint the field's background red while its value breaks a rule."""
    # A spin box draws its text through an inner line edit: tint both.
    for part in (field, *field.findChildren(QLineEdit)):
        if not invalid:
            part.setPalette(QPalette())
            continue
        palette = part.palette()
        base = palette.color(QPalette.ColorRole.Base)
        tint = QColor(
            round(base.red() * 0.75 + _RED.red() * 0.25),
            round(base.green() * 0.75 + _RED.green() * 0.25),
            round(base.blue() * 0.75 + _RED.blue() * 0.25),
        )
        palette.setColor(QPalette.ColorRole.Base, tint)
        part.setPalette(palette)


def show_violation(violation: RuleViolation | None,
                   fields: dict[str, tuple[QWidget, FieldMessage]],
                   general: FieldMessage) -> None:
    """Each problem under its field; problems about no known field go to ``general``."""
    problems = violation.problems if violation is not None else []
    for name, (field, message) in fields.items():
        messages = violation.for_field(name) if violation is not None else []
        message.show_messages(messages)
        mark_invalid(field, bool(messages))
    general.show_messages([p.message for p in problems if p.field not in fields])

"""Settings: after how many minutes without use the window locks
(:mod:`ui.idle_lock`); saved with the data, so every computer that opens the
file locks alike.  Only the owner may change it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from soberhouse import accounts, database
from soberhouse.errors import RuleViolation
from soberhouse.permissions import Right
from ui.colours import error_colour
from ui.permission_state import allow

LONGEST_MINUTES = 240


def locking_text(minutes: int) -> str:
    """What the status bar says once the choice is saved."""
    if minutes == 0:
        return "The window no longer locks by itself (Ctrl+L still locks it)"
    return f"The window now locks after {minutes} minute{'s' if minutes != 1 else ''} without use"


class IdleLockChoice(QGroupBox):
    """"Lock the window after [5 minutes] without use" (Never: 0), saved as
    soon as it is set (Enter, leaving the field, or the arrows)."""

    changed = Signal(str)
    """A new time is saved; the text says what it is now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Locking", parent)
        self.minutes = QSpinBox()
        self.minutes.setRange(0, LONGEST_MINUTES)
        self.minutes.setSpecialValueText("Never")
        self.minutes.setKeyboardTracking(False)  # saved when the typing is done, not per digit
        self.minutes.setAccessibleName("Lock the window after this many minutes without use")
        self.minutes.setToolTip("Minutes without a key pressed or the mouse moved before "
                                "every window of Soberhouse is hidden (Never: only Ctrl+L "
                                "locks it)")
        self.minutes.valueChanged.connect(self._update_suffix)
        self.message = QLabel()
        self.message.setWordWrap(True)
        palette = self.message.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_colour())
        self.message.setPalette(palette)
        self.message.hide()
        hint = QLabel("Nothing typed is lost: the signed-in person's password unlocks it. "
                      "Ctrl+L locks it at once.")
        hint.setWordWrap(True)
        hint.setEnabled(False)  # a quiet hint
        field = QWidget()
        row = QHBoxLayout(field)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.minutes)
        row.addWidget(QLabel("without use"))
        row.addStretch(1)
        layout = QFormLayout(self)
        layout.addRow("&Lock the window after:", field)
        layout.addRow(self.message)
        layout.addRow(hint)
        field.setFocusProxy(self.minutes)
        self.show_saved()
        self.minutes.valueChanged.connect(self._chosen)

    def show_saved(self) -> None:
        """The time saved with the data, and whether the person signed in may change it."""
        self.minutes.blockSignals(True)
        try:
            self.minutes.setValue(accounts.idle_lock_minutes())
        finally:
            self.minutes.blockSignals(False)
        self._update_suffix(self.minutes.value())
        read_only = database.read_only_reason()
        if read_only is not None:
            self.minutes.setEnabled(False)
            self.minutes.setToolTip(read_only)
        else:
            allow(self.minutes, Right.CHANGE_SETTINGS)  # the owner's only

    def choose(self, minutes: int) -> None:
        """Set ``minutes`` as the manager would (tests, and the keyboard)."""
        self.minutes.setValue(minutes)

    def _update_suffix(self, minutes: int) -> None:
        self.minutes.setSuffix(" minute" if minutes == 1 else " minutes")

    def _chosen(self, minutes: int) -> None:
        if minutes == accounts.idle_lock_minutes():
            return
        try:
            accounts.set_idle_lock_minutes(minutes)
        except RuleViolation as refusal:
            self.message.setText(str(refusal))
            self.message.show()
            self.show_saved()
            return
        self.message.hide()
        self.changed.emit(locking_text(minutes))

"""How dates are written, on every screen and printed report: the window
follows the choice saved with the data, or this computer's short date format
(:func:`follow_date_style`), and Settings offers the choice
(:class:`DateStyleChoice`)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from soberhouse import database
from soberhouse.date_style import (
    DateStyle,
    current_style,
    follow_saved_style,
    save_style,
    saved_style,
    style_of_locale_pattern,
    written_date,
)

EXAMPLE = dt.date(2026, 10, 19)


def computer_pattern() -> str:
    """This computer's short date format, as Qt reads it ("M/d/yy", "dd.MM.yy")."""
    return QLocale().dateFormat(QLocale.FormatType.ShortFormat)


def follow_date_style() -> DateStyle:
    """Write dates in the style saved in Settings, or else this computer's;
    the window calls this once the data file is open and after the choice
    changes.  Answers the style now in use."""
    return follow_saved_style(computer_pattern())


class DateStyleChoice(QGroupBox):
    """"Write dates as: Follow this computer / 19 Oct 2026 / Oct 19, 2026 /
    2026-10-19", saved with the data as soon as it is chosen."""

    changed = Signal(str)
    """A new style is in use; the text says how dates now read."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Dates", parent)
        self.combo = QComboBox()
        self.combo.setAccessibleName("Write dates as")
        self.combo.setToolTip("How every screen and printed report writes a date; date "
                              "fields take dates typed the same way")
        computer = style_of_locale_pattern(computer_pattern())
        self.combo.addItem(f"Follow this computer ({written_date(EXAMPLE, computer)})", "")
        for style in DateStyle:
            self.combo.addItem(style.label, style.value)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)  # a quiet hint
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        layout.addRow("&Write dates as:", self.combo)
        layout.addRow(self.hint)
        self.show_saved()
        self.combo.activated.connect(self._chosen)
        reason = database.read_only_reason()
        if reason is not None:
            self.combo.setEnabled(False)
            self.combo.setToolTip(reason)

    def show_saved(self) -> None:
        """Show the choice saved with the data; another window may have
        changed it: then dates are written the new way from now on, and
        :attr:`changed` says so."""
        saved = saved_style()
        self.combo.setCurrentIndex(max(self.combo.findData(saved.value if saved else ""), 0))
        self._update_hint()
        before = current_style()
        in_use = follow_date_style()
        if in_use is not before:
            self.changed.emit(f"Dates are now written like {written_date(EXAMPLE, in_use)}")

    def chosen_style(self) -> DateStyle | None:
        """The style chosen (None: follow this computer)."""
        data = self.combo.currentData()
        return DateStyle(data) if data else None

    def choose(self, style: DateStyle | None) -> None:
        """Choose ``style`` as the manager would (tests, and the keyboard)."""
        self.combo.setCurrentIndex(self.combo.findData(style.value if style else ""))
        self._chosen(self.combo.currentIndex())

    def _chosen(self, _index: int) -> None:
        style = self.chosen_style()
        if style == saved_style():
            return
        try:
            save_style(style)
        except Exception:  # the window's last-resort handler says what went wrong
            self.show_saved()
            raise
        in_use = follow_date_style()
        self._update_hint()
        self.changed.emit(f"Dates are now written like {written_date(EXAMPLE, in_use)}")

    def _update_hint(self) -> None:
        style = self.chosen_style() or style_of_locale_pattern(computer_pattern())
        self.hint.setText(f"On every screen and printed report. Date fields take dates typed "
                          f"as {style.typing_hint}, or written out.")

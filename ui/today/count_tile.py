"""A count tile: a big number, what it counts, and how it stands in words.

A tile is a checkable button (one of a group: arrow keys move between them,
Space or a click chooses one).  The number takes the colour of the most
urgent item, and the line under the label says the same in words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from soberhouse.attention import AttentionLevel
from ui.colours import mixed
from ui.resources import icon
from ui.today.items_model import colour_of

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent, QPaintEvent

PADDING = 10
ICON_SIZE = 18
LABEL_LINES = 2
NUMBER_SCALE = 2.2
RADIUS = 6.0

_LEVEL_WORDS = {AttentionLevel.OVERDUE: "Needs action",
                AttentionLevel.DUE: "Due soon",
                AttentionLevel.INFO: "Good news"}
CLEAR_WORDS = "All clear"
COUNTING_WORDS = "Counting…"
NOT_COUNTED = "–"  # an en dash: no figure yet, not zero


def narrowest_wrap(metrics: QFontMetrics, text: str, lines: int = LABEL_LINES) -> int:
    """The narrowest width (pixels) at which ``text`` wraps into at most
    ``lines`` lines, breaking only between words."""
    words = text.split()
    if lines <= 1 or len(words) <= 1:
        return metrics.horizontalAdvance(text)
    best = metrics.horizontalAdvance(text)
    for split in range(1, len(words)):
        first = metrics.horizontalAdvance(" ".join(words[:split]))
        rest = narrowest_wrap(metrics, " ".join(words[split:]), lines - 1)
        best = min(best, max(first, rest))
    return best


def wrapped(metrics: QFontMetrics, text: str, width: int, lines: int = LABEL_LINES
            ) -> list[str]:
    """``text`` in at most ``lines`` lines of ``width`` pixels, broken only
    between words ("check-ins" stays whole); what does not fit is elided."""
    result: list[str] = []
    for word in text.split():
        if result and metrics.horizontalAdvance(f"{result[-1]} {word}") <= width:
            result[-1] = f"{result[-1]} {word}"
        else:
            result.append(word)
    if len(result) > lines:
        result[lines - 1:] = [" ".join(result[lines - 1:])]
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in result]


class CountTile(QAbstractButton):
    """One group's count; ``key`` names the group."""

    def __init__(self, key: str, label: str, icon_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.label = label
        self.count: int | None = None  # not counted yet
        self.level: AttentionLevel | None = None
        self._icon = icon(icon_name)
        self.setCheckable(True)
        self.setAutoExclusive(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setText(label)
        self._update_texts()

    # ------------------------------------------------------------ API

    def set_count(self, count: int, level: AttentionLevel | None, tooltip: str) -> None:
        self.count = count
        self.level = level if count else None
        self.setToolTip(tooltip)
        self._update_texts()
        self.update()

    @property
    def status_text(self) -> str:
        if self.count is None:
            return COUNTING_WORDS
        return _LEVEL_WORDS[self.level] if self.level is not None else CLEAR_WORDS

    @property
    def number_text(self) -> str:
        return NOT_COUNTED if self.count is None else str(self.count)

    # ------------------------------------------------------------ sizes

    def _number_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * NUMBER_SCALE)
        font.setBold(True)
        return font

    def _status_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.9)
        return font

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        label = self.fontMetrics()
        number = QFontMetrics(self._number_font())
        status = QFontMetrics(self._status_font())
        width = max(narrowest_wrap(label, self.label), number.horizontalAdvance("0000"),
                    status.horizontalAdvance(_LEVEL_WORDS[AttentionLevel.OVERDUE]),
                    status.horizontalAdvance(CLEAR_WORDS))
        height = (number.height() + label.lineSpacing() * LABEL_LINES + status.height()
                  + PADDING // 2 * 2)
        return QSize(width + 2 * PADDING, height + 2 * PADDING)

    # ------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        frame = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        base = palette.color(QPalette.ColorRole.Base)
        if self.isChecked():
            background = mixed(base, highlight, 0.14)
            pen = QPen(highlight, 2)
        else:
            background = (mixed(base, highlight, 0.06) if self.underMouse() else base)
            pen = QPen(palette.color(QPalette.ColorRole.Mid), 1)
        painter.setPen(pen)
        painter.setBrush(background)
        painter.drawRoundedRect(frame, RADIUS, RADIUS)

        inner = self.rect().adjusted(PADDING, PADDING, -PADDING, -PADDING)
        text_colour = palette.color(QPalette.ColorRole.Text)
        quiet = palette.color(QPalette.ColorRole.PlaceholderText)
        number_font = self._number_font()
        number_height = QFontMetrics(number_font).height()
        painter.setFont(number_font)
        painter.setPen(colour_of(self.level) if self.level is not None else quiet)
        number_rect = QRect(inner.left(), inner.top(), inner.width(), number_height)
        painter.drawText(number_rect, Qt.AlignmentFlag.AlignCenter, self.number_text)
        if not self._icon.isNull():
            size = min(ICON_SIZE, number_height)
            self._icon.paint(painter, inner.right() - size + 1, inner.top(), size, size)

        label_top = inner.top() + number_height + PADDING // 2
        label_height = self.fontMetrics().lineSpacing() * LABEL_LINES
        painter.setFont(self.font())
        painter.setPen(text_colour)
        line_height = self.fontMetrics().lineSpacing()
        for number, line in enumerate(wrapped(self.fontMetrics(), self.label, inner.width())):
            painter.drawText(QRect(inner.left(), label_top + number * line_height,
                                   inner.width(), line_height),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, line)

        status_font = self._status_font()
        painter.setFont(status_font)
        painter.setPen(colour_of(self.level) if self.level is not None else quiet)
        status_top = label_top + label_height + PADDING // 2
        status_rect = QRect(inner.left(), status_top, inner.width(), inner.bottom() - status_top)
        painter.drawText(status_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                         self.status_text)

        if self.hasFocus():
            # Imported here: making Qt's QStyle class costs ~5 ms, which the
            # window's start-up need not pay when no tile has the focus yet.
            from PySide6.QtWidgets import QStyle, QStyleOptionFocusRect

            option = QStyleOptionFocusRect()
            option.initFrom(self)
            option.rect = self.rect().adjusted(4, 4, -4, -4)
            option.backgroundColor = background
            self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option,
                                       painter, self)
        painter.end()

    # ------------------------------------------------------------ keys

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter chooses the tile, like Space (and a click)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)

    def enterEvent(self, event: object) -> None:  # noqa: N802
        self.update()
        super().enterEvent(event)  # type: ignore[arg-type]

    def leaveEvent(self, event: object) -> None:  # noqa: N802
        self.update()
        super().leaveEvent(event)  # type: ignore[arg-type]

    def _update_texts(self) -> None:
        self.setAccessibleName(f"{self.label}: {self.number_text}")
        self.setAccessibleDescription(self.status_text)

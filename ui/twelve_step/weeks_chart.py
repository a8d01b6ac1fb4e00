"""A small chart of a resident's last weeks: one bar per week, the meetings
attended against a tick at the number required, each bar labelled with its
figures (never colour alone)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from soberhouse.twelve_step.quota import WeekCompliance
from ui.colours import level_colour
from ui.form_fields import short_date
from ui.twelve_step.week_status import week_status


class WeeksChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._weeks: list[WeekCompliance] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Outside meetings, week by week")

    def set_weeks(self, weeks: list[WeekCompliance]) -> None:
        self._weeks = weeks
        lines = [f"Week of {short_date(w.week_start)}: {w.attended} of {w.required} "
                 f"({week_status(w).text})" for w in weeks]
        self.setToolTip("\n".join(lines))
        self.setAccessibleDescription("; ".join(lines))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.fontMetrics().averageCharWidth() * 40, self.fontMetrics().height() * 5)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        metrics = self.fontMetrics()
        text_height = metrics.height()
        area = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        if not self._weeks:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "No weeks to show")
            return
        top = max(max(w.attended, w.required) for w in self._weeks) or 1
        bars_top = area.top() + text_height + 2  # room for the figures above the bars
        bars_bottom = area.bottom() - text_height  # room for the dates under them
        height = max(bars_bottom - bars_top, 1.0)
        slot = area.width() / len(self._weeks)
        width = min(slot * 0.6, metrics.averageCharWidth() * 6)
        for number, week in enumerate(self._weeks):
            centre = area.left() + slot * (number + 0.5)
            level = week_status(week).level
            colour = (level_colour(level) if level is not None
                      else palette.color(QPalette.ColorRole.Mid))
            bar_height = height * week.attended / top
            bar = QRectF(centre - width / 2, bars_bottom - bar_height, width, bar_height)
            painter.fillRect(bar, colour)
            if week.required:
                y = bars_bottom - height * week.required / top
                pen = QPen(palette.color(QPalette.ColorRole.WindowText))
                pen.setWidthF(1.5)
                pen.setStyle(Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.drawLine(int(centre - width / 2 - 3), int(y),
                                 int(centre + width / 2 + 3), int(y))
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            figures = f"{week.attended}/{week.required}"
            above = min(bar.top(), bars_bottom - height * week.required / top) - 2
            painter.drawText(QRectF(centre - slot / 2, above - text_height, slot,
                                    text_height), Qt.AlignmentFlag.AlignCenter, figures)
            day = short_date(week.week_start)
            if metrics.horizontalAdvance(day) + 4 <= slot:  # else only in the tooltip
                painter.drawText(QRectF(centre - slot / 2, bars_bottom, slot, text_height),
                                 Qt.AlignmentFlag.AlignCenter, day)
        painter.end()

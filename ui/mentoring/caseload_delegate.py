"""The caseload bar: how full a mentor's caseload is, as a bar with its text
("2 of 3") beside it, coloured by whether they have a free place."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.mentoring.marks import Mark
from ui.mentoring.roster_model import CASELOAD_ROLE

BAR_CHARS = 8  # bar width, in average characters


class CaseloadDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        caseload = index.data(CASELOAD_ROLE)
        if caseload is None:
            super().paint(painter, option, index)
            return
        mentees, cap, mark = caseload
        assert isinstance(mark, Mark)
        self.initStyleOption(option, index)
        text = option.text
        option.text = ""
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)

        metrics = option.fontMetrics
        margin = max(2, metrics.height() // 5)
        area = option.rect.adjusted(margin * 2, margin, -margin * 2, -margin)
        bar_width = min(metrics.averageCharWidth() * BAR_CHARS,
                        max(area.width() - metrics.horizontalAdvance(text) - margin * 2, 0))
        bar_height = max(metrics.height() // 2, 6)
        bar = QRect(area.left(), area.center().y() - bar_height // 2, bar_width, bar_height)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_role = (QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if bar_width > 0:
            painter.setPen(option.palette.color(QPalette.ColorRole.Mid))
            painter.setBrush(option.palette.color(QPalette.ColorRole.Base))
            painter.drawRoundedRect(bar, 2, 2)
            if cap > 0 and mentees > 0:
                filled = QRect(bar)
                filled.setWidth(max(1, round(bar.width() * min(mentees, cap) / cap)))
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(mark.colour)
                painter.drawRoundedRect(filled.adjusted(1, 1, 0, -1), 2, 2)
        painter.setPen(option.palette.color(text_role))
        text_rect = QRect(area)
        text_rect.setLeft(bar.right() + margin * 2 if bar_width > 0 else area.left())
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                            text_rect.width()))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        metrics = option.fontMetrics
        width = (metrics.averageCharWidth() * BAR_CHARS + metrics.horizontalAdvance("10 of 10")
                 + metrics.height())
        return QSize(max(hint.width(), width), hint.height())

"""The small bar chart of outside meetings: required against attended, per week.

Drawn from plain ``reportlab.graphics`` shapes rather than the
``VerticalBarChart`` widget: the widget expands into about twice the nodes and
validates every attribute it sets, and in a batch of 200 reports the charts
alone took a fifth of the time.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from soberhouse.reports.monthly_progress import WeekLine
from soberhouse.reports.pdf import styles
from soberhouse.reports.pdf.fonts import REGULAR
from soberhouse.reports.pdf.wording import day_in_month

LABEL_SIZE = 7.0
LEGEND_WIDTH = 84.0
_LEFT, _BOTTOM, _TOP = 22.0, 16.0, 6.0


def _value_step(top: int) -> int:
    return 1 if top <= 6 else (2 if top <= 12 else 5)


def weekly_chart(weeks: Sequence[WeekLine], width: float, height: float = 105.0) -> Drawing:
    """Required (pale) and attended (green) outside meetings per week, each week
    named by its first day, a value axis in whole meetings, a legend on the
    right.  Every label in DejaVu Sans."""
    drawing = Drawing(width, height, initialFontName=REGULAR, initialFontSize=LABEL_SIZE)
    plot_width = width - _LEFT - LEGEND_WIDTH - 8
    plot_height = height - _BOTTOM - _TOP
    top = max([1, *(week.required for week in weeks), *(week.attended for week in weeks)])
    step = _value_step(top)
    top = -(-top // step) * step  # round the axis up to a whole step
    scale = plot_height / top

    for value in range(0, top + 1, step):
        y = _BOTTOM + value * scale
        if value:
            drawing.add(Line(_LEFT, y, _LEFT + plot_width, y, strokeColor=styles.BAND,
                             strokeWidth=0.5))
        drawing.add(Line(_LEFT - 3, y, _LEFT, y, strokeColor=styles.MUTED, strokeWidth=0.5))
        drawing.add(String(_LEFT - 5, y - LABEL_SIZE / 3, str(value), fontName=REGULAR,
                           fontSize=LABEL_SIZE, fillColor=styles.INK, textAnchor="end"))

    if weeks:
        group = plot_width / len(weeks)
        bar = min(group * 0.34, 22.0)
        for index, week in enumerate(weeks):
            centre = _LEFT + group * (index + 0.5)
            for offset, value, colour in ((-bar - 0.5, week.required, styles.REQUIRED_BAR),
                                          (0.5, week.attended, styles.ATTENDED_BAR)):
                if value:
                    drawing.add(Rect(centre + offset, _BOTTOM, bar, value * scale,
                                     fillColor=colour, strokeColor=None))
            label = day_in_month(week.week_start)
            # A long label (an ISO date) gets smaller rather than touch its neighbour.
            size = min(LABEL_SIZE, LABEL_SIZE * (group - 4) / max(
                stringWidth(label, REGULAR, LABEL_SIZE), 1.0))
            drawing.add(String(centre, _BOTTOM - 10, label, fontName=REGULAR,
                               fontSize=max(size, 4.0), fillColor=styles.INK,
                               textAnchor="middle"))
    else:
        drawing.add(String(_LEFT + plot_width / 2, _BOTTOM + plot_height / 2,
                           "No weeks to show", fontName=REGULAR, fontSize=8,
                           fillColor=styles.MUTED, textAnchor="middle"))

    drawing.add(Line(_LEFT, _BOTTOM, _LEFT + plot_width, _BOTTOM, strokeColor=styles.MUTED,
                     strokeWidth=0.6))
    drawing.add(Line(_LEFT, _BOTTOM, _LEFT, _BOTTOM + plot_height, strokeColor=styles.MUTED,
                     strokeWidth=0.6))

    legend_x = width - LEGEND_WIDTH
    drawing.add(String(legend_x, height - 10, "Outside meetings", fontName=REGULAR,
                       fontSize=LABEL_SIZE + 0.5, fillColor=styles.MUTED))
    drawing.add(String(legend_x, height - 20, "per week", fontName=REGULAR,
                       fontSize=LABEL_SIZE + 0.5, fillColor=styles.MUTED))
    for row, (colour, label) in enumerate(((styles.REQUIRED_BAR, "Required"),
                                          (styles.ATTENDED_BAR, "Attended"))):
        y = height - 36 - row * 12
        drawing.add(Rect(legend_x, y, 7, 7, fillColor=colour, strokeColor=None))
        drawing.add(String(legend_x + 11, y + 0.5, label, fontName=REGULAR,
                           fontSize=LABEL_SIZE + 0.5, fillColor=styles.INK))
    return drawing

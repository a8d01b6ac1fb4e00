"""Meetings > Attendance: someone the roll calls never marked reads "Not
marked", not 0% (DOMAIN.md counts a rate over the meetings held)."""

from __future__ import annotations

from soberhouse.meetings.attendance import AttendanceFigures
from ui.meetings.attendance_model import AttendanceColumn, AttendanceModel, AttendanceRow


def test_a_resident_never_marked_has_no_rate(qtmodeltester: object) -> None:
    model = AttendanceModel()
    model.set_rows([
        AttendanceRow(1, "Ann Avery", AttendanceFigures(1, held=3, present=2, late=0, excused=0,
                                                         unexcused=0, unrecorded=1)),
        AttendanceRow(2, "Fay Ford", AttendanceFigures(2, held=2, present=0, late=0, excused=0,
                                                        unexcused=0, unrecorded=2)),
    ])
    rates = [model.index(row, AttendanceColumn.RATE).data() for row in range(2)]
    assert rates == ["67%", "Not marked"]
    assert "Not marked at any of the 2 meetings" in model.index(
        1, AttendanceColumn.RATE).data(3)  # ToolTipRole
    model.sort(AttendanceColumn.RATE)
    qtmodeltester.check(model)  # type: ignore[attr-defined]

"""The items of one Today group: who, how urgent, which house, what."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtGui import QColor, QIcon

from soberhouse.attention import AttentionItem, AttentionLevel
from ui.colours import Level, level_colour
from ui.mentoring.row_model import Column, RowTableModel
from ui.resources import icon

# How each core level shows: the program's colour for it and an icon, always
# beside the level's words.
_LEVELS: dict[AttentionLevel, tuple[Level, str]] = {
    AttentionLevel.OVERDUE: (Level.BAD, "warning"),
    AttentionLevel.DUE: (Level.DUE, "today"),
    AttentionLevel.INFO: (Level.GOOD, "check"),
}


def level_of(level: AttentionLevel) -> Level:
    return _LEVELS[level][0]


def colour_of(level: AttentionLevel) -> QColor:
    return level_colour(_LEVELS[level][0])


def icon_of(level: AttentionLevel) -> QIcon:
    return icon(_LEVELS[level][1])


@dataclass(frozen=True)
class TodayRow:
    """An item and its place in the group (the core's order: most urgent first)."""

    item: AttentionItem
    position: int


def today_rows(items: Sequence[AttentionItem]) -> list[TodayRow]:
    return [TodayRow(item, number) for number, item in enumerate(items)]


class ItemColumn:
    WHO = 0
    STATUS = 1
    HOUSE = 2
    DETAIL = 3


class TodayItemsModel(RowTableModel[TodayRow]):
    columns = (
        Column[TodayRow]("Who", lambda r: r.item.title,
                         decoration=lambda r: icon_of(r.item.level),
                         accessible=lambda r: f"{r.item.title}: {r.item.level.label}, "
                                              f"{r.item.detail}", shares_room=True),
        Column[TodayRow]("Status", lambda r: r.item.level.label,
                         sort=lambda r: r.position,
                         foreground=lambda r: colour_of(r.item.level)),
        Column[TodayRow]("House", lambda r: r.item.house_name),
        Column[TodayRow]("Details", lambda r: r.item.detail, shares_room=True),
    )

    def row_id(self, row: TodayRow) -> int:
        return row.item.item_id if row.item.resident_id is None else row.item.resident_id

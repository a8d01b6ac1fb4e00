"""The people with an account, one row each, for Settings > People."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from soberhouse import accounts
from soberhouse.houses import list_houses
from soberhouse.models import Role, UserHouse
from ui.form_fields import short_date

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()

HEADERS = ("Name", "Sign-in name", "Role", "Houses", "Account", "Password changed")
ALL_HOUSES = "All houses"
PASSWORD_COLUMN = 5


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    username: str
    role: str
    houses: str
    active: bool
    password_changed: dt.date | None
    must_change_password: bool

    def values(self) -> tuple[str, ...]:
        changed = short_date(self.password_changed)
        if self.must_change_password:
            changed = f"{changed} (given)".strip()
        return (self.name, self.username, self.role, self.houses,
                "On" if self.active else "Switched off", changed)


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.datetime.fromisoformat(value).date()
        except ValueError:
            return None
    return None


def person_rows() -> list[PersonRow]:
    """Everyone with an account, switched-off people last (two queries and
    the houses')."""
    names = {house.id: house.name for house in list_houses()}
    houses_of: dict[int, list[str]] = {}
    for user_id, house_id in UserHouse.select(UserHouse.user, UserHouse.house).tuples():
        houses_of.setdefault(user_id, []).append(names.get(house_id, f"house {house_id}"))
    rows = []
    for user in accounts.people():
        role = Role(user.role)
        if role is Role.OWNER or user.all_houses:
            houses = ALL_HOUSES
        elif role is Role.PEER_COACH:
            houses = "Their mentees'"
        else:
            houses = ", ".join(sorted(houses_of.get(user.id, []), key=str.casefold)) or "None"
        rows.append(PersonRow(user.id, user.shown_name, user.username, role.label, houses,
                              bool(user.active), _as_date(user.password_changed_at),
                              bool(user.must_change_password)))
    return rows


class PeopleTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PersonRow] = []

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = person_rows()
        self.endResetModel()

    def person_id(self, row: int) -> int:
        return self.rows[row].id

    def row_of(self, person_id: int) -> int:
        return next((row for row, person in enumerate(self.rows) if person.id == person_id),
                    -1)

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        person = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return person.values()[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == PASSWORD_COLUMN and person.must_change_password:
                return ("A password given by the owner: they choose their own at their next "
                        "sign-in")
            return person.values()[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and not person.active:
            from PySide6.QtGui import QGuiApplication, QPalette

            return QGuiApplication.palette().color(QPalette.ColorGroup.Disabled,
                                                   QPalette.ColorRole.Text)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return HEADERS[section]
        return None

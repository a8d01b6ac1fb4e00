"""Residents against their next tier: each condition met or not, and why."""

from __future__ import annotations

from soberhouse.progression import Progression
from ui.mentoring.marks import Mark
from ui.mentoring.row_model import Column, RowTableModel


def readiness(row: Progression) -> str:
    if row.next_tier_id is None:
        return "Highest tier"
    return "Ready" if row.ready else f"Not yet ({len(row.unmet)} unmet)"


def readiness_mark(row: Progression) -> Mark | None:
    if row.next_tier_id is None:
        return None
    return Mark.GOOD if row.ready else Mark.DUE


def conditions_text(row: Progression) -> str:
    return "; ".join(("Met: " if c.met else "Unmet: ") + c.detail for c in row.conditions)


class PromotionModel(RowTableModel[Progression]):
    columns = (
        Column[Progression]("Resident", lambda p: p.name, shares_room=True),
        Column[Progression]("House", lambda p: p.house_name),
        Column[Progression]("Tier", lambda p: p.tier_name or "No tier"),
        Column[Progression]("Next tier", lambda p: p.next_tier_name or "—"),
        Column[Progression]("Ready?", readiness,
                            sort=lambda p: (not p.ready, p.next_tier_id is None, len(p.unmet)),
                            foreground=lambda p: (m.colour if (m := readiness_mark(p))
                                                  else None),
                            decoration=lambda p: Mark.GOOD.icon if p.ready else None),
        Column[Progression]("Conditions", conditions_text,
                            tooltip=lambda p: conditions_text(p).replace("; ", "\n") or None,
                            shares_room=True),
    )

    def row_id(self, row: Progression) -> int:
        return row.resident_id

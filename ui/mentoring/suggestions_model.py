"""Ranked mentors for the selected resident, with the reasons for each rank."""

from __future__ import annotations

from soberhouse.mentoring.suggestions import Suggestion
from ui.mentoring.row_model import Column, MentorDragMixin, RowTableModel


class SuggestionsModel(MentorDragMixin, RowTableModel[Suggestion]):
    """Best first; a row can be dragged onto a resident waiting for a mentor."""

    columns = (
        Column[Suggestion]("Mentor", lambda s: s.mentor.name, shares_room=True),
        Column[Suggestion]("Kind", lambda s: s.mentor.kind.label),
        Column[Suggestion]("Tier or role", lambda s: s.mentor.tier_or_role),
        Column[Suggestion]("Free", lambda s: s.mentor.free_places, numeric=True,
                           tooltip=lambda s: f"{s.mentor.free_places} free of {s.mentor.cap}"),
        Column[Suggestion]("Score", lambda s: s.score, numeric=True,
                           tooltip=lambda s: "Points: " + "; ".join(s.reasons)),
        Column[Suggestion]("Why", lambda s: "; ".join(s.reasons),
                           tooltip=lambda s: "\n".join(s.reasons), shares_room=True),
    )

    def row_id(self, row: Suggestion) -> int:
        return row.mentor.mentor_id

    def mentor_id_of(self, number: int) -> int | None:
        return self.rows[number].mentor.mentor_id if 0 <= number < len(self.rows) else None

"""The one kind of error a rule raises, in the house manager's words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One broken rule: which field (a key of the form), and what is wrong."""

    field: str
    message: str

    def __str__(self) -> str:
        return self.message


class RuleViolation(Exception):
    """Raised by a core write when its input breaks one or more rules.

    Nothing has been saved when this is raised.  ``problems`` lists every broken
    rule, each naming its field, so a form can show each message next to the
    field and a CSV import can report them for the line.
    """

    def __init__(self, problems: list[Problem] | Problem | str, field: str = "") -> None:
        if isinstance(problems, str):
            problems = [Problem(field, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("; ".join(p.message for p in self.problems))

    def for_field(self, field: str) -> list[str]:
        return [p.message for p in self.problems if p.field == field]


class LikelyDuplicate(RuleViolation):
    """A resident with the same name and date of birth is already on record.

    Not a hard rule: the manager is asked, and the write is repeated with
    ``allow_duplicate=True`` if they confirm.
    """

    def __init__(self, matches: list[Any]) -> None:
        self.matches = matches
        names = ", ".join(f"{m.full_name} (#{m.id}, {m.status})" for m in matches)
        super().__init__(
            [Problem("last_name", f"A resident with the same name and date of birth "
                     f"is already on record: {names}. Is this the same person?")]
        )


class NotFound(Exception):
    """A record asked for by id (or name) does not exist."""

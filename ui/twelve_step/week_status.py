"""How a resident's week of outside meetings stands, in words and a level
(the colour always comes with the words)."""

from __future__ import annotations

from dataclasses import dataclass

from soberhouse.twelve_step.quota import WeekCompliance
from ui.colours import Level


@dataclass(frozen=True)
class WeekStatus:
    text: str
    level: Level | None  # None: nothing to flag yet
    explanation: str


def week_status(week: WeekCompliance) -> WeekStatus:
    """"Met", "Behind" or "In progress": a few words, so the column never cuts
    them.  A partial week (the resident lived only part of it there) is told
    in the explanation and by the required count beside it ("2 of 3")."""
    if week.in_progress:
        if week.behind:
            text, level = "Behind", Level.DUE
            explanation = (f"{week.attended} so far; at this point of the week "
                           f"{week.required} a week means more by now")
        elif week.attended >= week.required:
            text, level = "In progress", Level.GOOD
            explanation = f"{week.attended} of {week.required} already: on track"
        else:
            text, level = "In progress", None
            explanation = f"{week.attended} of {week.required} so far; the week is not over"
    elif week.met:
        text, level = "Met", Level.GOOD
        explanation = f"{week.attended} of {week.required} required"
    else:
        text, level = "Behind", Level.BAD
        explanation = f"{week.attended} of {week.required} required: " \
                      f"{week.required - week.attended} short"
    if week.partial:
        explanation += (f"; partial week (lived there {week.days_lived} of 7 days: "
                        f"quota {week.quota} pro-rated to {week.required})")
    return WeekStatus(text, level, explanation)


def required_text(week: WeekCompliance) -> str:
    """"5", or "3 of 5" when pro-rated."""
    return f"{week.required} of {week.quota}" if week.partial else str(week.required)

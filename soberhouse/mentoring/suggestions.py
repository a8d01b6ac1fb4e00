"""Ranked mentors for a mentee, with the reasons for each rank.

Only mentors the rules would accept are suggested (:mod:`.pairing`); among
them, points for free places, the tier gap, a shared fellowship, a shared
language and shared focus areas.  Each point comes with its reason, so the
manager sees why one mentor is above another and picks in one click.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from soberhouse import clock
from soberhouse.mentoring.mentees import MenteeFacts, mentee
from soberhouse.mentoring.pairing import pairing_problems
from soberhouse.mentoring.profiles import shared
from soberhouse.mentoring.roster import MentorRosterRow, mentor_roster
from soberhouse.mentoring.settings import mentoring_settings
from soberhouse.models.mentoring import MentorAssignment, MentorKind

MOST_POINTS_FOR_FREE_PLACES = 3
MOST_POINTS_FOR_TIER_GAP = 2
POINTS_FOR_FELLOWSHIP = 3
POINTS_FOR_LANGUAGE = 3
POINTS_PER_FOCUS_AREA = 2


@dataclass(frozen=True)
class Suggestion:
    mentor: MentorRosterRow
    score: int
    reasons: list[str] = field(default_factory=list)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def score(row: MentorRosterRow, mentee_: MenteeFacts) -> Suggestion:
    """Points and reasons for one eligible mentor."""
    mentor_ = row.mentor
    points, reasons = 0, []
    points += min(row.free_places, MOST_POINTS_FOR_FREE_PLACES)
    reasons.append(f"{_plural(row.free_places, 'free place')} of {row.cap}")
    if mentor_.kind is MentorKind.RESIDENT:
        gap = mentor_.tier_position - mentee_.tier_position
        points += min(gap, MOST_POINTS_FOR_TIER_GAP)
        reasons.append(f"{mentor_.tier_name}: {_plural(gap, 'tier')} above "
                       f"{mentee_.tier_name or 'the mentee'}")
    else:
        points += MOST_POINTS_FOR_TIER_GAP
        reasons.append(f"{mentor_.role_label}: above every resident tier")
    mine, theirs = mentor_.attributes, mentee_.attributes
    if mine.fellowship and mine.fellowship.casefold() == theirs.fellowship.casefold():
        points += POINTS_FOR_FELLOWSHIP
        reasons.append(f"Both in {theirs.fellowship}")
    languages = shared(theirs.languages, mine.languages)
    if languages:
        points += POINTS_FOR_LANGUAGE
        reasons.append("Speaks " + ", ".join(languages))
    focus = shared(theirs.focus_areas, mine.focus_areas)
    if focus:
        points += POINTS_PER_FOCUS_AREA * len(focus)
        reasons.append("Focus: " + ", ".join(focus))
    return Suggestion(row, points, reasons)


def suggest_mentors(mentee_id: int, on: dt.date | None = None,
                    limit: int | None = None) -> list[Suggestion]:
    """Mentors who could take this resident now, best first (ties: more free
    places, then by name).  Mentors already mentoring them are left out."""
    on = on or clock.today()
    mentee_ = mentee(mentee_id)
    if not mentee_.is_active:
        return []
    pairs_by_gender = mentoring_settings(mentee_.house_id).pair_by_gender
    current = {mentor_id for (mentor_id,) in
               MentorAssignment.select(MentorAssignment.mentor)
               .where((MentorAssignment.mentee == mentee_id)
                      & MentorAssignment.ended_on.is_null()).tuples()}
    suggestions = [
        score(row, mentee_) for row in mentor_roster(mentee_.house_id, on)
        if row.mentor_id not in current
        and not pairing_problems(row.mentor, mentee_, mentees_now=row.active_mentees,
                                 house_pairs_by_gender=pairs_by_gender, on=on)
    ]
    suggestions.sort(key=lambda s: (-s.score, -s.mentor.free_places, s.mentor.name.casefold(),
                                    s.mentor.mentor_id))
    return suggestions[:limit] if limit is not None else suggestions

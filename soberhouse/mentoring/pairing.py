"""The rules that decide whether a mentor may take a mentee, in one place.

Assigning (:mod:`.assignments`) refuses with these problems; suggestions
(:mod:`.suggestions`) leave out the mentors they would refuse; the roster
(:mod:`.roster`) uses them to list the mentees who need a new mentor.
"""

from __future__ import annotations

import datetime as dt

from soberhouse.errors import Problem
from soberhouse.mentoring.mentees import MenteeFacts
from soberhouse.mentoring.mentors import MentorFacts
from soberhouse.models.mentoring import MentorKind


def rank_problem(mentor: MentorFacts, mentee: MenteeFacts) -> str | None:
    """A mentor must be in a higher tier than the mentee (alumni and staff
    coaches are above every resident tier)."""
    if mentor.rank > mentee.tier_position:
        return None
    if mentor.tier_position == mentee.tier_position:
        where = f"the same tier as {mentee.name}"
    else:
        where = f"below {mentee.name} ({mentee.tier_name})"
    return (f"{mentor.name} is in {mentor.tier_name}, {where}; a mentor must be in a higher "
            f"tier than the mentee.")


def gender_problem(mentor: MentorFacts, mentee: MenteeFacts, house_pairs_by_gender: bool
                   ) -> str | None:
    """In a house that pairs by gender, both genders recorded and different."""
    mine, theirs = mentor.attributes.gender, mentee.attributes.gender
    if not house_pairs_by_gender or not mine or not theirs:
        return None
    if mine.casefold() == theirs.casefold():
        return None
    return (f"{mentee.house_name} pairs mentors and mentees by gender: {mentor.name} is "
            f"{mine}, {mentee.name} is {theirs}.")


def cap_problem(mentor: MentorFacts, mentees_now: int) -> str | None:
    if mentees_now < mentor.cap:
        return None
    cap_of = (f"the cap for {mentor.tier_name}" if mentor.kind is MentorKind.RESIDENT
              else "their cap")
    return (f"{mentor.name} already mentors {mentees_now} of {mentor.cap} ({cap_of}): "
            f"no free place.")


def pairing_problems(mentor: MentorFacts, mentee: MenteeFacts, *, mentees_now: int,
                     house_pairs_by_gender: bool, on: dt.date) -> list[Problem]:
    """Why ``mentor`` can't take ``mentee`` on ``on`` (empty when they can).

    ``mentees_now`` is how many active mentees the mentor has, not counting
    this pairing.
    """
    if mentor.resident_id == mentee.resident_id:
        return [Problem("mentor_id", f"{mentee.name} can't mentor themselves.")]
    not_mentoring = mentor.why_not_mentoring(on)
    if not_mentoring:
        return [Problem("mentor_id", not_mentoring)]
    problems = []
    for message in (rank_problem(mentor, mentee), cap_problem(mentor, mentees_now),
                    gender_problem(mentor, mentee, house_pairs_by_gender)):
        if message:
            problems.append(Problem("mentor_id", message))
    return problems

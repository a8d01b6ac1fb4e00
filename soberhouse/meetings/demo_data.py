"""The demo's house meetings: every week on the house's meeting day, from the
first move-in to the last meeting day before today, with a roll call (mostly
present, some late, a few excused with a reason, a few unexcused, and two
residents who keep missing), a topic, short minutes and now and then a
motion.  Also one emergency meeting, a weekly meeting called off, a mark
corrected a week later, a special meeting planned ahead, and the latest
meeting of Cedar House still waiting for its roll call.

Each meeting is an event on its own day (``world.on``), so the rules see
that day: who lived in the house, what is in the future.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from soberhouse.houses import TierDetails, save_tiers, tiers_of
from soberhouse.meetings.records import (
    MeetingDetails,
    MotionDetails,
    cancel_meeting,
    record_meeting,
)
from soberhouse.meetings.roll_call import RollCallMark, members_on, save_roll_call
from soberhouse.models import House
from soberhouse.models.meetings import AttendanceStatus, MeetingKind, MotionOutcome

if TYPE_CHECKING:
    from soberhouse.demo import DemoWorld

TOPICS = (
    "Chore chart for the month", "House finances and dues", "Welcoming a new resident",
    "Quiet hours and guests", "Kitchen clean-up", "Coping with the holidays",
    "Service commitments", "Sharing a milestone", "Curfew reminders",
    "Job search check-in", "Conflict in the house: talking it through",
    "Planning a sober outing", "Gratitude round", "Safety: naloxone in the house",
)
MINUTES = (
    "Officer reports read and accepted. Chores reassigned for the week.",
    "Treasurer reported dues collected; two residents on a payment plan.",
    "Each resident shared one win and one struggle from the week.",
    "Reviewed the house rules with the newest residents; questions answered.",
    "Discussed noise after 22:00; agreed to keep the common room quiet.",
    "Milestones celebrated with a round of applause and a cake.",
    "Went over the grocery budget and the shared shelf in the fridge.",
)
MOTIONS = (
    "Buy a second vacuum cleaner from the house fund",
    "Move the Sunday chore check to 10:00",
    "Hold a monthly barbecue with alumni",
    "Add a shelf for shared groceries",
    "Extend quiet hours to start at 22:00 on weeknights",
    "Start a weekly walking group",
)
EXCUSES = (
    "Working a late shift (schedule shown)", "Intensive outpatient group that evening",
    "Family emergency out of town", "Sick with the flu", "Court date",
    "Doctor's appointment", "Overnight pass approved by the manager",
)
CANCEL_REASONS = ("Holiday: most residents with family", "Power outage in the house")
# Residents who keep missing meetings without an excuse (first name, last name).
FREQUENT_ABSENTEES = (("Ngozi", "Okafor"), ("Daniel", "Brooks"))
# The entry conditions the demo sets on tiers 2 and 3: at most N unexcused
# absences in the last D days.
ABSENCE_CONDITIONS = {2: (2, 30), 3: (1, 60)}


@dataclass
class _MeetingsDemo:
    rng: random.Random
    world: DemoWorld
    absentees: set[int] = field(default_factory=set)  # resident ids, once admitted
    correction: tuple[int, int] | None = None  # (meeting id, resident id) to excuse later
    corrected: bool = False
    called_off: set[int] = field(default_factory=set)  # house ids with a cancelled meeting


def _meetings_rng(world: DemoWorld) -> random.Random:
    """Its own random source, drawn from the world's without advancing it, so
    the other parts of the demo are the same with or without meetings."""
    own = random.Random()
    own.setstate(world.rng.getstate())
    own.seed(own.getrandbits(64) ^ 0x6D656574696E67)
    return own


def meetings_step(world: DemoWorld) -> None:
    """Add the demo's house meetings and roll calls to ``world.events``."""
    plan = _MeetingsDemo(_meetings_rng(world), world)
    for house in world.houses.values():
        _set_absence_conditions(house)
        moves = [demo.move_in for demo in world.residents if demo.house.id == house.id]
        if not moves or house.meeting_weekday is None:
            continue
        start = min(moves)
        day = start + dt.timedelta(days=(house.meeting_weekday - start.weekday()) % 7)
        meeting_days = []
        while day < world.today:
            meeting_days.append(day)
            day += dt.timedelta(days=7)
        for number, day in enumerate(meeting_days):
            take_roll_call = not (house.name == "Cedar House" and number == len(meeting_days) - 1)
            world.on(day, partial(_weekly_meeting, plan, house, day, take_roll_call))
    maple = world.houses.get("Maple House")
    if maple is not None:
        day = world.days_ago(45)
        world.on(day, partial(_emergency_meeting, plan, maple, day))
        world.on(world.today, partial(_special_meeting_ahead, maple, world.today))


def _set_absence_conditions(house: House) -> None:
    tiers = [TierDetails.of(tier) for tier in tiers_of(house.id)]
    for tier_details in tiers[1:]:
        position = tiers.index(tier_details) + 1
        if position in ABSENCE_CONDITIONS:
            (tier_details.max_unexcused_absences,
             tier_details.absence_window_days) = ABSENCE_CONDITIONS[position]
    save_tiers(house.id, tiers)


def _absentee_ids(plan: _MeetingsDemo) -> set[int]:
    for demo in plan.world.residents:
        if demo.resident_id is not None and \
                (demo.person.first_name, demo.person.last_name) in FREQUENT_ABSENTEES:
            plan.absentees.add(demo.resident_id)
    return plan.absentees


def _mark(plan: _MeetingsDemo, resident_id: int, emergency: bool = False) -> RollCallMark:
    rng = plan.rng
    draw = rng.random()
    if resident_id in _absentee_ids(plan) and draw < 0.5:
        return RollCallMark(resident_id, AttendanceStatus.UNEXCUSED)
    if emergency:
        draw = min(draw, 0.85)
    if draw < 0.80:
        return RollCallMark(resident_id, AttendanceStatus.PRESENT)
    if draw < 0.90:
        return RollCallMark(resident_id, AttendanceStatus.LATE,
                            rng.choice(("", "", "Bus was late", "Work ran over")))
    if draw < 0.97:
        return RollCallMark(resident_id, AttendanceStatus.EXCUSED, rng.choice(EXCUSES))
    return RollCallMark(resident_id, AttendanceStatus.UNEXCUSED)


def _first_name(plan: _MeetingsDemo, resident_id: int) -> str:
    for demo in plan.world.residents:
        if demo.resident_id == resident_id:
            return demo.person.preferred_name or demo.person.first_name
    return ""


def _minutes(plan: _MeetingsDemo, attending: int) -> str:
    return f"{attending} residents attended. {plan.rng.choice(MINUTES)}"


def _weekly_meeting(plan: _MeetingsDemo, house: House, day: dt.date,
                    take_roll_call: bool) -> None:
    rng = plan.rng
    _correct_last_mark(plan)
    members = members_on(house.id, day)
    if not members:
        return
    motions = []
    if rng.random() < 0.3:
        votes_for = rng.randint(len(members) // 2, len(members))
        motions.append(MotionDetails(
            rng.choice(MOTIONS), rng.choices(list(MotionOutcome), (6, 2, 2, 1))[0],
            moved_by=_first_name(plan, rng.choice(members).resident_id),
            votes_for=votes_for, votes_against=len(members) - votes_for))
    facilitator = rng.choice(members)
    marks = [_mark(plan, member.resident_id) for member in members]
    attending = sum(1 for mark in marks if AttendanceStatus(mark.status).attended)
    meeting = record_meeting(MeetingDetails(
        house.id, day, kind=MeetingKind.REGULAR, facilitator_resident_id=facilitator.resident_id,
        topic=rng.choice(TOPICS), minutes=_minutes(plan, attending), motions=motions))
    if house.id not in plan.called_off and day >= plan.world.days_ago(120) and \
            rng.random() < 0.08:
        plan.called_off.add(house.id)
        cancel_meeting(meeting.id, rng.choice(CANCEL_REASONS))
        return
    if not take_roll_call:
        return
    save_roll_call(meeting.id, marks)
    unexcused = [m.resident_id for m in marks if m.status == AttendanceStatus.UNEXCUSED
                 and m.resident_id not in plan.absentees]
    if not plan.corrected and plan.correction is None and unexcused:
        plan.correction = (meeting.id, unexcused[0])


def _correct_last_mark(plan: _MeetingsDemo) -> None:
    """Once: an unexcused absence turned excused a week later (the history keeps it)."""
    if plan.correction is None:
        return
    meeting_id, resident_id = plan.correction
    save_roll_call(meeting_id, [RollCallMark(resident_id, AttendanceStatus.EXCUSED,
                                             "Brought a note from work the next day")])
    plan.correction, plan.corrected = None, True


def _emergency_meeting(plan: _MeetingsDemo, house: House, day: dt.date) -> None:
    members = members_on(house.id, day)
    if not members:
        return
    meeting = record_meeting(MeetingDetails(
        house.id, day, starts_at="21:30", kind=MeetingKind.EMERGENCY,
        facilitator_name="House manager",
        topic="A relapse in the house: keeping everyone safe",
        minutes="Called after a resident relapsed. Reviewed the relapse policy, checked in "
                "with everyone, and set up rides to extra outside meetings this week."))
    save_roll_call(meeting.id, [_mark(plan, member.resident_id, emergency=True)
                                for member in members])


def _special_meeting_ahead(house: House, today: dt.date) -> None:
    record_meeting(MeetingDetails(
        house.id, today + dt.timedelta(days=4), starts_at="18:00", kind=MeetingKind.SPECIAL,
        topic="Annual fire-safety walk-through with the landlord"))

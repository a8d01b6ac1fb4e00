"""Today: who needs attention now, each item naming the place to act on it.

One call, :func:`today_overview`, gathers every group the Today section
shows, in a constant number of queries whatever the number of residents and
houses.  Nothing is worked out twice: the weekly quota comes from
:func:`soberhouse.twelve_step.quota.this_week`, the mentoring lists and
certificate warnings from :func:`soberhouse.mentoring.roster.mentoring_overview`,
readiness from :func:`soberhouse.progression.ready_for_promotion` and
milestones from :mod:`soberhouse.milestones`.  This module only picks the
items that need attention and words them for a house manager.

Each item says where it is fixed: ``section_key`` (the navigation section)
and ``open_kind`` + ``item_id`` (what that section's ``open_item`` opens).
"""

from __future__ import annotations

import datetime as dt

from soberhouse import clock, permissions
from soberhouse.attention import (
    MILESTONE_LOOKAHEAD_DAYS,
    AttentionItem,
    AttentionLevel,
    Group,
    TodayGroup,
    TodayOverview,
    day_text,
    plural,
)
from soberhouse.meetings.attendance import last_meeting_ids, meetings_without_roll_call
from soberhouse.meetings.schedule import weekly_dates_without_record
from soberhouse.mentoring.certification import (
    HOURS_PER_CYCLE,
    LAW_AND_ETHICS_HOURS_PER_CYCLE,
    CertificationStatus,
    WarningKind,
    hours_text,
)
from soberhouse.mentoring.roster import EVERY_HOUSE, MentoringOverview, mentoring_overview
from soberhouse.milestones import milestones_between
from soberhouse.models import House, Resident, ResidentStatus
from soberhouse.models.meetings import Attendance, AttendanceStatus, HouseMeeting
from soberhouse.progression import Progression, ready_for_promotion
from soberhouse.residents import ResidentRow, resident_rows
from soberhouse.text_matching import folded
from soberhouse.twelve_step.quota import WeekCompliance, this_week, week_start_of


def _behind_on_outside_meetings(weeks: dict[int, WeekCompliance],
                                residents: dict[int, ResidentRow],
                                on: dt.date) -> list[AttentionItem]:
    items = []
    for resident_id, week in weeks.items():
        row = residents.get(resident_id)
        if not week.behind or row is None:
            continue
        days_left = (week.week_start + dt.timedelta(days=6) - on).days
        left = "last day of the week" if days_left <= 0 else f"{plural(days_left, 'day')} left"
        detail = f"{week.attended} of {week.required}, {left}"
        items.append(AttentionItem(
            "behind_this_week", resident_id, resident_id, row.display_name, detail,
            AttentionLevel.OVERDUE if days_left <= 0 else AttentionLevel.DUE,
            "steps", "resident", row.house_name))
    items.sort(key=lambda item: (item.level is not AttentionLevel.OVERDUE,
                                 -_shortfall(weeks[item.item_id]), folded(item.title)))
    return items


def _shortfall(week: WeekCompliance) -> int:
    return week.required - week.attended


def _unexcused_absences(house_id: int | None, on: dt.date,
                        residents: dict[int, ResidentRow]) -> list[AttentionItem]:
    meeting_ids = list(last_meeting_ids(house_id, on).values())
    if not meeting_ids:
        return []
    query = (Attendance.select(Attendance.resident, Attendance.reason, HouseMeeting.id,
                               HouseMeeting.held_on)
             .join(HouseMeeting, on=(Attendance.meeting == HouseMeeting.id))
             .switch(Attendance)
             .join(Resident, on=(Attendance.resident == Resident.id))
             .where(Attendance.meeting.in_(meeting_ids)
                    & (Attendance.status == AttendanceStatus.UNEXCUSED.value)
                    & (Resident.status == ResidentStatus.ACTIVE.value)))
    items = []
    for resident_id, reason, meeting_id, held_on in query.tuples():
        row = residents.get(resident_id)
        if row is None:
            continue
        if isinstance(held_on, str):
            held_on = dt.date.fromisoformat(held_on[:10])
        detail = f"Meeting of {day_text(held_on, on)}"
        if reason.strip():
            detail += f": {reason.strip()}"
        items.append(AttentionItem("unexcused_absence", resident_id, meeting_id,
                                   row.display_name, detail, AttentionLevel.OVERDUE,
                                   "meetings", "meeting", row.house_name))
    items.sort(key=lambda item: (folded(item.house_name), folded(item.title)))
    return items


def _without_roll_call(house_id: int | None, on: dt.date) -> list[AttentionItem]:
    """Meetings held since the start of last month (the month whose reports
    are printed now) up to yesterday, with no roll call taken: until it is,
    they count for nobody.  A weekly date with nothing on record at all (the
    roll call never opened) is one of them too."""
    first = (on.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    yesterday = on - dt.timedelta(days=1)
    dated = []
    for meeting in meetings_without_roll_call(house_id, first, yesterday):
        dated.append((meeting.held_on, AttentionItem(
            "no_roll_call", None, meeting.meeting_id,
            f"House meeting of {day_text(meeting.held_on, on)} has no roll call",
            "Open it to take the roll: until then nobody's attendance at it counts",
            AttentionLevel.OVERDUE, "meetings", "roll_call", meeting.house_name)))
    for weekly in weekly_dates_without_record(house_id, first, yesterday):
        dated.append((weekly.held_on, AttentionItem(
            "no_roll_call", None, weekly.reference,
            f"Weekly meeting of {day_text(weekly.held_on, on)} has no roll call",
            "Nothing is on record for it: open it to take the roll, or call it off",
            AttentionLevel.OVERDUE, "meetings", "weekly_roll_call", weekly.house_name)))
    dated.sort(key=lambda pair: pair[0])
    return [item for _day, item in dated]


def _needs_mentor(overview: MentoringOverview,
                  residents: dict[int, ResidentRow]) -> list[AttentionItem]:
    items = []
    for gap in overview.needing_new_mentor:  # something broke: first
        row = residents.get(gap.mentee_id)
        items.append(AttentionItem(
            "needs_new_mentor", gap.mentee_id, gap.mentee_id,
            row.display_name if row is not None else gap.mentee_name, gap.why,
            AttentionLevel.OVERDUE, "mentoring", "needs_mentor",
            row.house_name if row is not None else ""))
    for mentee in overview.without_mentor:  # the longest waiting first
        row = residents.get(mentee.resident_id)
        detail = f"Waiting {plural(mentee.days_in_house, 'day')}"
        if mentee.secondary_mentors:
            detail += (f" (no primary mentor; "
                       f"{plural(mentee.secondary_mentors, 'secondary mentor')})")
        items.append(AttentionItem(
            "without_mentor", mentee.resident_id, mentee.resident_id,
            row.display_name if row is not None else mentee.name, detail, AttentionLevel.DUE,
            "mentoring", "needs_mentor", mentee.mentee.house_name))
    return items


def _overdue_check_ins(overview: MentoringOverview, residents: dict[int, ResidentRow],
                       on: dt.date) -> list[AttentionItem]:
    items = []
    for view in sorted(overview.overdue, key=lambda v: -(v.days_since_contact or 0)):
        row = residents.get(view.mentee_id)
        silent = plural(view.days_since_contact or 0, "day")
        if view.last_check_in is not None:
            detail = f"{view.mentor_name}: last check-in {day_text(view.last_check_in, on)}, " \
                     f"{silent} ago"
        else:
            detail = f"{view.mentor_name}: no check-in since the start " \
                     f"{day_text(view.started_on, on)}, {silent} ago"
        items.append(AttentionItem(
            "overdue_check_in", view.mentee_id, view.id,
            row.display_name if row is not None else view.mentee_name, detail,
            AttentionLevel.OVERDUE, "mentoring", "assignment",
            row.house_name if row is not None else ""))
    return items


def _milestones(residents: dict[int, ResidentRow], week_starts: dict[int, int],
                on: dt.date) -> list[AttentionItem]:
    last = on + dt.timedelta(days=MILESTONE_LOOKAHEAD_DAYS)
    found = []
    for row in residents.values():
        first = week_start_of(on, week_starts.get(row.house_id, 0))
        for milestone in milestones_between(row.sobriety_date, first, last):
            if milestone.date == on:
                detail = f"{milestone.label} today"
            elif milestone.date < on:
                detail = f"{milestone.label} reached {day_text(milestone.date, on)}"
            else:
                detail = f"{milestone.label} on {day_text(milestone.date, on)}"
            found.append((milestone.date, AttentionItem(
                "milestone", row.id, row.id, row.display_name, detail, AttentionLevel.INFO,
                "residents", "resident", row.house_name)))
    found.sort(key=lambda pair: (pair[0], folded(pair[1].title)))
    return [item for _, item in found]


def _promotion(ready: list[Progression],
               residents: dict[int, ResidentRow]) -> list[AttentionItem]:
    items = []
    for progression in ready:
        row = residents.get(progression.resident_id)
        detail = (f"{progression.tier_name or 'No tier'} \u2192 {progression.next_tier_name}: "
                  f"every condition met")
        items.append(AttentionItem(
            "ready_for_promotion", progression.resident_id, progression.resident_id,
            row.display_name if row is not None else progression.name, detail,
            AttentionLevel.INFO, "mentoring", "promotion", progression.house_name))
    items.sort(key=lambda item: folded(item.title))  # "Ødegård, Zoë" among the O's
    return items


_CERTIFICATE_LEVELS = {WarningKind.EXPIRED: AttentionLevel.OVERDUE,
                       WarningKind.MISSING: AttentionLevel.OVERDUE,
                       WarningKind.EXPIRING: AttentionLevel.DUE,
                       WarningKind.HOURS: AttentionLevel.DUE}
_CERTIFICATE_ORDER = list(_CERTIFICATE_LEVELS)


def _certificate_detail(kind: WarningKind, status: CertificationStatus, on: dt.date) -> str:
    certificate = status.certificate
    if kind is WarningKind.MISSING or certificate is None:
        return "No certificate on record"
    if kind is WarningKind.EXPIRED:
        return f"Certificate {certificate.number} expired {day_text(certificate.expires_on, on)}"
    if kind is WarningKind.EXPIRING:
        days = (certificate.expires_on - on).days
        when = "today" if days == 0 else f"in {plural(days, 'day')}"
        return (f"Certificate {certificate.number} expires "
                f"{day_text(certificate.expires_on, on)} ({when})")
    cycle_end = f" by {day_text(status.cycle_end, on)}" if status.cycle_end else ""
    return (f"{hours_text(status.hours_in_cycle)} of {hours_text(HOURS_PER_CYCLE)} CE hours, "
            f"{hours_text(status.law_and_ethics_in_cycle)} of "
            f"{hours_text(LAW_AND_ETHICS_HOURS_PER_CYCLE)} law and ethics{cycle_end}")


def _certificates(overview: MentoringOverview, on: dt.date) -> list[AttentionItem]:
    roster = {row.mentor_id: row for row in overview.roster}
    found = []
    for warning in overview.certification_warnings:
        row = roster.get(warning.mentor_id)
        status = row.certification if row is not None else None
        detail = (_certificate_detail(warning.kind, status, on) if status is not None
                  else warning.message)
        found.append((_CERTIFICATE_ORDER.index(warning.kind), AttentionItem(
            "certificate", None, warning.mentor_id, warning.mentor_name, detail,
            _CERTIFICATE_LEVELS[warning.kind], "mentoring", "mentor",
            row.house_name if row is not None else "")))
    found.sort(key=lambda pair: (pair[0], folded(pair[1].title)))
    return [item for _, item in found]


# ---------------------------------------------------------------- the overview


def today_overview(house_id: int | None, on: dt.date | None = None) -> TodayOverview:
    """Everything that needs attention on ``on`` (today) in one house (None:
    every house), group by group.  Bulk: a constant number of queries.
    Only what the signed-in person may see is listed (:func:`_visible_items`)."""
    on = on or clock.today()
    if house_id is not None:
        permissions.require_view(house_id=house_id)
    active = ResidentStatus.ACTIVE.value
    residents = {row.id: row for row in resident_rows(on)
                 if row.status == active and (house_id is None or row.house_id == house_id)}
    week_starts: dict[int, int] = dict(House.select(House.id, House.week_start).tuples())
    mentoring = mentoring_overview(house_id, on)
    items = {
        Group.OUTSIDE_MEETINGS: _behind_on_outside_meetings(this_week(house_id, on),
                                                            residents, on),
        Group.UNEXCUSED_ABSENCES: _unexcused_absences(house_id, on, residents),
        Group.NO_ROLL_CALL: _without_roll_call(house_id, on),
        Group.NEEDS_MENTOR: _needs_mentor(mentoring, residents),
        Group.OVERDUE_CHECK_INS: _overdue_check_ins(mentoring, residents, on),
        Group.MILESTONES: _milestones(residents, week_starts, on),
        Group.PROMOTION: _promotion(ready_for_promotion(house_id, on), residents),
        Group.CERTIFICATES: _certificates(mentoring, on),
    }
    seen = permissions.visible()
    if not seen.everything:
        house_names = {name for (name,) in House.select(House.name).where(
            House.id.in_(sorted(seen.house_ids or ()))).tuples()} | {EVERY_HOUSE}
        items = {key: _visible_items(found, residents, seen, house_names)
                 for key, found in items.items()}
    return TodayOverview(on, house_id, tuple(TodayGroup(key, key.heading, tuple(items[key]))
                                             for key in Group))


def _visible_items(items: list[AttentionItem], residents: dict[int, ResidentRow],
                   seen: permissions.Visible, house_names: set[str]) -> list[AttentionItem]:
    """The items about residents the person may see (``residents`` is already
    narrowed to them) and, unless they see only some residents (a peer
    coach), the items about their houses (a meeting without a roll call, a
    staff coach serving every house)."""
    if seen.resident_ids is not None:
        return [item for item in items if item.resident_id in residents]
    return [item for item in items if item.resident_id in residents
            or item.resident_id is None and item.house_name in house_names]

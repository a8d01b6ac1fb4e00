"""What Today shows, as plain values: the groups, their items and how
urgent each is.  Kept apart from :mod:`soberhouse.today` (which computes
them and imports most of the core) so that the window can draw Today's frame
at start-up while the counting runs in the background."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

MILESTONE_LOOKAHEAD_DAYS = 7
"""Milestones coming within this many days after today are listed."""

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def day_text(day: dt.date, on: dt.date | None = None) -> str:
    """"Fri 20 Nov" (with the year when it is not ``on``'s year), in the date
    style in use ("Fri Nov 20", "Fri 2026-11-20": :mod:`soberhouse.date_style`)."""
    from soberhouse.date_style import written_date, written_day_in_month

    written = (written_date(day) if on is not None and day.year != on.year
               else written_day_in_month(day))
    return f"{_DAY_NAMES[day.weekday()]} {written}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class AttentionLevel(StrEnum):
    """How urgent an item is (the UI maps it to a colour, always with text)."""

    OVERDUE = "overdue"  # late or a rule broken: act now
    DUE = "due"  # coming due, or short so far
    INFO = "info"  # good news or a decision to make (milestones, promotion)

    @property
    def label(self) -> str:
        return {"overdue": "Overdue", "due": "Due", "info": "Good news"}[self.value]


class Group(StrEnum):
    """The groups, in the order the Today section shows them."""

    OUTSIDE_MEETINGS = "outside_meetings"
    UNEXCUSED_ABSENCES = "unexcused_absences"
    NO_ROLL_CALL = "no_roll_call"
    NEEDS_MENTOR = "needs_mentor"
    OVERDUE_CHECK_INS = "overdue_check_ins"
    MILESTONES = "milestones"
    PROMOTION = "promotion"
    CERTIFICATES = "certificates"

    @property
    def heading(self) -> str:
        return _GROUP_TITLES[self][0]

    @property
    def short_title(self) -> str:
        """For a count tile: a few words."""
        return _GROUP_TITLES[self][1]

    @property
    def empty_text(self) -> str:
        return _GROUP_TITLES[self][2]


_GROUP_TITLES: dict[Group, tuple[str, str, str]] = {
    Group.OUTSIDE_MEETINGS: ("Behind on outside meetings this week",
                             "Behind on outside meetings",
                             "Everyone is on track with this week's outside meetings."),
    Group.UNEXCUSED_ABSENCES: ("Unexcused absences at the last house meeting",
                               "Unexcused absences",
                               "Nobody missed the last house meeting without an excuse."),
    Group.NO_ROLL_CALL: ("House meetings without a roll call", "No roll call",
                         "Every house meeting held since last month has its roll call."),
    Group.NEEDS_MENTOR: ("Residents who need a mentor", "Need a mentor",
                         "Everyone living in the house has a mentor."),
    Group.OVERDUE_CHECK_INS: ("Overdue mentor check-ins", "Overdue check-ins",
                              "Every mentor has checked in recently."),
    Group.MILESTONES: ("Milestones this week and in the next 7 days", "Milestones",
                       "No sobriety milestone this week or in the next 7 days."),
    Group.PROMOTION: ("Ready for promotion", "Ready for promotion",
                      "Nobody meets every condition of their next tier today."),
    Group.CERTIFICATES: ("Certificates and continuing education", "Certificates and CE",
                         "Every staff coach's certificate and hours are in order."),
}


@dataclass(frozen=True)
class AttentionItem:
    """One thing that needs attention.

    ``kind`` says what it is ("behind_this_week", "unexcused_absence",
    "no_roll_call", "without_mentor", "needs_new_mentor", "overdue_check_in", "milestone",
    "ready_for_promotion", "certificate"); ``resident_id`` the resident it is
    about (None for a staff coach); ``item_id`` what ``open_kind`` opens in
    the section ``section_key`` (a resident, a meeting, an assignment, a
    mentor).
    """

    kind: str
    resident_id: int | None
    item_id: int
    title: str  # who: a resident's or a mentor's name (or which meeting)
    detail: str  # what: "2 of 4, 3 days left"
    level: AttentionLevel
    section_key: str
    open_kind: str
    house_name: str = ""  # "Every house" for a staff coach serving them all


@dataclass(frozen=True)
class TodayGroup:
    key: Group
    title: str
    items: tuple[AttentionItem, ...]

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def short_title(self) -> str:
        return self.key.short_title

    @property
    def empty_text(self) -> str:
        return self.key.empty_text

    @property
    def level(self) -> AttentionLevel | None:
        """The most urgent level among the items (None when there are none)."""
        for level in AttentionLevel:  # most urgent first
            if any(item.level is level for item in self.items):
                return level
        return None


@dataclass(frozen=True)
class TodayOverview:
    on: dt.date
    house_id: int | None
    groups: tuple[TodayGroup, ...]

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)

    def group(self, key: Group | str) -> TodayGroup:
        for group in self.groups:
            if group.key == key:
                return group
        raise KeyError(key)


# ---------------------------------------------------------------- the groups

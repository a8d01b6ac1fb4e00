"""A house's mentoring choices: pair by gender, and when a check-in is overdue."""

from __future__ import annotations

from dataclasses import dataclass

from soberhouse import permissions
from soberhouse.errors import Problem, RuleViolation
from soberhouse.houses import get_house
from soberhouse.models.mentoring import MentoringSettings
from soberhouse.recording import one_write

DEFAULT_OVERDUE_DAYS = 7
LONGEST_OVERDUE_DAYS = 90


@dataclass(frozen=True)
class HouseMentoringSettings:
    """``check_in_overdue_days``: an active assignment is overdue when this
    many days have passed since its last check-in (or its start) and one more
    day goes by: with 7, a weekly check-in on the same weekday is on time."""

    house_id: int
    pair_by_gender: bool = False
    check_in_overdue_days: int = DEFAULT_OVERDUE_DAYS


def mentoring_settings(house_id: int) -> HouseMentoringSettings:
    row = MentoringSettings.get_or_none(MentoringSettings.house == house_id)
    if row is None:
        return HouseMentoringSettings(house_id)
    return HouseMentoringSettings(house_id, row.pair_by_gender, row.check_in_overdue_days)


def all_mentoring_settings() -> dict[int, HouseMentoringSettings]:
    """Every house's saved settings in one query; use :func:`settings_for` to read."""
    return {row.house_id: HouseMentoringSettings(row.house_id, row.pair_by_gender,
                                                 row.check_in_overdue_days)
            for row in MentoringSettings.select()}


def settings_for(saved: dict[int, HouseMentoringSettings],
                 house_id: int) -> HouseMentoringSettings:
    return saved.get(house_id) or HouseMentoringSettings(house_id)


def save_mentoring_settings(settings: HouseMentoringSettings) -> HouseMentoringSettings:
    permissions.require(permissions.Right.CHANGE_SETTINGS)
    days = settings.check_in_overdue_days
    with one_write("changed the mentoring settings", kinds={"settings"}):
        get_house(settings.house_id)
        if not 1 <= days <= LONGEST_OVERDUE_DAYS:
            raise RuleViolation(Problem(
                "check_in_overdue_days",
                f"A check-in can be due every 1 to {LONGEST_OVERDUE_DAYS} days, not {days}."))
        # A save, not an upsert: the audit trail shows old and new values.
        row = MentoringSettings.get_or_none(MentoringSettings.house == settings.house_id)
        if row is None:
            MentoringSettings.create(house=settings.house_id,
                                     pair_by_gender=settings.pair_by_gender,
                                     check_in_overdue_days=days)
        else:
            row.pair_by_gender, row.check_in_overdue_days = settings.pair_by_gender, days
            row.save()
    return settings

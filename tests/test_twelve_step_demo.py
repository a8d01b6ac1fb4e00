"""The demo's 12-step records: outside meetings against the quota, sponsors
and step work, written through the core."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import peewee

from soberhouse.demo import fill_demo_database
from soberhouse.models import Resident, ResidentStatus
from soberhouse.models.twelve_step import OutsideMeeting, Sponsor, StepWork
from soberhouse.progression import progressions
from soberhouse.twelve_step.quota import this_week, weekly_compliance
from soberhouse.twelve_step.step_work import step_progress


def test_the_demo_has_outside_meetings_sponsors_and_step_work(db: peewee.Database,
                                                              today: dt.date) -> None:
    fill_demo_database()
    meetings = list(OutsideMeeting.select())
    assert len(meetings) > 1000
    fellowships = Counter(m.fellowship for m in meetings)
    assert {"aa", "na", "ca", "smart"} <= set(fellowships)
    verified = [m for m in meetings if m.verified]
    assert 0.7 < len(verified) / len(meetings) < 0.97
    assert all(m.verified_by for m in verified)
    assert any(m.meeting_name.endswith("Night Big Book") for m in meetings)
    assert all(m.attended_on <= today for m in meetings)

    active = [r.id for r in Resident.select().where(
        Resident.status == ResidentStatus.ACTIVE.value)]
    weeks = weekly_compliance(None, today - dt.timedelta(days=400), today)
    judged = [w for history in weeks.values() for w in history if not w.in_progress]
    assert sum(1 for w in judged if w.met) / len(judged) > 0.8  # most meet the quota
    recent = today - dt.timedelta(days=20)
    behind_recently = {rid for rid, history in weeks.items() if rid in active
                       and any(w.week_end >= recent and w.behind for w in history)}
    assert 2 <= len(behind_recently) <= 4
    assert set(this_week(None)) == set(active)

    assert Sponsor.select().count() >= 15
    assert Sponsor.select().where(Sponsor.ended_on.is_null(False)).count() >= 2  # changes
    progress = step_progress(active, today)
    newest = Resident.select().where(Resident.id.in_(active)).order_by(
        Resident.move_in_date.desc()).limit(3)
    assert all((progress[r.id].current_step or 1) <= 3 for r in newest)
    assert max(p.current_step or 0 for p in progress.values()) >= 6
    restart = StepWork.select().where(StepWork.restart == True).first()  # noqa: E712
    assert restart is not None and restart.restart_reason

    conditions = [c for p in progressions() for c in p.conditions
                  if c.name == "outside_meetings"]
    assert conditions and any(c.met for c in conditions)

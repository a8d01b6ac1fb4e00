"""The demo's outside meetings, sponsors and step work.

Once a week, on the first day of the next week, the demo manager enters the
signed attendance cards of the week just ended for everyone who lived in the
house (one :func:`log_outside_meetings` batch per house and week), and notes
new sponsors and step work; on the demo's today the week in progress is
entered so far.  Most residents meet their tier's quota, a few miss a week
now and then, and two or three current residents have fallen behind in the
last weeks.  Most cards are signed by the meeting's chairperson.  Residents
find a sponsor in their first weeks (some arrive with one; a few change
sponsor), start step 1 after a few days and work forward at their own pace;
a resident who relapses starts the steps again (a restart, with the reason).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from soberhouse.houses import TierDetails, save_tiers, tiers_of
from soberhouse.models import House, SobrietyChangeKind, SobrietyDateChange, Stay
from soberhouse.models.mentoring import ResidentProfile
from soberhouse.models.twelve_step import Fellowship, OutsideMeetingType
from soberhouse.twelve_step.outside_meetings import OutsideMeetingDetails, log_outside_meetings
from soberhouse.twelve_step.quota import week_start_of, weekly_compliance
from soberhouse.twelve_step.sponsors import set_sponsor, sponsors_on
from soberhouse.twelve_step.step_work import complete_step, start_step, step_progress

if TYPE_CHECKING:
    from soberhouse.demo import DemoWorld

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                 "Sunday")
T = OutsideMeetingType
# Meeting names by fellowship; "{day}" becomes the weekday of the meeting.
MEETINGS: dict[Fellowship, tuple[tuple[str, OutsideMeetingType], ...]] = {
    Fellowship.AA: (("{day} Night Big Book", T.BIG_BOOK),
                    ("{day} Noon Keep It Simple", T.OPEN_DISCUSSION),
                    ("Early Bird {day}", T.CLOSED_DISCUSSION),
                    ("{day} Night Speaker Meeting", T.SPEAKER),
                    ("Twelve & Twelve Step Study", T.STEP),
                    ("Serenity Seekers", T.OPEN_DISCUSSION),
                    ("Came to Believe", T.LITERATURE),
                    ("Men's Stag {day}", T.CLOSED_DISCUSSION)),
    Fellowship.NA: (("Clean & Serene {day}", T.OPEN_DISCUSSION),
                    ("Just for Today", T.LITERATURE),
                    ("{day} Night NA Speaker", T.SPEAKER),
                    ("Basic Text Study", T.LITERATURE),
                    ("Living Clean Step Study", T.STEP)),
    Fellowship.CA: (("Hope & Freedom CA", T.OPEN_DISCUSSION),
                    ("{day} Night CA Step Study", T.STEP),
                    ("{day} Morning Miracles CA", T.SPEAKER),
                    ("CA Tools of Recovery", T.LITERATURE)),
    Fellowship.CMA: (("Crystal Clear {day}", T.OPEN_DISCUSSION),
                     ("CMA New Beginnings", T.CLOSED_DISCUSSION)),
    Fellowship.SMART: (("SMART Recovery {day} Evening", T.OTHER),
                       ("SMART Tools Workshop", T.OTHER),
                       ("SMART Recovery Downtown", T.OPEN_DISCUSSION),
                       ("SMART {day} Lunchtime", T.OTHER)),
    Fellowship.CELEBRATE: (("Celebrate Recovery {day} Night", T.OTHER),),
}
FELLOWSHIP_WEIGHTS = ((Fellowship.AA, 10), (Fellowship.NA, 6), (Fellowship.CA, 2),
                      (Fellowship.CMA, 1), (Fellowship.SMART, 2), (Fellowship.CELEBRATE, 1))
CHAIRPERSONS = ("Bob M.", "Linda S.", "Dave K.", "Rosa G.", "Mike R.", "Janet W.",
                "Tony P.", "Grace L.", "Earl H.", "Denise F.", "Sam O.", "Marta V.")
SPONSORS = ("Frank D.", "Carol B.", "Hector V.", "Ruth A.", "Walt C.", "Nadia P.",
            "Gene T.", "Paula E.", "Ray J.", "Sue N.", "Luis Q.", "Diane M.", "Ken W.",
            "Irene K.", "Jim F.", "Beth R.")
# Typical days a step takes (step 4, the inventory, and step 9, amends, take longest).
STEP_DAYS = {1: 16, 2: 12, 3: 15, 4: 42, 5: 10, 6: 12, 7: 10, 8: 18, 9: 40, 10: 25,
             11: 30, 12: 30}
OUTSIDE_MEETING_CONDITIONS = {2: (15, 30), 3: (40, 90)}  # tier position: (count, days)
BEHIND_WEEKS_DAYS = 14  # "behind recently": weeks ending in the last two weeks, and this one


@dataclass
class _Habits:
    """How one demo person goes about the program (drawn once)."""

    fellowship: Fellowship
    extra: int  # meetings a week beyond the quota
    verified_rate: float
    behind_recently: bool
    sponsor_after: int | None  # days in the house before finding a sponsor (None: none)
    arrived_with_sponsor: bool
    change_sponsor_after: int | None  # days with the first sponsor before changing
    step_start_after: int
    step_pace: float
    sponsor_changed: bool = False


@dataclass
class _TwelveStepDemo:
    rng: random.Random
    world: DemoWorld
    habits: dict[int, _Habits] = field(default_factory=dict)  # by id(DemoResident)
    sponsors_used: int = 0

    def habits_of(self, resident_id: int) -> _Habits | None:
        for demo in self.world.residents:
            if demo.resident_id == resident_id:
                return self.habits.get(id(demo))
        return None


def _own_rng(world: DemoWorld) -> random.Random:
    """Its own random source, drawn from the world's without advancing it."""
    own = random.Random()
    own.setstate(world.rng.getstate())
    own.seed(own.getrandbits(64) ^ 0x7477656C7665)
    return own


def _draw_habits(plan: _TwelveStepDemo) -> None:
    rng, world = plan.rng, plan.world
    fellowships, weights = zip(*FELLOWSHIP_WEIGHTS, strict=True)
    settled = [d for d in world.residents if d.person.story == "current"
               and d.move_in <= world.days_ago(35)]
    behind = {id(d) for d in rng.sample(settled, min(len(settled), rng.choice((2, 3))))}
    long_stays = [d for d in world.residents if d.move_in <= world.days_ago(120)
                  and d.person.story in ("current", "graduated", "bed_move", "relapse")]
    changers = {id(d) for d in rng.sample(long_stays, min(3, len(long_stays)))}
    for demo in world.residents:
        has_sponsor = rng.random() < 0.85
        plan.habits[id(demo)] = _Habits(
            fellowship=rng.choices(fellowships, weights)[0],
            extra=rng.choice((0, 0, 1, 1, 1, 2, 3)),
            verified_rate=rng.uniform(0.75, 0.95),
            behind_recently=id(demo) in behind,
            sponsor_after=rng.randint(5, 25) if has_sponsor else None,
            arrived_with_sponsor=rng.random() < 0.3,
            change_sponsor_after=rng.randint(40, 75) if id(demo) in changers else None,
            step_start_after=rng.randint(3, 12),
            step_pace=rng.uniform(0.8, 1.4),
        )


def _set_outside_meeting_conditions(house: House) -> None:
    """Promotion asks for outside meetings: Established 15 in the last 30
    days, Senior 40 in the last 90."""
    tiers = [TierDetails.of(tier) for tier in tiers_of(house.id)]
    for position, (count, window) in OUTSIDE_MEETING_CONDITIONS.items():
        if position <= len(tiers):
            tiers[position - 1].min_outside_meetings = count
            tiers[position - 1].outside_meetings_window_days = window
    save_tiers(house.id, tiers)


def twelve_step_step(world: DemoWorld) -> None:
    """Add the demo's outside meetings, sponsors and step work to ``world.events``."""
    plan = _TwelveStepDemo(_own_rng(world), world)
    _draw_habits(plan)
    for house in world.houses.values():
        _set_outside_meeting_conditions(house)
    if not world.residents:
        return
    first = min(d.move_in for d in world.residents)
    for house in world.houses.values():
        week = week_start_of(first, house.week_start)
        while week <= world.today:
            entry_day = min(week + dt.timedelta(days=7), world.today)
            world.on(entry_day, partial(_weekly_round, plan, house, week, entry_day))
            week += dt.timedelta(days=7)


@dataclass
class _Week:
    """Who lived in the house during a week, and who still lives there."""

    lived: dict[int, list[dt.date]]  # the week's days lived, up to the entry day
    move_in: dict[int, dt.date]  # the move-in of the stay going on on the entry day

    @property
    def living(self) -> list[int]:
        return sorted(self.move_in)


def _who_lived(house: House, week: dt.date, entry_day: dt.date) -> _Week:
    last = min(week + dt.timedelta(days=6), entry_day)
    stays = (Stay.select(Stay.resident, Stay.move_in_date, Stay.move_out_date)
             .where((Stay.house == house.id) & (Stay.move_in_date <= entry_day)
                    & (Stay.move_out_date.is_null() | (Stay.move_out_date > week)))
             .order_by(Stay.resident, Stay.move_in_date))
    found = _Week({}, {})
    for resident_id, move_in, move_out in stays.tuples():
        day = max(week, move_in)
        while day <= last and (move_out is None or day < move_out):
            found.lived.setdefault(resident_id, []).append(day)
            day += dt.timedelta(days=1)
        if move_in <= entry_day and (move_out is None or move_out > entry_day):
            found.move_in[resident_id] = move_in
    return found


def _weekly_round(plan: _TwelveStepDemo, house: House, week: dt.date,
                  entry_day: dt.date) -> None:
    found = _who_lived(house, week, entry_day)
    if found.lived:
        _log_the_cards(plan, house, week, entry_day, found.lived)
    if found.move_in:
        _sponsors(plan, found, entry_day)
        _step_work(plan, found, entry_day)


def _target(plan: _TwelveStepDemo, habits: _Habits | None, required: int,
            expected_so_far: int, in_progress: bool, recent: bool) -> int:
    rng = plan.rng
    if habits is not None and habits.behind_recently and recent:
        goal = expected_so_far if in_progress else required
        return max(0, goal - rng.randint(1, 2))
    if in_progress:
        return expected_so_far + rng.randint(0, 1)
    if not recent and rng.random() < 0.08:  # a bad week now and then
        return max(0, required - rng.randint(1, 2))
    return required + (habits.extra if habits is not None else 0)


def _log_the_cards(plan: _TwelveStepDemo, house: House, week: dt.date, entry_day: dt.date,
                   lived: dict[int, list[dt.date]]) -> None:
    rng, world = plan.rng, plan.world
    figures = weekly_compliance(house.id, week, week, resident_ids=sorted(lived),
                                today=entry_day)
    fellowship_of = {rid: fellowship for rid, fellowship in
                     ResidentProfile.select(ResidentProfile.resident, ResidentProfile.fellowship)
                     .where(ResidentProfile.resident.in_(sorted(lived))).tuples()}
    labels = {f.label: f for f in Fellowship}
    recent = week + dt.timedelta(days=6) >= world.today - dt.timedelta(days=BEHIND_WEEKS_DAYS)
    batch: list[OutsideMeetingDetails] = []
    for resident_id in sorted(lived):
        weeks = figures.get(resident_id)
        if not weeks:
            continue
        figure = weeks[0]
        habits = plan.habits_of(resident_id)
        days = [d for d in lived[resident_id] if d <= entry_day]
        count = min(_target(plan, habits, figure.required, figure.expected_so_far,
                            figure.in_progress, recent), 2 * len(days))
        if count <= 0 or not days:
            continue
        dates = sorted(rng.sample(days, count) if count <= len(days)
                       else days + rng.choices(days, k=count - len(days)))
        own = labels.get(fellowship_of.get(resident_id, ""),
                         habits.fellowship if habits else Fellowship.AA)
        taken: set[tuple[dt.date, str]] = set()
        for day in dates:
            fellowship = own if rng.random() < 0.8 else rng.choice(list(MEETINGS))
            for _ in range(4):
                name, kind = rng.choice(MEETINGS[fellowship])
                name = name.format(day=WEEKDAY_NAMES[day.weekday()])
                if (day, name) not in taken:
                    break
            else:
                continue
            taken.add((day, name))
            verified = rng.random() < (habits.verified_rate if habits else 0.85)
            batch.append(OutsideMeetingDetails(
                resident_id, day, fellowship, name, kind, verified,
                rng.choice(CHAIRPERSONS) if verified else ""))
    log_outside_meetings(batch)


def _next_sponsor(plan: _TwelveStepDemo) -> tuple[str, str]:
    number = plan.sponsors_used
    plan.sponsors_used += 1
    return SPONSORS[number % len(SPONSORS)], f"555-01{60 + number % 40:02d}"


def _sponsors(plan: _TwelveStepDemo, found: _Week, day: dt.date) -> None:
    rng = plan.rng
    current = sponsors_on(found.living, day)
    for resident_id in found.living:
        habits = plan.habits_of(resident_id)
        if habits is None:
            continue
        sponsor = current.get(resident_id)
        if sponsor is None:
            if habits.sponsor_after is None:
                continue
            move_in = found.move_in[resident_id]
            if habits.arrived_with_sponsor:
                since = move_in - dt.timedelta(days=rng.randint(60, 700))
            elif (day - move_in).days >= habits.sponsor_after:
                since = max(move_in, day - dt.timedelta(days=rng.randint(0, 4)))
            else:
                continue
            name, phone = _next_sponsor(plan)
            set_sponsor(resident_id, name, phone, since)
        elif (habits.change_sponsor_after is not None and not habits.sponsor_changed
              and (day - sponsor.since).days >= habits.change_sponsor_after):
            name, phone = _next_sponsor(plan)
            set_sponsor(resident_id, name, phone, day)
            habits.sponsor_changed = True


def _step_work(plan: _TwelveStepDemo, found: _Week, day: dt.date) -> None:
    rng, living = plan.rng, found.living
    progress = step_progress(living, day)
    relapsed = {rid: new_date for rid, new_date in
                SobrietyDateChange.select(SobrietyDateChange.resident, SobrietyDateChange.new_date)
                .where(SobrietyDateChange.resident.in_(living)
                       & (SobrietyDateChange.kind == SobrietyChangeKind.RELAPSE.value)
                       & (SobrietyDateChange.new_date > day - dt.timedelta(days=7))
                       & (SobrietyDateChange.new_date <= day)).tuples()}
    for resident_id in living:
        habits = plan.habits_of(resident_id)
        if habits is None:
            continue
        standing = progress[resident_id]
        if resident_id in relapsed and standing.current_step is not None and \
                (standing.current_step > 1 or standing.completed_steps > 0):
            when = relapsed[resident_id]
            start_step(resident_id, 1, max(day - dt.timedelta(days=1), when),
                       f"Relapsed on {when.isoformat()}; starting the steps again with "
                       f"the sponsor")
            continue
        if standing.current_step is None:
            move_in = found.move_in[resident_id]
            if (day - move_in).days >= habits.step_start_after:
                start_step(resident_id, 1,
                           max(move_in, day - dt.timedelta(days=rng.randint(0, 3))))
            continue
        if standing.current_completed_on is not None or standing.current_started_on is None:
            continue
        needed = round(STEP_DAYS[standing.current_step] * habits.step_pace)
        if (day - standing.current_started_on).days < needed:
            continue
        completed = max(standing.current_started_on,
                        day - dt.timedelta(days=rng.randint(0, 3)))
        complete_step(resident_id, standing.current_step, completed)
        if standing.current_step < 12:
            start_step(resident_id, standing.current_step + 1,
                       min(day, completed + dt.timedelta(days=rng.randint(0, 2))))


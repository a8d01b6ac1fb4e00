"""Staff coaches' certificates and continuing education, and the warnings.

Renewal of a peer-support certificate (California Medi-Cal) needs 20 hours
of continuing education every 2 years, 6 of them in law and ethics.  Cycles
are counted in two-year steps from the issue date of the current certificate.
The program warns when a certificate expires within 90 days (or has expired)
and while the current cycle is short of hours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from soberhouse import clock, permissions
from soberhouse.accounts import current_user
from soberhouse.date_style import written_date
from soberhouse.errors import Problem, RuleViolation
from soberhouse.mentoring.mentors import get_mentor
from soberhouse.models.mentoring import ContinuingEducation, Mentor, MentorKind, StaffCertificate
from soberhouse.recording import one_write

CYCLE_YEARS = 2
HOURS_PER_CYCLE = Decimal(20)
LAW_AND_ETHICS_HOURS_PER_CYCLE = Decimal(6)
EXPIRY_WARNING_DAYS = 90


class WarningKind(StrEnum):
    MISSING = "missing"
    EXPIRED = "expired"
    EXPIRING = "expiring"
    HOURS = "hours"


@dataclass(frozen=True)
class CertificationWarning:
    mentor_id: int
    mentor_name: str
    kind: WarningKind
    message: str


@dataclass(frozen=True)
class Certificate:
    number: str
    issued_on: dt.date
    expires_on: dt.date


@dataclass(frozen=True)
class EducationEntry:
    id: int
    taken_on: dt.date
    hours: Decimal
    topic: str
    law_and_ethics: bool


@dataclass(frozen=True)
class CertificationStatus:
    """A staff coach's certificate, this cycle's hours, the log and warnings."""

    mentor_id: int
    mentor_name: str
    certificate: Certificate | None
    cycle_start: dt.date | None
    cycle_end: dt.date | None  # the last day of the cycle
    hours_in_cycle: Decimal
    law_and_ethics_in_cycle: Decimal
    log: tuple[EducationEntry, ...] = ()
    warnings: tuple[CertificationWarning, ...] = field(default=())


def hours_text(hours: Decimal) -> str:
    """12.50 -> "12.5", 20 -> "20"."""
    return format(hours.normalize(), "f")


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def cycle_containing(issued_on: dt.date, on: dt.date) -> tuple[dt.date, dt.date]:
    """The two-year cycle (first day, last day) counted from ``issued_on`` that
    holds ``on``; the first cycle when ``on`` is before the issue date."""
    cycles = 0
    while add_years(issued_on, (cycles + 1) * CYCLE_YEARS) <= on:
        cycles += 1
    start = add_years(issued_on, cycles * CYCLE_YEARS)
    return start, add_years(start, CYCLE_YEARS) - dt.timedelta(days=1)


def _require_staff(mentor_id: int) -> Mentor:
    record = get_mentor(mentor_id)
    if record.kind != MentorKind.STAFF.value:
        raise RuleViolation(Problem("mentor_id", "Certificates and continuing education are "
                                                 "kept for staff coaches only."))
    return record


def record_certificate(mentor_id: int, number: str, issued_on: dt.date | None,
                       expires_on: dt.date | None) -> StaffCertificate:
    """A staff coach's certificate, or its renewal (the old one stays on record)."""
    permissions.require_mentor_change(mentor_id)
    with one_write("recorded a coach's certificate", kinds={"mentor"}):
        _require_staff(mentor_id)
        problems = []
        if not number.strip():
            problems.append(Problem("number", "The certificate number is required."))
        if issued_on is None:
            problems.append(Problem("issued_on", "The issue date is required."))
        elif issued_on > clock.today():
            problems.append(Problem("issued_on", "The issue date can't be after today."))
        if expires_on is None:
            problems.append(Problem("expires_on", "The expiry date is required."))
        elif issued_on is not None and expires_on <= issued_on:
            problems.append(Problem("expires_on", "The certificate must expire after it was "
                                                  "issued."))
        if problems:
            raise RuleViolation(problems)
        return StaffCertificate.create(mentor=mentor_id, number=number.strip(),
                                       issued_on=issued_on, expires_on=expires_on,
                                       recorded_by=current_user())


def log_education(mentor_id: int, taken_on: dt.date | None, hours: Decimal | float | str,
                  topic: str, law_and_ethics: bool = False) -> ContinuingEducation:
    """Hours of continuing education a staff coach took."""
    permissions.require_mentor_change(mentor_id)
    with one_write("logged continuing education", kinds={"mentor"}):
        _require_staff(mentor_id)
        problems = []
        try:
            amount = Decimal(str(hours)).quantize(Decimal("0.01"))
        except InvalidOperation:
            amount = Decimal(0)
        if not Decimal(0) < amount <= Decimal(80):
            problems.append(Problem("hours", "Hours must be more than 0 and at most 80."))
        if not topic.strip():
            problems.append(Problem("topic", "The topic is required."))
        if taken_on is None:
            problems.append(Problem("taken_on", "The date is required."))
        elif taken_on > clock.today():
            problems.append(Problem("taken_on", "The date can't be after today."))
        if problems:
            raise RuleViolation(problems)
        return ContinuingEducation.create(mentor=mentor_id, taken_on=taken_on, hours=amount,
                                          topic=topic.strip(), law_and_ethics=law_and_ethics,
                                          recorded_by=current_user())


def certification_statuses(on: dt.date | None = None, mentor_ids: Iterable[int] | None = None,
                           *, include_stopped: bool = False) -> dict[int, CertificationStatus]:
    """Every staff coach's status, in three queries."""
    on = on or clock.today()
    staff = Mentor.select(Mentor.id, Mentor.first_name, Mentor.last_name).where(
        Mentor.kind == MentorKind.STAFF.value)
    if not include_stopped:
        staff = staff.where(Mentor.stopped_on.is_null() | (Mentor.stopped_on > on))
    if mentor_ids is not None:
        staff = staff.where(Mentor.id.in_(list(mentor_ids)))
    names = {mid: f"{first} {last}".strip() for mid, first, last in staff.tuples()}
    if not names:
        return {}
    certificates: dict[int, Certificate] = {}
    for mid, number, issued, expires in (
            StaffCertificate.select(StaffCertificate.mentor, StaffCertificate.number,
                                    StaffCertificate.issued_on, StaffCertificate.expires_on)
            .where(StaffCertificate.mentor.in_(list(names)))
            .order_by(StaffCertificate.issued_on, StaffCertificate.id).tuples()):
        certificates[mid] = Certificate(number, issued, expires)  # the latest issued wins
    logs: dict[int, list[EducationEntry]] = {}
    for eid, mid, taken_on, hours, topic, ethics in (
            ContinuingEducation.select(ContinuingEducation.id, ContinuingEducation.mentor,
                                       ContinuingEducation.taken_on, ContinuingEducation.hours,
                                       ContinuingEducation.topic,
                                       ContinuingEducation.law_and_ethics)
            .where(ContinuingEducation.mentor.in_(list(names)))
            .order_by(ContinuingEducation.taken_on.desc(), ContinuingEducation.id.desc())
            .tuples()):
        logs.setdefault(mid, []).append(EducationEntry(eid, taken_on, Decimal(hours), topic,
                                                       bool(ethics)))
    return {mid: _status(mid, name, certificates.get(mid), logs.get(mid, []), on)
            for mid, name in names.items()}


def _status(mentor_id: int, name: str, certificate: Certificate | None,
            log: list[EducationEntry], on: dt.date) -> CertificationStatus:
    def warn(kind: WarningKind, message: str) -> CertificationWarning:
        return CertificationWarning(mentor_id, name, kind, message)

    if certificate is None:
        return CertificationStatus(mentor_id, name, None, None, None, Decimal(0), Decimal(0),
                                   tuple(log), (warn(WarningKind.MISSING,
                                                     f"{name} has no certificate on record."),))
    warnings = []
    days_left = (certificate.expires_on - on).days
    if days_left < 0:
        warnings.append(warn(WarningKind.EXPIRED,
                             f"{name}'s certificate {certificate.number} expired on "
                             f"{written_date(certificate.expires_on)}."))
    elif days_left <= EXPIRY_WARNING_DAYS:
        when = "today" if days_left == 0 else f"in {days_left} day{'s' * (days_left != 1)}"
        warnings.append(warn(WarningKind.EXPIRING,
                             f"{name}'s certificate {certificate.number} expires on "
                             f"{written_date(certificate.expires_on)}, {when}."))
    start, end = cycle_containing(certificate.issued_on, on)
    in_cycle = [entry for entry in log if start <= entry.taken_on <= end]
    hours = sum((entry.hours for entry in in_cycle), Decimal(0))
    ethics = sum((entry.hours for entry in in_cycle if entry.law_and_ethics), Decimal(0))
    if hours < HOURS_PER_CYCLE or ethics < LAW_AND_ETHICS_HOURS_PER_CYCLE:
        warnings.append(warn(WarningKind.HOURS,
                             f"{name} has {hours_text(hours)} of {hours_text(HOURS_PER_CYCLE)} "
                             f"continuing-education hours in the cycle {written_date(start)} to "
                             f"{written_date(end)} ({hours_text(ethics)} of "
                             f"{hours_text(LAW_AND_ETHICS_HOURS_PER_CYCLE)} in law and "
                             f"ethics)."))
    return CertificationStatus(mentor_id, name, certificate, start, end, hours, ethics,
                               tuple(log), tuple(warnings))


def certification_status(mentor_id: int, on: dt.date | None = None) -> CertificationStatus:
    _require_staff(mentor_id)
    return certification_statuses(on, [mentor_id], include_stopped=True)[mentor_id]


def certification_warnings(on: dt.date | None = None) -> list[CertificationWarning]:
    """Every current staff coach's warnings, most urgent kind first."""
    order = [WarningKind.EXPIRED, WarningKind.MISSING, WarningKind.EXPIRING, WarningKind.HOURS]
    warnings = [warning for status in certification_statuses(on).values()
                for warning in status.warnings]
    return sorted(warnings, key=lambda w: (order.index(w.kind), w.mentor_name))

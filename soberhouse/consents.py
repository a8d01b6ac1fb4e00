"""Consent before disclosure (42 CFR Part 2): a resident's written consents,
and every disclosure of their records made under one.

A consent (:func:`record_consent`) names the recipient (a person or an
organisation), the purpose, what information may go (standard
:class:`Scope`\\ s and words), from when until when (a day, or an event),
and the day the resident signed it.  It is never deleted nor changed:
revoking it (:func:`revoke_consent`) keeps it, with the day and the reason.

Records leave the house for someone outside only under a consent valid that
day that covers what they hold (:func:`valid_consents`);
:func:`record_disclosure` refuses otherwise, and records the disclosure (a
:class:`~soberhouse.models.consents.Disclosure` row and a "disclosed" audit
event, with the SHA-256 of the bytes) in one transaction.  The output is
stamped with :func:`disclosure_stamp`: the 42 CFR 2.32 notice and the
consent's scope.  :func:`accounting_of_disclosures` lists the last three
years' disclosures of a resident (42 CFR 2.24).

Recording or revoking a consent is changing the resident's records
(:attr:`Right.CHANGE_RECORDS`); disclosing is printing (:attr:`Right.PRINT`):
a read-only account may print for outside under a valid consent, and its
disclosure is recorded like any print, as an audit event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from soberhouse import audit, clock
from soberhouse.accounts import current_user
from soberhouse.audit import Action
from soberhouse.date_style import written_date
from soberhouse.errors import NotFound, Problem, RuleViolation
from soberhouse.models import AppUser, Resident
from soberhouse.models.consents import Consent, Disclosure
from soberhouse.permissions import Right, require
from soberhouse.recording import event_write, one_write

ACCOUNTING_YEARS = 3
"""How far back the accounting of disclosures goes (42 CFR 2.24)."""


class Scope(StrEnum):
    """The standard kinds of information a consent may cover."""

    ATTENDANCE_AND_PROGRESS = "attendance and progress"
    DRUG_TESTS = "drug test results"
    MENTORING = "mentoring"
    TWELVE_STEP = "12-step participation"
    DATES_OF_STAY = "dates of stay"

    @property
    def label(self) -> str:
        return self.value[:1].upper() + self.value[1:]


MONTHLY_REPORT_SCOPES: tuple[Scope, ...] = (
    Scope.ATTENDANCE_AND_PROGRESS, Scope.MENTORING, Scope.TWELVE_STEP, Scope.DATES_OF_STAY)
"""What a monthly progress report holds: a consent must cover all of it."""


class RecipientKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class NoValidConsent(RuleViolation):
    """Records for someone outside the house, without a valid consent that
    covers them: nothing was disclosed."""


def scope_text(scopes: Iterable[Scope | str]) -> str:
    """"attendance and progress, mentoring and dates of stay"."""
    names = [Scope(s).value for s in scopes]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _scopes_from(text: str) -> tuple[Scope, ...]:
    known = {s.value: s for s in Scope}
    return tuple(known[line] for line in text.splitlines() if line in known)


def _scopes_to(scopes: Iterable[Scope | str]) -> str:
    chosen = {Scope(s) for s in scopes}
    return "\n".join(s.value for s in Scope if s in chosen)  # always in the same order


@dataclass
class ConsentDetails:
    """What the consent form says."""

    recipient: str
    purpose: str
    scopes: Sequence[Scope | str] = ()
    information: str = ""  # in words: anything more, or narrower ("November only")
    valid_from: dt.date | None = None  # default: the day it was signed, or today
    valid_until: dt.date | None = None
    expiry_event: str = ""  # instead of (or as well as) a day
    signed_on: dt.date | None = None  # None: printed to be signed, not signed yet
    recipient_kind: RecipientKind | str = RecipientKind.ORGANISATION


@dataclass(frozen=True)
class ConsentView:
    id: int
    resident_id: int
    resident_name: str
    recipient: str
    recipient_kind: RecipientKind
    purpose: str
    scopes: tuple[Scope, ...]
    information: str
    valid_from: dt.date
    valid_until: dt.date | None
    expiry_event: str
    signed_on: dt.date | None
    revoked_on: dt.date | None
    revoked_reason: str
    recorded_by: str
    recorded_at: dt.datetime

    def covers(self, scopes: Iterable[Scope | str]) -> bool:
        return {Scope(s) for s in scopes} <= set(self.scopes)

    def why_not_valid(self, on: dt.date) -> str | None:
        """Why the consent can't be used on ``on`` (None: it can)."""
        if self.revoked_on is not None and self.revoked_on <= on:
            return f"revoked on {written_date(self.revoked_on)}"
        if self.signed_on is None:
            return "not signed yet"
        if on < self.signed_on or on < self.valid_from:
            return f"valid from {written_date(max(self.signed_on, self.valid_from))}"
        if self.valid_until is not None and on > self.valid_until:
            return f"expired on {written_date(self.valid_until)}"
        return None

    def is_valid_on(self, on: dt.date) -> bool:
        return self.why_not_valid(on) is None

    @property
    def until_text(self) -> str:
        """"30 Apr 2027", "When I move out", "30 Apr 2027 or when I move out"."""
        parts = []
        if self.valid_until is not None:
            parts.append(written_date(self.valid_until))
        if self.expiry_event:
            parts.append(self.expiry_event)
        return " or ".join(parts)

    @property
    def scope_text(self) -> str:
        text = scope_text(self.scopes)
        if self.information:
            text = f"{text}; {self.information}" if text else self.information
        return text

    def status(self, on: dt.date | None = None) -> str:
        """"Valid", "Revoked on 3 Dec 2026: ...", "Not signed yet"."""
        why = self.why_not_valid(on or clock.today())
        if why is None:
            return "Valid"
        if self.revoked_on is not None and self.revoked_reason and why.startswith("revoked"):
            why = f"{why}: {self.revoked_reason}"
        return why[:1].upper() + why[1:]


def _view(consent: Consent, resident: Resident | None = None,
          names: dict[int, str] | None = None) -> ConsentView:
    resident = resident or consent.resident
    recorder = (names or {}).get(consent.recorded_by_id)
    if recorder is None:
        user = AppUser.get_by_id(consent.recorded_by_id)
        recorder = user.shown_name
    return ConsentView(
        id=consent.id, resident_id=consent.resident_id, resident_name=resident.full_name,
        recipient=consent.recipient, recipient_kind=RecipientKind(consent.recipient_kind),
        purpose=consent.purpose, scopes=_scopes_from(consent.scopes),
        information=consent.information, valid_from=consent.valid_from,
        valid_until=consent.valid_until, expiry_event=consent.expiry_event,
        signed_on=consent.signed_on, revoked_on=consent.revoked_on,
        revoked_reason=consent.revoked_reason, recorded_by=recorder,
        recorded_at=consent.recorded_at)


def _resident(resident_id: int) -> Resident:
    resident = Resident.get_or_none(Resident.id == resident_id)
    if resident is None:
        raise NotFound(f"There is no resident number {resident_id}.")
    return resident


def _problems(details: ConsentDetails, today: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    if not details.recipient.strip():
        problems.append(Problem("recipient", "Say who may receive the records: a person or "
                                             "an organisation."))
    try:
        RecipientKind(details.recipient_kind)
    except ValueError:
        problems.append(Problem("recipient_kind", "The recipient is a person or an "
                                                  "organisation."))
    if not details.purpose.strip():
        problems.append(Problem("purpose", "Say what the records are for (e.g. reporting "
                                           "progress to the probation officer)."))
    try:
        scopes = [Scope(s) for s in details.scopes]
    except ValueError as error:
        problems.append(Problem("scopes", f"Unknown kind of information: {error}."))
        scopes = []
    if not scopes and not details.information.strip():
        problems.append(Problem("scopes", "Say what information may be disclosed."))
    if details.signed_on is not None and details.signed_on > today:
        problems.append(Problem("signed_on", "The day it was signed can't be after today."))
    valid_from = details.valid_from or details.signed_on or today
    if details.signed_on is not None and valid_from < details.signed_on:
        problems.append(Problem("valid_from", "The consent can't start before the day it was "
                                              "signed."))
    if details.valid_until is None and not details.expiry_event.strip():
        problems.append(Problem("valid_until", "Give the day the consent ends, or the event "
                                               "that ends it."))
    elif details.valid_until is not None and details.valid_until < valid_from:
        problems.append(Problem("valid_until", "The consent can't end before it starts."))
    return problems


def record_consent(resident_id: int, details: ConsentDetails) -> ConsentView:
    """Record a resident's consent (signed, or printed to be signed)."""
    require(Right.CHANGE_RECORDS, resident_id=resident_id)
    today = clock.today()
    with one_write("recorded a consent to disclose", kinds={"consent"},
                   resident_ids=[resident_id]) as scope:
        resident = _resident(resident_id)
        problems = _problems(details, today)
        if problems:
            raise RuleViolation(problems)
        consent = Consent.create(
            resident=resident, recipient=details.recipient.strip(),
            recipient_kind=RecipientKind(details.recipient_kind).value,
            purpose=details.purpose.strip(), scopes=_scopes_to(details.scopes),
            information=details.information.strip(),
            valid_from=details.valid_from or details.signed_on or today,
            valid_until=details.valid_until, expiry_event=details.expiry_event.strip(),
            signed_on=details.signed_on, recorded_by=current_user())
        scope.describe(f"{resident.full_name} to {consent.recipient}: {consent.purpose}")
    return _view(consent, resident)


def mark_signed(consent_id: int, on: dt.date | None = None) -> ConsentView:
    """The printed form came back signed on ``on`` (default today)."""
    on = on or clock.today()
    consent = get_consent(consent_id)
    require(Right.CHANGE_RECORDS, resident_id=consent.resident_id)
    with one_write("recorded a consent as signed", kinds={"consent"},
                   resident_ids=[consent.resident_id]):
        consent = get_consent(consent_id)
        if consent.signed_on is not None:
            raise RuleViolation(Problem("signed_on", f"This consent was already signed on "
                                                     f"{written_date(consent.signed_on)}."))
        if on > clock.today():
            raise RuleViolation(Problem("signed_on", "The day it was signed can't be after "
                                                     "today."))
        consent.signed_on = on
        if consent.valid_from < on:
            consent.valid_from = on
        if consent.valid_until is not None and consent.valid_until < on:
            raise RuleViolation(Problem("signed_on", "The consent would end before it was "
                                                     "signed: record a new one."))
        consent.version += 1
        consent.save()
    return _view(consent)


def revoke_consent(consent_id: int, on: dt.date | None = None, reason: str = "") -> ConsentView:
    """The resident revoked the consent from ``on`` (default today): it stays
    on record, no longer valid from that day."""
    on = on or clock.today()
    consent = get_consent(consent_id)
    require(Right.CHANGE_RECORDS, resident_id=consent.resident_id)
    with one_write("revoked a consent to disclose", kinds={"consent"},
                   resident_ids=[consent.resident_id]) as scope:
        consent = get_consent(consent_id)
        if consent.revoked_on is not None:
            raise RuleViolation(Problem("revoked_on", f"This consent was already revoked on "
                                                      f"{written_date(consent.revoked_on)}."))
        if on > clock.today():
            raise RuleViolation(Problem("revoked_on", "The day it was revoked can't be after "
                                                      "today."))
        if consent.signed_on is not None and on < consent.signed_on:
            raise RuleViolation(Problem("revoked_on", "The consent can't be revoked before "
                                                      "the day it was signed."))
        consent.revoked_on = on
        consent.revoked_reason = reason.strip()
        consent.version += 1
        consent.save()
        scope.describe(f"to {consent.recipient}: {consent.purpose}")
    return _view(consent)


def get_consent(consent_id: int) -> Consent:
    consent = Consent.get_or_none(Consent.id == consent_id)
    if consent is None:
        raise NotFound(f"There is no consent number {consent_id}.")
    return consent


def consent_view(consent_id: int) -> ConsentView:
    consent = get_consent(consent_id)
    require(Right.VIEW, resident_id=consent.resident_id)
    return _view(consent)


def consents_of(resident_id: int) -> list[ConsentView]:
    """Every consent of the resident, revoked and expired ones too, the
    newest first (two queries)."""
    require(Right.VIEW, resident_id=resident_id)
    resident = _resident(resident_id)
    rows = list(Consent.select().where(Consent.resident == resident_id)
                .order_by(Consent.valid_from.desc(), Consent.id.desc()))
    ids = {row.recorded_by_id for row in rows}
    names = {user.id: user.shown_name for user in AppUser.select().where(AppUser.id.in_(ids))}
    return [_view(row, resident, names) for row in rows]


def valid_consents(resident_id: int, on: dt.date | None = None,
                   information: Iterable[Scope | str] = ()) -> list[ConsentView]:
    """The consents valid on ``on`` (default today: signed, started, not
    ended nor revoked) that cover every scope of ``information``."""
    on = on or clock.today()
    wanted = [Scope(s) for s in information]
    return [view for view in consents_of(resident_id)
            if view.is_valid_on(on) and view.covers(wanted)]


def no_consent_message(resident_name: str, scopes: Iterable[Scope | str],
                       recipient: str = "") -> str:
    """"There is no valid consent for Zoë Nguyễn to disclose drug test
    results to Riverside Clinic."."""
    to = f" to {recipient}" if recipient else " to anyone outside the house"
    what = scope_text(scopes) or "their records"
    return f"There is no valid consent for {resident_name} to disclose {what}{to}."


# ---------------------------------------------------------------- disclosures


@dataclass(frozen=True)
class DisclosureStamp:
    """What a disclosed output carries: the 42 CFR 2.32 notice and the
    consent's scope ("Disclosed to ... for ... under the consent signed on
    ..., covering: ...")."""

    notice: str
    scope_line: str

    @property
    def text(self) -> str:
        return f"{self.notice}\n{self.scope_line}"


def disclosure_stamp(consent: ConsentView, scopes: Iterable[Scope | str] = (),
                     notice: str | None = None) -> DisclosureStamp:
    """The block a disclosed PDF or CSV carries; ``notice`` defaults to the
    saved 42 CFR 2.32 statement (:mod:`soberhouse.consent_wording`)."""
    from soberhouse.consent_wording import disclosure_wording

    if notice is None:
        notice = disclosure_wording().notice
    held = list(scopes) or list(consent.scopes)
    covering = scope_text(held)
    if consent.information:
        covering = f"{covering} ({consent.information})" if covering else consent.information
    signed = written_date(consent.signed_on) if consent.signed_on else "(not signed)"
    line = (f"Disclosed to {consent.recipient} for {consent.purpose} under the consent "
            f"signed on {signed}, covering: {covering}.")
    return DisclosureStamp(notice.strip(), line)


@dataclass(frozen=True)
class DisclosureView:
    id: int
    resident_id: int
    consent_id: int
    recipient: str
    purpose: str
    what: str
    scopes: tuple[Scope, ...]
    disclosed_at: dt.datetime
    pages: int | None
    sha256: str
    file_name: str
    recorded_by: str
    consent_signed_on: dt.date | None = None
    consent_until: str = ""

    @property
    def consent_text(self) -> str:
        signed = written_date(self.consent_signed_on) if self.consent_signed_on else "unsigned"
        return (f"No. {self.consent_id}, signed {signed}"
                + (f", until {self.consent_until}" if self.consent_until else ""))


@dataclass
class _Checked:
    consent: ConsentView
    scopes: list[Scope] = field(default_factory=list)


def _check_disclosure(resident_id: int, consent_id: int | None,
                      scopes: Iterable[Scope | str], on: dt.date) -> _Checked:
    resident = _resident(resident_id)
    wanted = [Scope(s) for s in scopes]
    consent = (Consent.get_or_none(Consent.id == consent_id)
               if consent_id is not None else None)
    if consent is None or consent.resident_id != resident_id:
        raise NoValidConsent(Problem("consent", no_consent_message(resident.full_name, wanted)))
    view = _view(consent, resident)
    if not view.is_valid_on(on) or not view.covers(wanted):
        missing = [s for s in wanted if s not in view.scopes] or wanted
        message = no_consent_message(resident.full_name, missing, view.recipient)
        why = view.why_not_valid(on)
        if why is not None:
            message = f"{message[:-1]}: the consent is {why}."
        raise NoValidConsent(Problem("consent", message))
    return _Checked(view, wanted)


def record_disclosure(resident_id: int, consent_id: int | None, what: str,
                      scopes: Iterable[Scope | str], *, pdf_bytes: bytes = b"",
                      pages: int | None = None, file_name: str = "") -> DisclosureView:
    """Record that ``what`` ("Monthly progress report, November 2026"),
    holding ``scopes``, went to the recipient of ``consent_id``: a
    :class:`Disclosure` row and a "disclosed" audit event (the consent, the
    recipient, the SHA-256 of the bytes) in one transaction.  Refused
    (:class:`NoValidConsent`, audited) without a consent valid today that
    covers every scope."""
    require(Right.PRINT, resident_id=resident_id)
    scopes = list(scopes)
    today = clock.today()
    try:
        checked = _check_disclosure(resident_id, consent_id, scopes, today)
    except NoValidConsent as refusal:
        audit.record(Action.REFUSED, f"Refused: disclose {what}", resident_ids=[resident_id],
                     details={"why": str(refusal), "consent": consent_id})
        raise
    consent = checked.consent
    digest = hashlib.sha256(pdf_bytes).hexdigest() if pdf_bytes else ""
    user = current_user()
    with event_write():
        # Checked again under the write lock: revoked meanwhile is refused.
        consent = _check_disclosure(resident_id, consent.id, scopes, today).consent
        row = Disclosure.create(
            resident=resident_id, consent=consent.id, recipient=consent.recipient,
            purpose=consent.purpose, what=what.strip(), scopes=_scopes_to(checked.scopes),
            disclosed_at=clock.now(), pages=pages, sha256=digest, file_name=file_name,
            recorded_by=user)
        details: dict[str, object] = {
            "consent": consent.id, "recipient": consent.recipient,
            "purpose": consent.purpose, "what": row.what,
            "scopes": [s.value for s in checked.scopes], "disclosure": row.id}
        if digest:
            details["sha256"] = digest
            details["bytes"] = len(pdf_bytes)
        if pages is not None:
            details["pages"] = pages
        if file_name:
            details["file"] = file_name
        audit.append([audit.PendingEvent(
            Action.DISCLOSED.value,
            f"Disclosed {row.what} of {consent.resident_name} to {consent.recipient}",
            (resident_id,), details)], user=user)
    return _disclosure_view(row, consent.signed_on, consent.until_text, user.shown_name)


def _disclosure_view(row: Disclosure, signed_on: dt.date | None, until: str,
                     recorded_by: str) -> DisclosureView:
    return DisclosureView(
        id=row.id, resident_id=row.resident_id, consent_id=row.consent_id,
        recipient=row.recipient, purpose=row.purpose, what=row.what,
        scopes=_scopes_from(row.scopes), disclosed_at=row.disclosed_at, pages=row.pages,
        sha256=row.sha256, file_name=row.file_name, recorded_by=recorded_by,
        consent_signed_on=signed_on, consent_until=until)


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def accounting_of_disclosures(resident_id: int,
                              on: dt.date | None = None) -> list[DisclosureView]:
    """Every disclosure of the resident's records in the three years up to
    ``on`` (default today), the oldest first."""
    require(Right.VIEW, resident_id=resident_id)
    on = on or clock.today()
    since = dt.datetime.combine(years_before(on, ACCOUNTING_YEARS), dt.time())
    until = dt.datetime.combine(on + dt.timedelta(days=1), dt.time())
    rows = list(Disclosure.select(Disclosure, Consent)
                .join(Consent, on=(Disclosure.consent == Consent.id))
                .where((Disclosure.resident == resident_id)
                       & (Disclosure.disclosed_at >= since) & (Disclosure.disclosed_at < until))
                .order_by(Disclosure.disclosed_at, Disclosure.id))
    resident = _resident(resident_id)
    ids = {row.recorded_by_id for row in rows} | {row.consent.recorded_by_id for row in rows}
    names = {user.id: user.shown_name for user in AppUser.select().where(AppUser.id.in_(ids))}
    views = []
    for row in rows:
        consent = _view(row.consent, resident, names)
        views.append(_disclosure_view(row, consent.signed_on, consent.until_text,
                                      names.get(row.recorded_by_id, "")))
    return views


__all__ = ["ACCOUNTING_YEARS", "MONTHLY_REPORT_SCOPES", "ConsentDetails", "ConsentView",
           "DisclosureStamp", "DisclosureView", "NoValidConsent", "RecipientKind", "Scope",
           "accounting_of_disclosures", "consent_view", "consents_of", "disclosure_stamp",
           "get_consent", "mark_signed", "no_consent_message", "record_consent",
           "record_disclosure", "revoke_consent", "scope_text", "valid_consents"]

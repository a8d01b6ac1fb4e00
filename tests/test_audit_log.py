"""The audit trail read for people: filters, pages, and changes in words."""

from __future__ import annotations

import datetime as dt
import json

import peewee
import pytest

from soberhouse import accounts, audit
from soberhouse.audit import Action
from soberhouse.audit_log import (
    AuditFilter,
    audit_entries,
    count_entries,
    details_text,
    person_choices,
    resident_choices,
)
from soberhouse.errors import NotAllowed
from soberhouse.houses import tiers_of
from soberhouse.models import House, Resident, Role
from soberhouse.models.audit import AuditEvent
from soberhouse.progression import promote
from soberhouse.residents import admit_resident
from tests.conftest import details_for
from tests.test_postgresql import postgresql  # noqa: F401  (the fixture)


@pytest.fixture
def two_residents(db: peewee.Database, house: House) -> tuple[Resident, Resident]:
    zoe = admit_resident(details_for(house))
    ana = admit_resident(details_for(house, first_name="Ana", last_name="Ruiz", room="3"))
    audit.record(Action.VIEWED, "Viewed Zoë Nguyễn's record", resident_ids=[zoe.id])
    return zoe, ana


def test_filters_by_action_resident_and_person(two_residents: tuple[Resident, Resident]
                                               ) -> None:
    zoe, ana = two_residents
    viewed = audit_entries(AuditFilter(action=Action.VIEWED.value))
    assert [(e.action, e.summary, e.residents) for e in viewed] == [
        ("Viewed", "Viewed Zoë Nguyễn's record", f"Zoë Nguyễn ({zoe.id})")]
    about_ana = audit_entries(AuditFilter(resident_id=ana.id))
    assert about_ana and all(f"Ana Ruiz ({ana.id})" in e.residents for e in about_ana)
    assert count_entries(AuditFilter(resident_id=zoe.id)) == 2  # her intake, the view

    manager = accounts.current_user()
    accounts.add_person(accounts.PersonDetails("Sam Ortiz", "sam", Role.HOUSE_MANAGER,
                                               all_houses=True), "copper-meadow-violin-31")
    sam = accounts.find_account("sam")
    accounts.act_as("sam")
    audit.record(Action.VIEWED, "Viewed Ana Ruiz's record", resident_ids=[ana.id])
    accounts.act_as(manager.username)
    by_sam = audit_entries(AuditFilter(person_id=sam.id))
    assert [(e.person, e.summary) for e in by_sam] == [("Sam Ortiz", "Viewed Ana Ruiz's record")]
    assert (sam.id, "Sam Ortiz") in person_choices()
    assert [label for _, label in resident_choices()] == [f"Ana Ruiz ({ana.id})",
                                                          f"Zoë Nguyễn ({zoe.id})"]


def test_dates_newest_first_and_pages(two_residents: tuple[Resident, Resident]) -> None:
    every = audit_entries(AuditFilter(), limit=1000)
    assert [e.id for e in every] == sorted((e.id for e in every), reverse=True)
    assert [e.id for e in audit_entries(AuditFilter(), limit=2, offset=1)] == \
        [e.id for e in every[1:3]]
    day = every[0].at.date()
    assert count_entries(AuditFilter(start=day, end=day)) == \
        sum(1 for e in every if e.at.date() == day)
    assert count_entries(AuditFilter(end=day - dt.timedelta(days=1))) == \
        sum(1 for e in every if e.at.date() < day)
    assert count_entries(AuditFilter(start=day + dt.timedelta(days=1))) == \
        sum(1 for e in every if e.at.date() > day)


def test_a_change_reads_field_by_field_with_names(
        two_residents: tuple[Resident, Resident], house: House) -> None:
    zoe, _ = two_residents
    second = tiers_of(house.id)[1]
    promote(zoe.id, "Met every condition")
    entry = audit_entries(AuditFilter(resident_id=zoe.id, action=Action.CHANGED.value))[0]
    first = tiers_of(house.id)[0]
    assert f"  tier: {first.name} {'→'} {second.name}" in entry.details.splitlines()
    assert f"Resident Zoë Nguyễn ({zoe.id}) changed:" in entry.details
    assert "version" not in entry.details


def test_details_in_words_of_a_printed_report() -> None:
    details = json.dumps({"sha256": "ab" * 32, "pages": 3, "month": "2026-10",
                          "file": "October.pdf"})
    assert details_text(details).splitlines() == [
        f"SHA-256 of the PDF: {'ab' * 32}", "Pages: 3", "Month: 2026-10", "File: October.pdf"]
    assert details_text("") == ""


def test_only_the_owner_and_read_only_accounts_read_it(
        two_residents: tuple[Resident, Resident]) -> None:
    accounts.act_as("auditor", role=Role.READ_ONLY)
    assert count_entries() > 0
    accounts.act_as("coach", role=Role.PEER_COACH)
    with pytest.raises(NotAllowed, match="Only the owner and read-only accounts"):
        audit_entries()
    accounts.act_as("manager", role=Role.HOUSE_MANAGER)
    with pytest.raises(NotAllowed, match="Only the owner and read-only accounts"):
        count_entries()
    assert AuditEvent.select().count() > 0


@pytest.mark.parametrize("server", ["sqlite", "postgresql"])
def test_a_read_only_account_of_one_house_reads_only_its_entries(
        server: str, request: pytest.FixtureRequest) -> None:
    """The auditor of Maple House reads what concerns Maple's residents and
    what concerns nobody in particular, not a Cedar resident's record."""
    from soberhouse.houses import HouseDetails, create_house
    from tests.role_helpers import person

    if server == "postgresql":
        request.getfixturevalue("postgresql")
    else:
        request.getfixturevalue("db")
    maple = create_house(HouseDetails(name="Maple House", beds=4))
    cedar = create_house(HouseDetails(name="Cedar House", beds=4))
    zoe = admit_resident(details_for(maple))
    ana = admit_resident(details_for(cedar, first_name="Ana", last_name="Ruiz"))
    audit.record(Action.VIEWED, "Viewed Ana Ruiz's record", resident_ids=[ana.id])
    person(Role.READ_ONLY, [maple], name="auditor")
    summaries = [entry.summary for entry in audit_entries(limit=500)]
    residents = {rid for e in AuditEvent.select() for rid in e.resident_ids.strip(",").split(",")
                 if rid}
    assert str(ana.id) in residents  # the trail holds Ana's entries...
    assert not any("Ana Ruiz" in s for s in summaries)  # ...which the auditor doesn't read
    assert any(e.resident_ids == f",{zoe.id}," for e in _query_rows())
    assert count_entries() == len(summaries)


def _query_rows() -> list[AuditEvent]:
    from soberhouse.audit_log import _query

    return list(_query(AuditFilter()))

"""Every kind of event the audit trail keeps, as its row says it: signed
in, failed, signed out; created, changed (each field old and new) and ended
records; imports, exports and PDFs written by the commands; settings and
people changed.  A rolled-back write leaves no event, and the chain
verifies after all of them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import peewee
import pytest
from pypdf import PdfReader

from soberhouse import accounts, audit, database
from soberhouse.accounts import PersonDetails
from soberhouse.audit import Action
from soberhouse.cli import main
from soberhouse.date_style import DateStyle, save_style
from soberhouse.errors import RuleViolation, SignInRefused
from soberhouse.houses import TierDetails, save_tiers, tiers_of
from soberhouse.meetings.records import MeetingDetails, MotionDetails, update_meeting
from soberhouse.models import AppUser, House, Role
from soberhouse.models.audit import AuditEvent
from soberhouse.models.meetings import AttendanceStatus, MotionOutcome
from soberhouse.reports.settings import NOTICE_KEY, ReportSettings, save_report_settings
from soberhouse.residents import admit_resident, discharge, update_resident
from soberhouse.residents_csv import apply_import, export_residents, read_residents_csv
from soberhouse.roll_calls_csv import export_roll_calls

from .conftest import details_for
from .meetings_helpers import held
from .mentoring_helpers import admit

OWNER_PASSWORD = "maple kettle river"
D = dt.date


def last(action: Action) -> AuditEvent:
    event = (AuditEvent.select().where(AuditEvent.action == action.value)
             .order_by(AuditEvent.id.desc()).first())
    assert event is not None, f"no {action.value!r} event"
    return event


def details(event: AuditEvent) -> dict[str, object]:
    return json.loads(event.details) if event.details else {}


def rows_of(event: AuditEvent, table: str) -> list[dict[str, object]]:
    return [row for row in details(event)["rows"]  # type: ignore[union-attr]
            if row["table"] == table]


def residents_named(event: AuditEvent) -> set[int]:
    return {int(r) for r in event.resident_ids.split(",") if r}


def assert_intact() -> None:
    """After the test's events, the chain still verifies from its first row."""
    check = audit.verify()
    assert check.intact, check.sentence()


# ---------------------------------------------------------------- signing in


@pytest.fixture
def owner(db_path: Path, today: dt.date) -> Iterator[object]:
    database.connect(db_path)
    accounts.end_session()
    yield accounts.create_owner("Olive Owner", "olive", OWNER_PASSWORD)
    accounts.end_session()
    database.close()


def test_signed_in_failed_and_signed_out(owner: object) -> None:
    accounts.sign_out()
    signed_out = last(Action.SIGNED_OUT)
    assert signed_out.who == "olive" and "signed out" in signed_out.summary
    with pytest.raises(SignInRefused):
        accounts.sign_in("olive", "not the password at all")
    failed = last(Action.SIGN_IN_FAILED)
    assert failed.who == "olive"
    assert "not the password" not in failed.summary + failed.details  # never the typed text
    accounts.sign_in("olive", OWNER_PASSWORD)
    signed_in = last(Action.SIGNED_IN)
    assert signed_in.who == "olive" and signed_in.id > failed.id
    assert_intact()


# ---------------------------------------------------------------- changes


def test_a_phone_changed_shows_old_and_new(db: peewee.Database, house: House) -> None:
    resident = admit_resident(details_for(house))
    created = last(Action.CHANGED)
    assert rows_of(created, "resident")[0]["created"]["phone"] == "555-0101"  # type: ignore[index]
    update_resident(resident.id, details_for(house, phone="555-0199"))
    changed = last(Action.CHANGED)
    assert residents_named(changed) == {resident.id}
    assert rows_of(changed, "resident")[0]["changed"] == {  # type: ignore[index]
        "phone": ["555-0101", "555-0199"], "version": [1, 2]}
    assert changed.who == "test-manager"
    assert_intact()


def test_a_discharge_is_an_ended_record(db: peewee.Database, house: House) -> None:
    resident = admit_resident(details_for(house))
    discharge(resident.id, "discharged", D(2026, 11, 10), "Broke the house rules")
    event = last(Action.CHANGED)
    assert event.summary == "recorded a move-out"
    ended = details(event)["ended"]
    assert {"table": "stay", "id": ended[0]["id"], "field": "move_out_date",  # type: ignore[index]
            "value": "2026-11-10"} in ended  # type: ignore[operator]
    assert any(e["table"] == "resident" and e["value"] == "discharged"
               for e in ended)  # type: ignore[union-attr]
    stay = rows_of(event, "stay")[0]["changed"]
    assert stay["move_out_date"] == [None, "2026-11-10"]  # type: ignore[index]
    assert stay["end_reason"] == ["", "Broke the house rules"]  # type: ignore[index]
    assert_intact()


def test_a_rolled_back_write_leaves_no_event(db: peewee.Database, house: House) -> None:
    resident = admit_resident(details_for(house))
    before = AuditEvent.select().count()
    with pytest.raises(RuleViolation):
        discharge(resident.id, "discharged", D(2026, 12, 1), "A date after today")
    assert AuditEvent.select().count() == before
    assert_intact()


def test_query_level_writes_say_what_they_changed(db: peewee.Database, house: House) -> None:
    """Marks added in bulk, a motion changed, a tier renamed: each row in the event."""
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 10, 1))
    meeting = held(house, D(2026, 11, 2), {zoe.id: AttendanceStatus.PRESENT},
                   motions=[MotionDetails("Buy a new kettle", MotionOutcome.PASSED)])
    marks = last(Action.CHANGED)
    assert rows_of(marks, "attendance")[0]["created"]["status"] == "present"  # type: ignore[index]
    assert zoe.id in residents_named(marks)

    update_meeting(meeting.id, MeetingDetails(house.id, D(2026, 11, 2), motions=[
        MotionDetails("Buy a new kettle and mugs", MotionOutcome.PASSED)]))
    motion = rows_of(last(Action.CHANGED), "motion")[0]["changed"]
    assert motion["text"] == ["Buy a new kettle", "Buy a new kettle and mugs"]  # type: ignore[index]

    tiers = [TierDetails.of(t) for t in tiers_of(house.id)]
    tiers[0] = replace(tiers[0], name="First steps")
    save_tiers(house.id, tiers)
    tier = next(r for r in rows_of(last(Action.CHANGED), "tier") if r["id"] == tiers[0].id)
    assert tier["changed"]["name"] == ["Newcomer", "First steps"]  # type: ignore[index]
    assert_intact()


def test_settings_changed(db: peewee.Database) -> None:
    save_report_settings(ReportSettings(notice_text="Confidential: do not share."))
    event = last(Action.SETTINGS)
    notice = next(r for r in rows_of(event, "setting") if r["id"] == NOTICE_KEY)
    assert notice["created"]["value"] == "Confidential: do not share."  # type: ignore[index]
    save_report_settings(ReportSettings(notice_text="Confidential."))
    notice = next(r for r in rows_of(last(Action.SETTINGS), "setting")
                  if r["id"] == NOTICE_KEY)
    assert notice["changed"]["value"] == ["Confidential: do not share.",  # type: ignore[index]
                                          "Confidential."]
    save_style(DateStyle.ISO)
    assert last(Action.SETTINGS).summary == "changed how dates are written"
    assert_intact()


def test_people_changed(owner: object) -> None:
    dana = accounts.add_person(PersonDetails("Dana Reyes", "dana", Role.HOUSE_MANAGER,
                                             all_houses=True), "cedar lantern morning")
    added = last(Action.PEOPLE)
    row = next(r for r in rows_of(added, "app_user") if r["id"] == dana.id)
    assert row["created"]["username"] == "dana"  # type: ignore[index]
    assert row["created"]["password_hash"] == "(hidden)"  # type: ignore[index]
    accounts.set_active(dana.id, False)
    switched = next(r for r in rows_of(last(Action.PEOPLE), "app_user") if r["id"] == dana.id)
    assert switched["changed"]["active"] == [True, False]  # type: ignore[index]

    from soberhouse.houses import HouseDetails, create_house

    maple = create_house(HouseDetails(name="Maple House", beds=4))
    cedar = create_house(HouseDetails(name="Cedar House", beds=4))
    accounts.change_person(dana.id, PersonDetails("Dana Reyes", "dana", Role.HOUSE_MANAGER,
                                                  house_ids=(maple.id, cedar.id)))
    accounts.change_person(dana.id, PersonDetails("Dana Reyes", "dana", Role.HOUSE_MANAGER,
                                                  house_ids=(maple.id,)))
    narrowed = last(Action.PEOPLE)
    assert [r.get("deleted") for r in rows_of(narrowed, "user_house")] == [True]  # Cedar only
    assert accounts.house_ids_of(AppUser.get_by_id(dana.id)) == {maple.id}
    assert_intact()


# ---------------------------------------------------------------- imports and exports


def test_a_residents_import_says_its_file_and_rows(db: peewee.Database, house: House,
                                                    tmp_path: Path) -> None:
    source = tmp_path / "intake.csv"
    source.write_text("First name,Last name,Date of birth,House,Move-in date,Sobriety date\n"
                      "Ana,Diaz,1990-01-02,Maple House,2026-11-01,2026-10-01\n"
                      "Ben,Ode,1985-03-04,Maple House,2026-11-02,2026-10-02\n",
                      encoding="utf-8")
    assert apply_import(read_residents_csv(source)) == 2
    event = last(Action.IMPORTED)
    assert details(event)["file"] == "intake.csv"
    assert details(event)["rows"] == 2 and details(event)["kind"] == "residents"
    assert event.summary == "imported residents from intake.csv"
    assert_intact()


def test_exports_say_kind_rows_and_file(db: peewee.Database, house: House,
                                        tmp_path: Path) -> None:
    admit(house, "Zoë", "Nguyễn")
    admit(house, "Kai", "Moana")
    target = tmp_path / "residents.csv"
    assert export_residents(target) == 2
    event = last(Action.EXPORTED)
    assert details(event) == {"kind": "residents", "rows": 2, "file": str(target)}
    assert event.summary == "Exported 2 residents to residents.csv"

    export_roll_calls(tmp_path / "marks.csv", house.id, D(2026, 11, 1))
    marks = details(last(Action.EXPORTED))
    assert marks["kind"] == "roll calls" and marks["rows"] == 0
    assert marks["house_id"] == house.id and marks["start"] == "2026-11-01"
    assert_intact()


# ---------------------------------------------------------------- PDFs from the commands


@pytest.fixture
def commands_sign_in(request: pytest.FixtureRequest) -> None:
    """The commands sign in with a password file where the command line asks
    for one (tests/conftest.py ``command_line_user``)."""
    try:
        request.getfixturevalue("command_line_user")
    except pytest.FixtureLookupError:
        pass  # the commands act as the test's manager


@pytest.fixture
def october_file(tmp_path: Path, today: dt.date, commands_sign_in: None) -> Path:
    path = tmp_path / "reports.sqlite3"
    database.connect(path)
    accounts.act_as("test-manager")
    from soberhouse.houses import HouseDetails, create_house

    maple = create_house(HouseDetails(name="Maple House", beds=8))
    admit(maple, "Zoë", "Nguyễn", move_in=D(2026, 9, 1))
    admit(maple, "Kai", "Moana", move_in=D(2026, 10, 15))
    database.close()
    return path


def saved_events(path: Path) -> list[dict[str, object]]:
    database.connect(path)
    try:
        return [details(e) for e in AuditEvent.select()
                .where(AuditEvent.action == Action.SAVED_PDF.value).order_by(AuditEvent.id)]
    finally:
        database.close()


def test_soberhouse_report_notes_the_pdf_it_saved(october_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "october.pdf"
    assert main(["--database", str(october_file), "report", "--month", "2026-10",
                 "--house", "Maple House", "--all", "--out", str(out)]) == 0
    [saved] = saved_events(october_file)
    assert saved["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert saved["pages"] == len(PdfReader(out).pages)
    assert saved["month"] == "2026-10" and saved["file"] == str(out)
    assert len(saved["residents"]) == 2  # type: ignore[arg-type]


def test_soberhouse_print_list_notes_the_pdf_it_saved(october_file: Path,
                                                      tmp_path: Path) -> None:
    out = tmp_path / "roster.pdf"
    assert main(["--database", str(october_file), "print-list", "roster",
                 "--house", "Maple House", "--output", str(out)]) == 0
    [saved] = saved_events(october_file)
    assert saved["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert saved["pages"] == len(PdfReader(out).pages) == 1
    assert "Maple House" in str(saved["title"])


def test_every_kind_of_event_in_one_trail(owner: object, tmp_path: Path) -> None:
    """One file with an event of each kind: the chain verifies across them all."""
    from soberhouse.houses import HouseDetails, create_house

    house = create_house(HouseDetails(name="Maple House", beds=4))
    resident = admit_resident(details_for(house))
    update_resident(resident.id, details_for(house, phone="555-0199"))
    audit.record(Action.VIEWED, "Viewed Zoë Nguyễn's record", resident_ids=[resident.id],
                 details={"where": "detail pane"})
    export_residents(tmp_path / "residents.csv")
    save_report_settings(ReportSettings(notice_text="Confidential."))
    discharge(resident.id, "left", D(2026, 11, 12), "Moved away")
    accounts.sign_out()
    accounts.sign_in("olive", OWNER_PASSWORD)
    kinds = {e.action for e in AuditEvent.select()}
    assert {Action.CHANGED.value, Action.VIEWED.value, Action.EXPORTED.value,
            Action.SETTINGS.value, Action.SIGNED_OUT.value,
            Action.SIGNED_IN.value} <= kinds
    check = audit.verify()
    assert check.intact and check.entries == AuditEvent.select().count()

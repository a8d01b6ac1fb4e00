"""Bad input a probe typed, pasted or put in a CSV file: each case gets a clear
message naming the field (or the line), and nothing at all is saved.

The same cases go through the intake, an edit of a resident on record, a
line of a CSV import, and (for the two that crashed it) a PostgreSQL server.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import replace

import peewee
import pytest

from soberhouse import accounts, database
from soberhouse.errors import RuleViolation
from soberhouse.houses import HouseDetails, TierDetails, create_house, save_tiers, tiers_of
from soberhouse.models import (
    House,
    Resident,
    ResidentCorrection,
    SobrietyDateChange,
    StatusChange,
    Stay,
    TierChange,
)
from soberhouse.residents import (
    EDITABLE_FIELDS,
    FIELD_LABELS,
    ResidentDetails,
    admit_resident,
    update_resident,
)
from soberhouse.residents_csv import read_residents_csv

from .conftest import details_for
from .test_postgresql import empty_the_server_database, server_url

HISTORY = (Resident, Stay, StatusChange, TierChange, SobrietyDateChange, ResidentCorrection)

# (field, what was typed, the message the manager gets)
BAD_INPUT: list[tuple[str, object, str]] = [
    # lengths: the models' max_length, counted in characters
    ("first_name", "x" * 10_000,
     "First name is too long: at most 120 characters (this one has 10,000)."),
    ("last_name", "Ñ" * 121, "Last name is too long: at most 120 characters (this one has 121)."),
    ("preferred_name", "z" * 121,
     "Preferred name is too long: at most 120 characters (this one has 121)."),
    ("phone", "5" * 41, "Phone is too long: at most 40 characters (this one has 41)."),
    ("emergency_contact_name", "b" * 161,
     "Emergency contact is too long: at most 160 characters (this one has 161)."),
    ("emergency_contact_phone", "5" * 41,
     "Emergency contact phone is too long: at most 40 characters (this one has 41)."),
    ("room", "2" * 41, "Room is too long: at most 40 characters (this one has 41)."),
    ("bed", "A" * 41, "Bed is too long: at most 40 characters (this one has 41)."),
    ("substances", "alcohol, " * 40,
     "Primary substance(s) is too long: at most 255 characters (this one has 359)."),
    # invisible characters do not fill a name in
    ("first_name", "\u200b", "First name is required."),
    ("last_name", "\u200b \u2060\ufeff\u00a0", "Last name is required."),
    ("first_name", "\u0301", "First name is required."),
    # controls and bidi overrides are refused, naming the character
    ("first_name", "Zo\u202eë", "First name contains a character that can't be printed (U+202E)."),
    ("last_name", "Nguy\u202aen", "Last name contains a character that can't be printed (U+202A)."),
    ("first_name", "Zo\x00e", "First name contains a character that can't be printed (U+0000)."),
    ("last_name", "Ng\x07uyen", "Last name contains a character that can't be printed (U+0007)."),
    ("phone", "555\x9b0101", "Phone contains a character that can't be printed (U+009B)."),
    ("emergency_contact_phone", "555\x7f0102",
     "Emergency contact phone contains a character that can't be printed (U+007F)."),
    ("room", "2\u2066B", "Room contains a character that can't be printed (U+2066)."),
    ("bed", "A\u2067B", "Bed contains a character that can't be printed (U+2067)."),
    ("preferred_name", "Zo\nAnn", "Preferred name must be on one line: it contains a line break."),
    ("first_name", "Zoë\tAnn", "First name can't contain a tab: type a space instead."),
    ("notes", "Quiet week\x00", "Notes contains a character that can't be printed (U+0000)."),
    # dates of another century
    ("date_of_birth", dt.date(1, 1, 1), "Date of birth can't be before 1900."),
    ("date_of_birth", dt.date(1899, 12, 31), "Date of birth can't be before 1900."),
    ("date_of_birth", dt.date(1903, 5, 1), "This date of birth makes them 123: check the year."),
    ("sobriety_date", dt.date(1, 1, 1), "Sobriety date can't be before 1900."),
    ("move_in_date", dt.date(1066, 10, 14), "Move-in date can't be before 1900."),
]

CASE_IDS = [f"{field}-{number}" for number, (field, _, _) in enumerate(BAD_INPUT)]


def counts() -> dict[str, int]:
    return {model.__name__: model.select().count() for model in HISTORY}


@pytest.mark.parametrize(("field", "value", "message"), BAD_INPUT, ids=CASE_IDS)
def test_an_intake_with_bad_input_is_refused_naming_the_field(
        house: House, field: str, value: object, message: str) -> None:
    before = counts()
    with pytest.raises(RuleViolation) as refused:
        admit_resident(details_for(house, **{field: value}))
    assert refused.value.for_field(field) == [message]
    assert counts() == before


EDIT_CASES = [case for case in BAD_INPUT if case[0] in EDITABLE_FIELDS]


@pytest.mark.parametrize(("field", "value", "message"), EDIT_CASES,
                         ids=[f"{c[0]}-{n}" for n, c in enumerate(EDIT_CASES)])
def test_an_edit_with_bad_input_is_refused_and_the_record_kept(
        house: House, field: str, value: object, message: str) -> None:
    zoe = admit_resident(details_for(house))
    on_file = ResidentDetails.of(zoe)
    before = counts()
    with pytest.raises(RuleViolation) as refused:
        update_resident(zoe.id, replace(on_file, **{field: value}))
    assert refused.value.for_field(field) == [message]
    assert counts() == before
    assert ResidentDetails.of(Resident.get_by_id(zoe.id)) == on_file


CSV_COLUMNS = ("first_name", "last_name", "preferred_name", "date_of_birth", "house_id",
               "move_in_date", "sobriety_date", "room", "bed", "phone",
               "emergency_contact_name", "emergency_contact_phone", "substances", "notes")


def csv_line_with(house: House, field: str, value: object) -> str:
    """A residents file whose line 2 is a good intake but for ``field``."""
    details = details_for(house, **{field: value})
    cells = {name: getattr(details, name) for name in CSV_COLUMNS}
    cells["house_id"] = house.name
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([FIELD_LABELS[name] for name in CSV_COLUMNS])
    writer.writerow([cells[name].isoformat() if isinstance(cells[name], dt.date)
                     else cells[name] for name in CSV_COLUMNS])
    return out.getvalue()


@pytest.mark.parametrize(("field", "value", "message"), BAD_INPUT, ids=CASE_IDS)
def test_a_csv_line_with_bad_input_is_reported_with_its_line_number(
        house: House, field: str, value: object, message: str) -> None:
    before = counts()
    preview = read_residents_csv(csv_line_with(house, field, value))
    [row] = preview.rows
    assert (row.line, row.ok) == (2, False)
    reported = [text for text in preview.messages() if text.endswith(message)]
    assert reported and all(text.startswith("Line 2: ") for text in reported), \
        preview.messages()
    assert counts() == before


def test_a_good_csv_line_is_ready(house: House) -> None:
    """The lines above fail only for the field each one spoils."""
    assert read_residents_csv(csv_line_with(house, "notes", "Quiet week")).bad_rows == []


def test_a_csv_line_spelling_a_name_on_record_without_accents_is_asked_about(
        house: House) -> None:
    admit_resident(details_for(house))  # Zoë Nguyễn, born 1990-04-02
    text = csv_line_with(house, "bed", "B").replace("Zoë,Nguyễn", "ZOE,Nguyen")
    assert read_residents_csv(text).messages() == [
        "Line 2: A resident with the same name and date of birth is already on record: "
        "Zoë Nguyễn (#1, active). Is this the same person?"]
    assert Resident.select().count() == 1


# ---------------------------------------------------------------- house and tier names


def test_a_house_name_is_checked_like_a_resident_name(db: peewee.Database) -> None:
    cases = {
        "M" * 121: "House name is too long: at most 120 characters (this one has 121).",
        "\u200b\u200b": "The house needs a name.",
        "Maple\u202eHouse": "House name contains a character that can't be printed (U+202E).",
    }
    for name, message in cases.items():
        with pytest.raises(RuleViolation) as refused:
            create_house(HouseDetails(name=name, beds=4))
        assert refused.value.for_field("name") == [message]
    assert House.select().count() == 0


def test_a_tier_name_is_checked_like_a_resident_name(house: House) -> None:
    ladder = [TierDetails.of(tier) for tier in tiers_of(house.id)]
    cases = {
        "N" * 81: "The name of tier 1 is too long: at most 80 characters (this one has 81).",
        "\u200b": "Tier 1 needs a name.",
        "New\x00comer": ("The name of tier 1 contains a character that can't be "
                        "printed (U+0000)."),
    }
    for name, message in cases.items():
        with pytest.raises(RuleViolation) as refused:
            save_tiers(house.id, [replace(ladder[0], name=name), *ladder[1:]])
        assert refused.value.for_field("tiers") == [message]
    assert [tier.name for tier in tiers_of(house.id)] == ["Newcomer", "Established", "Senior"]


# ---------------------------------------------------------------- on PostgreSQL


@pytest.fixture
def server_house(today: dt.date) -> Iterator[House]:
    url = server_url()
    empty_the_server_database(url)
    database.connect(url)
    accounts.act_as("test-manager")
    try:
        yield create_house(HouseDetails(name="Maple House", beds=8))
    finally:
        database.close()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("first_name", "x" * 10_000,
     "First name is too long: at most 120 characters (this one has 10,000)."),
    ("room", "2\x00", "Room contains a character that can't be printed (U+0000)."),
])
def test_postgresql_gets_the_message_not_a_crash(server_house: House, field: str,
                                                 value: str, message: str) -> None:
    """The server refused these itself ("value too long", "cannot contain NUL"):
    the rules now stop them first, in the manager's words."""
    with pytest.raises(RuleViolation) as refused:
        admit_resident(details_for(server_house, **{field: value}))
    assert refused.value.for_field(field) == [message]
    assert Resident.select().count() == 0

"""Every form of a resident's name, given name first and family name first
(soberhouse.names), and the order lists put them in."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import peewee
import pytest

from soberhouse import accounts, database
from soberhouse.errors import RuleViolation
from soberhouse.houses import HouseDetails, create_house
from soberhouse.models import House, Resident
from soberhouse.names import (
    NameOrder,
    full_name,
    listed_name,
    name_sort_key,
    name_with_preferred,
)
from soberhouse.residents import (
    ResidentDetails,
    admit_resident,
    resident_history,
    resident_rows,
    update_resident,
)
from soberhouse.residents_csv import apply_import, export_residents, read_residents_csv

from .conftest import details_for

GIVEN, FAMILY = NameOrder.GIVEN_FIRST, NameOrder.FAMILY_FIRST

# given, family, preferred, order -> full name, with the preferred name, as lists show it
FORMS = [
    ("Zoë", "Nguyễn", "", GIVEN, "Zoë Nguyễn", "Zoë Nguyễn", "Nguyễn, Zoë"),
    ("Robert", "Smith", "Bob", GIVEN, "Robert Smith", 'Robert "Bob" Smith',
     'Smith, Robert "Bob"'),
    ("Robert", "Smith", "Robert", GIVEN, "Robert Smith", "Robert Smith", "Smith, Robert"),
    ("伟", "李", "", FAMILY, "李伟", "李伟", "李伟"),
    ("伟", "李", "Li Wei", FAMILY, "李伟", "李伟 (Li Wei)", "李伟 (Li Wei)"),
    ("伟", "李", "伟", FAMILY, "李伟", "李伟", "李伟"),
    ("伟", "李", "李伟", FAMILY, "李伟", "李伟", "李伟"),
    ("太郎", "佐々木", "Taro", FAMILY, "佐々木太郎", "佐々木太郎 (Taro)", "佐々木太郎 (Taro)"),
    ("민준", "김", "", FAMILY, "김민준", "김민준", "김민준"),
    ("János", "Nagy", "", FAMILY, "Nagy János", "Nagy János", "Nagy János"),
    ("Văn An", "Nguyễn", "An", FAMILY, "Nguyễn Văn An", "Nguyễn Văn An (An)",
     "Nguyễn Văn An (An)"),
    ("Wei", "李", "", FAMILY, "李 Wei", "李 Wei", "李 Wei"),  # one name in Latin letters
    ("伟", "李", "", GIVEN, "伟李", "伟李", "李, 伟"),  # as written before the choice
    ("Wei", "Li", "", GIVEN, "Wei Li", "Wei Li", "Li, Wei"),
]


@pytest.mark.parametrize(("given", "family", "preferred", "order", "full", "with_preferred",
                          "listed"), FORMS)
def test_each_form_of_the_name(given: str, family: str, preferred: str, order: NameOrder,
                               full: str, with_preferred: str, listed: str) -> None:
    assert full_name(given, family, order) == full
    assert name_with_preferred(given, family, preferred, order) == with_preferred
    assert listed_name(given, family, preferred, order) == listed


def test_an_order_not_known_is_given_name_first() -> None:
    assert NameOrder.of("") is NameOrder.of("sideways") is NameOrder.GIVEN_FIRST
    assert NameOrder.of("family-first") is NameOrder.FAMILY_FIRST
    assert [order.label for order in NameOrder] == ["Given name first", "Family name first"]


def test_lists_sort_by_family_name_whichever_order_it_is_written_in() -> None:
    people = [("Søren", "Ødegård"), ("Bảo", "Đặng"), ("Luis", "Álvarez"), ("Zoe", "Nguyen"),
              ("Văn An", "Nguyễn"), ("Ann", "Dale"), ("Ola", "Olsen"), ("János", "Nagy")]
    ordered = sorted(people, key=lambda p: name_sort_key(*p))
    assert [family for _, family in ordered] == [
        "Álvarez", "Dale", "Đặng", "Nagy", "Nguyễn", "Nguyen", "Ødegård", "Olsen"]  # Văn An, Zoe


def test_the_record_and_the_list_write_the_name_in_the_persons_order(house: House) -> None:
    li = admit_resident(details_for(house, first_name="伟", last_name="李",
                                    preferred_name="Li Wei", name_order=FAMILY.value))
    nagy = admit_resident(details_for(house, first_name="János", last_name="Nagy", room="3",
                                      name_order=FAMILY.value))
    zoe = admit_resident(details_for(house, first_name="Zoë", last_name="Ødegård", room="4",
                                     preferred_name="Zo"))
    stored = Resident.get_by_id(li.id)
    assert (stored.full_name, stored.name_with_preferred, stored.display_name) == (
        "李伟", "李伟 (Li Wei)", "李伟 (Li Wei)")
    assert ResidentDetails.of(stored).name_order == "family-first"
    rows = resident_rows()
    assert [(row.id, row.display_name, row.full_name) for row in rows] == [
        (nagy.id, "Nagy János", "Nagy János"),
        (zoe.id, 'Ødegård, Zoë "Zo"', "Zoë Ødegård"),
        (li.id, "李伟 (Li Wei)", "李伟"),
    ]


def test_changing_the_order_keeps_the_old_one_in_the_history(house: House) -> None:
    li = admit_resident(details_for(house, first_name="伟", last_name="李"))
    changed = update_resident(li.id, replace(ResidentDetails.of(li), name_order=FAMILY.value))
    assert (changed.name_order, changed.full_name) == ("family-first", "李伟")
    assert resident_history(li.id)[0].summary == (
        "Name order corrected: “Given name first” → “Family name first”")


def test_an_order_that_is_neither_is_refused_in_words(house: House) -> None:
    with pytest.raises(RuleViolation) as refused:
        admit_resident(details_for(house, name_order="sideways"))
    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("name_order", 'Name order "sideways" is not one of: given-first, family-first.')]


def test_the_residents_file_carries_the_order_there_and_back(
        house: House, tmp_path: Path, db: peewee.Database) -> None:
    admit_resident(details_for(house, first_name="伟", last_name="李", preferred_name="Li Wei",
                               name_order=FAMILY.value))
    admit_resident(details_for(house, first_name="Zoë", last_name="Ødegård", room="3"))
    path = tmp_path / "residents.csv"
    assert export_residents(path) == 2
    lines = path.read_text("utf-8-sig").splitlines()
    assert lines[0].startswith("First name,Last name,Preferred name,Name order,Date of birth")
    assert [line.split(",")[:4] for line in lines[1:]] == [  # in the order of the lists
        ["Zoë", "Ødegård", "", "given-first"], ["伟", "李", "Li Wei", "family-first"]]

    database.close()
    database.connect(tmp_path / "empty.sqlite3")
    accounts.act_as("test-manager")
    create_house(HouseDetails(name="Maple House", beds=8))
    preview = read_residents_csv(path)
    assert preview.messages() == []
    assert [row.name for row in preview.rows] == ["Zoë Ødegård", "李伟"]
    assert apply_import(preview) == 2
    assert [(r.display_name, r.name_order) for r in resident_rows()] == [
        ("Ødegård, Zoë", "given-first"), ("李伟 (Li Wei)", "family-first")]


def test_a_file_may_say_the_order_in_words_or_leave_it_out(house: House) -> None:
    header = "First name,Last name,Date of birth,House,Move-in date,Sobriety date"
    dates = "1990-04-02,Maple House,2026-10-03,2026-09-20"
    without = read_residents_csv(f"{header}\nWei,Li,{dates}\n")
    assert [row.details.name_order for row in without.rows] == ["given-first"]
    with_column = read_residents_csv(
        f"{header},Name written\n"
        f"János,Nagy,{dates},Family name first\n伟,李,{dates},FAMILY-FIRST\n"
        f"Zoë,Ødegård,{dates},\nAna,Ruiz,{dates},given first\nBob,Ode,{dates},sideways\n")
    assert [row.details.name_order for row in with_column.rows[:4]] == [
        "family-first", "family-first", "given-first", "given-first"]
    assert with_column.messages() == [
        'Line 6: Name written "sideways" is neither given-first nor family-first '
        "(given name first, or family name first)."]

"""The house lists on paper (sign-in sheet, roster, emergency contacts) and
the section lists, read back from the PDF."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from soberhouse.errors import NotFound
from soberhouse.house_lists import (
    ListKind,
    emergency_contacts,
    house_list,
    house_roster,
    next_meeting,
    sign_in_sheet,
)
from soberhouse.houses import HouseDetails, create_house, house_details, update_house
from soberhouse.models import House, Resident
from soberhouse.printed_lists import table_list
from soberhouse.reports.pdf.house_lists import printed_list_bytes
from soberhouse.reports.settings import ReportSettings
from soberhouse.residents import admit_resident, discharge
from tests.conftest import details_for
from tests.report_samples import pdf_font_names, pdf_pages

NOTICE = "Confidential: house records, keep in the office."
SETTINGS = ReportSettings(NOTICE)
PRINTED = dt.date(2026, 11, 15)

D = dt.date


def admit(house: House, first: str, last: str, number: int, **changes: object) -> Resident:
    values: dict[str, object] = dict(
        first_name=first, last_name=last, room=str(number), bed="A",
        date_of_birth=D(1980, 1, 1) + dt.timedelta(days=number))
    values.update(changes)
    return admit_resident(details_for(house, **values))


def pdf(printed: object, settings: ReportSettings = SETTINGS) -> bytes:
    return printed_list_bytes(printed, settings, printed_on=PRINTED,  # type: ignore[arg-type]
                              invariant=True)


def times_listed(text: str, name: str) -> int:
    return len(re.findall(re.escape(name) + r"(?!\w)", text))


@pytest.fixture
def residents(house: House, other_house: House) -> dict[str, int]:
    """Four living in Maple House (one with a Chinese name, one without an
    emergency contact), one discharged, one in Cedar House."""
    people = {
        "Zoë Nguyễn": admit(house, "Zoë", "Nguyễn", 1),
        "Kai Moana": admit(house, "Kai", "Moana", 2, phone="555-0199",
                           emergency_contact_name="Hana Moana",
                           emergency_contact_phone="555-0200"),
        "李伟": admit(house, "伟", "李", 3, name_order="family-first"),
        "Ana Wiśniewski": admit(house, "Ana", "Wiśniewski", 4, emergency_contact_name="",
                                emergency_contact_phone=""),
        "Gus Berg": admit(house, "Gus", "Berg", 5),
        "Cedar Person": admit(other_house, "Cedar", "Person", 6),
    }
    discharge(people["Gus Berg"].id, "discharged", D(2026, 11, 10), "Left without notice")
    return {name: resident.id for name, resident in people.items()}


def test_the_sign_in_sheet_is_for_the_next_meeting_with_everyone_living_there(
        house: House, residents: dict[str, int]) -> None:
    meeting = next_meeting(house.id)
    assert meeting is not None and meeting.held_on == D(2026, 11, 16)  # Monday, 19:00
    sheet = sign_in_sheet(house.id)
    [text] = pdf_pages(pdf(sheet))
    assert text.startswith("Maple House 12 Maple St Weekly meeting sign-in "
                           "Monday 16 Nov 2026, 19:00")
    for name in ("Zoë Nguyễn", "Kai Moana", "李伟", "Ana Wiśniewski"):
        assert times_listed(text, name) == 1, name
    assert "Gus Berg" not in text and "Cedar Person" not in text
    # By last name, numbered, each with room and bed; three blank lines follow.
    assert ("1 Kai Moana Room 2 · Bed A 2 Zoë Nguyễn Room 1 · Bed A "
            "3 Ana Wiśniewski Room 4 · Bed A 4 李伟 Room 3 · Bed A 5 6 7") in text
    assert "No. Resident Room / bed Time Signature" in text
    assert "4 residents living in Maple House on 16 Nov 2026." in text
    assert NOTICE in text and "Printed 15 Nov 2026" in text and "Page 1 of 1" in text
    assert sheet.file_name == "2026-11-16 Maple House sign-in sheet.pdf"


def test_a_long_list_has_the_header_on_every_page(house: House) -> None:
    update_house(house.id, HouseDetails(**{**house_details(house).__dict__, "beds": 80}))
    for number in range(70):
        admit(house, f"Person{number:02d}", "Long", number)
    for kind in ListKind:
        pages = pdf_pages(pdf(house_list(kind, house.id)))
        assert len(pages) >= 2, kind
        for number, text in enumerate(pages, start=1):
            assert text.startswith(f"Maple House 12 Maple St {house_list(kind, house.id).kind} ")
            assert ("Monday 16 Nov 2026" if kind is ListKind.SIGN_IN
                    else "Sunday 15 Nov 2026") in text
            assert NOTICE in text and f"Page {number} of {len(pages)}" in text
        everyone = " ".join(pages)
        for number in range(70):
            assert times_listed(everyone, f"Person{number:02d} Long") == 1


def test_the_roster_lists_rooms_beds_and_phones_of_the_active_residents(
        house: House, residents: dict[str, int]) -> None:
    [text] = pdf_pages(pdf(house_roster(house.id)))
    assert "House roster Sunday 15 Nov 2026" in text
    assert "Resident Room Bed Phone Tier Moved in" in text
    assert "Kai Moana 2 A 555-0199 Newcomer 3 Oct 2026" in text
    for name in ("Zoë Nguyễn", "Kai Moana", "李伟", "Ana Wiśniewski"):
        assert times_listed(text, name) == 1, name
    assert "Gus Berg" not in text and "Cedar Person" not in text
    assert "4 residents; 4 of 8 beds in use." in text


def test_the_emergency_contacts_say_who_has_none(house: House,
                                                 residents: dict[str, int]) -> None:
    [text] = pdf_pages(pdf(emergency_contacts(house.id)))
    assert "Emergency contacts Sunday 15 Nov 2026" in text
    assert "Kai Moana Room 2 · Bed A 555-0199 Hana Moana 555-0200" in text
    assert "Zoë Nguyễn Room 1 · Bed A 555-0101 Bảo Nguyễn 555-0102" in text
    assert "Ana Wiśniewski Room 4 · Bed A 555-0101 None on record —" in text
    assert "1 resident without an emergency contact on record" in text
    assert "Gus Berg" not in text


def test_every_house_one_table_each(house: House, other_house: House,
                                    residents: dict[str, int]) -> None:
    text = " ".join(pdf_pages(pdf(house_roster(None))))
    assert text.startswith("All houses House roster")
    assert text.index("Cedar House") < text.index("Cedar Person") < text.index("Maple House")
    assert "1 resident; 1 of 2 beds in use." in text
    with pytest.raises(NotFound, match="one house"):
        house_list(ListKind.SIGN_IN, None)


def test_chinese_japanese_and_korean_names_print(house: House) -> None:
    admit(house, "伟", "李", 1, name_order="family-first")
    admit(house, "さくら", "佐藤", 2, name_order="family-first")
    admit(house, "민준", "김", 3, name_order="family-first")
    for kind in ListKind:
        data = pdf(house_list(kind, house.id))
        text = pdf_pages(data)[0]
        assert "李伟" in text and "佐藤さくら" in text and "김민준" in text
        assert {"DroidSansFallback", "NanumGothic"} <= pdf_font_names(data)


def test_the_paper_size_setting(house: House, residents: dict[str, int]) -> None:
    import io

    from pypdf import PdfReader

    for paper, size in (("letter", (612, 792)), ("A4", (595, 842))):
        data = pdf(house_roster(house.id), ReportSettings(NOTICE, paper_size=paper))
        page = PdfReader(io.BytesIO(data)).pages[0]
        assert tuple(round(float(v)) for v in page.mediabox.upper_right) == size


def test_no_meeting_coming_is_said(db: object) -> None:
    quiet = create_house(HouseDetails(name="Quiet House", beds=3, meeting_weekday=None))
    assert next_meeting(quiet.id) is None
    with pytest.raises(NotFound, match="Quiet House has no house meeting coming"):
        sign_in_sheet(quiet.id)


def test_an_empty_house_says_so(db: object, house: House) -> None:
    [text] = pdf_pages(pdf(house_roster(house.id)))
    assert "Nobody lives in the house now." in text


def test_a_section_table_prints_as_shown(house: House, tmp_path: Path) -> None:
    printed = table_list("Outside meetings", "Maple House", "9–15 Nov 2026",
                         ["Resident", "Quota", "Status"],
                         [["Zoë Nguyễn", "3", "Behind: 1 of 3"], ["Kai Moana", "4", "Met"]],
                         numeric=[1])
    [text] = pdf_pages(pdf(printed))
    assert text.startswith("Maple House Outside meetings 9–15 Nov 2026")
    assert "Resident Quota Status Zoë Nguyễn 3 Behind: 1 of 3 Kai Moana 4 Met" in text

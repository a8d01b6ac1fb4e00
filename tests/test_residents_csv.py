"""Residents from and to CSV: reading, every kind of bad line, one transaction, round trip."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import os
from soberhouse import sqlite_driver
import stat
from pathlib import Path

import peewee
import pytest

from soberhouse import accounts, database
from soberhouse.errors import RuleViolation
from soberhouse.houses import HouseDetails, create_house, tiers_of
from soberhouse.models import ChangeEntry, House, Resident, StatusChange, Stay, database_proxy
from soberhouse.residents import (
    ResidentDetails,
    admit_resident,
    change_tier,
    discharge,
    resident_history,
)
from soberhouse.residents_csv import (
    PROGRESS_EVERY,
    ImportCancelled,
    apply_import,
    export_residents,
    parse_date,
    read_residents_csv,
)

from .conftest import details_for
from .test_postgresql import postgresql  # noqa: F401 (the fixture)

HEADER = "First name,Last name,Date of birth,House,Move-in date,Sobriety date,Room,Bed"


def csv_text(*lines: str, header: str = HEADER) -> str:
    return "\n".join((header, *lines)) + "\n"


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "residents.csv"
          ) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_bom_semicolons_and_synonyms(house: House, tmp_path: Path) -> None:
    text = ("Given name ; SURNAME;DOB;house;Move-in;Clean date;Phase;Goes by;Favourite colour\n"
            "Zoë;Nguyễn;1990-04-02;maple house;2026-10-03;2026-09-20;Established;Zo;blue\n"
            "Łukasz;Wójcik;1985-01-31;Maple House;2026-11-01;2026-10-30;;;green\n")
    preview = read_residents_csv(write(tmp_path, text, "utf-8-sig"))
    assert preview.columns["first_name"] == "Given name"
    assert preview.columns["tier_id"] == "Phase"
    assert preview.unknown_columns == ("Favourite colour",)
    assert preview.bad_rows == []
    assert preview.summary == "2 rows ready"
    first, second = preview.rows
    assert (first.line, first.name, first.house_name, first.tier_name) == (
        2, "Zoë Nguyễn", "Maple House", "Established")
    assert first.details.preferred_name == "Zo"
    assert second.tier_name == ""  # the entry tier
    assert apply_import(preview) == 2
    zoe = Resident.get(Resident.first_name == "Zoë")
    assert (zoe.tier.name, zoe.house_id, zoe.date_of_birth) == ("Established", house.id,
                                                                 dt.date(1990, 4, 2))
    assert Resident.get(Resident.first_name == "Łukasz").tier.name == "Newcomer"


def test_commas_and_month_first_dates(house: House) -> None:
    preview = read_residents_csv(csv_text("Ana,Ruiz,04/02/1990,Maple House,10/03/2026,"
                                          "9/20/2026,1,A"), date_order="mdy")
    details = preview.rows[0].details
    assert (details.date_of_birth, details.move_in_date, details.sobriety_date) == (
        dt.date(1990, 4, 2), dt.date(2026, 10, 3), dt.date(2026, 9, 20))


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2026-10-03", "dmy", dt.date(2026, 10, 3)),  # ISO is always accepted
        ("2026-10-03 00:00:00", "ymd", dt.date(2026, 10, 3)),
        ("03/04/2026", "mdy", dt.date(2026, 3, 4)),  # ambiguous: the stated order
        ("03/04/2026", "dmy", dt.date(2026, 4, 3)),
        ("3.4.2026", "dmy", dt.date(2026, 4, 3)),
    ],
)
def test_dates_are_read_in_the_stated_order(text: str, order: str, expected: dt.date) -> None:
    assert parse_date(text, order) == expected  # type: ignore[arg-type]


def test_bad_dates_give_the_line_column_and_reason(house: House) -> None:
    text = csv_text("Ana,Ruiz,31/02/1990,Maple House,03/10/2026,20/09/2026,1,A",
                    "Bo,Lee,01/02/1990,Maple House,13/01/2026,sometime,1,B",
                    header="First name,Last name,Birth date,House,Admission date,"
                           "Clean date,Room,Bed")
    preview = read_residents_csv(text, date_order="dmy")
    assert preview.messages()[0] == (
        'Line 2: Birth date "31/02/1990" is not a real date (day/month/year)')
    under_mdy = read_residents_csv(text, date_order="mdy")
    assert ('Line 3: Admission date "13/01/2026" is not a date in month/day/year order '
            '(there is no month 13)') in under_mdy.messages()
    assert any(m.startswith('Line 3: Clean date "sometime" is not a date')
               for m in under_mdy.messages())
    under_ymd = read_residents_csv(text)
    assert any("choose the date order the file uses" in m for m in under_ymd.messages())


def test_core_rules_name_the_files_column(house: House) -> None:
    text = csv_text("Ana,Ruiz,2015-01-01,Maple House,2026-10-03,2026-09-20,1,A",
                    ",Lee,1990-01-01,Maple House,2026-10-03,2026-12-20,1,B",
                    header="First,Last,DOB,House,Move-in,Sober date,Room,Bed")
    messages = read_residents_csv(text).messages()
    assert messages == [
        'Line 2: DOB "2015-01-01": Residents must be at least 16: this date of birth makes '
        "them 11.",
        "Line 3: First: First name is required.",
        'Line 3: Sober date "2026-12-20": Sobriety date can\'t be after today.',
    ]


def test_unknown_house_and_tier(house: House, other_house: House) -> None:
    text = csv_text("Ana,Ruiz,1990-01-01,Oak House,2026-10-03,2026-09-20,,",
                    "Bo,Lee,1990-01-01,Cedar House,2026-10-03,2026-09-20,,,Phase 9",
                    "Cy,Ng,1990-01-01,Cedar House,2026-10-03,2026-09-20,,,2",
                    header=HEADER + ",Tier")
    preview = read_residents_csv(text)
    assert preview.messages() == [
        'Line 2: There is no house called "Oak House" (houses: Cedar House, Maple House).',
        'Line 3: Tier "Phase 9" is not one of Cedar House\'s tiers (Newcomer, Established, '
        "Senior).",
    ]
    assert preview.rows[2].tier_name == "Established"  # a tier may be given by its number


def test_a_missing_required_column_refuses_the_file(house: House) -> None:
    with pytest.raises(RuleViolation) as error:
        read_residents_csv("First name,Last name,House,Move-in date\nAna,Ruiz,Maple House,"
                           "2026-10-03\n")
    assert "no column for: Date of birth, Sobriety date" in str(error.value)


def test_the_default_house_serves_a_file_without_a_house_column(house: House) -> None:
    text = "First name,Last name,Date of birth,Move-in date,Sobriety date\n" \
           "Ana,Ruiz,1990-01-01,2026-10-03,2026-09-20\n"
    with pytest.raises(RuleViolation, match="House"):
        read_residents_csv(text)
    preview = read_residents_csv(text, default_house=house)
    assert preview.rows[0].house_name == "Maple House"
    assert apply_import(preview) == 1


def test_a_file_that_is_not_utf8_is_refused(house: House, tmp_path: Path) -> None:
    path = write(tmp_path, csv_text("José,Álvarez,1990-01-01,Maple House,2026-10-03,"
                                    "2026-09-20,1,A"), encoding="cp1252")
    with pytest.raises(RuleViolation, match="not UTF-8"):
        read_residents_csv(path)


def test_one_bad_line_blocks_everything_unless_skipped(house: House) -> None:
    text = csv_text("Ana,Ruiz,1990-01-01,Maple House,2026-10-03,2026-09-20,1,A",
                    "Bo,Lee,1990-01-01,Maple House,2026-10-03,2027-01-01,1,B",
                    "",  # empty lines at the end are ignored
                    ",,,,,,,")
    preview = read_residents_csv(text)
    assert preview.summary == "1 row ready, 1 with problems"
    before = Resident.select().count()
    with pytest.raises(RuleViolation, match="Nothing was imported"):
        apply_import(preview)
    assert Resident.select().count() == before
    assert apply_import(preview, skip_bad=True) == 1
    assert [r.first_name for r in Resident.select()] == ["Ana"]


def test_the_preview_saves_nothing(house: House) -> None:
    read_residents_csv(csv_text("Ana,Ruiz,1990-01-01,Maple House,2026-10-03,2026-09-20,1,A"))
    assert Resident.select().count() == 0
    assert Stay.select().count() == 0


def test_duplicates_within_the_file_and_on_record(house: House) -> None:
    admit_resident(details_for(house))  # Zoë Nguyễn, 1990-04-02, room 2 bed A
    text = csv_text("Ana,Ruiz,1990-01-01,Maple House,2026-10-03,2026-09-20,1,A",
                    "ANA, ruiz ,1990-01-01,Maple House,2026-10-03,2026-09-20,1,B",
                    "zoë,NGUYỄN,1990-04-02,Maple House,2026-10-03,2026-09-20,3,A")
    messages = read_residents_csv(text).messages()
    assert messages[0] == ("Line 3: Same name and date of birth as line 2: is this the same "
                           "person twice?")
    assert messages[1].startswith("Line 4: A resident with the same name and date of birth is "
                                  "already on record: Zoë Nguyễn")


def test_one_bed_twice_and_more_lines_than_beds(other_house: House) -> None:
    # Cedar House has 2 beds.
    text = csv_text("Ana,Ruiz,1990-01-01,Cedar House,2026-10-03,2026-09-20,1,A",
                    "Bo,Lee,1990-01-01,Cedar House,2026-10-03,2026-09-20,1,a",
                    "Cy,Ng,1990-01-01,Cedar House,2026-10-03,2026-09-20,1,B",
                    "Di,Ho,1990-01-01,Cedar House,2026-10-03,2026-09-20,2,A",
                    "Ed,Yu,1990-01-01,Cedar House,2026-01-03,2026-01-01,2,A")
    text = text.replace("2026-01-01,2,A", "2026-01-01,2,A,graduated,2026-03-01")
    text = text.replace(HEADER, HEADER + ",Status,Discharge date")
    preview = read_residents_csv(text)
    assert preview.messages() == [
        'Line 3: Bed "a": Room 1 · Bed A in Cedar House is taken by Ana Ruiz. '
        "(line 2 of this file)",
        "Line 5: House \"Cedar House\": Cedar House is full: all 2 beds are in use. (counting 2 from the "
        "lines above in this file)",
    ]
    assert [row.line for row in preview.good_rows] == [2, 4, 6]  # a former resident: no bed
    assert apply_import(preview, skip_bad=True) == 3


def test_a_line_that_no_longer_fits_refuses_the_whole_import(other_house: House) -> None:
    preview = read_residents_csv(csv_text(
        "Ana,Ruiz,1990-01-01,Cedar House,2026-10-03,2026-09-20,1,A",
        "Bo,Lee,1990-01-01,Cedar House,2026-10-03,2026-09-20,1,B"))
    admit_resident(details_for(other_house, room="1", bed="B"))  # since the preview
    with pytest.raises(RuleViolation, match="line 3 no longer fits"):
        apply_import(preview)
    assert Resident.select().count() == 1


def test_line_numbers_count_lines_inside_quoted_cells(house: House) -> None:
    text = csv_text('Ana,Ruiz,1990-01-01,Maple House,2026-10-03,2026-09-20,1,A,"two\nlines"',
                    "Bo,Lee,1990-01-01,Maple House,2026-10-03,2027-09-20,1,B,",
                    header=HEADER + ",Notes")
    preview = read_residents_csv(text)
    assert preview.rows[0].details.notes == "two\nlines"
    assert [row.line for row in preview.bad_rows] == [4]


def comparable(resident: Resident) -> dict[str, object]:
    values = dataclasses.asdict(ResidentDetails.of(resident))
    del values["house_id"], values["tier_id"]
    values["house"] = resident.house.name
    values["tier"] = resident.tier.name
    return values


def test_export_then_import_into_an_empty_database_gives_the_same_records(
        house: House, other_house: House, tmp_path: Path, db: peewee.Database) -> None:
    admit_resident(details_for(house, preferred_name="Zo", notes='Says "hi"; likes\ntea,'))
    sofia = admit_resident(details_for(house, first_name="Σοφία", last_name="Παπαδοπούλου",
                                       room="3", bed="B", phone="", substances=""))
    change_tier(sofia.id, tiers_of(house.id)[1].id, dt.date(2026, 11, 3), "30 days")
    former = admit_resident(details_for(other_house, first_name="李", last_name="伟",
                                        bed="", room=""))
    discharge(former.id, "graduated", dt.date(2026, 11, 10), "Completed the program")
    admit_resident(details_for(other_house, first_name="Юлия", last_name="Смирнова",
                               status="left", discharge_date=dt.date(2026, 10, 20),
                               discharge_reason="Moved away", bed="", room=""))
    before = sorted((comparable(r) for r in Resident.select()), key=str)
    path = tmp_path / "export.csv"
    assert export_residents(path) == 4
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    database.close()
    database.connect(tmp_path / "empty.sqlite3")
    accounts.act_as("test-manager")
    create_house(HouseDetails(name="Maple House", beds=8))
    create_house(HouseDetails(name="Cedar House", beds=2))
    preview = read_residents_csv(path)
    assert preview.messages() == []
    assert apply_import(preview) == 4
    after = sorted((comparable(r) for r in Resident.select()), key=str)
    assert after == before
    closed = Stay.get(Stay.resident == Resident.get(Resident.first_name == "李").id)
    assert (closed.move_out_date, closed.end_status) == (dt.date(2026, 11, 10), "graduated")


def test_a_large_file_counts_beds_across_all_its_lines(db: peewee.Database) -> None:
    """4,000 lines, 45 of them living in a 40-bed house: the last five are refused."""
    create_house(HouseDetails(name="Maple House", beds=40))
    lines = [f"P{i},Q{i},1980-01-{1 + i % 28:02d},Maple House,2025-01-10,2025-01-01,"
             f"{i},A" + (",active," if i < 45 else ",left,2025-06-01") for i in range(4000)]
    text = csv_text(*lines, header=HEADER + ",Status,Discharge date")
    preview = read_residents_csv(text)
    assert len(preview.good_rows) == 3995
    assert [row.line for row in preview.bad_rows] == [42, 43, 44, 45, 46]
    assert "Maple House is full: all 40 beds are in use." in preview.messages()[0]


# ---------------------------------------------------------------- progress and cancel


def many_lines(count: int, beds_used: int = 8) -> str:
    """``count`` good lines for Maple House: the first ``beds_used`` live there."""
    return csv_text(*[f"P{i},Q{i},1980-01-{1 + i % 28:02d},Maple House,2025-01-10,2025-01-01,"
                      f",," + ("active," if i < beds_used else "left,2025-06-01")
                      for i in range(count)], header=HEADER + ",Status,Discharge date")


class Recorder:
    """A progress function: records each report, answers False from ``stop_at`` on."""

    def __init__(self, stop_at: int | None = None) -> None:
        self.reports: list[tuple[int, int]] = []
        self.stop_at = stop_at

    def __call__(self, done: int, total: int) -> bool:
        self.reports.append((done, total))
        return self.stop_at is None or done < self.stop_at


def test_the_preview_reports_its_progress_by_file_line(house: House) -> None:
    progress = Recorder()
    text = many_lines(50) + "\n\n"  # the empty lines at the end count as lines too
    preview = read_residents_csv(text, progress=progress)
    assert len(preview.rows) == 50
    assert progress.reports[0] == (0, 53) and progress.reports[-1] == (53, 53)
    # Every PROGRESS_EVERY lines, counting in file lines (the header is line 1).
    assert progress.reports[1:-1] == [(21, 53), (41, 53)]
    assert PROGRESS_EVERY == 20


def test_cancelling_the_preview_stops_early_and_saves_nothing(house: House) -> None:
    progress = Recorder(stop_at=21)
    with pytest.raises(ImportCancelled):
        read_residents_csv(many_lines(200), progress=progress)
    assert progress.reports == [(0, 201), (21, 201)]  # not one more
    assert not database_proxy.in_transaction()
    assert Resident.select().count() == 0
    # Stopped before it began: nothing is even read.
    with pytest.raises(ImportCancelled, match="cancelled"):
        read_residents_csv(many_lines(5), progress=lambda done, total: False)


def test_a_progress_function_answering_none_does_not_cancel(house: House) -> None:
    preview = read_residents_csv(many_lines(30), progress=lambda done, total: None)  # type: ignore[arg-type,return-value]
    assert apply_import(preview, progress=lambda done, total: None) == 30  # type: ignore[arg-type,return-value]


def test_the_import_reports_its_progress(house: House) -> None:
    preview = read_residents_csv(many_lines(45))
    progress = Recorder()
    assert apply_import(preview, progress=progress) == 45
    assert progress.reports == [(0, 45), (20, 45), (40, 45), (45, 45)]
    assert Resident.select().count() == 45


@pytest.mark.parametrize("stop_at", [0, 20, 45])  # at once, midway, just before commit
def test_cancelling_the_import_imports_nothing(house: House, stop_at: int) -> None:
    admit_resident(details_for(house))  # already on record: stays
    preview = read_residents_csv(many_lines(45, beds_used=5))
    before = (Resident.select().count(), Stay.select().count(), StatusChange.select().count())
    progress = Recorder(stop_at=stop_at)
    with pytest.raises(ImportCancelled) as cancelled:
        apply_import(preview, progress=progress)
    assert str(cancelled.value) == "Import cancelled: nothing was imported."
    assert progress.reports[-1][0] == stop_at
    assert (Resident.select().count(), Stay.select().count(),
            StatusChange.select().count()) == before
    assert not database_proxy.in_transaction()
    assert apply_import(preview) == 45  # the same preview still imports afterwards


def test_export_then_import_into_an_empty_database_creates_the_houses(
        db: peewee.Database, house: House, tmp_path: Path) -> None:
    from soberhouse.houses import list_houses

    admit_resident(details_for(house))
    admit_resident(details_for(house, first_name="Ana", bed="B", status="graduated",
                               discharge_date=dt.date(2026, 11, 10),
                               discharge_reason="Completed the program"))
    path = tmp_path / "residents.csv"
    export_residents(path)
    before = sorted((comparable(r) for r in Resident.select()), key=str)

    database.close()
    database.connect(tmp_path / "empty.sqlite3")
    accounts.act_as("test-manager")
    refused = read_residents_csv(path)
    assert refused.good_rows == [] and "There is no house called" in refused.messages()[0]
    preview = read_residents_csv(path, create_missing_houses=True)
    assert [h.description() for h in preview.houses_to_create] == [
        "Maple House will be created with 1 bed and the tiers Newcomer, Established, "
        "Senior: check them in Settings afterwards."]
    assert list_houses() == []  # the preview saved nothing
    assert apply_import(preview) == 2
    assert [(h.name, h.beds) for h in list_houses()] == [("Maple House", 1)]
    after = sorted((comparable(r) for r in Resident.select()), key=str)
    assert after == before


# ---------------------------------------------------------------- other writers


def rival_connection(db_path: Path) -> sqlite_driver.Connection:
    """A second program on the same file: plain sqlite3, a short busy timeout."""
    return sqlite_driver.connect(db_path, timeout=0.2, isolation_level=None)


def take_bed_behind_our_back(db_path: Path, copy_of: int, first_name: str, room: str,
                             bed: str) -> None:
    """Another program admits someone into a bed: a copy of resident ``copy_of``'s
    row under another name, committed on its own connection."""
    rival = rival_connection(db_path)
    columns = [row[1] for row in rival.execute("PRAGMA table_info(resident)") if row[1] != "id"]
    values = [{"first_name": "?", "room": "?", "bed": "?"}.get(name, name) for name in columns]
    rival.execute("BEGIN IMMEDIATE")
    rival.execute(f"INSERT INTO resident ({', '.join(columns)}) SELECT {', '.join(values)} "
                  f"FROM resident WHERE id = ?", (first_name, room, bed, copy_of))
    rival.execute("COMMIT")
    rival.close()


def test_checking_a_file_leaves_others_free_to_save_and_the_import_checks_again(
        house: House, db_path: Path) -> None:
    """While a file is checked another program saves (it would get "database is
    locked" if the check held the write lock); it takes a bed a line wants
    before the import, and the import refuses, naming the line and the bed."""
    kim = admit_resident(details_for(house, first_name="Kim", room="9", bed="A"))
    lines = [f"P{i},Q{i},1980-01-{1 + i % 28:02d},Maple House,2025-01-10,2025-01-01,,,left,"
             f"2025-06-01" for i in range(30)]
    lines[25] = "Bo,Lee,1990-01-01,Maple House,2026-10-03,2026-09-20,1,B,,"
    text = csv_text(*lines, header=HEADER + ",Status,Discharge date")
    saved_meanwhile: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        rival = rival_connection(db_path)
        rival.execute("BEGIN IMMEDIATE")  # raises "database is locked" under a write lock
        rival.execute("COMMIT")
        rival.close()
        saved_meanwhile.append((done, total))
        if done == total:  # the check has read everything: now the bed goes
            take_bed_behind_our_back(db_path, kim.id, "Rival", "1", "b")
        return True

    preview = read_residents_csv(text, progress=progress)
    assert saved_meanwhile == [(0, 31), (21, 31), (31, 31)]
    assert preview.bad_rows == []
    with pytest.raises(RuleViolation) as refused:
        apply_import(preview)
    assert str(refused.value) == (
        'Nothing was imported: line 27 no longer fits (Bed "B": Room 1 · Bed b in Maple House '
        "is taken by Rival Nguyễn.). Check the file again.")
    assert sorted(r.first_name for r in Resident.select()) == ["Kim", "Rival"]


def test_a_house_filled_by_someone_else_since_the_check_refuses_the_import(
        other_house: House, db_path: Path) -> None:
    # Cedar House: 2 beds, one taken; the file brings one more.
    first = admit_resident(details_for(other_house, room="1", bed="A"))
    preview = read_residents_csv(csv_text(
        "Ana,Ruiz,1990-01-01,Cedar House,2026-10-03,2026-09-20,2,A"))
    assert preview.bad_rows == []
    take_bed_behind_our_back(db_path, first.id, "Rival", "3", "A")
    with pytest.raises(RuleViolation, match=r"line 2 no longer fits \(House \"Cedar House\": "
                                            r"Cedar House is full: all 2 beds are in use\.\)"):
        apply_import(preview)
    assert Resident.select().count() == 2


def test_the_same_person_admitted_since_the_check_refuses_the_import(house: House) -> None:
    preview = read_residents_csv(csv_text(
        "Zoe,Nguyen,1990-04-02,Maple House,2026-10-03,2026-09-20,5,A"))
    assert preview.bad_rows == []
    admit_resident(details_for(house))  # Zoë Nguyễn, born 1990-04-02
    with pytest.raises(RuleViolation, match="line 2 no longer fits .*A resident with the same "
                                            "name and date of birth is already on record"):
        apply_import(preview)


def test_the_import_is_one_change_naming_the_file_and_every_resident(
        house: House, tmp_path: Path) -> None:
    path = write(tmp_path, csv_text("Ana,Ruiz,1990-01-01,Maple House,2026-10-03,2026-09-20,1,A",
                                    "Bo,Lee,1990-01-01,Maple House,2026-10-03,2026-09-20,1,B"),
                 name="october intake.csv")
    before = ChangeEntry.select().count()
    assert apply_import(read_residents_csv(path)) == 2
    entry = ChangeEntry.select().order_by(ChangeEntry.id.desc()).get()
    assert ChangeEntry.select().count() == before + 1
    ids = sorted(r.id for r in Resident.select())
    assert (entry.action, entry.kinds, entry.resident_ids) == (
        "imported residents from october intake.csv", "resident", ",".join(map(str, ids)))


def test_an_imported_resident_has_the_record_and_history_of_one_admitted_by_hand(
        house: House, tmp_path: Path) -> None:
    """The import writes in bulk what admit_resident writes one by one: the
    same record, stay and history rows."""
    by_hand = admit_resident(details_for(house, status="graduated",
                                         discharge_date=dt.date(2026, 11, 1),
                                         discharge_reason="Completed the program",
                                         tier_id=tiers_of(house.id)[1].id),
                             reason="Imported from residents.csv")
    path = tmp_path / "residents.csv"
    export_residents(path)
    path.write_text(path.read_text("utf-8-sig").replace("Zoë", "Zoya"), "utf-8")
    assert apply_import(read_residents_csv(path)) == 1
    imported = Resident.get(Resident.first_name == "Zoya")

    def history(resident_id: int) -> list[tuple[object, ...]]:
        return [(e.effective_date, e.kind, e.summary, e.reason, e.recorded_by)
                for e in resident_history(resident_id)]

    assert [h[1] for h in history(imported.id)] == ["status", "status", "tier", "sobriety", "bed"]
    assert history(imported.id) == history(by_hand.id)
    stays = [(s.house_id, s.move_in_date, s.move_out_date, s.end_status, s.end_reason)
             for s in Stay.select().order_by(Stay.resident)]
    assert stays == [stays[0], stays[0]]
    assert comparable(imported) == {**comparable(by_hand), "first_name": "Zoya"}


@pytest.mark.parametrize("changes", [
    {"room": "2", "bed": "A"},  # taken by Zoë
    {"house": "Cedar House"},  # full
    {"first_name": "A" * 121},  # longer than its column
    {"last_name": "Ng\u202euyen"},  # a bidi override
    {"date_of_birth": "1890-01-01"},
    {"status": "left"},  # no discharge date
    {"status": "banned"},
    {"first_name": "zoe", "last_name": "NGUYEN", "date_of_birth": "1990-04-02"},  # Zoë?
])
def test_the_file_check_says_what_the_intake_form_says(
        house: House, other_house: House, changes: dict[str, str]) -> None:
    """The check answers from memory what admit_resident asks the database: the
    same refusals, in the same words."""
    admit_resident(details_for(house))  # room 2, bed A
    admit_resident(details_for(other_house, first_name="Ed", room="1", bed="A"))
    admit_resident(details_for(other_house, first_name="Di", room="1", bed="B"))
    cells = {"first_name": "Ana", "last_name": "Ruiz", "date_of_birth": "1990-01-01",
             "house": "Maple House", "move_in_date": "2026-10-03",
             "sobriety_date": "2026-09-20", "room": "5", "bed": "C", "status": "active",
             **changes}
    with pytest.raises(RuleViolation) as by_hand:
        admit_resident(ResidentDetails(
            first_name=cells["first_name"], last_name=cells["last_name"],
            date_of_birth=dt.date.fromisoformat(cells["date_of_birth"]),
            house_id=House.get(House.name == cells["house"]).id,
            move_in_date=dt.date(2026, 10, 3), sobriety_date=dt.date(2026, 9, 20),
            room=cells["room"], bed=cells["bed"], status=cells["status"]))
    line = ",".join(cells[name] for name in ("first_name", "last_name", "date_of_birth",
                                             "house", "move_in_date", "sobriety_date",
                                             "room", "bed", "status"))
    file_messages = " ".join(read_residents_csv(csv_text(line, header=HEADER + ",Status"))
                             .messages())
    assert file_messages.startswith("Line 2: ")
    for problem in by_hand.value.problems:
        assert problem.message in file_messages


@pytest.mark.usefixtures("postgresql")
def test_a_residents_file_goes_out_and_back_in_on_postgresql(tmp_path: Path) -> None:
    """The bulk write (ids by RETURNING, dates as ISO text) on a real server."""
    maple = create_house(HouseDetails(name="Maple House", beds=8))
    admit_resident(details_for(maple, notes="=SUM(1)"))
    admit_resident(details_for(maple, first_name="Ana", room="3", status="left",
                               discharge_date=dt.date(2026, 11, 1), discharge_reason="Moved"))
    path = tmp_path / "residents.csv"
    export_residents(path)
    before = sorted((comparable(r) for r in Resident.select()), key=str)
    text = path.read_text("utf-8-sig").replace("Maple House", "Cedar House")
    preview = read_residents_csv(text.replace(",Nguyễn,", ",Lê,"), create_missing_houses=True)
    assert preview.messages() == []
    assert apply_import(preview) == 2
    moved = sorted((comparable(r) for r in Resident.select().join(House)
                    .where(House.name == "Cedar House")), key=str)
    assert moved == sorted(({**r, "house": "Cedar House", "last_name": "Lê"} for r in before),
                           key=str)
    ana = Resident.get((Resident.first_name == "Ana") & (Resident.house != maple.id))
    assert [e.summary for e in resident_history(ana.id)][:2] == [
        "Status: active → left", "Admitted (active)"]


# ---------------------------------------------------------------- files gone wrong


def test_an_absurdly_long_cell_is_a_problem_of_its_line_not_a_crash(
        house: House, tmp_path: Path) -> None:
    """Python's csv module stops at a cell over 131,072 characters."""
    text = csv_text("Ana,Ruiz,1990-01-01,Maple House,2026-10-03,2026-09-20,1,A," + "x" * 200_000,
                    "Bo,Lee,1990-01-01,Maple House,2026-10-03,2026-09-20,1,B,fine",
                    header=HEADER + ",Notes")
    preview = read_residents_csv(write(tmp_path, text))
    assert preview.messages() == [
        "Line 2: The Notes cell is 200,000 characters long: a cell holds at most 10,000."]
    assert preview.rows[0].cells["notes"] == ""  # not shown
    assert [row.name for row in preview.good_rows] == ["Bo Lee"]


def test_a_quote_never_closed_is_said_where_it_opens(house: House) -> None:
    text = csv_text("Ana,Ruiz,1990-01-01,Maple House,2026-10-03,2026-09-20,1,A,\"fine\"",
                    'Bo,Lee,1990-01-01,Maple House,2026-10-03,2026-09-20,1,B,"Likes tea',
                    "Cy,Ng,1990-01-01,Maple House,2026-10-03,2026-09-20,1,C,",
                    "Di,Ho,1990-01-01,Maple House,2026-10-03,2026-09-20,1,D,",
                    header=HEADER + ",Notes")
    preview = read_residents_csv(text)
    assert preview.messages() == [
        "Line 3: A quote opened here is never closed: lines 3 to 5 read as one cell. Close "
        "the quote (or remove it) and save the file again."]
    assert [row.line for row in preview.rows] == [2, 3]
    assert preview.rows[1].cells["notes"] == ""


def test_a_quote_closed_across_lines_and_doubled_quotes_are_fine(house: House) -> None:
    text = csv_text('Ana,Ruiz,1990-01-01,Maple House,2026-10-03,2026-09-20,1,A,"Says ""hi"",',
                    'then ""bye"""',
                    'Bo,Lee,1990-01-01,Maple House,2026-10-03,2026-09-20,1,B,5" tall',
                    header=HEADER + ",Notes")
    preview = read_residents_csv(text)
    assert preview.messages() == []
    assert [row.details.notes for row in preview.rows] == ['Says "hi",\nthen "bye"', '5" tall']


def test_a_quote_never_closed_in_the_header_refuses_the_file(house: House) -> None:
    with pytest.raises(RuleViolation, match='Line 1: a quote opened here is never closed'):
        read_residents_csv('First name,"Last name,Date of birth\nAna,Ruiz,1990-01-01\n')


def test_a_line_with_more_cells_than_the_header_says_so(house: House) -> None:
    text = csv_text("Ana,Ruiz,1990-01-01,Maple House,2026-10-03,2026-09-20,1,A",
                    "Bo,Lee,1990-01-01,Maple House,2026-10-03,2026-09-20,1,B,,",  # empty: fine
                    "Cy,Ng,Jr.,1990-01-01,Maple House,2026-10-03,2026-09-20,1,C")
    preview = read_residents_csv(text)
    messages = preview.messages()
    assert messages[0] == (
        'Line 4: This line has 9 cells but the header has 8: "C" is under no column. A comma '
        "inside a cell needs quotes around the cell.")
    assert 'Line 4: Date of birth "Jr." is not a date: write it like 2026-10-03' in messages
    assert [row.line for row in preview.good_rows] == [2, 3]


# ---------------------------------------------------------------- safe exports


def test_cells_a_spreadsheet_would_run_are_exported_as_text_and_come_back_as_they_were(
        house: House, tmp_path: Path, db: peewee.Database) -> None:
    admit_resident(details_for(house, first_name="+Ana", preferred_name="@na",
                               notes="=SUM(1)", phone="-", substances="'=already quoted"))
    admit_resident(details_for(house, first_name="Bo", room="3",
                               notes="=HYPERLINK(\"http://example.com\",\"click\")"))
    before = sorted((comparable(r) for r in Resident.select()), key=str)
    path = tmp_path / "residents.csv"
    export_residents(path)
    cells = [cell for row in csv.reader(path.read_text("utf-8-sig").splitlines())
             for cell in row]
    assert {"'+Ana", "'@na", "'=SUM(1)", "'-", "''=already quoted",
            "'=HYPERLINK(\"http://example.com\",\"click\")"} <= set(cells)
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]

    database.close()
    database.connect(tmp_path / "empty.sqlite3")
    accounts.act_as("test-manager")
    create_house(HouseDetails(name="Maple House", beds=8))
    preview = read_residents_csv(path)
    assert preview.messages() == []
    assert apply_import(preview) == 2
    assert sorted((comparable(r) for r in Resident.select()), key=str) == before


REAL_CSV_WRITER = csv.writer


class FailingWriter:
    """csv.writer whose third row fails as a full disk does."""

    def __init__(self, file: object) -> None:
        self.writer = REAL_CSV_WRITER(file)  # type: ignore[arg-type]
        self.rows = 0

    def writerow(self, row: list[object]) -> None:
        self.rows += 1
        if self.rows == 3:
            raise OSError(28, "No space left on device")
        self.writer.writerow(row)


def test_an_export_failing_half_way_leaves_the_old_file_and_no_part_file(
        house: House, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for number in range(4):
        admit_resident(details_for(house, first_name=f"P{number}", room=str(number)))
    target = tmp_path / "residents.csv"
    target.write_text("last week's export\n")
    monkeypatch.setattr("soberhouse.csv_writing.csv.writer", FailingWriter)
    with pytest.raises(OSError, match="No space left"):
        export_residents(target)
    assert target.read_text() == "last week's export\n"
    with pytest.raises(OSError, match="No space left"):
        export_residents(tmp_path / "new.csv")
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("house.sqlite3")] == [
        "residents.csv"]


def test_an_export_is_readable_by_its_owner_only(house: House, tmp_path: Path) -> None:
    admit_resident(details_for(house))
    target = tmp_path / "residents.csv"
    target.write_text("old")
    target.chmod(0o644)
    assert export_residents(target) == 1
    assert os.name != "posix" or stat.S_IMODE(target.stat().st_mode) == 0o600


def test_the_check_and_the_import_read_as_much_for_5_lines_as_for_60(
        house: House) -> None:
    """No query per line besides the import's own INSERTs (which bypass
    execute_sql): a long file onto a long list of residents born on the same
    days stays quick, and the import's reads run while it holds the write lock."""
    for number in range(30):  # residents on record, several born on each day of the file
        admit_resident(details_for(house, first_name=f"On{number}", room="", bed="",
                                   date_of_birth=dt.date(1980, 1, 1 + number % 3),
                                   status="left", discharge_date=dt.date(2026, 11, 1)))

    def queries(lines: int) -> tuple[int, int]:
        text = csv_text(*[f"N{lines}x{i},Q,1980-01-0{1 + i % 3},Maple House,2025-01-10,"
                          f"2025-01-01,,,left,2025-06-01" for i in range(lines)],
                        header=HEADER + ",Status,Discharge date")
        executed: list[str] = []
        original = database_proxy.obj.execute_sql

        def counting(sql: str, *args: object, **kwargs: object) -> object:
            executed.append(sql)
            return original(sql, *args, **kwargs)

        database_proxy.obj.execute_sql = counting  # type: ignore[method-assign]
        try:
            preview = read_residents_csv(text)
            checked = len(executed)
            assert apply_import(preview) == lines
        finally:
            del database_proxy.obj.execute_sql
        return checked, len(executed) - checked

    assert queries(5) == queries(60)

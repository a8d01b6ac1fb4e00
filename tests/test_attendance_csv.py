"""Outside meetings and roll calls from and to CSV: reading, bad lines with their
line numbers, all or nothing, skip, cancel, round trip, and the query count."""

from __future__ import annotations

import datetime as dt
from soberhouse import sqlite_driver
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from soberhouse import accounts, database
from soberhouse.csv_reading import INSERT_CHUNK, ImportCancelled
from soberhouse.errors import RuleViolation
from soberhouse.houses import HouseDetails, create_house
from soberhouse.models import ChangeEntry, House, Resident, database_proxy
from soberhouse.models.meetings import Attendance, AttendanceStatus, HouseMeeting, MeetingKind
from soberhouse.models.twelve_step import Fellowship, OutsideMeeting
from soberhouse.outside_meetings_csv import (
    apply_outside_meetings,
    export_outside_meetings,
    read_outside_meetings_csv,
)
from soberhouse.recording import one_write
from soberhouse.residents import admit_resident, discharge
from soberhouse.roll_calls_csv import apply_roll_calls, export_roll_calls, read_roll_calls_csv

from .conftest import details_for


@pytest.fixture
def zoe(house: House) -> Resident:
    return admit_resident(details_for(house))  # moved in 2026-10-03


@pytest.fixture
def ana(house: House) -> Resident:
    return admit_resident(details_for(house, first_name="Ana", last_name="Ruiz", room="3",
                                      date_of_birth=dt.date(1985, 1, 1),
                                      move_in_date=dt.date(2026, 9, 1)))


def write(tmp_path: Path, text: str, name: str = "file.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8-sig" if bom else "utf-8"))
    return path


# ---------------------------------------------------------------- outside meetings


def test_outside_meetings_with_bom_semicolons_and_day_first_dates(
        zoe: Resident, tmp_path: Path) -> None:
    text = ("Resident;Date;Fellowship;Meeting name;Type;Verified;Verified by\n"
            "Zoë Nguyễn;03/11/2026;aa;Downtown Big Book;big book;yes;Sam (chair)\n"
            "zoë  nguyễn;04/11/2026;SMART Recovery;;;;\n"
            "Zoë Nguyễn;05/11/2026;celebrate;Friday night;Speaker;0;\n")
    preview = read_outside_meetings_csv(write(tmp_path, text, bom=True), "dmy")
    assert preview.summary == "3 rows ready"
    first = preview.rows[0]
    assert (first.line, first.resident_name, first.house_name, first.attended_on,
            first.fellowship, first.meeting_type, first.verified) == (
        2, "Zoë Nguyễn", "Maple House", dt.date(2026, 11, 3), Fellowship.AA, "big_book", True)
    assert apply_outside_meetings(preview) == 3
    rows = list(OutsideMeeting.select().order_by(OutsideMeeting.attended_on))
    assert [(r.attended_on, r.fellowship, r.verified, r.verified_by) for r in rows] == [
        (dt.date(2026, 11, 3), "aa", True, "Sam (chair)"),
        (dt.date(2026, 11, 4), "smart", False, ""),
        (dt.date(2026, 11, 5), "celebrate", False, ""),
    ]
    assert {r.recorded_by.username for r in rows} == {"test-manager"}
    assert all(r.recorded_at is not None and r.removed_at is None for r in rows)


def test_month_first_dates_and_split_name_columns(zoe: Resident) -> None:
    text = ("First name,Last name,Date,Fellowship\n"
            "Zoë,Nguyễn,11/03/2026,NA\n")
    preview = read_outside_meetings_csv(text, "mdy")
    assert preview.rows[0].attended_on == dt.date(2026, 11, 3)
    assert preview.rows[0].ok
    day_first = read_outside_meetings_csv(text, "dmy")
    assert day_first.rows[0].attended_on == dt.date(2026, 3, 11)
    assert day_first.messages() == [
        "Line 2: Zoë Nguyễn was not living in a house on 2026-03-11."]


def test_every_kind_of_bad_outside_meeting_line_names_its_line(
        zoe: Resident, other_house: House, tmp_path: Path) -> None:
    text = ("Resident,House,Date,Fellowship,Type,Verified\n"
            "Zoë Nguyễn,Maple House,2026-11-03,AA,,yes\n"          # 2 good
            "Bo Lee,,2026-11-03,AA,,\n"                             # 3 unknown resident
            "Zoë Nguyễn,,2026-11-20,AA,,\n"                         # 4 future
            "Zoë Nguyễn,,2026-09-01,AA,,\n"                         # 5 not living anywhere
            "Zoë Nguyễn,Cedar House,2026-11-04,AA,,\n"              # 6 never lived there
            "Zoë Nguyễn,,2026-11-05,XA,poetry,maybe\n"              # 7 three problems
            "Zoë Nguyễn,Maple House,2026-11-03,aa,,YES\n"           # 8 the same as line 2
            "Zoë Nguyễn,,31/02/2026,AA,,\n")                        # 9 not a date
    preview = read_outside_meetings_csv(write(tmp_path, text))
    assert preview.summary == "1 row ready, 7 with problems"
    messages = preview.messages()
    assert 'Line 3: Resident "Bo Lee" is not on record (check the spelling).' in messages
    assert 'Line 4: Date "2026-11-20" is after today.' in messages
    assert "Line 5: Zoë Nguyễn was not living in a house on 2026-09-01." in messages
    assert "Line 6: Zoë Nguyễn was not living in Cedar House on 2026-11-04." in messages
    assert [m for m in messages if m.startswith("Line 7")] == [
        'Line 7: Fellowship "XA" is not one of AA, NA, CA, CMA, SMART Recovery, '
        "Celebrate Recovery, Other.",
        'Line 7: Type "poetry" is not one of Step study, Big Book, Speaker, Open discussion, '
        "Closed discussion, Literature, Other (or leave it blank).",
        'Line 7: Verified "maybe": write yes or no (or leave it blank).',
    ]
    assert "Line 8: The same meeting as line 2: is it there twice?" in messages
    assert any(m.startswith('Line 9: Date "31/02/2026" is not in year-month-day order')
               for m in messages)


def test_one_bad_line_saves_nothing_unless_skipped(zoe: Resident) -> None:
    text = ("Resident,Date,Fellowship,Meeting name\n"
            "Zoë Nguyễn,2026-11-03,AA,Downtown\n"
            "Zoë Nguyễn,2026-11-04,AA,Downtown\n"
            "Zoë Nguyễn,2026-11-30,AA,Downtown\n")
    preview = read_outside_meetings_csv(text)
    with pytest.raises(RuleViolation, match="Nothing was imported: 1 line has problems"):
        apply_outside_meetings(preview)
    assert OutsideMeeting.select().count() == 0
    assert apply_outside_meetings(preview, skip_bad=True) == 2
    assert OutsideMeeting.select().count() == 2
    again = read_outside_meetings_csv(text)  # the same file twice: already on record
    assert again.messages()[:2] == [
        "Line 2: Already on record: Zoë Nguyễn, AA on 2026-11-03 (imported before?).",
        "Line 3: Already on record: Zoë Nguyễn, AA on 2026-11-04 (imported before?).",
    ]


def test_residents_sharing_a_name_are_told_apart_by_house_or_id(
        house: House, other_house: House) -> None:
    maple = admit_resident(details_for(house, first_name="Sam", last_name="Lee"))
    cedar = admit_resident(details_for(other_house, first_name="Sam", last_name="Lee",
                                       date_of_birth=dt.date(1970, 1, 1)),
                           allow_duplicate=True)
    text = ("Resident,Resident id,House,Date,Fellowship\n"
            "Sam Lee,,,2026-11-03,AA\n"
            f"Sam Lee,,{other_house.name},2026-11-03,AA\n"
            f"Sam Lee,{maple.id},,2026-11-04,NA\n"
            f",{cedar.id},,2026-11-04,CA\n")
    preview = read_outside_meetings_csv(text)
    assert preview.rows[0].problems == (
        '2 residents are called "Sam Lee": add a Resident id column (or a House column) '
        "to say which.",)
    assert [row.resident_id for row in preview.rows[1:]] == [cedar.id, maple.id, cedar.id]


def test_cancelling_the_outside_meetings_import_rolls_back(zoe: Resident) -> None:
    lines = [f"Zoë Nguyễn,2026-11-{1 + i % 14:02d},AA,Meeting {i}" for i in range(12000)]
    text = "Resident,Date,Fellowship,Meeting name\n" + "\n".join(lines) + "\n"
    preview = read_outside_meetings_csv(text)
    assert preview.summary == "12000 rows ready"
    seen: list[tuple[int, int]] = []

    def stop_after_first_chunk(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < INSERT_CHUNK

    with pytest.raises(ImportCancelled, match="nothing was imported"):
        apply_outside_meetings(preview, progress=stop_after_first_chunk)
    assert seen == [(0, 12000), (INSERT_CHUNK, 12000)]
    assert OutsideMeeting.select().count() == 0
    assert apply_outside_meetings(preview) == 12000


def test_two_unnamed_meetings_a_day_are_fine_but_not_the_same_line_twice(
        zoe: Resident) -> None:
    text = ("Resident,Date,Fellowship,Verified\n"
            "Zoë Nguyễn,2026-11-03,AA,yes\n"
            "Zoë Nguyễn,2026-11-03,AA,no\n"
            "Zoë Nguyễn,2026-11-03,AA,no\n")
    assert read_outside_meetings_csv(text).messages() == [
        "Line 4: The same meeting as line 3: is it there twice?"]


def test_outside_meetings_round_trip(zoe: Resident, ana: Resident, tmp_path: Path,
                                     today: dt.date) -> None:
    text = ("Resident,Date,Fellowship,Meeting name,Type,Verified,Verified by\n"
            "Zoë Nguyễn,2026-11-03,AA,Downtown,Big Book,yes,Sam\n"
            "Ana Ruiz,2026-09-10,SMART Recovery,\"Tuesday, 7pm\",,no,\n"
            "Ana Ruiz,2026-11-12,Other,Online,open_discussion,1,Kim\n")
    assert apply_outside_meetings(read_outside_meetings_csv(text)) == 3
    out = tmp_path / "meetings.csv"
    assert export_outside_meetings(out) == 3
    assert export_outside_meetings(tmp_path / "part.csv", start=dt.date(2026, 11, 1),
                                   end=dt.date(2026, 11, 5)) == 1
    original = _outside_meetings()

    open_a_second_database_with_the_same_residents(tmp_path)
    preview = read_outside_meetings_csv(out)
    assert preview.summary == "3 rows ready"
    assert apply_outside_meetings(preview) == 3
    assert _outside_meetings() == original


def open_a_second_database_with_the_same_residents(tmp_path: Path) -> None:
    database.close()
    database.connect(tmp_path / "second.sqlite3")
    accounts.act_as("test-manager")
    maple = create_house(HouseDetails(name="Maple House", beds=8))
    admit_resident(details_for(maple))
    admit_resident(details_for(maple, first_name="Ana", last_name="Ruiz", room="3",
                               date_of_birth=dt.date(1985, 1, 1),
                               move_in_date=dt.date(2026, 9, 1)))


def _outside_meetings() -> list[tuple[object, ...]]:
    return sorted((r.resident.full_name, r.attended_on, r.fellowship, r.meeting_name,
                   r.meeting_type, r.verified, r.verified_by) for r in OutsideMeeting.select())


def test_the_outside_meetings_check_runs_a_constant_number_of_queries(
        house: House, db: peewee.Database) -> None:
    def queries_for(count: int) -> int:
        people = [admit_resident(details_for(house, first_name=f"P{count}x{i}", room=str(i),
                                             bed=str(count)))
                  for i in range(count)]
        text = "Resident,Date,Fellowship\n" + "".join(
            f"{p.full_name},2026-11-0{1 + d},AA\n" for p in people for d in range(3))
        executed: list[str] = []
        original = database_proxy.obj.execute_sql

        def counting(sql: str, *args: object, **kwargs: object) -> object:
            executed.append(sql)
            return original(sql, *args, **kwargs)

        database_proxy.obj.execute_sql = counting  # type: ignore[method-assign]
        try:
            preview = read_outside_meetings_csv(text)
        finally:
            del database_proxy.obj.execute_sql
        assert preview.summary == f"{count * 3} rows ready"
        return len(executed)

    assert queries_for(2) == queries_for(6)


# ---------------------------------------------------------------- roll calls


def test_roll_calls_make_one_meeting_per_house_and_date(zoe: Resident, ana: Resident,
                                                        tmp_path: Path) -> None:
    text = ("House;Date;Time;Resident;Status;Reason\n"
            "Maple House;03/11/2026;19:00;Zoë Nguyễn;P;\n"
            "maple house;03/11/2026;19:00;Ana Ruiz;excused;Doctor's appointment\n"
            "Maple House;10/11/2026;;Zoë Nguyễn;Late;\n"
            "Maple House;10/11/2026;;Ana Ruiz;u;\n")
    preview = read_roll_calls_csv(write(tmp_path, text, bom=True), "dmy")
    assert preview.summary == "4 rows ready"
    assert preview.new_meetings == 2
    assert apply_roll_calls(preview) == 4
    meetings = list(HouseMeeting.select().order_by(HouseMeeting.held_on))
    assert [(m.held_on, m.starts_at, m.kind) for m in meetings] == [
        (dt.date(2026, 11, 3), "19:00", MeetingKind.REGULAR.value),
        (dt.date(2026, 11, 10), "19:00", MeetingKind.REGULAR.value)]  # the house's time
    marks = sorted((a.meeting.held_on, a.resident.first_name, a.status, a.reason)
                   for a in Attendance.select())
    assert marks == [
        (dt.date(2026, 11, 3), "Ana", "excused", "Doctor's appointment"),
        (dt.date(2026, 11, 3), "Zoë", "present", ""),
        (dt.date(2026, 11, 10), "Ana", "unexcused", ""),
        (dt.date(2026, 11, 10), "Zoë", "late", ""),
    ]
    assert {a.recorded_by.username for a in Attendance.select()} == {"test-manager"}


def test_a_meeting_on_record_has_its_roll_call_filled(zoe: Resident, ana: Resident) -> None:
    user = accounts.current_user()
    with one_write("test"):
        meeting = HouseMeeting.create(house=zoe.house_id, held_on=dt.date(2026, 11, 3),
                                      starts_at="19:00", recorded_by=user)
        Attendance.create(meeting=meeting, resident=zoe, status="present", recorded_by=user)
    text = ("House,Date,Resident,Status\n"
            "Maple House,2026-11-03,Ana Ruiz,present\n"
            "Maple House,2026-11-03,Zoë Nguyễn,late\n")
    preview = read_roll_calls_csv(text)
    assert preview.messages() == [
        "Line 3: Zoë Nguyễn is already marked present at the meeting of 2026-11-03: change "
        "the mark in the roll call instead."]
    assert preview.rows[0].meeting_id == meeting.id and preview.new_meetings == 0
    assert apply_roll_calls(preview, skip_bad=True) == 1
    assert HouseMeeting.select().count() == 1
    assert Attendance.get(Attendance.resident == ana).meeting_id == meeting.id


def test_every_kind_of_bad_roll_call_line_names_its_line(
        zoe: Resident, ana: Resident, other_house: House) -> None:
    discharge(ana.id, "left", dt.date(2026, 11, 5), "Moved away")
    user = accounts.current_user()
    with one_write("test"):
        HouseMeeting.create(house=zoe.house_id, held_on=dt.date(2026, 11, 1), cancelled=True,
                            cancel_reason="Snow", recorded_by=user)
    text = ("House,Date,Resident,Status,Reason\n"
            "Maple House,2026-11-10,Zoë Nguyễn,present,\n"      # 2 good
            "Maple House,2026-11-10,Bo Lee,present,\n"          # 3 unknown resident
            "Maple House,2026-11-10,Ana Ruiz,present,\n"        # 4 moved out on the 5th
            "Cedar House,2026-11-03,Zoë Nguyễn,present,\n"      # 5 never lived there
            "Maple House,2026-11-22,Zoë Nguyễn,present,\n"      # 6 future
            "Maple House,2026-11-03,Zoë Nguyễn,asleep,\n"       # 7 bad status
            "Maple House,2026-11-03,Ana Ruiz,E,\n"              # 8 excused, no reason
            "Maple House,2026-11-10,Zoë Nguyễn,late,\n"         # 9 twice
            "Maple House,2026-11-01,Zoë Nguyễn,present,\n"      # 10 cancelled meeting
            "Oak House,2026-11-03,Zoë Nguyễn,present,\n")       # 11 no such house
    messages = read_roll_calls_csv(text).messages()
    assert messages == [
        'Line 3: Resident "Bo Lee" is not on record (check the spelling).',
        "Line 4: Ana Ruiz was not living in Maple House on 2026-11-10.",
        "Line 5: Zoë Nguyễn was not living in Cedar House on 2026-11-03.",
        'Line 6: Date "2026-11-22" is after today.',
        'Line 7: Status "asleep" is not present, late, excused or unexcused (or P, L, E, U).',
        "Line 8: Ana Ruiz: an excused absence needs a reason (Reason).",
        "Line 9: Zoë Nguyễn is already marked for this meeting on line 2.",
        "Line 10: The meeting of Maple House on 2026-11-01 was cancelled.",
        'Line 11: There is no house called "Oak House" (houses: Cedar House, Maple House).',
    ]


def test_one_bad_roll_call_line_saves_nothing(zoe: Resident, ana: Resident) -> None:
    text = ("House,Date,Resident,Status,Reason\n"
            "Maple House,2026-11-03,Zoë Nguyễn,present,\n"
            "Maple House,2026-11-03,Ana Ruiz,excused,\n")
    preview = read_roll_calls_csv(text)
    with pytest.raises(RuleViolation, match="Nothing was imported"):
        apply_roll_calls(preview)
    assert HouseMeeting.select().count() == 0 and Attendance.select().count() == 0


def test_cancelling_the_roll_call_import_rolls_back_the_new_meetings(
        zoe: Resident) -> None:
    text = "House,Date,Resident,Status\n" + "".join(
        f"Maple House,{dt.date(2026, 10, 3) + dt.timedelta(days=d)},Zoë Nguyễn,P\n"
        for d in range(40))
    preview = read_roll_calls_csv(text)
    with pytest.raises(ImportCancelled):
        apply_roll_calls(preview, progress=lambda done, total: False)
    assert HouseMeeting.select().count() == 0 and Attendance.select().count() == 0


def test_roll_calls_round_trip(zoe: Resident, ana: Resident, tmp_path: Path) -> None:
    text = ("House,Date,Time,Kind,Resident,Status,Reason\n"
            "Maple House,2026-11-03,19:00,,Zoë Nguyễn,present,\n"
            "Maple House,2026-11-03,19:00,,Ana Ruiz,excused,\"Work, late shift\"\n"
            "Maple House,2026-11-03,21:30,Emergency meeting,Ana Ruiz,late,\n"
            "Maple House,2026-11-10,19:00,special,Zoë Nguyễn,unexcused,\n")
    assert apply_roll_calls(read_roll_calls_csv(text)) == 4
    assert HouseMeeting.select().count() == 3
    out = tmp_path / "roll-calls.csv"
    assert export_roll_calls(out, zoe.house_id) == 4
    assert export_roll_calls(tmp_path / "none.csv", zoe.house_id,
                             start=dt.date(2026, 11, 4), end=dt.date(2026, 11, 9)) == 0
    original = _roll_calls()

    open_a_second_database_with_the_same_residents(tmp_path)
    preview = read_roll_calls_csv(out)
    assert preview.summary == "4 rows ready"
    assert apply_roll_calls(preview) == 4
    assert _roll_calls() == original


def _roll_calls() -> list[tuple[object, ...]]:
    return sorted((a.meeting.held_on, a.meeting.starts_at, a.meeting.kind,
                   a.resident.full_name, AttendanceStatus(a.status).value, a.reason)
                  for a in Attendance.select())


def test_a_file_without_the_needed_columns_is_refused(house: House) -> None:
    with pytest.raises(RuleViolation, match="no column for: House, Status"):
        read_roll_calls_csv("Date,Resident\n2026-11-03,Zoë Nguyễn\n")
    with pytest.raises(RuleViolation,
                       match="no column for: Resident or First name or Resident id"):
        read_outside_meetings_csv("Date,Fellowship\n2026-11-03,AA\n")


# ---------------------------------------------------------------- other writers


class RivalSaves:
    """A progress function that, at every report, has another program on the
    same file take the write lock and commit: "database is locked" if the
    check held it."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.saved: list[int] = []

    def __call__(self, done: int, total: int) -> bool:
        rival = sqlite_driver.connect(self.db_path, timeout=0.2, isolation_level=None)
        try:
            rival.execute("BEGIN IMMEDIATE")
            rival.execute("COMMIT")
        finally:
            rival.close()
        self.saved.append(done)
        return True


def test_checking_an_outside_meetings_file_locks_nothing_and_the_import_checks_again(
        zoe: Resident, db_path: Path) -> None:
    text = "Resident,Date,Fellowship,Meeting name\n" + "".join(
        f"Zoë Nguyễn,2026-11-{1 + i // 3:02d},AA,Meeting {i}\n" for i in range(30))
    rival = RivalSaves(db_path)
    mine = read_outside_meetings_csv(text, progress=rival)
    assert rival.saved == [0, 21, 31]
    theirs = read_outside_meetings_csv(text)  # a colleague imports the same file
    assert apply_outside_meetings(theirs) == 30
    with pytest.raises(RuleViolation) as refused:
        apply_outside_meetings(mine)
    assert str(refused.value) == (
        "Nothing was imported: line 2 no longer fits (Already on record: Zoë Nguyễn, AA on "
        "2026-11-01 (imported before?).). Check the file again.")
    assert OutsideMeeting.select().count() == 30
    entry = ChangeEntry.select().order_by(ChangeEntry.id.desc()).get()
    assert (entry.action, entry.kinds, entry.resident_ids) == (
        "imported outside meetings from pasted text", "outside_meeting", str(zoe.id))


def test_an_outside_meeting_of_a_resident_moved_out_since_the_check_is_refused(
        zoe: Resident) -> None:
    preview = read_outside_meetings_csv("Resident,Date,Fellowship\n"
                                        "Zoë Nguyễn,2026-11-03,AA\n"
                                        "Zoë Nguyễn,2026-11-12,NA\n")
    assert preview.bad_rows == []
    discharge(zoe.id, "left", dt.date(2026, 11, 10), "Moved away")  # entered late
    with pytest.raises(RuleViolation, match=r"line 3 no longer fits \(Zoë Nguyễn was not "
                                            r"living in Maple House on 2026-11-12\.\)"):
        apply_outside_meetings(preview)
    assert OutsideMeeting.select().count() == 0


def test_checking_a_roll_call_file_locks_nothing_and_the_import_checks_again(
        zoe: Resident, ana: Resident, db_path: Path) -> None:
    text = "House,Date,Resident,Status\n" + "".join(
        f"Maple House,2026-10-{5 + i:02d},{name},present\n"
        for i in range(15) for name in ("Zoë Nguyễn", "Ana Ruiz"))
    rival = RivalSaves(db_path)
    mine = read_roll_calls_csv(text, progress=rival)
    assert rival.saved == [0, 21, 31] and mine.new_meetings == 15
    theirs = read_roll_calls_csv(text.splitlines()[0] + "\n" + text.splitlines()[5] + "\n")
    assert apply_roll_calls(theirs) == 1  # Zoë at the meeting of 2026-10-07, meanwhile
    with pytest.raises(RuleViolation) as refused:
        apply_roll_calls(mine)
    assert str(refused.value) == (
        "Nothing was imported: line 6 no longer fits (Zoë Nguyễn is already marked present "
        "at the meeting of 2026-10-07: change the mark in the roll call instead.). "
        "Check the file again.")
    assert (HouseMeeting.select().count(), Attendance.select().count()) == (1, 1)
    # Without that line, the rest fills the meeting recorded meanwhile: no second one.
    again = read_roll_calls_csv(text.replace("Maple House,2026-10-07,Zoë Nguyễn,present\n",
                                             ""))
    assert apply_roll_calls(again) == 29
    assert HouseMeeting.select().count() == 15
    entry = ChangeEntry.select().order_by(ChangeEntry.id.desc()).get()
    assert (entry.action, entry.kinds) == ("imported roll calls from pasted text",
                                           "attendance,house_meeting")


def test_a_meeting_recorded_since_the_check_is_filled_not_recorded_twice(
        zoe: Resident, ana: Resident) -> None:
    text = ("House,Date,Resident,Status\n"
            "Maple House,2026-11-03,Zoë Nguyễn,present\n"
            "Maple House,2026-11-03,Ana Ruiz,late\n")
    mine = read_roll_calls_csv(text)
    assert mine.new_meetings == 1
    assert apply_roll_calls(read_roll_calls_csv(text.splitlines()[0] + "\n"
                                                + text.splitlines()[1] + "\n")) == 1
    with pytest.raises(RuleViolation, match="line 2 no longer fits .*already marked present"):
        apply_roll_calls(mine)
    assert HouseMeeting.select().count() == 1


def test_an_outside_meeting_line_with_more_cells_than_the_header_says_so(
        zoe: Resident) -> None:
    preview = read_outside_meetings_csv("Resident;Date;Fellowship\n"
                                        "Zoë Nguyễn;2026-11-03;AA;Downtown;Big Book\n"
                                        "Zoë Nguyễn;2026-11-04;AA\n")
    assert preview.messages() == [
        'Line 2: This line has 5 cells but the header has 3: "Downtown", "Big Book" are under '
        "no column. A semicolon inside a cell needs quotes around the cell."]
    assert len(preview.good_rows) == 1


def test_meeting_cells_a_spreadsheet_would_run_come_back_as_they_were(
        zoe: Resident, ana: Resident, tmp_path: Path) -> None:
    outside = ("Resident,Date,Fellowship,Meeting name,Verified,Verified by\n"
               "Zoë Nguyễn,2026-11-03,AA,\"=HYPERLINK(\"\"http://example.com\"\")\",yes,@chair\n")
    roll_call = ("House,Date,Resident,Status,Reason\n"
                 "Maple House,2026-11-03,Ana Ruiz,excused,-sick\n")
    assert apply_outside_meetings(read_outside_meetings_csv(outside)) == 1
    assert apply_roll_calls(read_roll_calls_csv(roll_call)) == 1
    export_outside_meetings(tmp_path / "meetings.csv")
    export_roll_calls(tmp_path / "roll-calls.csv")
    written = (tmp_path / "meetings.csv").read_text("utf-8-sig")
    assert "'=HYPERLINK" in written and ",'@chair" in written
    assert ",'-sick" in (tmp_path / "roll-calls.csv").read_text("utf-8-sig")
    meetings, marks = _outside_meetings(), _roll_calls()

    open_a_second_database_with_the_same_residents(tmp_path)
    assert apply_outside_meetings(read_outside_meetings_csv(tmp_path / "meetings.csv")) == 1
    assert apply_roll_calls(read_roll_calls_csv(tmp_path / "roll-calls.csv")) == 1
    assert (_outside_meetings(), _roll_calls()) == (meetings, marks)
    assert meetings[0][3] == '=HYPERLINK("http://example.com")' and marks[0][5] == "-sick"


def test_a_meetings_export_failing_half_way_writes_nothing(
        zoe: Resident, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Resident,Date,Fellowship\n" + "".join(
        f"Zoë Nguyễn,2026-11-{day:02d},AA\n" for day in range(1, 6))
    assert apply_outside_meetings(read_outside_meetings_csv(text)) == 5

    def rows_then_failure(*args: object) -> Iterator[tuple[object, ...]]:
        yield ("Zoë Nguyễn", zoe.id, "Maple House", "2026-11-01", "AA", "", "", "no", "")
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("soberhouse.outside_meetings_csv.outside_meeting_rows",
                        rows_then_failure)
    with pytest.raises(OSError, match="Input/output error"):
        export_outside_meetings(tmp_path / "meetings.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(  # and the import's backup
        p.name for p in tmp_path.iterdir() if p.name.startswith("house.sqlite3")
        or p.name == "backups")
    assert not (tmp_path / "meetings.csv").exists()

"""The large operator benchmark database (benchmarks.large_operator), built
small: every kind of record is there, the rules the core checks hold, the
program opens it, and the cache builds once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks import large_operator
from soberhouse import accounts, clock, database, sqlite_driver

RESIDENTS = 200


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, int]]]:
    path = tmp_path_factory.mktemp("operator") / "operator.sqlite3"
    counts = large_operator.build(path, residents=RESIDENTS)
    yield path, counts.counts


def rows(path: Path, sql: str, *parameters: object) -> list[tuple[object, ...]]:
    connection = sqlite_driver.connect(path)
    try:
        return connection.execute(sql, parameters).fetchall()
    finally:
        connection.close()


def test_every_kind_of_record_is_there(built: tuple[Path, dict[str, int]]) -> None:
    path, counts = built
    assert counts["resident"] == RESIDENTS and counts["house"] == 20
    for table in ("house_meeting", "attendance", "outside_meeting", "resident_profile",
                  "mentor", "mentor_assignment", "check_in", "goal", "goal_status_change",
                  "sponsor", "step_work"):
        assert counts[table] > 0, table
        assert rows(path, f"SELECT count(*) FROM {table}")[0][0] == counts[table], table
    # Five years of weekly meetings in each of the 20 houses.
    assert counts["house_meeting"] == 20 * 260
    # About three outside meetings a week per resident while they lived in a house.
    lived_days = rows(path, "SELECT sum(julianday(coalesce(move_out_date, ?)) "
                            "- julianday(move_in_date)) FROM stay",
                      large_operator.TODAY.isoformat())[0][0]
    assert counts["outside_meeting"] == pytest.approx(lived_days * 3 / 7, rel=0.02)


def test_beds_and_dates_follow_the_rules(built: tuple[Path, dict[str, int]]) -> None:
    path, _ = built
    assert rows(path, "SELECT house_id, room, bed FROM resident WHERE status = 'active' "
                      "GROUP BY house_id, room, bed HAVING count(*) > 1") == []
    assert rows(path, "SELECT h.id FROM house h JOIN resident r ON r.house_id = h.id "
                      "WHERE r.status = 'active' GROUP BY h.id HAVING count(*) > h.beds") == []
    # Every roll-call mark and outside meeting falls inside a stay.
    outside_a_stay = rows(path, "SELECT count(*) FROM attendance a JOIN house_meeting m "
                                "ON m.id = a.meeting_id JOIN stay s "
                                "ON s.resident_id = a.resident_id WHERE m.held_on < s.move_in_date "
                                "OR m.held_on >= coalesce(s.move_out_date, '9999-12-31') "
                                "OR m.house_id != s.house_id")
    assert outside_a_stay == [(0,)]
    assert rows(path, "SELECT count(*) FROM outside_meeting o JOIN stay s "
                      "ON s.resident_id = o.resident_id WHERE o.attended_on < s.move_in_date "
                      "OR o.attended_on >= coalesce(s.move_out_date, '9999-12-31')")[0][0] == 0
    # Steps in order: each started after the one before was completed.
    assert rows(path, "SELECT count(*) FROM step_work later JOIN step_work earlier "
                      "ON earlier.resident_id = later.resident_id "
                      "AND earlier.step = later.step - 1 WHERE earlier.completed_on IS NULL "
                      "OR earlier.completed_on > later.started_on")[0][0] == 0
    assert rows(path, "SELECT count(*) FROM goal_status_change c JOIN goal g ON g.id = c.goal_id "
                      "WHERE c.effective_date < g.set_on OR g.target_date < g.set_on")[0][0] == 0
    # At most one current sponsor each.
    assert rows(path, "SELECT resident_id FROM sponsor WHERE ended_on IS NULL "
                      "GROUP BY resident_id HAVING count(*) > 1") == []


def test_mentoring_follows_the_rules(built: tuple[Path, dict[str, int]]) -> None:
    path, _ = built
    assignments = rows(path, "SELECT a.mentor_id, a.started_on, coalesce(a.ended_on, ?), "
                             "m.kind, coalesce(m.caseload_cap, 3), m.since, "
                             "coalesce(m.stopped_on, ?) FROM mentor_assignment a "
                             "JOIN mentor m ON m.id = a.mentor_id",
                       large_operator.TODAY.isoformat(), large_operator.TODAY.isoformat())
    by_mentor: dict[object, list[tuple[str, str]]] = {}
    caps: dict[object, int] = {}
    for mentor_id, start, end, _kind, cap, since, stopped in assignments:
        assert str(since) <= str(start) <= str(end) <= str(stopped)
        by_mentor.setdefault(mentor_id, []).append((str(start), str(end)))
        caps[mentor_id] = int(str(cap))
    for mentor_id, pairings in by_mentor.items():  # the cap holds on every start day
        for day, _ in pairings:
            open_that_day = sum(1 for start, end in pairings if start <= day <= end)
            assert open_that_day <= caps[mentor_id]
    # A resident mentor lives in the mentee's house, in the Senior tier; the
    # mentee of an open pairing is below it.
    assert rows(path, "SELECT count(*) FROM mentor_assignment a JOIN mentor m "
                      "ON m.id = a.mentor_id JOIN resident mentor ON mentor.id = m.resident_id "
                      "JOIN resident mentee ON mentee.id = a.mentee_id "
                      "WHERE mentor.house_id != mentee.house_id")[0][0] == 0
    assert rows(path, "SELECT count(*) FROM mentor_assignment a JOIN resident r "
                      "ON r.id = a.mentee_id JOIN tier t ON t.id = r.tier_id "
                      "WHERE a.ended_on IS NULL AND (t.may_mentor OR r.status != 'active')"
                      )[0][0] == 0
    assert rows(path, "SELECT count(*) FROM check_in c JOIN mentor_assignment a "
                      "ON a.id = c.assignment_id WHERE c.held_on < a.started_on "
                      "OR c.held_on > coalesce(a.ended_on, '9999-12-31')")[0][0] == 0


def test_the_program_opens_it_and_today_counts(built: tuple[Path, dict[str, int]]) -> None:
    from soberhouse.today import today_overview

    path, _ = built
    database.connect(path)
    try:
        accounts.act_as("benchmark")
        with clock.frozen(large_operator.TODAY):
            overview = today_overview(None, large_operator.TODAY)
    finally:
        database.close()
    assert overview.total > 0


def test_the_cache_is_built_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(large_operator, "CACHE", tmp_path)
    path, described = large_operator.large_operator(40)
    assert described.startswith("built") and path.parent == tmp_path and path.exists()
    assert "40" in path.name and f"v{large_operator.VERSION}" in path.name
    modified = path.stat().st_mtime_ns
    again, described = large_operator.large_operator(40)
    assert again == path and described.startswith("reused")
    assert path.stat().st_mtime_ns == modified
    assert not list(tmp_path.glob("*.building"))



def test_no_one_is_on_file_twice(built: tuple[Path, dict[str, int]]) -> None:
    """An export of the operator's residents imports without a likely duplicate."""
    from soberhouse.text_matching import name_key

    path, _ = built
    people = rows(path, "SELECT first_name, last_name, date_of_birth FROM resident")
    keys = {(name_key(str(first)), name_key(str(last)), born) for first, last, born in people}
    assert len(keys) == RESIDENTS

"""Build the large benchmark database: 4,000 residents in 20 houses, with history.

Houses and tiers go through the core; the residents and their history rows are
written with one ``executemany`` per table inside one transaction (the way a
bulk import does it), following the same rules the core checks: one active
resident per bed, no more active residents than beds, dates in order.

    python -m benchmarks.large_database OUT.sqlite3 [--residents 4000] [--houses 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

from benchmarks.raw_rows import insert_rows
from soberhouse import accounts, clock, database
from soberhouse.houses import HouseDetails, create_house, tiers_of
from soberhouse.models import (
    BedMove,
    Resident,
    SobrietyDateChange,
    StatusChange,
    Stay,
    TierChange,
)

FIRST = ["Ana", "Ben", "Chloé", "Dmitri", "Eun-ji", "Farah", "Gareth", "Hana", "Ígor", "Jun",
         "Kofi", "Lena", "Mateo", "Nuala", "Oksana", "Pål", "Quinn", "Rosa", "Sione", "Tomás",
         "Ulla", "Vân", "Wiremu", "Xiadani", "Yusuf", "Zoë", "Σοφία", "李", "Юлия", "Łukasz"]
LAST = ["Abara", "Brennan", "Castillo", "Dąbrowski", "Eriksen", "Fontaine", "García", "Haddad",
        "Ivanova", "Jensen", "Kowalczyk", "Lindqvist", "Moreau", "Nguyễn", "Ó Briain", "Petrov",
        "Quispe", "Rossi", "Sato", "Tanaka", "Urquhart", "Varga", "Wójcik", "Xu", "Yilmaz",
        "Zapata", "Παπαδοπούλου", "王", "Смирнова", "Ødegård"]
SUBSTANCES = ["alcohol", "opioids", "methamphetamine", "cocaine", "cannabis", "alcohol; opioids"]


def build(path: Path, residents: int = 4000, houses: int = 20, seed: int = 7,
          today: dt.date = dt.date(2026, 11, 15), history_days: int = 3 * 365) -> None:
    """``history_days``: residents moved in over that many days before ``today``."""
    rng = random.Random(seed)
    if path.exists():
        path.unlink()
    db = database.connect(path)
    user = accounts.act_as("benchmark")
    per_house = residents // houses
    with clock.frozen(today):
        house_rows = [create_house(HouseDetails(name=f"House {n:02d}", beds=per_house,
                                                address=f"{n} Example Lane"))
                      for n in range(1, houses + 1)]
    connection = db.connection()
    resident_rows, stay_rows, status_rows, tier_rows, sober_rows, bed_rows = [], [], [], [], [], []
    now = f"{today.isoformat()} 09:00:00"
    resident_id = 0
    with db.atomic():
        for house in house_rows:
            ladder = tiers_of(house.id)
            for number in range(per_house):
                resident_id += 1
                active = number < per_house * 6 // 10
                birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 40))
                move_in = today - dt.timedelta(days=rng.randrange(0, history_days))
                sober = move_in - dt.timedelta(days=rng.randrange(0, 200))
                tier = ladder[min(len(ladder) - 1, (today - move_in).days // 60)]
                status = "active" if active else rng.choice(["graduated", "discharged", "left"])
                left = None if active else move_in + dt.timedelta(
                    days=rng.randrange(0, max(1, (today - move_in).days)))
                room, bed = (str(number // 2 + 1), "AB"[number % 2]) if active else ("", "")
                resident_rows.append((
                    resident_id, rng.choice(FIRST), rng.choice(LAST), "", birth.isoformat(),
                    f"555-01{rng.randrange(100):02d}", "", "", house.id, tier.id, room, bed,
                    move_in.isoformat(), sober.isoformat(), rng.choice(SUBSTANCES), status,
                    left.isoformat() if left else None, "" if active else "Moved on", "",
                    now, now))
                stay_rows.append((resident_id, house.id, move_in.isoformat(),
                                  left.isoformat() if left else None, "" if active else status,
                                  "" if active else "Moved on"))
                status_rows.append((user.id, now, resident_id, "", "active",
                                    move_in.isoformat(), "Intake"))
                if left:
                    status_rows.append((user.id, now, resident_id, "active", status,
                                        left.isoformat(), "Moved on"))
                tier_rows.append((user.id, now, resident_id, None, ladder[0].id,
                                  move_in.isoformat(), "Intake"))
                for step in ladder[1:tier.position]:
                    tier_rows.append((user.id, now, resident_id, ladder[step.position - 2].id,
                                      step.id, (move_in + dt.timedelta(days=60 * (step.position
                                                                                   - 1))).isoformat(),
                                      "Met the conditions"))
                sober_rows.append((user.id, now, resident_id, None, sober.isoformat(), "intake",
                                   "Intake"))
                bed_rows.append((user.id, now, resident_id, None, "", "", house.id, room, bed,
                                 move_in.isoformat(), "Intake"))
        history = ["recorded_by_id", "recorded_at", "resident_id"]
        for model, columns, rows in (
                (Resident, ["id", "first_name", "last_name", "preferred_name", "date_of_birth",
                            "phone", "emergency_contact_name", "emergency_contact_phone",
                            "house_id", "tier_id", "room", "bed", "move_in_date",
                            "sobriety_date", "substances", "status", "discharge_date",
                            "discharge_reason", "notes", "created_at", "updated_at"],
                 resident_rows),
                (Stay, ["resident_id", "house_id", "move_in_date", "move_out_date",
                        "end_status", "end_reason"], stay_rows),
                (StatusChange, [*history, "from_status", "to_status", "effective_date",
                                "reason"], status_rows),
                (TierChange, [*history, "from_tier_id", "to_tier_id", "effective_date",
                              "reason"], tier_rows),
                (SobrietyDateChange, [*history, "previous_date", "new_date", "kind", "reason"],
                 sober_rows),
                (BedMove, [*history, "from_house_id", "from_room", "from_bed", "to_house_id",
                           "to_room", "to_bed", "effective_date", "reason"], bed_rows)):
            insert_rows(connection, model, columns, rows)
    database.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--residents", type=int, default=4000)
    parser.add_argument("--houses", type=int, default=20)
    args = parser.parse_args()
    build(args.out, args.residents, args.houses)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

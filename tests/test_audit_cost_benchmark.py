"""benchmarks/audit_cost.py runs (a few lines, a couple of runs): each of its
figures is printed with and without the audit, and the switch it uses leaves
the program's writes audited again afterwards."""

from __future__ import annotations

import datetime as dt

import peewee

from benchmarks.audit_cost import measure
from soberhouse.audit import Action
from soberhouse.houses import HouseDetails, create_house
from soberhouse.models.audit import AuditEvent
from soberhouse.recording import _audit_switched_off


def test_the_benchmark_prints_each_figure_with_and_without() -> None:
    lines = measure(runs=2, residents=40)
    assert [line[:3] for line in lines] == ["(a)", "(b)", "(c)"]
    for line in lines:
        assert "with the audit" in line and "without" in line and "ratio" in line


def test_the_switch_is_off_only_in_its_block(db: peewee.Database, today: dt.date) -> None:
    changes = AuditEvent.select().where(AuditEvent.action == Action.CHANGED.value)
    before = changes.count()
    with _audit_switched_off():
        create_house(HouseDetails(name="Maple House", beds=4))
    assert changes.count() == before
    create_house(HouseDetails(name="Cedar House", beds=4))
    assert changes.count() == before + 1

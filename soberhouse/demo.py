"""A realistic made-up demo house (filled in by the demo work)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoSummary:
    houses: int
    residents: int


def fill_demo_database(seed: int = 2026, today: dt.date | None = None) -> DemoSummary:
    raise NotImplementedError

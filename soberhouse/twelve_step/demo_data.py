"""The demo's outside meetings, sponsors and step work (filled in by the 12-step work)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from soberhouse.demo import DemoWorld


def twelve_step_step(world: DemoWorld) -> None:
    """Add the demo's outside meetings, sponsors and step work to ``world.events``."""

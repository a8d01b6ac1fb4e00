"""The demo's house meetings (filled in by the meetings work)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from soberhouse.demo import DemoWorld


def meetings_step(world: DemoWorld) -> None:
    """Add the demo's house meetings and roll calls to ``world.events``."""

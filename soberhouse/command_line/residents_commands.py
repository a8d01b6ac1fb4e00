"""``soberhouse demo``, ``import residents``, ``export residents``.

(Filled in by the import/export work; the parser hooks are here.)
"""

from __future__ import annotations

from typing import Any


def add_commands(commands: Any) -> None:
    del commands

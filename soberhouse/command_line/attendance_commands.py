"""Subcommands (filled in by later work)."""

from __future__ import annotations

import argparse
from typing import Any


def add_commands(commands: Any) -> None:
    """Add this module's subcommands to the ``soberhouse`` parser."""
    del commands

"""Plain files the program ships: icons, stylesheet, fonts for the PDFs.

Found through :func:`path` only, so an installer can move the folder.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def path(*parts: str) -> Path:
    """The file ``resources/<parts...>``."""
    return FOLDER.joinpath(*parts)

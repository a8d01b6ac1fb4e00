"""The ``soberhouse`` entry point: the window, or a headless subcommand.

Qt is imported only when the window opens, so subcommands start fast and run
on machines without a display; and the full command-line parser (with every
subcommand's module) is built only when there is a subcommand, so the window
starts fast.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence

READ_ONLY_OPTION = "--read-only"


def window_database(arguments: Sequence[str]) -> tuple[bool, str | None]:
    """(True, database) when the arguments only open the window, else (False, None).
    (``--read-only`` may come with them: see :func:`window_read_only`.)"""
    arguments = [argument for argument in arguments if argument != READ_ONLY_OPTION]
    if not arguments:
        return True, None
    if len(arguments) == 2 and arguments[0] == "--database":
        return True, arguments[1]
    if len(arguments) == 1 and arguments[0].startswith("--database="):
        return True, arguments[0].partition("=")[2]
    return False, None


def window_read_only(arguments: Sequence[str]) -> bool:
    """Whether the window is to open the data read-only (``--read-only``)."""
    return READ_ONLY_OPTION in arguments


def import_core_before_qt() -> None:
    """Load the core modules the window needs before Qt: once PySide6 is
    imported it reads the source of every module imported after it (looking
    for its ``__feature__`` switches), about 0.2 ms a module, which the core
    never needs."""
    import soberhouse.accounts
    import soberhouse.attention
    import soberhouse.database
    import soberhouse.file_holder
    import soberhouse.houses
    import soberhouse.migrations  # noqa: F401


def pause_cycle_collector() -> None:
    """Start-up creates some hundred thousand objects (Qt's enums, the models,
    the modules) and frees almost none: Python's cycle collector would sweep
    them some 65 times (~13 ms) before the window first paints."""
    gc.disable()


def resume_cycle_collector() -> None:
    """Once the window is on screen: what start-up made is kept for the whole
    run, so it is frozen out of later collections, and collecting resumes."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    opens_window, database = window_database(arguments)
    read_only = window_read_only(arguments)
    if not opens_window:
        from soberhouse.cli import build_parser, run

        args = build_parser().parse_args(arguments)
        if args.command is not None:
            return run(args)
        database, read_only = args.database, args.read_only
    pause_cycle_collector()  # resumed by run_window after the first paint
    import_core_before_qt()
    from ui.app import run_window

    return run_window(database, sys.argv[:1], read_only)


if __name__ == "__main__":
    raise SystemExit(main())

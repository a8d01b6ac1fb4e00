"""The ``soberhouse`` entry point: the window, or a headless subcommand.

Qt is imported only when the window opens, so subcommands start fast and run
on machines without a display.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from soberhouse.cli import build_parser, run

    args = build_parser().parse_args(argv)
    if args.command is not None:
        return run(args)
    from ui.app import run_window

    return run_window(args.database, sys.argv[:1])


if __name__ == "__main__":
    raise SystemExit(main())

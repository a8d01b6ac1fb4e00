"""``python -m soberhouse``: the headless command line."""

from soberhouse.cli import main

raise SystemExit(main())

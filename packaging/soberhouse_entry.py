"""What the bundled executables run: the same ``main`` as the installed
``soberhouse`` and ``soberhouse-gui`` commands (``ui/launch.py``): without a
command it opens the window, with one it works headless.

``SOBERHOUSE_BUNDLE_SELF_TEST=1`` runs the bundle's self-test instead
(``packaging/bundle_self_test.py``, for ``scripts/bundle_smoke.sh``).
"""

import os
import sys

if __name__ == "__main__":
    if os.environ.get("SOBERHOUSE_BUNDLE_SELF_TEST") == "1":
        from bundle_self_test import run

        raise SystemExit(run(sys.argv[1:]))
    from ui.launch import main

    raise SystemExit(main())

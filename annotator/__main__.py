"""`python -m annotator` and the `annotator` command: open the window.

Also the PyInstaller entry script. Qt is imported only inside main(), so
`--help`/`--version` work without a display.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from annotator.ui.app import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())

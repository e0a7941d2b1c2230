"""PyInstaller entry script for the console twin `annotator-cli` (see build.spec)."""

import sys

from annotator.cli import main

if __name__ == "__main__":
    sys.exit(main())

"""`python -m annotator.cli`, the same as `annotator-cli`."""

import sys

from annotator.cli import main

sys.exit(main())

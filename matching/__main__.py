"""``python -m matching`` runs the ``sanhu`` command."""

import sys

from matching.cli import main

sys.exit(main())

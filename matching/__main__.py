"""``python -m matching`` runs the ``sanhu`` command."""

import sys

from matching.cli.commands import main

sys.exit(main())

"""`python -m archdsl` runs the command line."""

import sys

from archdsl.cli.main import main

sys.exit(main())

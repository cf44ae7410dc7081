"""`python -m briefing_builder` does what the `briefing-builder` command does."""

import sys

from briefing_builder.cli import main

sys.exit(main())

"""``python -m pipeline`` is the ``tradefacts`` command."""

import sys

from pipeline.cli import main

sys.exit(main())

"""``python -m pipeline`` is the ``tradefacts`` command."""

import sys

from pipeline.cli import main

# Guarded: worker processes started with "spawn" re-import the main module, and
# must not run the command again.
if __name__ == "__main__":
    sys.exit(main())

"""``python -m pipeline`` is the ``tradefacts`` command."""

import sys

try:
    from pipeline.cli import main
except KeyboardInterrupt:  # Ctrl-C while importing: the usual status, no traceback
    sys.exit(130)

# Guarded: worker processes started with "spawn" re-import the main module, and
# must not run the command again.
if __name__ == "__main__":
    sys.exit(main())

"""The ``tradefacts`` command line: one subcommand per module, each module owns its flags.

A command module exposes ``register(subparsers)`` which adds its parser and sets
``func(args) -> int`` as the default. Exit codes: 0 ok, 1 some documents failed
(or a score fell under ``--fail-under``), 2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys

EXIT_OK = 0
EXIT_DOC_FAILURES = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

if "--multiprocessing-fork" in sys.argv:
    # A spawned worker re-imports the main module (this one, via the console script or
    # ``python -m pipeline``): Ctrl-C reaches the whole process group, and the parent
    # alone decides what it means, so a worker starting up must not die with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

# subcommand -> module providing register(subparsers)
COMMANDS: dict[str, str] = {
    "extract": "pipeline.batch",
    "score": "pipeline.score",
    "tables": "pipeline.tables",
    "report": "pipeline.report",
    "show": "pipeline.show",
    "gold": "pipeline.report.goldio",
}


def build_parser() -> argparse.ArgumentParser:
    """The full parser; each command module adds its own subparser."""
    from pipeline import __version__

    parser = argparse.ArgumentParser(
        prog="tradefacts",
        description="Structured, source-grounded facts from trade press releases.",
    )
    parser.add_argument("--version", action="version", version=f"tradefacts {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in COMMANDS.values():
        importlib.import_module(module_name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse, dispatch, return the exit status (130 on Ctrl-C at any point, start-up too)."""
    try:
        parser = build_parser()  # imports spaCy: seconds in which Ctrl-C is likely
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
            return int(exc.code or 0)
        return int(args.func(args))
    except KeyboardInterrupt:
        print("tradefacts: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())

"""How the date scan's time grows with the text: 10x the text should cost about 10x.

Prints the best-of-5 times for a weekday- and yearless-date-dense text at 100 and
1,000 repetitions and their ratio (linear ~10, quadratic ~100).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.components.dates import Evidence, scan

UNIT = (
    "On Tuesday the group said it would meet on May 15, a week ago; "
    "the deadline was extended to 3 and 4 June, the following year; "
)


def best(text: str, rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        scan(text, Evidence(text))
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    small, large = UNIT * 100, UNIT * 1000
    best(small, 1)  # warm: patterns compiled, caches filled
    t_small, t_large = best(small), best(large)
    print(
        f"date scan: {len(small):,} chars {t_small * 1e3:.1f} ms, "
        f"{len(large):,} chars {t_large * 1e3:.1f} ms, ratio {t_large / t_small:.1f} "
        "(linear ~10, quadratic ~100)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

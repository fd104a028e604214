"""Open a big workshop (2,000 notes, 300 actions, 20 rounds) in the running app at step 4a, against the
app's start-up, measured alternately with it; and the peak memory with it open. Median of several fresh
processes.

"Open" is issue #10's "open → step 4 shown": in an app already showing its workshop list, Enter on the
workshop, "n" to the review offer, F6 to the brainstorm, until the grid is painted with every note
(bench/open_probe.py says exactly what is timed).

    .venv/bin/python bench/bench_open.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PHASES = ("open_s", "offer_s", "workshop_s", "grid_s", "first_notes_s")


def run(runs: int = 7) -> dict[str, float]:
    """Median seconds to step 4a shown and of each phase, the app's start-up measured alternately with
    them (`bench_startup.measure`, its demo store), the median of each open's ratio to the start-up
    measured just before it, and the peak RSS in MB.

    The machine's speed drifts by ±20 % over a minute; a ratio of two medians taken minutes apart
    reports that drift, a ratio of neighbouring measurements does not."""
    sys.path.insert(0, str(HERE))
    import bench_startup

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, DIGIWORKSHOP_DB=str(Path(tmp) / "big.db"))
        startup_env = dict(os.environ, DIGIWORKSHOP_DB=str(Path(tmp) / "demo.db"))
        subprocess.run([sys.executable, "-m", "digiworkshop", "import", str(HERE / "big_workshop.json")], env=env,
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, "-m", "digiworkshop", "demo", "--load-only"], env=startup_env, check=True,
                       stdout=subprocess.DEVNULL)
        bench_startup.measure("app", startup_env)  # warm the OS file cache
        samples: list[list[float]] = []
        startups: list[float] = []
        for _ in range(runs):
            startups.append(bench_startup.measure("app", startup_env))
            out = subprocess.run([sys.executable, str(HERE / "open_probe.py")], env=env, check=True,
                                 capture_output=True, text=True).stdout.split()
            samples.append([float(x) for x in out])
    result = {name: statistics.median(s[i] for s in samples) for i, name in enumerate(PHASES)}
    result.update(startup_s=statistics.median(startups),
                  ratio=statistics.median(s[0] / startup for s, startup in zip(samples, startups)),
                  rss_mb=max(s[len(PHASES)] for s in samples))
    return result


def describe(r: dict[str, float]) -> str:
    """The figures as printed by this script and by run_all.py."""
    return (f"open big workshop at 4a  {r['open_s']*1000:6.0f} ms  (Enter → offer {r['offer_s']*1000:.0f} ms, "
            f"n → workshop {r['workshop_s']*1000:.0f} ms, F6 → grid {r['grid_s']*1000:.0f} ms)  "
            f"start-up {r['startup_s']*1000:6.0f} ms  ratio {r['ratio']:.2f}x (target <= 1.5x; median of each open "
            f"over the start-up just before it)\n"
            f"peak RSS with it open   {r['rss_mb']:6.0f} MB  (target <= 150 MB)")


if __name__ == "__main__":
    print(describe(run()))

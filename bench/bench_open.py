"""Open a big workshop (2,000 notes, 300 actions, 20 rounds) at step 4a, against the start-up figure;
and the peak memory with it open. Median of several fresh processes.

    .venv/bin/python bench/bench_open.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_startup import measure

HERE = Path(__file__).resolve().parent


def run(runs: int = 5) -> dict[str, float]:
    """Median seconds to step 4a shown, its ratio to the app's start-up, and the peak RSS in MB."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, DIGIWORKSHOP_DB=str(Path(tmp) / "big.db"))
        subprocess.run([sys.executable, "-m", "digiworkshop", "import", str(HERE / "big_workshop.json")], env=env,
                       check=True, stdout=subprocess.DEVNULL)
        opens, rss, starts = [], [], []
        for _ in range(runs):
            out = subprocess.run([sys.executable, str(HERE / "open_probe.py")], env=env, check=True,
                                 capture_output=True, text=True).stdout.split()
            opens.append(float(out[0]))
            rss.append(float(out[1]))
            starts.append(measure("app", env))
    opened, started = statistics.median(opens), statistics.median(starts)
    return {"open_s": opened, "startup_s": started, "ratio": opened / started, "rss_mb": max(rss)}


if __name__ == "__main__":
    r = run()
    print(f"open big workshop at 4a  {r['open_s']*1000:7.0f} ms   start-up {r['startup_s']*1000:7.0f} ms   "
          f"ratio {r['ratio']:.2f}x (target <= 1.5x)   peak RSS {r['rss_mb']:.0f} MB (target <= 150 MB)")

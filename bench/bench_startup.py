"""Start-up: launch → first screen painted with the workshop list, against a minimal Textual app.

Both are started the same way (a fresh Python process, headless), several times alternately; the
median of each, and the median of each app start's ratio to the floor started just before it, are
printed. Run: `.venv/bin/python bench/bench_startup.py`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(kind: str, env: dict[str, str], event: str = "painted") -> float:
    """Seconds from spawning the process until its first screen was painted (or `event`: "ready", the
    app's store open)."""
    start = time.time()
    out = subprocess.run([sys.executable, str(HERE / "startup_probe.py"), kind], env=env, check=True,
                         capture_output=True, text=True).stdout
    times = dict(line.split() for line in out.splitlines() if line.startswith(("painted ", "ready ")))
    return float(times[event]) - start


def run(runs: int = 11) -> dict[str, float]:
    """Median start-up of the floor and of the app (with the demo workshop in the store), and when the
    app's store was open."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, DIGIWORKSHOP_DB=str(Path(tmp) / "bench.db"))
        subprocess.run([sys.executable, "-m", "digiworkshop", "demo", "--load-only"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        measure("floor", env), measure("app", env)  # warm the OS file cache
        floors, apps, readies = [], [], []
        for _ in range(runs):
            floors.append(measure("floor", env))
            apps.append(measure("app", env))
            readies.append(measure("app", env, "ready"))
    # The ratio is the median of each app start over the floor started just before it: the machine's
    # speed drifts within a run, and neighbouring starts see the same machine.
    ratio = statistics.median(app / floor for floor, app in zip(floors, apps))
    return {"floor_s": statistics.median(floors), "app_s": statistics.median(apps), "ratio": ratio,
            "ready_s": statistics.median(readies)}


if __name__ == "__main__":
    result = run()
    print(f"start-up  floor {result['floor_s']*1000:7.0f} ms   app {result['app_s']*1000:7.0f} ms   "
          f"ratio {result['ratio']:.2f}x  (target <= 1.3x)   store open {result['ready_s']*1000:7.0f} ms")

"""Start-up: launch → first screen painted with the workshop list, against a minimal Textual app.

Both are started the same way (a fresh Python process, headless), several times alternately; the
median of each and their ratio are printed. Run: `.venv/bin/python bench/bench_startup.py`.
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


def measure(kind: str, env: dict[str, str]) -> float:
    """Seconds from spawning the process until it exits after the first paint."""
    start = time.perf_counter()
    subprocess.run([sys.executable, str(HERE / "startup_probe.py"), kind], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def run(runs: int = 7) -> dict[str, float]:
    """Median start-up of the floor and of the app (with the demo workshop in the store)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, DIGIWORKSHOP_DB=str(Path(tmp) / "bench.db"))
        subprocess.run([sys.executable, "-m", "digiworkshop", "demo", "--load-only"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        measure("floor", env), measure("app", env)  # warm the OS file cache
        floors, apps = [], []
        for _ in range(runs):
            floors.append(measure("floor", env))
            apps.append(measure("app", env))
    floor, app = statistics.median(floors), statistics.median(apps)
    return {"floor_s": floor, "app_s": app, "ratio": app / floor}


if __name__ == "__main__":
    result = run()
    print(f"start-up  floor {result['floor_s']*1000:7.0f} ms   app {result['app_s']*1000:7.0f} ms   "
          f"ratio {result['ratio']:.2f}x  (target <= 1.3x)")

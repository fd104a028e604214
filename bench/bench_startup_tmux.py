"""Start-up in a real terminal: launch in tmux → the workshop list visible in the pane, against a minimal
Textual app started the same way.

bench_startup.py times the first frame painted headless; a real terminal adds what the headless driver
skips (the terminal driver, its queries, writing the frame to a pty). Here each app runs in a new tmux
pane of 120×36, and the pane is read every 10 ms until the first screen's text is there: the
workshop list's demo row for the app, "Workshops" for the floor. Starts alternate (floor, app, floor,
app …); the ratio is the median of each app start over the floor started just before it.
Run: `.venv/bin/python bench/bench_startup_tmux.py` (needs tmux).
"""

from __future__ import annotations

import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLOOR = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("Workshops")
        yield Footer()

Minimal().run()
"""
APP_MARKER = "Temadag"  # the demo workshop's title, in the list's first row
FLOOR_MARKER = "Workshops"


# A tmux server of the bench's own, kept alive by an idle session: when the last session of a server is
# killed the server exits, and a new session started in that moment fails.
TMUX = ["tmux", "-L", f"bench-startup-{os.getpid()}"]


def _pane(session: str) -> str:
    return subprocess.run([*TMUX, "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout


_runs = itertools.count()


def measure(command: str, marker: str, env: dict[str, str], timeout: float = 20.0) -> float:
    """Seconds from starting `command` in a new 120×36 tmux pane until `marker` shows in it."""
    session = f"bench{os.getpid()}-{next(_runs)}"
    start = time.perf_counter()
    # The tmux server keeps the environment it started with: the store's path goes in with -e.
    subprocess.run([*TMUX, "new-session", "-d", "-s", session, "-x", "120", "-y", "36",
                    "-e", f"DIGIWORKSHOP_DB={env['DIGIWORKSHOP_DB']}", command], env=env, check=True,
                   capture_output=True)
    try:
        while time.perf_counter() - start < timeout:
            if marker in _pane(session):
                return time.perf_counter() - start
            time.sleep(0.01)
        raise RuntimeError(f"{marker!r} did not show within {timeout} s:\n{_pane(session)}")
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", session], capture_output=True)


def run(runs: int = 15) -> dict[str, float]:
    """Median start-up of the floor and of the app in tmux, and the median ratio."""
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, DIGIWORKSHOP_DB=str(Path(tmp) / "bench.db"), TERM="xterm-256color")
        env.pop("TMUX", None)
        subprocess.run([sys.executable, "-m", "digiworkshop", "demo", "--load-only"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        floor_script = Path(tmp) / "floor.py"
        floor_script.write_text(FLOOR, encoding="utf-8")
        floor_cmd = f"{sys.executable} {floor_script}"
        subprocess.run([*TMUX, "new-session", "-d", "-s", "keeper", "sleep 3600"], env=env, check=True)
        app_cmd = f"{sys.executable} -m digiworkshop"
        measure(floor_cmd, FLOOR_MARKER, env), measure(app_cmd, APP_MARKER, env)  # warm the file cache
        floors, apps = [], []
        for _ in range(runs):
            floors.append(measure(floor_cmd, FLOOR_MARKER, env))
            apps.append(measure(app_cmd, APP_MARKER, env))
        subprocess.run([*TMUX, "kill-server"], capture_output=True)
    ratio = statistics.median(app / floor for floor, app in zip(floors, apps))
    return {"floor_s": statistics.median(floors), "app_s": statistics.median(apps), "ratio": ratio}


if __name__ == "__main__":
    result = run()
    print(f"start-up in tmux  floor {result['floor_s']*1000:7.0f} ms   app {result['app_s']*1000:7.0f} ms   "
          f"ratio {result['ratio']:.2f}x  (target <= 1.3x)")

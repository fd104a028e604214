"""Run every benchmark and print one table: each figure beside its floor, as a ratio.

    make bench        (or .venv/bin/python bench/run_all.py)

No test asserts on these numbers; they are run by hand and reported.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Each prints its own figures beside their targets.
SCRIPTS = (
    "bench_capture.py",
    # Right after bench_capture.py: its Enter → painted while phones post is read beside the figure without phones.
    "bench_room.py",
    "bench_export.py",
    "bench_import.py",
    "bench_suggest.py",
)


def main() -> int:
    import bench_open
    import bench_startup

    startup = bench_startup.run()
    print(f"1 start-up to the workshop list  app {startup['app_s']*1000:6.0f} ms  floor {startup['floor_s']*1000:6.0f} ms"
          f"  ratio {startup['ratio']:.2f}x  (target <= 1.3x); its store open at {startup['ready_s']*1000:.0f} ms",
          flush=True)
    if shutil.which("tmux"):
        import bench_startup_tmux

        real = bench_startup_tmux.run()
        print(f"1 start-up in a real terminal (tmux)  app {real['app_s']*1000:6.0f} ms  floor {real['floor_s']*1000:6.0f} ms"
              f"  ratio {real['ratio']:.2f}x  (target <= 1.3x)", flush=True)
    for script in SCRIPTS:
        print(f"--- {script}", flush=True)
        subprocess.run([sys.executable, str(HERE / script)], check=True)
    opened = bench_open.run()
    open_line, memory_line = bench_open.describe(opened).splitlines()
    print(f"3 {open_line}")
    print(f"5 {memory_line}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    sys.exit(main())

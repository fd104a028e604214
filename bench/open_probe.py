"""Open the big workshop at step 4a in a fresh process, headless; print seconds and peak RSS.

Used by bench_open.py: `python bench/open_probe.py` with DIGIWORKSHOP_DB pointing at a store that
holds bench/big_workshop.json. Seconds run from process start to the brainstorm grid painted with
its notes; memory is the process's peak resident set size after that.
"""

from __future__ import annotations

import resource
import sys
import time

START = time.perf_counter()


def main() -> None:
    from digiworkshop.screens.app import DigiWorkshopApp
    from digiworkshop.store import Store

    store = Store()
    [summary] = store.list_workshops()
    app = DigiWorkshopApp(store, open_workshop_id=summary.id)
    result = {}

    async def pilot(p) -> None:  # noqa: ANN001
        at_step_4 = False
        while True:
            await p.pause()
            screen = p.app.screen
            if screen.__class__.__name__ == "ConfirmDialog":  # the review offer: not now
                await p.press("n")
                continue
            if not at_step_4 and screen.__class__.__name__ == "WorkshopScreen":
                await p.press("f6")
                at_step_4 = True
                continue
            lists = screen.query("NoteList")
            if lists and sum(lst.option_count for lst in lists) >= 2000:
                break
        result["seconds"] = time.perf_counter() - START
        p.app.exit()

    app.run(headless=True, size=(120, 36), auto_pilot=pilot)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{result['seconds']:.4f} {rss_mb:.1f}")


if __name__ == "__main__":
    sys.exit(main())

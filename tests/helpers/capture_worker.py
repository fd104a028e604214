"""A capture loop to be killed: the crash-safety test's separate process (run as a script), and
`Worker`, the test's handle on it.

    python tests/helpers/capture_worker.py DB_URL WORKSHOP_ID CAPTURE_FUNCTION

It imports the app once, then obeys commands on stdin so each round needs no new interpreter:
`go ROUND` forks a child that opens the store like the app does and captures through the store's own
capture method in a loop, writing `ack ROUND I` to stdout after each capture the store has
committed; the test SIGKILLs the child at a random moment; the parent reaps it and writes
`dead ROUND`, so the test knows every ack the child wrote is in the pipe. `quit` ends it.

CAPTURES names the store methods it can drive. To point the crash test at another capture (notes
in step 4a, say), add an entry here and to READERS, and pass its name.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable

# Run as a script from anywhere: the package is installed in the venv; nothing else is needed.

CAPTURES: dict[str, Callable] = {
    "add_participant": lambda store, workshop_id, text: store.add_participant(workshop_id, name=text, role="Deltager"),
    # The brainstorm's capture: exactly the call BrainstormStep makes on Enter.
    "add_note": lambda store, workshop_id, text: store.add_note(workshop_id, perspective="fagligt", kind="barriere",
                                                                text=text),
}

READERS: dict[str, Callable] = {
    "add_participant": lambda store, workshop_id: [p.name for p in store.list_participants(workshop_id)],
    "add_note": lambda store, workshop_id: [n.text for n in store.list_notes(workshop_id)],
}

# Long enough that a torn write would show (pages, not bytes), with Danish letters, RTL and emoji.
_PAYLOAD = "Borgerne får overblik · æøå ÆØÅ · שלום · 👩‍👩‍👧 · " * 12


def capture_text(round_no: int, i: int) -> str:
    """The exact text of capture i in a round: the test checks every stored text against it."""
    return f"r{round_no:03d}-{i:06d} " + _PAYLOAD[: (i * 37) % len(_PAYLOAD)]


def parse_text(text: str) -> tuple[int, int]:
    """(round, i) of a captured text; raises ValueError for anything that is not a whole capture."""
    head = text.split(" ", 1)[0]
    round_no, i = (int(part) for part in head[1:].split("-"))
    if text[0] != "r" or text != capture_text(round_no, i):
        raise ValueError(f"not a whole capture: {text[:40]!r}")
    return round_no, i


def _child(url: str, workshop_id: int, capture: Callable, round_no: int) -> None:
    from digiworkshop.store import Store

    store = Store(url)  # the same open (and schema check) the app does
    os.write(1, f"ready {round_no} {os.getpid()}\n".encode())
    i = 0
    while True:
        capture(store, workshop_id, capture_text(round_no, i))
        os.write(1, f"ack {round_no} {i}\n".encode())  # only after the store returned: committed
        i += 1


class Worker:
    """The capture process: start rounds, kill them, collect acknowledgements."""

    def __init__(self, url: str, workshop_id: int, function: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, __file__, url, str(workshop_id), function],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
        )
        assert self.proc.stdout.readline() == "imported\n"

    def start(self, round_no: int) -> int:
        """Fork a capturing child; its pid once it has opened the store."""
        self.proc.stdin.write(f"go {round_no}\n")
        self.proc.stdin.flush()
        ready = self.proc.stdout.readline().split()
        assert ready[:2] == ["ready", str(round_no)], f"worker did not start: {ready}"
        return int(ready[2])

    def wait_for_acks(self, count: int) -> list[int]:
        """Block until the running child has acknowledged count more captures; their numbers."""
        return [self._ack(self.proc.stdout.readline()) for _ in range(count)]

    def kill(self, pid: int) -> tuple[list[int], int]:
        """SIGKILL the child; the capture numbers it acknowledged (not yet read) and its wait status."""
        os.kill(pid, signal.SIGKILL)
        acked = []
        for line in self.proc.stdout:
            kind, _, rest = line.partition(" ")
            if kind == "ack":
                acked.append(int(rest.split()[1]))
            elif kind == "dead":
                return acked, int(rest.split()[1])
        raise AssertionError("the worker went away")

    def round(self, round_no: int, rng: random.Random) -> tuple[list[int], int]:
        """One child: let it capture for a random moment, SIGKILL it; its acked capture numbers."""
        pid = self.start(round_no)
        # A random moment: after a random number of acknowledged captures (so every speed of machine
        # captures something), then a random fraction of a capture: mid-transaction, mid-commit, mid-ack.
        acked = self.wait_for_acks(rng.randint(0, 6))
        time.sleep(rng.uniform(0.0, 0.02))
        more, status = self.kill(pid)
        return acked + more, status

    @staticmethod
    def _ack(line: str) -> int:
        kind, _, rest = line.partition(" ")
        assert kind == "ack", f"the capture loop stopped: {line!r}"
        return int(rest.split()[1])

    def close(self) -> None:
        self.proc.stdin.write("quit\n")
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def main(argv: list[str]) -> int:
    url, workshop_id, function = argv[0], int(argv[1]), argv[2]
    capture = CAPTURES[function]
    import digiworkshop.store  # noqa: F401 - import once, before forking

    os.write(1, b"imported\n")
    for line in sys.stdin:
        command = line.split()
        if not command or command[0] == "quit":
            return 0
        round_no = int(command[1])
        pid = os.fork()
        if pid == 0:
            try:
                _child(url, workshop_id, capture, round_no)
            except BaseException:  # noqa: BLE001 - the loop only ends by failing: show why
                import traceback

                traceback.print_exc()
            os._exit(3)
        _, status = os.waitpid(pid, 0)
        os.write(1, f"dead {round_no} {status}\n".encode())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

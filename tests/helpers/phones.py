"""Simulated phones for the load test and the room benchmark: real HTTP on loopback, one thread each.

Each `Phone` does what the page's script does: it opens the join address (the server sets its cookie,
its phone id), then sends its notes one after the other as JSON, each with a key of its own made on the
phone, and keeps a note until the server has answered it: a refused connection, a dropped one, a 5xx,
a 404 (the room is closed) or a 429 (too fast) is tried again with the same key, as the page's outbox
does. Only an answer the page would give up on (400, 409, 413) ends a note unsent, and is recorded.

Each phone talks from a loopback address of its own (127.0.0.2, 127.0.0.3, …: Linux answers the whole
127/8 on `lo`), as sixty phones on the room's Wi-Fi have sixty addresses. The server's per-address limit
(30 texts a minute) is then the limit a real room meets, and is never switched off for the test.

    phones = [Phone(i, join_url, notes_for(i)) for i in range(60)]
    run_phones(phones)            # starts a thread per phone, returns when every note is answered
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from digiworkshop.rules.brainstorm import CELLS

RETRY_SECONDS = 0.2  # how soon an unanswered note is sent again (the page retries when it can)
TIMEOUT = 10.0  # a request unanswered this long is treated as lost and sent again

# Danish letters, a family emoji (one glyph of several code points), markup of Textual, HTML and Word.
_TAIL = ("Borgerne får overblik 👩‍👩‍👧 æøå ÆØÅ", "[b]ikke fed[/b] <script>alert(1)</script>",
         "Rådgiveren 😀 hjælper & forklarer", "“Citat” – med tankestreg … 🇩🇰", "Ølejr på Ærø *ikke kursiv*")


def note_text(phone: int, i: int) -> str:
    """The exact text of note i from phone `phone` (unique, so the store can be checked text by text)."""
    return f"Telefon {phone:02d} note {i:02d}: {_TAIL[(phone + i) % len(_TAIL)]}"


@dataclass
class Note:
    """One note as the phone keeps it: what it sends, and what happened to it."""

    key: str
    perspective: str
    kind: str
    text: str
    name: str = ""
    attempts: int = 0  # requests sent for it (more than one: retried with the same key)
    first_sent: float = 0.0  # perf_counter at the first attempt
    sent: float = 0.0  # perf_counter at the attempt that was answered
    answered: float = 0.0  # perf_counter when the server answered "stored"
    status: int = 0  # the final HTTP status (200: stored)
    post: dict = field(default_factory=dict)  # the server's answer (the post as the phone sees it)


def notes_for(phone: int, count: int, *, name: str = "") -> list[Note]:
    """`count` notes for one phone, spread over the six cells, each with a fresh key as the page makes."""
    notes = []
    for i in range(count):
        perspective, kind = CELLS[(phone + i) % len(CELLS)]
        notes.append(Note(uuid.uuid4().hex, perspective, kind, note_text(phone, i), name))
    return notes


class Phone:
    """One participant's phone: its own source address, its own cookie, its own keep-alive connection."""

    def __init__(self, index: int, join_url: str, notes: list[Note], *, pace: tuple[float, float] = (0.0, 0.0),
                 seed: int = 0) -> None:
        url = urlsplit(join_url)
        self.index = index
        self.host, self.port, self.path = url.hostname or "127.0.0.1", url.port or 80, url.path
        self.source = f"127.0.0.{2 + index}" if self.host == "127.0.0.1" else ""
        self.notes = notes
        self.pace = pace  # seconds to wait before each note (uniform in the range): a person writing
        self.random = random.Random(seed * 1000 + index)
        self.cookie = ""
        self.retries = 0  # requests sent again with the same key
        self.errors: list[str] = []  # what went wrong before a retry (for the report)
        self.on_answer = None  # optional callable(Phone, Note) after each stored note
        self._conn: http.client.HTTPConnection | None = None

    # --- HTTP -------------------------------------------------------------------------------------

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            source = (self.source, 0) if self.source else None
            self._conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT, source_address=source)
        return self._conn

    def _drop(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict[str, str], bytes]:
        """One request on the phone's connection (raises OSError / HTTPException when it fails)."""
        headers = {"Cookie": self.cookie} if self.cookie else {}
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            # A browser's fetch from the page names the page's origin.
            headers.update({"Content-Type": "application/json", "Origin": f"http://{self.host}:{self.port}"})
        conn = self._connection()
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            payload = response.read()
        except BaseException:
            self._drop()
            raise
        got = {k.lower(): v for k, v in response.getheaders()}
        if "set-cookie" in got:
            self.cookie = got["set-cookie"].split(";")[0]
        if got.get("connection", "").lower() == "close":
            self._drop()
        return response.status, got, payload

    # --- what the page does -----------------------------------------------------------------------

    def join(self, deadline: float) -> None:
        """Open the join address until the server answers (it sets the phone's cookie)."""
        while True:
            try:
                status, _, _ = self.request("GET", self.path)
                if status == 200 and self.cookie:
                    return
                self.errors.append(f"join {status}")
            except (OSError, http.client.HTTPException) as exc:
                self.errors.append(f"join {type(exc).__name__}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"phone {self.index} could not join")
            time.sleep(RETRY_SECONDS)

    def send(self, note: Note, deadline: float) -> None:
        """Send one note and keep sending it, with the same key, until the server has answered."""
        body = {"key": note.key, "perspective": note.perspective, "kind": note.kind, "text": note.text}
        if note.name:
            body["name"] = note.name
        note.first_sent = time.perf_counter()
        while True:
            note.attempts += 1
            if note.attempts > 1:
                self.retries += 1
            note.sent = time.perf_counter()
            wait = RETRY_SECONDS
            try:
                status, headers, payload = self.request("POST", self.path + "/note", body)
            except (OSError, http.client.HTTPException) as exc:
                self.errors.append(type(exc).__name__)
            else:
                if status == 200:
                    note.answered = time.perf_counter()
                    note.status = status
                    note.post = json.loads(payload)["post"]
                    if self.on_answer is not None:
                        self.on_answer(self, note)
                    return
                if status not in (404, 429) and status < 500:  # refused for good: the page gives it back
                    note.status = status
                    self.errors.append(f"{status} {payload[:200]!r}")
                    return
                self.errors.append(str(status))
                if status == 429:
                    wait = float(headers.get("retry-after", "10"))
            if time.monotonic() > deadline:
                raise TimeoutError(f"phone {self.index}: note {note.key} unanswered")
            time.sleep(wait)

    def run(self, deadline: float) -> None:
        """Join, then write and send every note (waiting `pace` before each, as a person writes)."""
        try:
            self.join(deadline)
            for note in self.notes:
                low, high = self.pace
                if high:
                    time.sleep(self.random.uniform(low, high))
                self.send(note, deadline)
        except Exception as exc:  # noqa: BLE001 - reported by run_phones' caller through .errors
            self.errors.append(f"gave up: {exc!r}")
        finally:
            self._drop()


def start_phones(phones: list[Phone], seconds: float = 120.0) -> list[threading.Thread]:
    """Start every phone in a thread of its own; `seconds` bounds how long any phone keeps trying."""
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=p.run, args=(deadline,), name=f"phone-{p.index}", daemon=True)
               for p in phones]
    for thread in threads:
        thread.start()
    return threads


def run_phones(phones: list[Phone], seconds: float = 120.0) -> None:
    """Run every phone to the end (each in a thread of its own)."""
    for thread in start_phones(phones, seconds):
        thread.join()

"""The participant server over real HTTP on loopback: a real uvicorn in its own thread, a real store
(SQLite file and PostgreSQL), phones spoken to with http.client, hostile ones included."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from digiworkshop.room.server import RoomServer
from digiworkshop.store import Store


class Phone:
    """One phone: its own cookie jar (the phone id), real HTTP requests to the server."""

    def __init__(self, server: RoomServer) -> None:
        parts = urlsplit(server.join_url)
        self.host, self.port, self.base = parts.hostname, parts.port, parts.path
        self.cookie = ""

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            sent = dict(headers or {})
            if self.cookie:
                sent["Cookie"] = self.cookie
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            text = response.read().decode("utf-8")
            got = {k.lower(): v for k, v in response.getheaders()}
        finally:
            conn.close()
        if "set-cookie" in got:
            self.cookie = got["set-cookie"].split(";")[0]
        return response.status, got, text

    def page(self) -> tuple[int, str]:
        status, _, text = self.request("GET", self.base)
        return status, text

    def send(self, what: str, **fields: object) -> tuple[int, dict]:
        status, _, text = self.request("POST", f"{self.base}/{what}", json.dumps(fields).encode(),
                                       {"Content-Type": "application/json"})
        return status, json.loads(text) if text.startswith("{") else {"raw": text}

    def state(self) -> dict:
        status, _, text = self.request("GET", f"{self.base}/state")
        assert status == 200, text
        return json.loads(text)


@pytest.fixture
def room(store: Store, db_url: str) -> Iterator[tuple[Store, int, RoomServer]]:
    """A workshop at step 4a with the server running on loopback."""
    workshop = store.create_workshop(title="Telefoner i rummet")
    store.save_place(workshop.id, step="brainstorm")
    server = RoomServer(db_url, workshop.id, host="127.0.0.1")
    server.start()
    yield store, workshop.id, server
    server.stop()


def test_a_phone_joins_and_its_note_is_stored_before_it_says_sent(room: tuple[Store, int, RoomServer]) -> None:
    store, wid, server = room
    assert server.join_url.startswith(f"http://127.0.0.1:{server.port}/j/")
    assert server.code == store.get_room(wid).code
    phone = Phone(server)
    status, html = phone.page()
    assert status == 200
    assert "Potentialer og barrierer" in html and "Fagligt" in html
    status, answer = phone.send("note", key="k-1", perspective="fagligt", kind="barriere",
                                text="Borgerne mangler NemID 🙂")
    assert status == 200 and answer["post"]["label"] == "Sendt ✓"
    assert [n.text for n in store.list_notes(wid)] == ["Borgerne mangler NemID 🙂"]
    assert server.phones == 1

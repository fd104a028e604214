"""The participant server over real HTTP on loopback: a real uvicorn in its own thread, a real store
(SQLite file and PostgreSQL), phones spoken to with http.client, hostile ones included."""

from __future__ import annotations

import http.client
import json
import time
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

    def events(self) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse, bytes]:
        """The page's event stream, opened and read up to its first event (the room's version)."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        conn.request("GET", f"{self.base}/events")
        stream = conn.getresponse()
        assert stream.status == 200 and stream.getheader("content-type").startswith("text/event-stream")
        assert [stream.readline(), stream.readline()] == [b"retry: 2000\n", b"\n"]
        first = stream.readline()
        assert first.startswith(b"data: ")
        return conn, stream, first

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


NOTE = {"perspective": "fagligt", "kind": "barriere"}
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "citat" </textarea>'
SECURITY = {
    "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; "
                               "form-action 'self'; base-uri 'none'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def test_markup_and_script_in_a_note_come_back_escaped_and_are_stored_exactly(room) -> None:
    store, wid, server = room
    phone = Phone(server)
    phone.page()
    status, _ = phone.send("note", key="evil", text=HOSTILE, **NOTE)
    assert status == 200
    assert [n.text for n in store.list_notes(wid)] == [HOSTILE]  # stored exactly
    _, html = phone.page()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>alert" not in html and "<img src=x" not in html and "</textarea> &amp;" not in html
    assert phone.state()["posts"][0]["text"] == HOSTILE  # JSON carries it as data; the script uses textContent


def test_every_response_forbids_framing_and_foreign_script(room) -> None:
    _, _, server = room
    phone = Phone(server)
    paths = [("GET", phone.base), ("GET", f"{phone.base}/state"), ("GET", "/"), ("GET", "/static/page.js"),
             ("GET", "/j/wrong-token"), ("GET", "/nothing/here"), ("POST", f"{phone.base}/note")]
    for method, path in paths:
        _, headers, _ = phone.request(method, path, b"{}" if method == "POST" else None,
                                      {"Content-Type": "application/json"} if method == "POST" else None)
        for name, value in SECURITY.items():
            assert headers.get(name) == value, (path, name)
    _, headers, _ = phone.request("GET", f"{phone.base}/state")
    assert headers["cache-control"] == "no-store"
    _, headers, _ = phone.request("GET", phone.base)
    cookie = headers["set-cookie"] if "set-cookie" in headers else ""
    fresh = Phone(server)
    _, headers, _ = fresh.request("GET", fresh.base)
    assert "HttpOnly" in headers["set-cookie"] and "SameSite=strict" in headers["set-cookie"], cookie


def test_a_huge_body_is_refused_with_413_and_nothing_is_stored(room) -> None:
    store, wid, server = room
    phone = Phone(server)
    phone.page()
    huge = json.dumps({"key": "big", "text": "x" * 2_000_000, **NOTE}).encode()
    status, headers, text = phone.request("POST", f"{phone.base}/note", huge, {"Content-Type": "application/json"})
    assert status == 413 and "for lang" in text and headers["x-frame-options"] == "DENY"
    # The same without a Content-Length (chunked): counted while it arrives, refused all the same.
    conn = http.client.HTTPConnection(phone.host, phone.port, timeout=10)
    conn.putrequest("POST", f"{phone.base}/note")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.putheader("Cookie", phone.cookie)
    conn.endheaders()
    try:
        for _ in range(40):
            chunk = b"x" * 1024
            conn.send(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        conn.send(b"0\r\n\r\n")
    except OSError:
        pass  # the server may close the connection once it has answered
    assert conn.getresponse().status == 413
    conn.close()
    assert store.list_notes(wid) == [] and store.phone_posts(wid, phone.cookie.split("=", 1)[1]) == []


def test_a_text_over_1000_characters_is_refused_in_danish(room) -> None:
    store, wid, server = room
    status, answer = Phone(server).send("note", key="long", text="ø" * 1001, **NOTE)
    assert status == 400 and "for lang" in answer["error"] and "1000" in answer["error"]
    assert store.list_notes(wid) == []


def test_a_flood_of_notes_is_stopped_at_30_a_minute_per_phone_and_per_address(room) -> None:
    store, wid, server = room
    phone = Phone(server)
    for i in range(30):
        status, _ = phone.send("note", key=f"n{i}", text=f"Note {i}", **NOTE)
        assert status == 200
    status, answer = phone.send("note", key="n30", text="Én for meget", **NOTE)
    assert status == 429 and "Vent lidt" in answer["error"]
    # A phone that throws its cookie away is still the same address.
    status, _ = Phone(server).send("note", key="other", text="Ny telefon, samme adresse", **NOTE)
    assert status == 429
    assert len(store.list_notes(wid)) == 30


def test_a_replayed_request_stores_one_note(room) -> None:
    store, wid, server = room
    phone = Phone(server)
    first = phone.send("note", key="same-key", text="Kun én gang", **NOTE)
    again = phone.send("note", key="same-key", text="Kun én gang", **NOTE)
    assert first[0] == again[0] == 200 and first[1]["post"]["id"] == again[1]["post"]["id"]
    assert [n.text for n in store.list_notes(wid)] == ["Kun én gang"]
    assert len(phone.state()["posts"]) == 1


def test_a_wrong_token_gets_the_same_404_as_any_unknown_path(room) -> None:
    store, wid, server = room
    phone = Phone(server)
    token = server.join_url.rsplit("/", 1)[1]
    wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
    answers = {path: phone.request("GET", path) for path in (f"/j/{wrong}", "/j/", "/admin", "/j/x/export")}
    assert {status for status, _, _ in answers.values()} == {404}
    assert len({text for _, _, text in answers.values()}) == 1  # nothing tells a near miss from nonsense
    assert "Rummet findes ikke" in answers["/admin"][2]
    status2, _, _ = phone.request("POST", f"/j/{wrong}/note", json.dumps({"key": "k", "text": "x", **NOTE}).encode(),
                                  {"Content-Type": "application/json"})
    assert status2 == 404 and store.list_notes(wid) == []


def test_another_workshops_token_and_code_do_not_open_this_room(room) -> None:
    store, wid, server = room
    other = store.create_workshop(title="En anden workshop")
    other_room = store.open_room(other.id)
    phone = Phone(server)
    assert phone.request("GET", f"/j/{other_room.token}")[0] == 404
    status, _, text = phone.request("POST", "/", f"code={other_room.code}".encode(),
                                    {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and "Koden passer ikke" in text


def test_the_code_lets_a_phone_in_and_six_wrong_codes_make_it_wait(room) -> None:
    store, wid, server = room
    phone = Phone(server)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    status, headers, _ = phone.request("POST", "/", f"code={server.code[:3]}+{server.code[3:]}".encode(), form)
    assert status == 303 and headers["location"] == server.join_url.split(str(server.port), 1)[1]
    wrong = f"{(int(server.code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        status, _, text = phone.request("POST", "/", f"code={wrong}".encode(), form)
        assert status == 400 and "Koden passer ikke" in text
    status, _, text = phone.request("POST", "/", f"code={wrong}".encode(), form)
    assert status == 429 and "Vent et minut" in text
    status, _, _ = phone.request("POST", "/", f"code={server.code}".encode(), form)
    assert status == 429  # even the right code waits: guessing cannot go on


def test_a_plain_form_without_javascript_posts_and_comes_back_to_the_page(room) -> None:
    store, wid, server = room
    phone = Phone(server)
    _, html = phone.page()
    key = html.split('name="key" value="', 1)[1].split('"', 1)[0]
    form = f"key={key}&perspective=organisatorisk&kind=potentiale&text=Ledelsen+bakker+op+%C3%A6%C3%B8%C3%A5&name="
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    status, answer, _ = phone.request("POST", f"{phone.base}/note", form.encode(), headers)
    assert status == 303 and answer["location"] == phone.base
    _, html = phone.page()
    assert "Sendt ✓" in html and "Ledelsen bakker op æøå" in html and "Organisatorisk · Potentiale" in html
    # The browser re-sends the same form (back button, double tap): still one note.
    phone.request("POST", f"{phone.base}/note", form.encode(), headers)
    assert [n.text for n in store.list_notes(wid)] == ["Ledelsen bakker op æøå"]
    # A bad form comes back to the page with the reason, in Danish.
    status, answer, _ = phone.request("POST", f"{phone.base}/note", b"key=x2&perspective=fagligt&kind=barriere&text=+",
                                      headers)
    assert status == 303
    assert "må ikke være tom" in phone.page()[1]


@pytest.mark.parametrize("headers", [{"Origin": "http://evil.example"},
                                     {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
                                     {"Sec-Fetch-Site": "same-site"}])
def test_a_write_from_another_site_is_refused(room, headers: dict[str, str]) -> None:
    store, wid, server = room
    phone = Phone(server)
    status, _, _ = phone.request("POST", f"{phone.base}/note",
                                 json.dumps({"key": "x", "text": "fra en fremmed side", **NOTE}).encode(),
                                 {"Content-Type": "application/json", **headers})
    assert status == 403 and store.list_notes(wid) == []


def test_queued_notes_wait_and_can_be_taken_back_until_shown(room) -> None:
    store, wid, server = room
    store.update_room(wid, queue=True)
    phone = Phone(server)
    phone.send("note", key="q1", text="I køen", **NOTE)
    posts = phone.state()["posts"]
    assert [(p["label"], p["can_withdraw"]) for p in posts] == [("Venter", True)]
    status, answer = phone.send("withdraw", post_id=posts[0]["id"])
    assert status == 200 and answer["post"]["label"] == "Taget tilbage"
    assert store.queued_posts(wid) == []
    # Straight in and shown: too late to take back.
    store.update_room(wid, queue=False)
    phone.send("note", key="q2", text="Vist med det samme", **NOTE)
    shown = phone.state()["posts"][-1]
    assert shown["label"] == "Sendt ✓" and not shown["can_withdraw"]
    status, answer = phone.send("withdraw", post_id=shown["id"])
    assert status == 400 and "allerede vist" in answer["error"]
    # Another phone cannot take this phone's text back.
    status, _ = Phone(server).send("withdraw", post_id=shown["id"])
    assert status == 409 and [n.text for n in store.list_notes(wid)] == ["Vist med det samme"]


def test_the_wait_page_names_the_step_the_facilitator_is_at(room) -> None:
    store, wid, server = room
    store.save_place(wid, step="action_plan")
    phone = Phone(server)
    state = phone.state()
    assert state["step"] == "wait" and state["wait"] == "Facilitatoren er ved trinnet 4c Handlingsplan – vent et øjeblik."
    assert "Facilitatoren er ved trinnet 4c Handlingsplan" in phone.page()[1]


def test_evaluation_answers_go_into_the_newest_round(room) -> None:
    store, wid, server = room
    store.create_round(wid, title="Første runde")
    newest = store.create_round(wid, title="Anden runde")
    store.save_place(wid, step="evaluation")
    phone = Phone(server)
    state = phone.state()
    assert state["step"] == "evaluation" and state["round"] == {"id": newest.id, "title": "Anden runde"}
    html = phone.page()[1]
    assert "Hvad gik godt?" in html and "Hvad ville du/I gøre anderledes?" in html
    status, answer = phone.send("answer", key="a1", round_id=newest.id, question="gik_godt", text="Stemningen 🎉")
    assert status == 200 and answer["post"]["where"] == "Hvad gik godt?"
    assert [(e.question, e.text) for e in store.list_entries(newest.id)] == [("gik_godt", "Stemningen 🎉")]


def test_the_dots_show_the_board_without_hidden_notes_or_names(room) -> None:
    store, wid, server = room
    anna = store.add_participant(wid, name="Anna Hemmelig")
    shown = store.add_note(wid, text="Synlig note", participant_id=anna.id, **NOTE).note
    themed = store.add_note(wid, perspective="organisatorisk", kind="potentiale", text="I et tema").note
    store.create_theme(wid, name="Ledelse", note_ids=[themed.id])
    store.update_room(wid, hide=True)
    Phone(server).send("note", key="h", text="Skjult fra en anden telefon", **NOTE)
    store.save_place(wid, step="systematisation")
    store.set_votes_per_participant(wid, 2)
    phone = Phone(server)
    state = phone.state()
    board = state["board"]
    assert board["left"] == 2
    texts = json.dumps(state, ensure_ascii=False)
    assert "Skjult fra en anden telefon" not in texts and "Anna" not in texts
    assert [(g["label"], [(i["type"], i["text"], i["notes"]) for i in g["items"]]) for g in board["groups"]] == [
        ("Fagligt · Barrierer", [("note", "Synlig note", [])]),
        ("Organisatorisk · Potentialer", [("theme", "Ledelse", ["I et tema"])]),
    ]
    theme_id = board["groups"][1]["items"][0]["id"]
    assert phone.send("vote", key="v1", target="note", id=shown.id) == (200, {"ok": True, "left": 1,
                                                                                "message": "1 stemme tilbage"})
    assert phone.send("vote", key="v1", target="note", id=shown.id)[1]["left"] == 1  # a retry spends nothing
    assert phone.send("vote", key="v2", target="theme", id=theme_id)[1]["left"] == 0
    status, answer = phone.send("vote", key="v3", target="note", id=shown.id)
    assert status == 400 and "brugt alle dine 2 stemmer" in answer["error"]
    assert phone.send("unvote", target="theme", id=theme_id)[1]["left"] == 1
    board = phone.state()["board"]
    assert [(i["votes"], i["mine"]) for g in board["groups"] for i in g["items"]] == [(1, 1), (0, 0)]
    assert store.get_note(shown.id).votes == 1
    assert "1 fra dig · 1 i alt" not in phone.page()[1]  # the page draws it as <strong>1</strong> fra dig
    assert "<strong>1</strong> fra dig · 1 i alt" in phone.page()[1]


def test_every_write_tells_the_app(store: Store, db_url: str) -> None:
    workshop = store.create_workshop(title="Besked til appen")
    store.save_place(workshop.id, step="brainstorm")
    told: list[str] = []
    with RoomServer(db_url, workshop.id, host="127.0.0.1", on_change=told.append) as server:
        phone = Phone(server)
        _, answer = phone.send("note", key="k", text="Hej", **NOTE)
        phone.send("withdraw", post_id=answer["post"]["id"])
        phone.send("note", key="k2", text="", **NOTE)  # refused: nothing written, nothing told
    assert told == ["note"]  # a shown note cannot be withdrawn: no write either


def test_an_app_slow_to_take_the_news_holds_up_neither_the_phone_nor_stop(store: Store, db_url: str) -> None:
    import threading

    workshop = store.create_workshop(title="Travl app")
    store.save_place(workshop.id, step="brainstorm")
    busy, told = threading.Event(), []

    def on_change(kind: str) -> None:  # the app's call_from_thread while its loop is busy stopping the server
        told.append(kind)
        busy.wait(30)

    server = RoomServer(db_url, workshop.id, host="127.0.0.1", on_change=on_change)
    server.start()
    phone = Phone(server)
    assert phone.send("note", key="a", text="Første", **NOTE)[0] == 200
    assert phone.send("note", key="b", text="Anden", **NOTE)[0] == 200  # answered while the app still waits
    server.stop()  # returns although on_change has not
    assert not server.running and told == ["note"]
    busy.set()


def test_a_deleted_workshop_closes_the_room_in_danish(room) -> None:
    store, wid, server = room
    phone = Phone(server)
    phone.page()
    store.delete_workshop(wid)
    status, html = phone.page()
    assert status == 404 and "rummet er lukket" in html
    status, _, text = phone.request("GET", f"{phone.base}/state")
    assert status == 404 and json.loads(text)["closed"] is True


def test_a_stopped_server_tells_open_pages_the_room_closed_and_lets_go_of_its_port(room) -> None:
    store, wid, server = room
    phone = Phone(server)
    conn, stream, _ = phone.events()
    server.stop()
    rest = stream.read().decode()
    conn.close()
    assert "event: closed" in rest
    with pytest.raises(ConnectionRefusedError):
        phone.page()
    server.stop()  # twice is fine
    join_url = server.join_url
    server.start()  # on again: the same token and code, so phones that joined come straight back
    assert server.join_url.rsplit("/", 1)[1] == join_url.rsplit("/", 1)[1]
    assert Phone(server).page()[0] == 200


def test_the_events_stream_announces_a_note_typed_on_the_laptop(room) -> None:
    store, wid, server = room
    conn, stream, first = Phone(server).events()
    store.add_note(wid, text="Fra tastaturet", **NOTE)  # not through the server: it must notice by itself
    stream.readline()
    second = stream.readline()
    conn.close()
    assert second.startswith(b"data: ") and second != first


@pytest.mark.sqlite_only
def test_a_phone_waiting_on_a_locked_database_does_not_hold_up_the_others(room, db_url: str) -> None:
    import sqlite3
    import threading

    from digiworkshop.db import sqlite_path

    store, wid, server = room
    slow, quick = Phone(server), Phone(server)
    quick.page()
    blocker = sqlite3.connect(sqlite_path(db_url), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another laptop holds the write lock
    result: dict[str, int] = {}
    writer = threading.Thread(target=lambda: result.update(status=slow.send("note", key="w", text="Venter", **NOTE)[0]))
    writer.start()
    writer.join(0.5)
    assert writer.is_alive()  # the write waits for the lock …
    assert quick.state()["step"] == "brainstorm"  # … while another phone is answered
    assert writer.is_alive()
    blocker.execute("ROLLBACK")
    blocker.close()
    writer.join(15)
    assert result == {"status": 200} and [n.text for n in store.list_notes(wid)] == ["Venter"]


@pytest.mark.sqlite_only
def test_a_taken_port_falls_back_to_a_free_one_or_says_so(store: Store, db_url: str) -> None:
    import socket

    from digiworkshop.room.server import RoomError

    workshop = store.create_workshop(title="Porten")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(RoomError) as refused:
            RoomServer(db_url, workshop.id, host="127.0.0.1", port=port).start()
        assert refused.value.danish == f"Port {port} er optaget af et andet program."
        with RoomServer(db_url, workshop.id, host="127.0.0.1", port=port, fallback=True) as server:
            assert server.fell_back and server.port not in (0, port)
            assert Phone(server).page()[0] == 200


def test_a_malformed_request_writes_nothing_on_the_facilitators_terminal(capfd: pytest.CaptureFixture, room) -> None:
    import socket

    _, _, server = room
    capfd.readouterr()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as raw:
        raw.sendall(b"GARBAGE\x1b]0;owned\x07 / HTTP/9\r\n\r\n")
        assert raw.recv(100).startswith(b"HTTP/1.1 400")
    server.stop()
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # the app's screen is drawn on this terminal


def test_the_longest_allowed_note_fits_through_a_plain_form_even_in_emoji(room) -> None:
    from urllib.parse import urlencode

    store, wid, server = room
    phone = Phone(server)
    text = "🙂" * 1000  # 4 bytes each, 12 bytes each percent-encoded
    form = urlencode({"key": "emoji", "text": text, "name": "", **NOTE}).encode()
    status, _, _ = phone.request("POST", f"{phone.base}/note", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 303 and [n.text for n in store.list_notes(wid)] == [text]


def test_one_address_cannot_hold_open_more_than_20_event_streams(room) -> None:
    _, _, server = room
    phone = Phone(server)
    streams = [phone.events()[0] for _ in range(20)]
    status, _, _ = phone.request("GET", f"{phone.base}/events")
    assert status == 429
    streams.pop().close()  # a page closes: its place is free again
    for _ in range(50):
        conn = http.client.HTTPConnection(phone.host, phone.port, timeout=10)
        conn.request("GET", f"{phone.base}/events")
        if conn.getresponse().status == 200:
            streams.append(conn)
            break
        conn.close()
        time.sleep(0.1)
    else:
        pytest.fail("a closed stream's place never came free")
    for conn in streams:
        conn.close()


def test_a_flood_of_votes_is_stopped_at_30_a_minute(room) -> None:
    store, wid, server = room
    note = store.add_note(wid, text="Stem på mig", **NOTE).note
    store.save_place(wid, step="systematisation")
    phone = Phone(server)
    for i in range(15):
        assert phone.send("vote", key=f"v{i}", target="note", id=note.id)[0] == 200
        assert phone.send("unvote", target="note", id=note.id)[0] == 200
    status, answer = phone.send("vote", key="v-last", target="note", id=note.id)
    assert status == 429 and "Vent lidt" in answer["error"]
    assert store.get_note(note.id).votes == 0

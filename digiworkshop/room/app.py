"""The phone page and its routes: a Starlette app over the store, one workshop per server.

Routes (nothing else answers; every unknown path, token or workshop gets the same Danish 404 page):
  GET  /                 type the room code          POST /   check it (wrong codes are rate-limited)
  GET  /j/{token}        the page (sets the phone's cookie)
  GET  /j/{token}/state  what the page shows, as JSON   GET /j/{token}/events  server-sent "changed" events
  POST /j/{token}/note | /answer | /vote | /unvote | /withdraw   JSON from the script, or a plain form
  GET  /static/page.js, /static/page.css

Every store call runs in a worker thread (`run_in_threadpool`): the store is blocking, and the event loop
must keep serving the other phones. Phone text reaches the page only through Jinja's autoescape (and the
script's textContent); it is stored exactly as sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import threading
import time
from collections.abc import Callable
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl

import anyio.to_thread
from jinja2 import Environment, PackageLoader
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from ..db import DatabaseError
from ..domain import InputError
from ..guide import load_guide
from ..store import NotFound, Store
from .limits import Counter, Limits

COOKIE = "dw_phone"
COOKIE_AGE = 7 * 24 * 3600  # a phone that comes back the next day still sees what it sent
SEEN_WINDOW = 300.0  # "phones in the room": seen in the last five minutes
POLL_SECONDS = 1.0  # how often the server looks for changes made elsewhere (the keyboard, another laptop)
# Seconds between two "changed" events to the phones: the first change after a quiet spell goes out at
# once, the rest of a busy room's writes are told together (each event makes every phone re-read its page).
WAKE_GAP = 0.5
# Worker threads for the store calls (anyio's default is 40). The writes take turns in the store anyway,
# and every thread more competes with the facilitator's screen for the interpreter in the app.
WORKERS = 4
PING_SECONDS = 15.0  # a comment on an idle event stream keeps Wi-Fi routers from dropping it
_ID_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; "
                                 b"frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]

STATUS_LABELS = {"queued": "Venter", "stored": "Sendt ✓", "dropped": "Ikke taget med", "withdrawn": "Taget tilbage"}
STATIC = {"page.js": "text/javascript; charset=utf-8", "page.css": "text/css; charset=utf-8"}


class TooLarge(Exception):
    """A request body over the limit."""


class BadRequest(Exception):
    """A request that is not what the page sends."""


class SecurityHeaders:
    """ASGI middleware around the whole app: the same protective headers on every response (the page,
    JSON, errors, 404s), so no path is left without them."""

    def __init__(self, app: Callable) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in SECURITY_HEADERS}
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = headers + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)


def _valid_id(value: str | None) -> bool:
    return bool(value) and len(value) <= 64 and set(value) <= _ID_CHARS  # type: ignore[arg-type]


def new_key() -> str:
    """A fresh random key (a phone id, or the key of a form the page rendered)."""
    return secrets.token_urlsafe(16)


class PhoneRoom:
    """One workshop's room: the state a phone sees, its writes, the limits, the event streams."""

    def __init__(self, store: Store, workshop_id: int, *, limits: Limits | None = None,
                 on_change: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.workshop_id = workshop_id
        self.limits = limits or Limits()
        self.on_change = on_change
        self.guide = load_guide()
        self.templates = Environment(loader=PackageLoader("digiworkshop.room", "templates"), autoescape=True,
                                     trim_blocks=True, lstrip_blocks=True)
        self.static = {name: resources.files("digiworkshop.room").joinpath("static", name).read_bytes()
                       for name in STATIC}
        lim = self.limits
        self._texts = (Counter(lim.texts_per_phone, lim.window), Counter(lim.texts_per_address, lim.window))
        self._votes = (Counter(lim.votes_per_phone, lim.window), Counter(lim.votes_per_address, lim.window))
        self._wrong_codes = Counter(lim.wrong_codes_per_address, lim.window)
        self._wrong_codes_all = Counter(lim.wrong_codes_total, lim.window)
        self._seen: dict[str, float] = {}
        self._streams: dict[str, int] = {}  # open event streams per address (the event loop's only)
        self._seen_lock = threading.Lock()
        self._flash: dict[str, tuple[str, str]] = {}  # phone -> (kind, message) for the next page (no script)
        # The event streams: one watcher reads the version for everybody, and wakes them when it changes.
        self.version = ""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._nudge: asyncio.Event | None = None
        self._closing: asyncio.Event | None = None
        self._closed = False
        routes = [
            Route("/", self.code_page, methods=["GET"]),
            Route("/", self.code_post, methods=["POST"]),
            Route("/static/{name}", self.static_file, methods=["GET"]),
            Route("/j/{token}", self.page, methods=["GET"]),
            Route("/j/{token}/state", self.state, methods=["GET"]),
            Route("/j/{token}/events", self.events, methods=["GET"]),
            Route("/j/{token}/note", self.post_note, methods=["POST"]),
            Route("/j/{token}/answer", self.post_answer, methods=["POST"]),
            Route("/j/{token}/vote", self.post_vote, methods=["POST"]),
            Route("/j/{token}/unvote", self.post_unvote, methods=["POST"]),
            Route("/j/{token}/withdraw", self.post_withdraw, methods=["POST"]),
        ]
        app = Starlette(routes=routes, lifespan=self._lifespan,
                        exception_handlers={404: self._not_found, 405: self._not_found})
        self.asgi = SecurityHeaders(app)

    # --- the server's life --------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def _lifespan(self, _app: Starlette):  # noqa: ANN202
        self._loop = asyncio.get_running_loop()
        # The limiter is this event loop's own: it bounds this server's store calls, nothing else's.
        anyio.to_thread.current_default_thread_limiter().total_tokens = WORKERS
        self._wake, self._nudge, self._closing = asyncio.Event(), asyncio.Event(), asyncio.Event()
        if self._closed:
            self._closing.set()
        watcher = asyncio.create_task(self._watch())
        try:
            yield
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher

    def close(self) -> None:
        """Tell every open event stream that the room closed (called from any thread before stopping)."""
        self._closed = True
        loop, closing = self._loop, self._closing
        if loop is not None and closing is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._close_now)

    def _close_now(self) -> None:
        assert self._closing is not None
        self._closing.set()
        self._wake_all()

    def _wake_all(self) -> None:
        if self._wake is not None:
            self._wake.set()
            self._wake = asyncio.Event()

    async def _watch(self) -> None:
        """Re-read the workshop's version once a second (or at once after a phone's write, then at most once
        every WAKE_GAP while phones keep writing) for every open stream together: one query whatever the
        number of phones."""
        assert self._nudge is not None
        while True:
            self._nudge.clear()  # before the read: a write during the read is seen on the next round at once
            try:
                version = await run_in_threadpool(self._version)
            except Exception:  # noqa: BLE001 - the store is busy or away (a server restart): next round
                version = self.version
            if version != self.version:
                self.version = version
                self._wake_all()
                await asyncio.sleep(WAKE_GAP)
                continue  # read again at once: what was written during the gap goes out now
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._nudge.wait(), POLL_SECONDS)

    def _version(self) -> str:
        """What a phone's page depends on: the workshop's change stamp and the facilitator's step."""
        stamp = self.store.notes_version(self.workshop_id)
        if not stamp:
            return "closed"  # the workshop was deleted
        return f"{stamp}|{self.store.get_place(self.workshop_id).step}"

    def phones_seen(self) -> int:
        """Phones that asked for something in the last few minutes."""
        now = time.monotonic()
        with self._seen_lock:
            for phone in [p for p, at in self._seen.items() if now - at > SEEN_WINDOW]:
                del self._seen[phone]
            return len(self._seen)

    def _saw(self, phone: str) -> None:
        if len(self._seen) > 10_000:  # made-up phone ids: forget the stale ones
            self.phones_seen()
        with self._seen_lock:
            self._seen[phone] = time.monotonic()

    # --- helpers ------------------------------------------------------------------------------

    async def _room_ok(self, token: str) -> bool:
        room = await run_in_threadpool(self.store.room_by_token, token)
        return room is not None and room.workshop_id == self.workshop_id

    def _render(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(self.templates.get_template(name).render(**context), status_code=status)

    def _message(self, title: str, text: str, status: int, back: str | None = None) -> HTMLResponse:
        return self._render("message.html", status, title=title, text=text, back=back)

    async def _not_found(self, _request: Request, _exc: Exception | None = None) -> HTMLResponse:
        return self._message("Rummet findes ikke", "Adressen findes ikke, eller rummet er lukket. Scan koden "
                             "på lærredet igen, eller spørg facilitatoren.", 404)

    @staticmethod
    def _phone(request: Request) -> tuple[str, bool]:
        """The phone's id from its cookie, or a new one (True when new: the response sets the cookie)."""
        phone = request.cookies.get(COOKIE)
        return (phone, False) if _valid_id(phone) else (new_key(), True)  # type: ignore[return-value]

    @staticmethod
    def _set_cookie(response: Response, phone: str) -> None:
        response.set_cookie(COOKIE, phone, max_age=COOKIE_AGE, path="/", httponly=True, samesite="strict")

    @staticmethod
    def _address(request: Request) -> str:
        return request.client.host if request.client else "?"

    async def _read(self, request: Request) -> tuple[dict[str, Any], bool]:
        """The request's fields and whether it came from the script (JSON) or a plain form."""
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limits.body_bytes):
            raise TooLarge
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > self.limits.body_bytes:
                raise TooLarge
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            if kind == "application/json":
                data = json.loads(bytes(body).decode("utf-8"))
                if not isinstance(data, dict):
                    raise BadRequest
                return data, True
            if kind in ("application/x-www-form-urlencoded", ""):
                return dict(parse_qsl(bytes(body).decode("utf-8"), keep_blank_values=True)), False
        except (UnicodeDecodeError, ValueError):
            raise BadRequest from None
        raise BadRequest

    @staticmethod
    def _same_origin(request: Request) -> bool:
        """A write must come from the page itself. Browsers say where a request comes from in
        Sec-Fetch-Site; the Origin header is checked too, except "null", which is what Chromium sends for
        a plain form of a page whose Referrer-Policy is no-referrer (ours). A request with neither (an old
        browser, a script on the laptop) is let through: the token in the path is the key."""
        site = request.headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            return False
        origin = request.headers.get("origin")
        return origin in (None, "null") or origin == f"{request.url.scheme}://{request.headers.get('host', '')}"

    # --- the code page ------------------------------------------------------------------------

    async def code_page(self, request: Request) -> Response:
        """Where a phone that could not scan types the room code."""
        return self._render("code.html", error="")

    async def code_post(self, request: Request) -> Response:
        """The typed code: the page on a match; wrong codes are counted per address and in total."""
        address = self._address(request)
        slow = ("For mange forsøg", "Der er tastet forkert kode for mange gange. Vent et minut, og prøv igen.")
        if self._wrong_codes.full(address) or self._wrong_codes_all.full("*"):
            return self._message(*slow, 429, back="/")
        try:
            fields, _ = await self._read(request)
        except (TooLarge, BadRequest):
            return self._render("code.html", 400, error="Skriv koden med 6 cifre.")
        room = await run_in_threadpool(self.store.room_by_code, str(fields.get("code", ""))[:32])
        if room is None or room.workshop_id != self.workshop_id:
            self._wrong_codes.add(address)
            self._wrong_codes_all.add("*")
            return self._render("code.html", 400, error="Koden passer ikke. Se koden på lærredet, og prøv igen.")
        return RedirectResponse(f"/j/{room.token}", status_code=303)

    async def static_file(self, request: Request) -> Response:
        """The page's script and style sheet (nothing else is served from here)."""
        name = request.path_params["name"]
        if name not in self.static:
            return await self._not_found(request)
        return Response(self.static[name], media_type=STATIC[name])

    # --- what a phone sees ----------------------------------------------------------------------

    def view(self, phone: str) -> dict[str, Any]:
        """The state of the room for this phone (blocking: store reads). Only this workshop, only the
        current step, only this phone's own posts; never a hidden note or a participant's name."""
        guide, wid = self.guide, self.workshop_id
        step = self.store.get_place(wid).step
        out: dict[str, Any] = {"version": self._version(), "step": "wait", "label": "", "lead": "", "wait": "",
                               "round": None, "board": None}
        if step in ("brainstorm", "systematisation", "evaluation"):
            out["label"] = guide.step(step).label
            out["step"] = step
            out["lead"] = self._lead(step)
        if step == "evaluation":
            rounds = self.store.list_rounds(wid)
            if rounds:
                newest = rounds[-1]
                title = newest.title or (f"{newest.date.day}/{newest.date.month}-{newest.date.year}" if newest.date else "")
                out["round"] = {"id": newest.id, "title": title}
            else:
                out["step"] = "wait"
                out["wait"] = "Facilitatoren har ikke åbnet en evalueringsrunde endnu – vent et øjeblik."
        elif step == "systematisation":
            out["board"] = self._board(phone)
        elif out["step"] == "wait":
            label = guide.step(step).label if step in {s.key for s in guide.steps} else ""
            out["label"] = label or "Workshoppen"
            out["wait"] = (f"Facilitatoren er ved trinnet {label} – vent et øjeblik." if label
                           else "Facilitatoren er ikke gået i gang endnu – vent et øjeblik.")
        out["posts"] = [self._post(p) for p in self.store.phone_posts(wid, phone)]
        return out

    def _lead(self, step: str) -> str:
        """One line under the heading: the guide's own question for the step, as short as a phone wants."""
        found = self.guide.step(step)
        if step == "brainstorm":
            return found.intro.split(". ")[0].rstrip(".") + "."
        if step == "systematisation":
            return f"{found.prompts[1]} Giv dine stemmer til de noter og temaer, der betyder mest."
        return "Skriv i de fire felter – ét svar ad gangen."

    def _cell(self, perspective: str, kind: str, *, plural: bool = False) -> str:
        p = next((p.name for p in self.guide.perspectives if p.key == perspective), perspective)
        k = next(((k.plural if plural else k.name) for k in self.guide.note_kinds if k.key == kind), kind)
        return f"{p} · {k}"

    def _post(self, post: Any) -> dict[str, Any]:
        if post.target == "note":
            where = self._cell(post.perspective, post.kind)
        else:
            where = next((q.text for q in self.guide.evaluation_questions if q.key == post.question), post.question)
        return {"id": post.id, "key": post.key, "target": post.target, "where": where, "text": post.text,
                "status": post.status, "label": STATUS_LABELS.get(post.status, post.status),
                "can_withdraw": post.can_withdraw}

    def _board(self, phone: str) -> dict[str, Any]:
        """4b as the board groups it: per cell, the themes (with their notes) and then the loose notes."""
        wid = self.workshop_id
        notes = [n for n in self.store.list_notes(wid) if not n.hidden]
        themes = self.store.list_themes(wid)
        mine = self.store.phone_votes(wid, phone)
        per = self.store.get_workshop(wid).votes_per_participant
        groups = []
        for p in self.guide.perspectives:
            for k in self.guide.note_kinds:
                items = []
                for theme in (t for t in themes if t.perspective == p.key and t.kind == k.key):
                    inside = [n.text for n in notes if n.theme_id == theme.id]
                    items.append({"type": "theme", "id": theme.id, "text": theme.name, "votes": theme.votes,
                                  "mine": mine.get(("theme", theme.id), 0), "notes": inside})
                theme_ids = {t.id for t in themes}
                for note in notes:
                    if note.perspective == p.key and note.kind == k.key and note.theme_id not in theme_ids:
                        items.append({"type": "note", "id": note.id, "text": note.text, "votes": note.votes,
                                      "mine": mine.get(("note", note.id), 0), "notes": []})
                if items:
                    groups.append({"label": self._cell(p.key, k.key, plural=True), "items": items})
        return {"left": max(0, per - sum(mine.values())), "per": per, "groups": groups}

    async def page(self, request: Request) -> Response:
        """The phone's page, rendered whole (it works without the script)."""
        token = request.path_params["token"]
        if not await self._room_ok(token):
            return await self._not_found(request)
        phone, new = self._phone(request)
        self._saw(phone)
        try:
            state = await run_in_threadpool(self.view, phone)
        except (DatabaseError, NotFound):
            return self._message("Rummet svarer ikke", "Prøv igen om et øjeblik.", 503, back=f"/j/{token}")
        flash = self._flash.pop(phone, None)
        response = self._render(
            "page.html", base=f"/j/{token}", state=state, flash=flash, form_key=new_key(),
            perspectives=self.guide.perspectives, kinds=self.guide.note_kinds,
            questions=self.guide.evaluation_questions)
        if new:
            self._set_cookie(response, phone)
        return response

    async def state(self, request: Request) -> Response:
        """The page's state as JSON (the script re-reads it when the event stream says it changed)."""
        token = request.path_params["token"]
        if not await self._room_ok(token):
            return JSONResponse({"ok": False, "closed": True, "error": "Rummet er lukket."}, status_code=404)
        phone, new = self._phone(request)
        self._saw(phone)
        try:
            state = await run_in_threadpool(self.view, phone)
        except (DatabaseError, NotFound):
            return JSONResponse({"ok": False, "error": "Rummet svarer ikke lige nu."}, status_code=503)
        response = JSONResponse({"ok": True, **state})
        if new:
            self._set_cookie(response, phone)
        return response

    async def events(self, request: Request) -> Response:
        """Server-sent events: the room's version whenever it changes, a ping when idle, "closed" when
        the facilitator stops the server. The browser reconnects by itself; the page re-reads the state."""
        token = request.path_params["token"]
        if not await self._room_ok(token):
            return await self._not_found(request)
        phone, _ = self._phone(request)
        self._saw(phone)
        address = self._address(request)
        cap = self.limits.streams_per_address
        if cap and self._streams.get(address, 0) >= cap:
            return JSONResponse({"ok": False, "error": "For mange åbne sider."}, status_code=429)
        self._streams[address] = self._streams.get(address, 0) + 1

        async def stream():  # noqa: ANN202
            try:
                async for part in events():
                    yield part
            finally:  # the phone went away, or the room closed
                left = self._streams.get(address, 1) - 1
                if left > 0:
                    self._streams[address] = left
                else:
                    self._streams.pop(address, None)

        async def events():  # noqa: ANN202
            yield "retry: 2000\n\n"
            sent = None
            while True:
                if self._closing is None or self._closing.is_set() or self.version == "closed":
                    yield "event: closed\ndata: closed\n\n"
                    return
                if self.version and self.version != sent:
                    sent = self.version
                    yield f"data: {sent}\n\n"
                wake = self._wake
                assert wake is not None
                try:
                    await asyncio.wait_for(wake.wait(), PING_SECONDS)
                except TimeoutError:
                    self._saw(phone)
                    yield ": ping\n\n"

        return StreamingResponse(stream(), media_type="text/event-stream", headers={"x-accel-buffering": "no"})

    # --- what a phone writes --------------------------------------------------------------------

    async def _write(self, request: Request, what: str, limits: tuple[Counter, Counter],
                     act: Callable[[str, dict[str, Any]], Any], done: Callable[[Any], tuple[dict, str]]) -> Response:
        """The shared path of every write: token, origin, size, rate, the store call in a worker thread,
        then the answer as JSON (script) or a redirect back to the page (a plain form)."""
        token = request.path_params["token"]
        base = f"/j/{token}"
        if not await self._room_ok(token):
            return await self._not_found(request)
        if not self._same_origin(request):
            return self._message("Ikke tilladt", "Siden kom et andet sted fra.", 403)
        phone, new = self._phone(request)
        self._saw(phone)
        as_json = request.headers.get("content-type", "").startswith("application/json")
        try:
            fields, as_json = await self._read(request)
        except TooLarge:
            return self._fail(as_json, 413, "For meget på én gang", "Teksten er for lang til at blive sendt.", base)
        except BadRequest:
            return self._fail(as_json, 400, "Det forstod rummet ikke", "Prøv at genindlæse siden.", base)
        address = self._address(request)
        if not (limits[0].take(phone) and limits[1].take(address)):
            response = self._fail(as_json, 429, "Vent lidt", "Du har sendt meget på kort tid. Vent lidt, og prøv "
                                  "igen.", base)
            response.headers["retry-after"] = "10"
            return response
        try:
            result = await run_in_threadpool(act, phone, fields)
        except (InputError, BadRequest) as exc:
            message = exc.danish if isinstance(exc, InputError) else "Prøv at genindlæse siden."
            return self._fail(as_json, 400, "Det gik ikke", message, base, phone=phone)
        except NotFound as exc:
            if not await self._room_ok(token):
                return await self._not_found(request)
            return self._fail(as_json, 409, "Det gik ikke", exc.danish, base, phone=phone)
        except DatabaseError as exc:
            return self._fail(as_json, 503, "Rummet svarer ikke", exc.danish, base)
        payload, message = done(result)
        if self._nudge is not None:
            self._nudge.set()  # phones see the write at once, not at the next poll
        if self.on_change is not None:
            self.on_change(what)  # returns at once (RoomServer queues it for its notifier thread)
        if as_json:
            response: Response = JSONResponse({"ok": True, "message": message, **payload})
        else:
            self._remember(phone, ("ok", message))
            response = RedirectResponse(base, status_code=303)
        if new:
            self._set_cookie(response, phone)
        return response

    def _remember(self, phone: str, flash: tuple[str, str]) -> None:
        """The message the page shows after a plain form's redirect (bounded: made-up ids cannot grow it)."""
        if len(self._flash) > 2_000:
            self._flash.clear()
        self._flash[phone] = flash

    def _fail(self, as_json: bool, status: int, title: str, text: str, base: str, *,
              phone: str | None = None) -> Response:
        if as_json:
            return JSONResponse({"ok": False, "error": text}, status_code=status)
        if phone is not None and status in (400, 409):  # a plain form: back to the page, which says why
            self._remember(phone, ("error", text))
            return RedirectResponse(base, status_code=303)
        return self._message(title, text, status, back=base)

    @staticmethod
    def _text(fields: dict[str, Any], name: str) -> str:
        value = fields.get(name, "")
        if not isinstance(value, str):
            raise BadRequest
        return value

    @staticmethod
    def _int(fields: dict[str, Any], name: str) -> int:
        value = fields.get(name)
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise BadRequest
        try:
            return int(value)
        except ValueError:
            raise BadRequest from None

    def _key(self, fields: dict[str, Any]) -> str:
        key = fields.get("key") or new_key()
        if not isinstance(key, str):
            raise BadRequest
        return key

    def _sent(self, view: Any) -> tuple[dict, str]:
        message = {"queued": "Sendt – venter hos facilitatoren.", "stored": "Sendt ✓"}.get(view.status, "Modtaget.")
        return {"post": self._post(view)}, message

    async def post_note(self, request: Request) -> Response:
        """A brainstorm note for a cell (4a). Accepted in any step: a note written just before the
        facilitator moved on is not lost."""
        def act(phone: str, f: dict[str, Any]) -> Any:
            return self.store.phone_note(self.workshop_id, phone=phone, key=self._key(f),
                                         perspective=self._text(f, "perspective"), kind=self._text(f, "kind"),
                                         text=self._text(f, "text"), name=self._text(f, "name"))
        return await self._write(request, "note", self._texts, act, self._sent)

    async def post_answer(self, request: Request) -> Response:
        """An answer in a quadrant of the evaluation round (5)."""
        def act(phone: str, f: dict[str, Any]) -> Any:
            return self.store.phone_answer(self.workshop_id, phone=phone, key=self._key(f),
                                           round_id=self._int(f, "round_id"), question=self._text(f, "question"),
                                           text=self._text(f, "text"), name=self._text(f, "name"))
        return await self._write(request, "answer", self._texts, act, self._sent)

    @classmethod
    def _target(cls, f: dict[str, Any]) -> dict[str, int]:
        target = cls._text(f, "target")
        if target not in ("note", "theme"):
            raise BadRequest
        return {f"{target}_id": cls._int(f, "id")}

    @staticmethod
    def _dots(left: int) -> tuple[dict, str]:
        return {"left": left}, f"{left} {'stemme' if left == 1 else 'stemmer'} tilbage"

    async def post_vote(self, request: Request) -> Response:
        """One dot on a note or a theme (4b)."""
        def act(phone: str, f: dict[str, Any]) -> int:
            return self.store.phone_vote(self.workshop_id, phone=phone, key=self._key(f), **self._target(f))
        return await self._write(request, "vote", self._votes, act, self._dots)

    async def post_unvote(self, request: Request) -> Response:
        """One dot back from a note or a theme."""
        def act(phone: str, f: dict[str, Any]) -> int:
            return self.store.phone_unvote(self.workshop_id, phone=phone, **self._target(f))
        return await self._write(request, "vote", self._votes, act, self._dots)

    async def post_withdraw(self, request: Request) -> Response:
        """The phone takes one of its texts back (while the facilitator has not shown it)."""
        def act(phone: str, f: dict[str, Any]) -> Any:
            return self.store.withdraw_phone_post(self.workshop_id, phone, self._int(f, "post_id"))
        return await self._write(request, "withdraw", self._texts, act,
                                 lambda view: ({"post": self._post(view)}, "Taget tilbage."))

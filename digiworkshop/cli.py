"""Command line: `digiworkshop` opens the app; subcommands list, export, import, back up, load the demo
and print step 4b's suggested themes and duplicates."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

from .text import visible

EXIT_ERROR = 1
# What json.dumps(ensure_ascii=False) leaves raw but a terminal would obey: DEL and the C1 controls.
_JSON_RAW_CONTROLS = re.compile("[\x7f-\x9f]")


def _terminal_json(value: object) -> str:
    """JSON for a terminal: exact and valid, with every control character escaped (json.dumps escapes
    those below U+0020 already; DEL and C1 become \\u escapes, which can only occur inside strings)."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _JSON_RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        help="database file or SQLAlchemy URL (default: $DIGIWORKSHOP_DB or the file in the user's data dir)",
    )
    parser = argparse.ArgumentParser(
        prog="digiworkshop",
        description="Run the 'Trin for trin guide' of Digitale veje til job in the room.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", parents=[common], help="open the app (the default)")
    demo = sub.add_parser("demo", parents=[common], help="load the demo workshop and open it")
    demo.add_argument("--load-only", action="store_true", help="load the demo workshop, print its id, do not open the app")
    listing = sub.add_parser("list", parents=[common], help="list the workshops in the store")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    export = sub.add_parser("export", parents=[common], help="write a workshop's handouts or its JSON export")
    export.add_argument("id", type=int, help="workshop id (see `digiworkshop list`)")
    export.add_argument("--out", type=Path, default=None, help="folder to write to (default: the last folder exported to, else Documents/digiworkshop)")
    export.add_argument("--format", choices=("docx", "json"), default="docx",
                        help="docx: the Word handouts chosen with --kind; json: the complete data export")
    export.add_argument("--kind", action="append", default=None,
                        choices=("report", "actions", "evaluation", "templates", "ics", "all"),
                        help="which handout (repeat for several; default: report)")
    export.add_argument("--pdf", action="store_true", help="also write a PDF next to each .docx (needs LibreOffice)")
    export.add_argument("--round", type=int, default=None, metavar="REF",
                        help="evaluation handout: only this round (its ref in the JSON export)")
    export.add_argument("--trial", type=int, default=None, metavar="REF",
                        help="evaluation handout: all rounds of this prøvehandling side by side")
    imp = sub.add_parser("import", parents=[common], help="load a workshop from an exported JSON file")
    imp.add_argument("file", type=Path)
    imp.add_argument("--replace", action="store_true", help="replace a workshop with the same identity")
    backup = sub.add_parser("backup", parents=[common], help="write a consistent copy of the SQLite store (safe while the app runs)")
    backup.add_argument("dest", help="file to write, or a folder to write a dated copy into (a name ending in / is a "
                        "folder, created if needed)")
    suggest = sub.add_parser("suggest", parents=[common],
                             help="print the themes and duplicates suggested among a workshop's notes (step 4b)")
    suggest.add_argument("id", type=int, help="workshop id (see `digiworkshop list`)")
    suggest.add_argument("--json", action="store_true", help="print JSON instead of text")
    suggest.add_argument("--across", action="store_true", help="group across perspectives (never potentials with barriers)")
    serve = sub.add_parser("serve", parents=[common],
                           help="let phones in the room join a workshop (runs until Ctrl+C; first line: the join address)")
    serve.add_argument("id", type=int, help="workshop id (see `digiworkshop list`)")
    serve.add_argument("--host", default="0.0.0.0", help="address to listen on (default: every interface)")
    serve.add_argument("--port", type=int, default=None,
                       help="port (default: 8765, or a free port when that is taken); a given port must be free")
    # The app's own use (digiworkshop/room/child.py): JSON lines to the app on stdout, stop when stdin closes.
    serve.add_argument("--pipe", action="store_true", help=argparse.SUPPRESS)
    return parser


class CliError(Exception):
    """An error to print as one English line."""


def _open_store(args: argparse.Namespace):  # noqa: ANN202
    from .store import Store

    return Store(getattr(args, "db", None))


def _cmd_list(args: argparse.Namespace) -> int:
    store = _open_store(args)
    workshops = store.list_workshops()
    if args.json:
        print(_terminal_json(
            [
                {"id": w.id, "uid": w.uid, "title": w.title, "date": w.date.isoformat() if w.date else None,
                 "organisation": w.organisation, "phase": w.phase, "participants": w.participants}
                for w in workshops
            ],
        ))
        return 0
    if not workshops:
        print("No workshops yet. Create one in the app, or run `digiworkshop demo --load-only`.")
        return 0
    print(f"{'ID':>4}  {'DATE':<10}  {'PARTICIPANTS':>12}  TITLE")
    for w in workshops:
        date = w.date.isoformat() if w.date else "-"
        print(f"{w.id:>4}  {date:<10}  {w.participants:>12}  {visible(w.title)}")
    return 0


def _cmd_suggest(args: argparse.Namespace) -> int:
    from .rules.suggest import suggest

    store = _open_store(args)
    store.get_workshop(args.id)  # an unknown id is one error line, not an empty list
    notes = store.list_notes(args.id)  # live notes, merged ones left out (they are in their target)
    text = {n.id: n.text for n in notes}
    suggestions = suggest(notes, across_perspectives=args.across)
    if args.json:
        print(_terminal_json([
            {"kind": s.kind, "name": s.name, "note_kind": s.note_kind, "perspective": s.perspective,
             "keep_id": s.keep_id, "score": s.score, "notes": [{"id": i, "text": text[i]} for i in s.note_ids]}
            for s in suggestions
        ]))
        return 0
    if not suggestions:
        print(f"No suggestions among the {len(notes)} notes of workshop {args.id}.")
        return 0
    cell = None
    for s in suggestions:
        heading = f"{s.note_kind}, all perspectives" if args.across else f"{s.perspective} / {s.note_kind}"
        if heading != cell:
            cell = heading
            print(heading)
        what = "duplicates (merge into {})".format(s.keep_id) if s.kind == "duplicate" else "theme"
        print(f"  {what}: {visible(s.name)}  (score {s.score:.2f})")
        for i in s.note_ids:
            print(f"    {i:>5}  {visible(text[i])}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .handouts import PDF_MISSING_EN, soffice, write_handouts
    from .paths import default_export_dir

    store = _open_store(args)
    store.get_workshop(args.id)  # unknown id: fail before creating any folder
    out_dir = args.out or default_export_dir()
    kinds = ["json"] if args.format == "json" else (args.kind or ["report"])
    if args.pdf and args.format != "json" and soffice() is None:
        print(f"digiworkshop: note: {PDF_MISSING_EN}", file=sys.stderr)
    for path in write_handouts(store, args.id, kinds, out_dir, pdf=args.pdf, round_ref=args.round,
                               trial_ref=args.trial):
        print(visible(str(path)))  # file names are made from the workshop's title
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from .exchange import read_file

    values = read_file(args.file)  # checked whole before the store is opened: a bad file changes nothing
    store = _open_store(args)
    workshop = store.import_workshop(values, replace=args.replace)
    print(f"Imported workshop {workshop.id}: {visible(workshop.title)}")
    return 0


def _cmd_backup(args: argparse.Namespace) -> int:
    from datetime import datetime

    from .db import backup_sqlite, sqlite_path
    from .paths import database_url, redact_url

    url = database_url(getattr(args, "db", None))
    source = sqlite_path(url)
    if source is None:
        raise CliError(
            "the store is not an SQLite file; back up PostgreSQL with pg_dump, e.g. "
            f"pg_dump --format=custom --file=digiworkshop.dump '{redact_url(_libpq_url(url))}'"
        )
    if not source.is_file():
        raise CliError(f"there is no database at {source}")
    # The argument stays a string: Path() drops a trailing slash, which is how a user says "a folder".
    as_folder = args.dest.endswith(("/", os.sep))
    dest = Path(args.dest).expanduser()
    if as_folder or dest.is_dir():
        dest.mkdir(parents=True, exist_ok=True)
        dest = dest / f"{source.stem}-{datetime.now().strftime('%Y%m%d-%H%M%S')}.db"
    if os.path.lexists(dest):
        raise CliError(f"{dest} already exists; choose another name (nothing was written)")
    # backup_sqlite writes a new, exclusively created file beside dest and names it only when complete.
    backup_sqlite(source, dest)
    print(dest)
    return 0


def _libpq_url(url: str) -> str:
    """The URL as pg_dump and psql take it (without SQLAlchemy's +driver)."""
    scheme, sep, rest = url.partition("://")
    return scheme.split("+")[0] + sep + rest


def _cmd_serve(args: argparse.Namespace) -> int:
    """The participant server without the app, until Ctrl+C or SIGTERM: the join address on the first
    line and the room code on the second (flushed at once: a script or a test reads them)."""

    from .paths import database_url
    from .room.child import stop_on_signals
    from .room.server import DEFAULT_PORT, RoomServer

    if args.port is not None and not 0 <= args.port <= 65535:
        raise CliError(f"--port must be between 0 and 65535, not {args.port}")
    if args.pipe:
        from .room.child import serve_piped

        return serve_piped(database_url(getattr(args, "db", None)), args.id, host=args.host,
                           port=DEFAULT_PORT if args.port is None else args.port, fallback=args.port is None)
    server = RoomServer(database_url(getattr(args, "db", None)), args.id, host=args.host,
                        port=DEFAULT_PORT if args.port is None else args.port, fallback=args.port is None)
    with stop_on_signals() as stop:
        try:
            server.start()
            print(server.join_url, flush=True)
            print(f"Kode: {server.code[:3]} {server.code[3:]}", flush=True)
            if server.fell_back:
                print(f"digiworkshop: note: port {DEFAULT_PORT} is in use; listening on {server.port}",
                      file=sys.stderr, flush=True)
            while not stop.wait(0.5):
                pass
        finally:
            server.stop()
    return 0


def _run_app(args: argparse.Namespace, *, open_demo: bool = False) -> int:
    from digiworkshop.screens.app import DigiWorkshopApp

    if open_demo:
        from .demo import load_demo
        from .guide import load_guide

        guide = load_guide()  # a broken data file stops here with a message naming file and key
        store = _open_store(args)
        app = DigiWorkshopApp(store, guide=guide, open_workshop_id=load_demo(store).id)
    else:
        # The app paints the workshop list first and loads the guide and the store behind it (start-up
        # speed); a broken guide file or a database it cannot open ends it with start_error.
        app = DigiWorkshopApp(database=getattr(args, "db", None))
    app.run()
    if app.start_error is not None:
        raise app.start_error
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    if args.load_only:
        from .demo import load_demo

        workshop = load_demo(_open_store(args))
        print(workshop.id)
        return 0
    return _run_app(args, open_demo=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `digiworkshop` command."""
    args = _parser().parse_args(argv)
    handlers = {"list": _cmd_list, "export": _cmd_export, "import": _cmd_import, "demo": _cmd_demo,
                "backup": _cmd_backup, "suggest": _cmd_suggest, "serve": _cmd_serve}
    try:
        handler = handlers.get(args.command)
        return handler(args) if handler else _run_app(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - known errors become one English line, others propagate
        message = _english_message(exc)
    # Errors quote stored and imported text (a title, a file name): shown, never obeyed.
    print(f"digiworkshop: error: {visible(message)}", file=sys.stderr)
    return EXIT_ERROR


def _english_message(exc: Exception) -> str:
    """One English line for an error the user can act on; anything else is re-raised (a bug).

    The error classes are imported here, not at start-up: the app's first screen should not wait
    for the store's modules."""
    from .db import DatabaseError
    from .domain import InputError
    from .exchange import ExchangeError
    from .guide import GuideError
    from .handouts import HandoutError
    from .store import NotFound

    from .room.server import RoomError

    if isinstance(exc, (DatabaseError, InputError, NotFound, RoomError)):
        return exc.english
    if isinstance(exc, (ExchangeError, GuideError, HandoutError, CliError)):
        return str(exc)
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc)
    raise exc


if __name__ == "__main__":
    sys.exit(main())

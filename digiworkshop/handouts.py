"""Writing a workshop's handouts to a folder: the one entry point the command line and the app share.

Every file is written atomically (a temporary name, then a rename) with mode 0600, so a crash or a
full disk never leaves a half-written handout, and another user on the laptop cannot read it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from . import handout_layout as lay
from .docx_kit import safe_text, slug
from .domain import DATE_MAX, DATE_MIN
from .guide import Guide, load_guide

# In the order they are written; "all" means these (the JSON data export is asked for by name).
KINDS = ("report", "actions", "evaluation", "templates", "ics")
EXTRA_KINDS = ("json",)
LABELS = {  # Danish, for the app's export dialog
    "report": "Rapport over workshoppen (.docx)",
    "actions": "Handlinger pr. ansvarlig (.docx)",
    "evaluation": "Evalueringsvindue (.docx)",
    "templates": "Tomme skabeloner til bordene (.docx)",
    "ics": "Deadlines som kalenderfil (.ics)",
    "json": "Dataudtræk (.json)",
}
SUFFIXES = {
    "report": "rapport.docx",
    "actions": "handlinger.docx",
    "evaluation": "evaluering.docx",
    "templates": "skabeloner.docx",
    "ics": "deadlines.ics",
}

Progress = Callable[[int, int, str], None]
"""progress(done, total, Danish description of the step now starting or just finished)."""


class HandoutError(Exception):
    """An export that cannot be done (an unknown kind); English message for the command line."""


def filename(document: dict[str, Any], workshop_id: int, kind: str, *, round_ref: int | None = None,
             trial_ref: int | None = None) -> str:
    """The file name of one handout: "<title-slug>-<id>-<kind>.<ext>" (an evaluation handout of one
    round or one prøvehandling says so, so it does not replace the handout of all rounds)."""
    base = f"{slug(document['workshop'].get('title', ''))}-{workshop_id}"
    if kind == "json":
        return f"{base}.json"
    if kind == "evaluation" and trial_ref is not None:
        return f"{base}-evaluering-proevehandling-{trial_ref}.docx"
    if kind == "evaluation" and round_ref is not None:
        return f"{base}-evaluering-runde-{round_ref}.docx"
    return f"{base}-{SUFFIXES[kind]}"


def expand_kinds(kinds: Iterable[str]) -> list[str]:
    """Kinds in writing order, "all" expanded, duplicates dropped; an unknown kind is an error."""
    wanted: list[str] = []
    for kind in kinds:
        for k in KINDS if kind == "all" else (kind,):
            if k not in (*KINDS, *EXTRA_KINDS):
                raise HandoutError(f"unknown handout kind {k!r}; choose from {', '.join((*KINDS, 'json', 'all'))}")
            if k not in wanted:
                wanted.append(k)
    return wanted


def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed (then no PDF is written)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


PDF_MISSING = "LibreOffice er ikke installeret, så der er ikke lavet PDF – Word-filerne (.docx) er skrevet."
PDF_MISSING_EN = "LibreOffice (soffice) is not installed: no PDF written; the .docx files are written"


def write_handouts(store, workshop_id: int, kinds: Iterable[str], out_dir: Path | str, *, pdf: bool = False,  # noqa: ANN001
                   progress: Progress | None = None, round_ref: int | None = None,
                   trial_ref: int | None = None) -> list[Path]:
    """Write the chosen handouts of a workshop into out_dir (created if needed) and return every path
    written, PDFs included. With pdf=True and LibreOffice installed a PDF is written next to each
    .docx; without LibreOffice the .docx files are still written (check soffice() to tell the user).
    round_ref / trial_ref narrow the evaluation handout to one round / one prøvehandling."""
    from .exchange import dumps, workshop_document

    wanted = expand_kinds(kinds)
    report = progress or (lambda done, total, what: None)
    document = workshop_document(store, workshop_id)  # unknown id: NotFound before any folder exists
    guide = load_guide()
    out = Path(out_dir).expanduser()
    converter = soffice() if pdf else None
    docx_count = sum(1 for k in wanted if k in SUFFIXES and SUFFIXES[k].endswith(".docx"))
    total = len(wanted) + (1 if converter and docx_count else 0)
    # Every file is built in memory first (a stored date a calendar cannot hold, or any other failure,
    # stops the export before the first file is written), then written under temporary names, and only
    # when all are on disk renamed into place: either every requested file is written, or none is.
    contents: list[tuple[Path, bytes]] = []
    for done, kind in enumerate(wanted):
        report(done, total, LABELS[kind])
        path = out / filename(document, workshop_id, kind, round_ref=round_ref, trial_ref=trial_ref)
        if kind == "json":
            data = dumps(document).encode("utf-8")
        elif kind == "ics":
            data = build_calendar(document, guide)
        else:
            data = _docx_bytes(build_handout(document, guide, kind, round_ref=round_ref, trial_ref=trial_ref))
        contents.append((path, data))
    out.mkdir(parents=True, exist_ok=True)
    _write_all(contents)
    written = [path for path, _ in contents]
    docx_paths = [path for path in written if path.suffix == ".docx"]
    done = len(wanted)
    if converter and docx_paths:
        report(done, total, "PDF (LibreOffice)")
        written += convert_to_pdf(docx_paths, converter)
    report(total, total, "Færdig")
    return written


def build_handout(document: dict[str, Any], guide: Guide, kind: str, *, round_ref: int | None = None,
                  trial_ref: int | None = None):  # noqa: ANN201 - a docx_kit.Handout
    """One Word handout in memory."""
    from . import export_docx as ex

    if kind == "report":
        return ex.build_report(document, guide)
    if kind == "actions":
        return ex.build_action_list(document, guide)
    if kind == "evaluation":
        return ex.build_evaluation(document, guide, round_ref=round_ref, trial_ref=trial_ref)
    if kind == "templates":
        return ex.build_templates(document, guide)
    raise HandoutError(f"{kind!r} is not a Word handout")


def _docx_bytes(handout) -> bytes:  # noqa: ANN001 - a docx_kit.Handout
    """The .docx file as bytes. Saved to memory, not to disk: a zip file that fails half-way on a full
    disk is left to the garbage collector, whose ZipFile.__del__ then prints a traceback of its own."""
    import io

    buffer = io.BytesIO()
    handout.save(buffer)
    return buffer.getvalue()


def _write_all(contents: Sequence[tuple[Path, bytes]]) -> None:
    """Write each (path, data) to a private temporary file in its folder, then rename them all into
    place; a failure (a full disk) removes every temporary file and leaves the folder as it was."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in contents:
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)  # mode 0600
            staged.append((Path(name), path))
            try:
                with os.fdopen(fd, "wb") as file:
                    file.write(data)
                    file.flush()
                    os.fsync(file.fileno())
            except OSError as exc:  # name the handout, not the temporary file
                raise OSError(exc.errno, exc.strerror, str(path)) from None
        for tmp, path in staged:
            tmp.replace(path)
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise


def _atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Write via a private temporary file in the same folder, then rename over the target."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        tmp.chmod(0o600)
        write(tmp)
        tmp.chmod(0o600)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def convert_to_pdf(docx_files: Sequence[Path], command: str | None = None, *, timeout: float = 300) -> list[Path]:
    """Convert .docx files with LibreOffice into PDFs next to them (atomically, mode 0600); return
    their paths. One LibreOffice run converts them all (its start-up is most of the cost), with a
    private profile so it clashes neither with an open LibreOffice nor with a parallel export."""
    command = command or soffice()
    if not command:
        raise HandoutError(PDF_MISSING_EN)
    targets = []
    with tempfile.TemporaryDirectory(prefix="digiworkshop-pdf-") as work:
        profile = Path(work, "profile").as_uri()
        outdir = Path(work, "out")
        result = subprocess.run(
            [command, f"-env:UserInstallation={profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(outdir), *map(str, docx_files)],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
        for docx in docx_files:
            target = docx.with_suffix(".pdf")
            produced = outdir / target.name
            if not produced.exists():
                detail = (result.stderr or result.stdout).strip().splitlines()
                raise HandoutError(f"LibreOffice could not convert {docx.name}" + (f": {detail[-1]}" if detail else ""))
            _atomic(target, lambda tmp, produced=produced: shutil.copyfile(produced, tmp))
            targets.append(target)
    return targets


# --- the calendar -------------------------------------------------------------------------------


def build_calendar(document: dict[str, Any], guide: Guide) -> bytes:
    """An iCalendar file with one all-day event per action that has a deadline; the owner is in the
    summary and the description. UIDs are stable, so importing a newer file updates the events."""
    from icalendar import Calendar, Event

    workshop = document["workshop"]
    calendar = Calendar()
    calendar.add("prodid", "-//digiworkshop//Trin for trin guide//DA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", safe_text(f"Handlingsplan – {workshop.get('title', '')}"))
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    kinds = {k.key: k.name for k in guide.note_kinds}
    for action in lay.by_position(document.get("actions", [])):
        day = lay._date(action.get("deadline"))
        if day is None or not DATE_MIN <= day <= DATE_MAX:
            # A date from an older file or another laptop that no calendar takes (year 9999, whose next
            # day does not exist): left out of the calendar; the action list still shows it.
            continue
        owner = " ".join((action.get("owner") or "").split())
        subject = action.get("subject") or "Handling"
        event = Event()
        event.add("uid", f"{workshop.get('uid', '')}-action-{action['ref']}@digiworkshop")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", safe_text(f"Deadline: {subject}" + (f" ({owner})" if owner else "")))
        lines = [
            f"{kinds.get(action.get('kind', ''), '')} – {lay.name_of(guide.perspectives, action.get('perspective', ''))}",
            f"Hvordan: {action.get('how', '')}" if action.get("how") else "",
            f"Ansvarlig: {owner or lay.NO_OWNER}",
            f"Status: {lay.name_of(guide.action_statuses, action.get('status', ''))}",
            f"Workshop: {workshop.get('title', '')}",
        ]
        event.add("description", safe_text("\n".join(line for line in lines if line)))
        if owner:
            event.add("x-digiworkshop-owner", safe_text(owner))
        calendar.add_component(event)
    return calendar.to_ical()


def describe(paths: Sequence[Path]) -> str:
    """The written paths, one a line (what the command line prints)."""
    return "\n".join(str(p) for p in paths)

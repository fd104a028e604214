"""Writing a workshop's handouts to a folder: the one entry point the command line and the app share.

Every file is written atomically (a temporary name, then a rename) with mode 0600, so a crash or a
full disk never leaves a half-written handout, and another user on the laptop cannot read it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from ..guide import Guide, load_guide
from . import word
from .calendar import build_calendar
from .kinds import EXTRA_KINDS, KINDS, LABELS, SUFFIXES, HandoutError, expand_kinds, filename
from .pdf import PDF_MISSING, PDF_MISSING_EN, convert_to_pdf, soffice

Progress = Callable[[int, int, str], None]
"""progress(done, total, Danish description of the step now starting or just finished)."""


def write_handouts(store, workshop_id: int, kinds: Iterable[str], out_dir: Path | str, *, pdf: bool = False,  # noqa: ANN001
                   progress: Progress | None = None, round_ref: int | None = None,
                   trial_ref: int | None = None) -> list[Path]:
    """Write the chosen handouts of a workshop into out_dir (created if needed) and return every path
    written, PDFs included. With pdf=True and LibreOffice installed a PDF is written next to each
    .docx; without LibreOffice the .docx files are still written (check soffice() to tell the user).
    round_ref / trial_ref narrow the evaluation handout to one round / one prøvehandling."""
    from ..exchange import dumps, workshop_document

    wanted = expand_kinds(kinds)
    report = progress or (lambda done, total, what: None)
    document = workshop_document(store, workshop_id)  # unknown id: NotFound before any folder exists
    _check_refs(document, round_ref, trial_ref)
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


def _check_refs(document: dict[str, Any], round_ref: int | None, trial_ref: int | None) -> None:
    """A round or prøvehandling asked for by its ref must exist: an empty handout would look like a
    round with no answers."""
    from ..domain import InputError

    for ref, rows, danish, english in ((round_ref, "evaluation_rounds", "evalueringsrunde", "evaluation round"),
                                       (trial_ref, "trials", "prøvehandling", "prøvehandling (trial)")):
        if ref is not None and all(row.get("ref") != ref for row in document.get(rows, [])):
            known = ", ".join(str(row.get("ref")) for row in document.get(rows, [])) or "none"
            raise InputError(f"Workshoppen har ingen {danish} nr. {ref}.",
                             f"the workshop has no {english} with ref {ref} (known: {known})")


def build_handout(document: dict[str, Any], guide: Guide, kind: str, *, round_ref: int | None = None,
                  trial_ref: int | None = None):  # noqa: ANN201 - a kit.Handout
    """One Word handout in memory."""
    if kind == "report":
        return word.build_report(document, guide)
    if kind == "actions":
        return word.build_action_list(document, guide)
    if kind == "evaluation":
        return word.build_evaluation(document, guide, round_ref=round_ref, trial_ref=trial_ref)
    if kind == "templates":
        return word.build_templates(document, guide)
    raise HandoutError(f"{kind!r} is not a Word handout")


def _docx_bytes(handout) -> bytes:  # noqa: ANN001 - a kit.Handout
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


def describe(paths: Sequence[Path]) -> str:
    """The written paths, one a line (what the command line prints)."""
    return "\n".join(str(p) for p in paths)


__all__ = [
    "EXTRA_KINDS", "KINDS", "LABELS", "PDF_MISSING", "PDF_MISSING_EN", "SUFFIXES", "HandoutError", "Progress",
    "build_calendar", "build_handout", "convert_to_pdf", "describe", "expand_kinds", "filename", "soffice",
    "write_handouts",
]

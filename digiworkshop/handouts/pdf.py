"""PDFs of the Word handouts, made by LibreOffice when it is installed (written atomically, mode 0600)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from .kinds import HandoutError

def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed (then no PDF is written)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


PDF_MISSING = "LibreOffice er ikke installeret, så der er ikke lavet PDF – Word-filerne (.docx) er skrevet."
PDF_MISSING_EN = "LibreOffice (soffice) is not installed: no PDF written; the .docx files are written"


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

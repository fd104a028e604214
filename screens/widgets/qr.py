"""A QR code drawn in the terminal with half blocks (▀ ▄ █), dark on light, so a phone can scan the screen.

segno (pure Python, no dependencies) makes the symbol; it is imported only when a code is drawn, so the
first screen never pays for it. Each character cell holds two modules, one above the other: terminal cells
are about twice as tall as wide, so one column and half a row per module gives square modules. The
colours are fixed black on white whatever the theme, with the standard quiet zone of four light modules
around the symbol: phone scanners look for dark modules on a light ground.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

QUIET_ZONE = 4  # light modules around the symbol, as the QR standard asks for
# Black on white whatever the theme: a dark theme would otherwise invert the code for the scanner.
QR_STYLE = Style(color="#000000", bgcolor="#ffffff")
# (upper module dark, lower module dark) -> the character that draws the pair.
_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def qr_matrix(data: str) -> list[list[bool]]:
    """The QR symbol of `data` as rows of modules (True: dark), quiet zone included."""
    import segno  # lazily: only a screen that shows a code needs it

    # Error level M (15 % may be unreadable): a projected code survives glare and a phone held at an
    # angle, and the join address still fits a version 4 symbol (33 modules).
    symbol = segno.make(data, error="m", micro=False, boost_error=False)
    return [[bool(module) for module in row] for row in symbol.matrix_iter(scale=1, border=QUIET_ZONE)]


def qr_size(modules: int, scale: int = 1) -> tuple[int, int]:
    """Columns and rows a symbol of `modules` × `modules` (quiet zone included) takes at `scale`."""
    side = modules * scale
    return side, (side + 1) // 2


def fitting_scale(modules: int, width: int, height: int) -> int:
    """The largest whole scale (at least 1) at which the symbol fits in width × height cells."""
    scale = 1
    while True:
        columns, rows = qr_size(modules, scale + 1)
        if columns > width or rows > height:
            return scale
        scale += 1


def qr_text(matrix: list[list[bool]], scale: int = 1) -> Text:
    """The matrix drawn with half blocks, each module `scale` columns wide and `scale` half rows tall."""
    rows = [[module for module in row for _ in range(scale)] for row in matrix for _ in range(scale)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))  # a light half row under an odd count: still quiet zone
    lines = ["".join(_BLOCKS[upper, lower] for upper, lower in zip(rows[i], rows[i + 1]))
             for i in range(0, len(rows), 2)]
    return Text("\n".join(lines), style=QR_STYLE, no_wrap=True, overflow="crop")


def read_qr_text(lines: list[str]) -> list[list[bool]]:
    """The modules back from drawn lines at scale 1 (the inverse of `qr_text`; tests read the screen)."""
    upper = {" ": False, "▀": True, "▄": False, "█": True}
    lower = {" ": False, "▀": False, "▄": True, "█": True}
    matrix: list[list[bool]] = []
    for line in lines:
        matrix.append([upper[c] for c in line])
        matrix.append([lower[c] for c in line])
    return matrix


class QRCode(Static):
    """A QR code of a text, as large as the space it is given allows (`max_scale` caps it)."""

    DEFAULT_CSS = """
    QRCode { width: auto; height: auto; }
    """

    def __init__(self, data: str = "", *, max_scale: int = 1, **kwargs) -> None:  # noqa: ANN003
        super().__init__("", **kwargs)
        self.max_scale = max_scale
        self._matrix: list[list[bool]] = []
        self.scale = 1
        if data:
            self.show(data)

    def show(self, data: str, *, room: tuple[int, int] | None = None) -> None:
        """Draw the code of `data`; with `room` (columns, rows) as large as fits there, up to max_scale."""
        self._matrix = qr_matrix(data) if data else []
        self.fit(room)

    @property
    def size_in_cells(self) -> tuple[int, int]:
        """Columns and rows the code takes as drawn now."""
        return qr_size(len(self._matrix), self.scale) if self._matrix else (0, 0)

    def fit(self, room: tuple[int, int] | None) -> None:
        """Redraw at the largest scale that fits in `room` (None: scale 1)."""
        if not self._matrix:
            self.update("")
            return
        modules = len(self._matrix)
        self.scale = 1 if room is None else min(self.max_scale, fitting_scale(modules, *room))
        self.update(qr_text(self._matrix, self.scale))

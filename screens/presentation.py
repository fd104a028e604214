"""Presentation mode's panel: the step's heading and questions large, the captured content, the time box.

Step views supply their content through ``StepView.presentation_content()``, a list of
``PresentationBlock``s (plain text, shown with markup off). The panel lays the blocks out in a grid of
one to three columns (``columns``, from the terminal's width, or the step's own grid shape: the
brainstorm's 3×2 and the evaluation's 2×2 keep theirs at every width); a ``wide`` block takes a row of
its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from digiworkshop.guide import Step

from .safe_text import stored, visible
from .widgets.timebox import TimeBoxDigits

EMPTY = "(intet endnu)"


@dataclass(frozen=True)
class PresentationBlock:
    """One box of content on the projector: a title and the lines typed so far (user text, no markup)."""

    title: str
    lines: tuple[str, ...] = ()
    wide: bool = False  # span the whole row (a long statement) rather than one grid cell


def bullet(text: str, mark: str = "• ", indent: str = "  ") -> list[str]:
    """Typed text as a block's lines: the first after `mark`, the rest indented, so an answer typed over
    several lines (a blank one included) stays one item in its own block."""
    first, *rest = text.splitlines() or [""]
    return [mark + first, *(indent + line for line in rest)]


def blocks_plain(blocks: Sequence[PresentationBlock]) -> str:
    """The blocks as plain text, each title over its lines, blocks apart by a blank line (tests, logs)."""
    return "\n\n".join("\n".join((block.title, *block.lines)) for block in blocks)


def block_text(block: PresentationBlock) -> Text:
    """A block's lines as plain text, control characters visible; an empty block says so quietly."""
    text = Text()
    lines = [line for line in block.lines if line.strip()]
    if not lines:
        text.append(EMPTY, style="italic")
    for i, line in enumerate(lines):
        if i:
            text.append("\n")
        text.append(visible(line))  # every step's stored text reaches the projector here
    return text


class PresentationPanel(VerticalScroll):
    """What the room sees in presentation mode; re-built from the store whenever something is stored."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="presentation-top"):
            yield Static("", id="presentation-heading")
            yield TimeBoxDigits("", id="presentation-timer")
        yield Static("", id="presentation-questions")
        yield Container(id="presentation-blocks")

    def show(self, step: Step, blocks: Sequence[PresentationBlock], *, with_blocks: bool = True,
             columns: int = 2) -> None:
        """Show ``step``'s heading and questions and ``blocks`` (the step's captured content)."""
        heading = Text(step.label, style="bold")
        self.query_one("#presentation-heading", Static).update(heading)
        questions = Text()
        for i, prompt in enumerate(step.prompts):
            if i:
                questions.append("\n\n")
            questions.append(prompt, style="bold")
        self.query_one("#presentation-questions", Static).update(questions)
        container = self.query_one("#presentation-blocks", Container)
        container.display = with_blocks and bool(blocks)
        container.remove_children()
        if with_blocks:
            container.mount_all(
                Horizontal(*(self._block(block) for block in row), classes="presentation-row")
                for row in rows_of(blocks, columns)
            )

    @staticmethod
    def _block(block: PresentationBlock) -> Vertical:
        return Vertical(
            Static(stored(block.title), classes="presentation-block-title"),
            Static(block_text(block), classes="presentation-block-body"),
            classes="presentation-block",
        )


def rows_of(blocks: Sequence[PresentationBlock], columns: int) -> list[list[PresentationBlock]]:
    """Blocks in rows of at most ``columns``; a wide block fills a row alone."""
    rows: list[list[PresentationBlock]] = []
    current: list[PresentationBlock] = []
    for block in blocks:
        if block.wide or len(current) == max(columns, 1):
            if current:
                rows.append(current)
            current = []
        if block.wide:
            rows.append([block])
        else:
            current.append(block)
    if current:
        rows.append(current)
    return rows

"""Step 3's wishes and requirements laid out by the guide's six topics: grouping, what is not
covered yet, and stepping through the fixed choices (kind, category, topic) with one key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from ..domain import WISH_KINDS, WISH_TOPICS


class WishLike(Protocol):
    """What the layout needs of a wish (Wish fits)."""

    topic: str
    kind: str
    position: int


W = TypeVar("W", bound=WishLike)


def by_topic(wishes: Sequence[W], topics: Sequence[str] = WISH_TOPICS) -> list[tuple[str, list[W]]]:
    """Every topic in the guide's order with its wishes (ønsker before krav, then in the group's
    order); a topic without wishes is there with an empty list, so it can be marked as uncovered."""
    groups: dict[str, list[W]] = {topic: [] for topic in topics}
    for wish in wishes:
        groups.setdefault(wish.topic, []).append(wish)
    kind_order = {kind: i for i, kind in enumerate(WISH_KINDS)}
    for items in groups.values():
        items.sort(key=lambda w: (kind_order.get(w.kind, len(kind_order)), w.position))
    return list(groups.items())


def uncovered_topics(wishes: Sequence[WishLike], topics: Sequence[str] = WISH_TOPICS) -> list[str]:
    """The topics (in the guide's order) that hold no wish or requirement yet."""
    covered = {wish.topic for wish in wishes}
    return [topic for topic in topics if topic not in covered]


def cycle(value: str, choices: Sequence[str], step: int = 1) -> str:
    """The choice after (step 1) or before (step -1) value, wrapping around; the first for an unknown value."""
    if value not in choices:
        return choices[0]
    return choices[(list(choices).index(value) + step) % len(choices)]

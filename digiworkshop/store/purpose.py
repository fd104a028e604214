"""Step 1, Formidling af formål: the purpose statement and why it makes sense for each group."""

from __future__ import annotations

from sqlalchemy import exists, or_

from ..models import Purpose
from .base import ContentChecks, StoreBase, text_values

PURPOSE_TEXT_FIELDS = {
    "statement": "Formål",
    "fit": "Sammenhæng med øvrige prioriteringer",
    "borgere": "Borgere",
    "medarbejdere": "Medarbejdere",
    "ledelse": "Ledelse",
    "politikere": "Politikere",
    "strategy": "Digitaliseringsstrategi",
}


class PurposeMixin(StoreBase):
    """Reads and writes of step 1."""

    def get_purpose(self, workshop_id: int) -> Purpose:
        """Step 1's answers (empty ones for a workshop that has none yet)."""
        return self._workshop_row(Purpose, workshop_id)

    def update_purpose(self, workshop_id: int, **fields: object) -> Purpose:
        """Change some of step 1's answers."""
        texts = {key: value for key, value in fields.items() if key != "no_strategy"}
        values: dict[str, object] = text_values(texts, PURPOSE_TEXT_FIELDS, "purpose")
        if "no_strategy" in fields:
            values["no_strategy"] = bool(fields["no_strategy"])
        return self._update_workshop_row(Purpose, workshop_id, values)

    def _content_purpose(self, workshop_id: int) -> ContentChecks:
        answered = or_(*(getattr(Purpose, f) != "" for f in PURPOSE_TEXT_FIELDS), Purpose.no_strategy.is_(True))
        return {"purpose": exists().where(Purpose.workshop_id == workshop_id, answered)}

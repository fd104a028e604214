"""Step 4c, Handlingsplan: for each central barrier and potential, how, who and by when, and its status."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, func
from sqlmodel import select

from ..deadlines import parse_deadline
from ..domain import ACTION_STATUSES, PERSPECTIVES, InputError, check_date_range, clean_text
from ..models import Action, Note, Participant, Theme, utcnow
from .base import ELSEWHERE, ContentChecks, StoreBase, fetch, next_position
from .brainstorm import CELL_NAMES, check_cell


class ActionPlanMixin(StoreBase):
    """Reads and writes of step 4c."""

    def list_actions(self, workshop_id: int) -> list[Action]:
        """The action plan's rows: barriers before potentials, then by perspective, then as made."""
        with self._read() as s:
            actions = list(s.exec(select(Action).where(Action.workshop_id == workshop_id)).all())
        return sorted(actions, key=lambda a: (
            a.kind != "barriere", PERSPECTIVES.index(a.perspective) if a.perspective in PERSPECTIVES else 9,
            a.position, a.id))

    def sync_central_actions(self, workshop_id: int) -> list[Action]:
        """Make sure every central note and theme has a row in the plan (ready to fill), and drop rows
        that are still empty when their note or theme is no longer central. Returns list_actions."""
        with self._write() as s:
            notes = s.exec(select(Note).where(Note.workshop_id == workshop_id, Note.central,
                                              Note.deleted_at.is_(None), Note.merged_into_id.is_(None))).all()
            themes = s.exec(select(Theme).where(Theme.workshop_id == workshop_id, Theme.central)).all()
            actions = s.exec(select(Action).where(Action.workshop_id == workshop_id)).all()
            have_notes = {a.note_id for a in actions if a.note_id}
            have_themes = {a.theme_id for a in actions if a.theme_id}
            central_notes, central_themes = {n.id for n in notes}, {t.id for t in themes}
            changed = False
            for action in actions:
                linked = action.note_id in central_notes if action.note_id else (
                    action.theme_id in central_themes if action.theme_id else True)
                if not linked and not (action.how or action.owner or action.deadline_text):
                    s.delete(action)
                    changed = True
            position = max((a.position for a in actions), default=0)
            for theme in themes:
                if theme.id not in have_themes:
                    position += 1
                    s.add(Action(workshop_id=workshop_id, position=position, perspective=theme.perspective,
                                 kind=theme.kind, subject=theme.name, theme_id=theme.id))
                    changed = True
            for note in notes:
                if note.id not in have_notes:
                    position += 1
                    s.add(Action(workshop_id=workshop_id, position=position, perspective=note.perspective,
                                 kind=note.kind, subject=note.text, note_id=note.id))
                    changed = True
            if changed:
                self._touch(s, workshop_id)
        return self.list_actions(workshop_id)

    def add_action(self, workshop_id: int, *, perspective: str, kind: str, subject: str) -> Action:
        """A row of the plan not tied to a note (a barrier or potential worded directly in the plan)."""
        check_cell(perspective, kind)
        subject = clean_text(subject, label=CELL_NAMES[kind], required=True)
        with self._write() as s:
            self._touch(s, workshop_id)
            action = Action(workshop_id=workshop_id, position=next_position(s, Action.position,
                                                                            Action.workshop_id == workshop_id),
                            perspective=perspective, kind=kind, subject=subject)
            s.add(action)
        return action

    def update_action(self, action_id: int, *, subject: str | None = None, how: str | None = None,
                      owner: str | None = None, deadline_text: str | None = None, deadline: dt.date | None | bool = False,
                      status: str | None = None, today: dt.date | None = None) -> Action:
        """Change a row of the plan. `deadline_text` is read the Danish way (deadlines.parse_deadline,
        against `today`) and stored with the date it names; `deadline` sets a date directly."""
        values: dict[str, object] = {}
        if subject is not None:
            values["subject"] = clean_text(subject, label="Emnet", required=True)
        if how is not None:
            values["how"] = clean_text(how, label="Hvordan")
        if owner is not None:
            values["owner"] = clean_text(owner, label="Hvem er ansvarlig")
        if deadline_text is not None:
            parsed = parse_deadline(clean_text(deadline_text, label="Deadline"), today=today or dt.date.today())
            values["deadline"], values["deadline_text"] = parsed.date, parsed.text
        if deadline is not False:
            if deadline is not None and not isinstance(deadline, dt.date):
                raise TypeError("deadline must be a datetime.date or None")
            values["deadline"] = check_date_range(deadline, label="Deadline")
        if status is not None:
            if status not in ACTION_STATUSES:
                raise InputError(f"Ukendt status: {status}", f"unknown status {status!r}")
            values["status"] = status
        with self._write() as s:
            action = fetch(s, Action, action_id, "action", detail=ELSEWHERE)
            for key, value in values.items():
                setattr(action, key, value)
            action.updated_at = utcnow()
            s.add(action)
            self._touch(s, action.workshop_id)
        return action

    def delete_action(self, action_id: int) -> None:
        """Remove a row of the plan."""
        with self._write() as s:
            action = fetch(s, Action, action_id, "action", detail=ELSEWHERE)
            self._touch(s, action.workshop_id)
            s.delete(action)

    def owner_suggestions(self, workshop_id: int) -> list[str]:
        """Owners to complete from: this workshop's participants, then owners used before (any workshop)."""
        with self._read() as s:
            names = s.exec(select(Participant.name).where(Participant.workshop_id == workshop_id)
                           .order_by(Participant.position, Participant.id)).all()
            owners = s.exec(select(Action.owner).where(Action.owner != "")
                            .group_by(Action.owner).order_by(func.max(Action.updated_at).desc())).all()
        return list(dict.fromkeys([*names, *owners]))

    # --- step list -----------------------------------------------------------------------------

    def _content_action_plan(self, workshop_id: int) -> ContentChecks:
        return {"action_plan": exists().where(Action.workshop_id == workshop_id)}

"""Step 5, Evalueringsvindue: dated rounds of the four quadrants, and follow-up of actions."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import exists
from sqlmodel import Session, select

from ..domain import ACTION_STATUSES, EVALUATION_QUESTIONS, InputError, check_date_range, clean_text
from ..rules.action_plan import review_order
from ..models import Action, ActionFollowUp, EvaluationEntry, EvaluationRound, TrialAction, utcnow
from .base import ContentChecks, NotFound, StoreBase, fetch, next_position
from .undo import pop_undo, push_undo

UNDO_SCOPE = "evaluation"


class EvaluationMixin(StoreBase):
    """Rounds and their entries; the review of open actions with dated follow-ups."""

    # --- rounds ------------------------------------------------------------------------------

    def list_rounds(self, workshop_id: int) -> list[EvaluationRound]:
        """The workshop's evaluation rounds, oldest first (by date, then as created)."""
        return self._all(select(EvaluationRound).where(EvaluationRound.workshop_id == workshop_id)
                         .order_by(EvaluationRound.date.is_(None), EvaluationRound.date, EvaluationRound.position,
                                   EvaluationRound.id))

    def get_round(self, round_id: int) -> EvaluationRound:
        """One round, or NotFound."""
        with self._read() as s:
            return fetch(s, EvaluationRound, round_id, "evaluation round")

    def create_round(self, workshop_id: int, *, date: dt.date | None = None, title: str = "",
                     trial_id: int | None = None, cycle_id: int | None = None,
                     today: dt.date | None = None) -> EvaluationRound:
        """A new round dated `date` (default: today), about the whole workshop or one trial (cycle)."""
        title = clean_text(title, label="Titel")
        check_date_range(date, label="Rundens dato")
        with self._write() as s:
            self._touch(s, workshop_id)
            if trial_id is not None:
                self._check_trial(s, workshop_id, trial_id)
            position = next_position(s, EvaluationRound.position, EvaluationRound.workshop_id == workshop_id)
            found = EvaluationRound(workshop_id=workshop_id, position=position,
                                    date=date or today or dt.date.today(), title=title,
                                    trial_id=trial_id, cycle_id=cycle_id)
            s.add(found)
        return found

    def update_round(self, round_id: int, **fields: object) -> EvaluationRound:
        """Change a round's title, date or what it is about (trial_id; None = the whole workshop)."""
        with self._write() as s:
            found = fetch(s, EvaluationRound, round_id, "evaluation round")
            for key, value in fields.items():
                if key == "title":
                    found.title = clean_text(value, label="Titel")  # type: ignore[arg-type]
                elif key == "date":
                    if value is None:
                        raise InputError("En runde skal have en dato.", "a round needs a date")
                    if not isinstance(value, dt.date):
                        raise TypeError("date must be a datetime.date")
                    found.date = check_date_range(value, label="Rundens dato")
                elif key == "trial_id":
                    if value is not None:
                        self._check_trial(s, found.workshop_id, value)  # type: ignore[arg-type]
                    if found.trial_id != value:
                        found.cycle_id = None
                    found.trial_id = value  # type: ignore[assignment]
                else:
                    raise TypeError(f"unknown round field {key!r}")
            s.add(found)
            self._touch(s, found.workshop_id)
        return found

    def delete_round(self, round_id: int) -> None:
        """Delete a round and its entries (follow-ups made in it stay, without the round)."""
        with self._write() as s:
            found = fetch(s, EvaluationRound, round_id, "evaluation round")
            self._touch(s, found.workshop_id)
            s.delete(found)

    @staticmethod
    def _check_trial(s, workshop_id: int, trial_id: int) -> None:  # noqa: ANN001
        if fetch(s, TrialAction, trial_id, "trial").workshop_id != workshop_id:
            raise NotFound("trial", trial_id)

    # --- entries -----------------------------------------------------------------------------

    def list_entries(self, round_id: int) -> list[EvaluationEntry]:
        """The round's entries (deleted ones left out), quadrant by quadrant in the order typed."""
        return self._all(select(EvaluationEntry)
                         .where(EvaluationEntry.round_id == round_id, EvaluationEntry.deleted_at.is_(None))
                         .order_by(EvaluationEntry.position, EvaluationEntry.id))

    def add_entry(self, round_id: int, *, question: str, text: str) -> EvaluationEntry:
        """Store one answer in a quadrant (question is a key of domain.EVALUATION_QUESTIONS)."""
        if question not in EVALUATION_QUESTIONS:
            raise InputError(f"Ukendt felt: {question}", f"unknown evaluation question {question!r}")
        text = clean_text(text, label="Svaret", required=True)
        with self._write() as s:
            found = fetch(s, EvaluationRound, round_id, "evaluation round")
            self._touch(s, found.workshop_id)
            position = next_position(s, EvaluationEntry.position, EvaluationEntry.round_id == round_id)
            entry = EvaluationEntry(round_id=round_id, position=position, question=question, text=text)
            s.add(entry)
        return entry

    def update_entry(self, entry_id: int, *, text: str) -> EvaluationEntry:
        """Change an entry's text (undoable)."""
        text = clean_text(text, label="Svaret", required=True)
        with self._write() as s:
            entry, workshop_id = self._entry(s, entry_id)
            if entry.text != text:
                push_undo(s, workshop_id, UNDO_SCOPE, f"Rettet: {entry.text}", {"op": "edit", "entry": entry.id,
                                                                          "text": entry.text})
                entry.text = text
                s.add(entry)
                self._touch(s, workshop_id)
        return entry

    def delete_entry(self, entry_id: int) -> None:
        """Remove an entry from its quadrant (undoable with undo_evaluation)."""
        with self._write() as s:
            entry, workshop_id = self._entry(s, entry_id)
            entry.deleted_at = utcnow()
            s.add(entry)
            push_undo(s, workshop_id, UNDO_SCOPE, f"Slettet: {entry.text}", {"op": "delete", "entry": entry.id})
            self._touch(s, workshop_id)

    def undo_evaluation(self, workshop_id: int) -> str | None:
        """Undo the latest edit or deletion of an evaluation entry; its description, or None if none."""
        with self._write() as s:
            undo = pop_undo(s, workshop_id, UNDO_SCOPE)
            if undo is None:
                return None
            payload = json.loads(undo.payload)
            entry = s.get(EvaluationEntry, payload["entry"])
            if entry is not None:
                if payload["op"] == "delete":
                    entry.deleted_at = None
                elif payload["op"] == "edit":
                    entry.text = payload["text"]
                s.add(entry)
            self._touch(s, workshop_id)
            return undo.description

    def _entry(self, s, entry_id: int) -> tuple[EvaluationEntry, int]:  # noqa: ANN001
        entry = fetch(s, EvaluationEntry, entry_id, "evaluation entry", live=True)
        return entry, s.get(EvaluationRound, entry.round_id).workshop_id


    # --- follow-up of actions ----------------------------------------------------------------

    def actions_for_review(self, workshop_id: int, today: dt.date) -> list[Action]:
        """Open actions (not færdig/opgivet): overdue first, then by deadline, those without one last."""
        with self._read() as s:
            actions = s.exec(select(Action).where(Action.workshop_id == workshop_id)).all()
        return review_order(actions, today)

    def actions_by_id(self, action_ids: list[int]) -> list[Action]:
        """These actions as stored now, in the order given (unknown ids left out)."""
        with self._read() as s:
            found = {a.id: a for a in s.exec(select(Action).where(Action.id.in_(action_ids))).all()}
        return [found[i] for i in action_ids if i in found]

    def add_follow_up(self, action_id: int, *, status: str, remark: str, date: dt.date,
                      round_id: int | None = None) -> ActionFollowUp:
        """A dated follow-up on an action; the action takes the status in the same transaction."""
        values = self._follow_up_values(status, remark, date)
        with self._write() as s:
            action = self._action_for_follow_up(s, action_id, round_id)
            follow_up = ActionFollowUp(action_id=action_id, round_id=round_id, **values)
            self._followed_up(s, action, follow_up)
        return follow_up

    def record_follow_up(self, action_id: int, *, status: str, remark: str, date: dt.date,
                         round_id: int | None = None) -> ActionFollowUp:
        """Like add_follow_up, but a second change at the same meeting (same date and round) updates
        that meeting's follow-up instead of adding another."""
        values = self._follow_up_values(status, remark, date)
        with self._write() as s:
            action = self._action_for_follow_up(s, action_id, round_id)
            follow_up = s.exec(select(ActionFollowUp).where(
                ActionFollowUp.action_id == action_id, ActionFollowUp.date == date,
                ActionFollowUp.round_id.is_(None) if round_id is None else ActionFollowUp.round_id == round_id,
            ).order_by(ActionFollowUp.id.desc())).first()
            if follow_up is None:
                follow_up = ActionFollowUp(action_id=action_id, round_id=round_id, **values)
            else:
                follow_up.status, follow_up.remark = values["status"], values["remark"]
            self._followed_up(s, action, follow_up)
        return follow_up

    def list_follow_ups(self, action_id: int) -> list[ActionFollowUp]:
        """An action's follow-ups, oldest first."""
        return self._all(select(ActionFollowUp).where(ActionFollowUp.action_id == action_id)
                         .order_by(ActionFollowUp.date, ActionFollowUp.id))

    def follow_ups_in_round(self, round_id: int) -> list[ActionFollowUp]:
        """The follow-ups made as part of one evaluation round."""
        return self._all(select(ActionFollowUp).where(ActionFollowUp.round_id == round_id).order_by(ActionFollowUp.id))

    def actions_unreviewed(self, workshop_id: int, today: dt.date) -> list[Action]:
        """Open actions with no follow-up dated today: what opening the workshop offers to review."""
        actions = self.actions_for_review(workshop_id, today)
        with self._read() as s:
            done = set(s.exec(select(ActionFollowUp.action_id).where(
                ActionFollowUp.action_id.in_([a.id for a in actions]), ActionFollowUp.date == today)).all())
        return [a for a in actions if a.id not in done]

    @staticmethod
    def _follow_up_values(status: str, remark: str, date: dt.date) -> dict:
        if status not in ACTION_STATUSES:
            raise InputError(f"Ukendt status: {status}", f"unknown action status {status!r}")
        if not isinstance(date, dt.date):
            raise TypeError("date must be a datetime.date")
        return {"status": status, "remark": clean_text(remark, label="Bemærkningen"),
                "date": check_date_range(date, label="Opfølgningens dato")}

    def _followed_up(self, s: Session, action: Action, follow_up: ActionFollowUp) -> None:
        """Store a follow-up; the action takes its status in the same transaction."""
        s.add(follow_up)
        action.status = follow_up.status
        action.updated_at = utcnow()
        s.add(action)
        self._touch(s, action.workshop_id)

    @staticmethod
    def _action_for_follow_up(s, action_id: int, round_id: int | None) -> Action:  # noqa: ANN001
        action = fetch(s, Action, action_id, "action")
        if round_id is not None:
            found = s.get(EvaluationRound, round_id)
            if found is None or found.workshop_id != action.workshop_id:
                raise NotFound("evaluation round", round_id)
        return action

    def _content_evaluation(self, workshop_id: int) -> ContentChecks:
        return {"evaluation": exists().where(EvaluationRound.workshop_id == workshop_id)}

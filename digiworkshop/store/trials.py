"""Prøvehandlinger (Bilag 2): trial actions run as Plan–Do–Study–Act cycles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import exists
from sqlmodel import Session, select

from ..domain import TRIAL_PHASES, InputError, check_date_range, clean_text
from ..rules.trials import carry_forward, furthest_phase
from ..guide import load_guide
from ..models import (
    EvaluationRound, Note, Theme, TrialAction, TrialAnswer, TrialCycle, TrialLogEntry,
)
from .base import ContentChecks, NotFound, StoreBase, fetch, next_position


@dataclass(frozen=True)
class CentralSubject:
    """A central barrier or potential from step 4 that a trial can work on."""

    kind: str  # barriere | potentiale
    text: str
    note_id: int | None = None
    theme_id: int | None = None

    @property
    def key(self) -> str:
        """A stable choice value: "note:3" or "theme:2"."""
        return f"note:{self.note_id}" if self.note_id is not None else f"theme:{self.theme_id}"


def _questions(phase: str) -> set[str]:
    return {q.key for p in load_guide().trial_phases if p.key == phase for q in p.questions}


class TrialsMixin(StoreBase):
    """Trials, their cycles, the answers per phase and question, and the Udfør log."""

    # --- trials ------------------------------------------------------------------------------

    def list_trials(self, workshop_id: int) -> list[TrialAction]:
        """The workshop's trials in the order they were created."""
        return self._all(select(TrialAction).where(TrialAction.workshop_id == workshop_id)
                         .order_by(TrialAction.position, TrialAction.id))

    def get_trial(self, trial_id: int) -> TrialAction:
        """One trial, or NotFound."""
        with self._read() as s:
            return self._trial(s, trial_id)

    def create_trial(self, workshop_id: int, *, title: str, today: dt.date | None = None) -> TrialAction:
        """A new trial with its first cycle in Planlæg."""
        title = clean_text(title, label="Titlen", required=True)
        with self._write() as s:
            self._touch(s, workshop_id)
            position = next_position(s, TrialAction.position, TrialAction.workshop_id == workshop_id)
            trial = TrialAction(workshop_id=workshop_id, position=position, title=title)
            s.add(trial)
            s.flush()
            s.add(TrialCycle(trial_id=trial.id, number=1, phase="plan", started_on=today or dt.date.today()))
        return trial

    def rename_trial(self, trial_id: int, *, title: str) -> TrialAction:
        """Give a trial a new title."""
        title = clean_text(title, label="Titlen", required=True)
        with self._write() as s:
            trial = self._trial(s, trial_id)
            trial.title = title
            s.add(trial)
            self._touch(s, trial.workshop_id)
        return trial

    def link_trial(self, trial_id: int, *, note_id: int | None = None, theme_id: int | None = None) -> TrialAction:
        """Link a trial to the central note or theme it works on (both None: no link)."""
        with self._write() as s:
            trial = self._trial(s, trial_id)
            for model, ident in ((Note, note_id), (Theme, theme_id)):
                if ident is not None:
                    row = s.get(model, ident)
                    if row is None or row.workshop_id != trial.workshop_id:
                        raise NotFound(model.__name__.lower(), ident)
            trial.note_id, trial.theme_id = note_id, theme_id
            s.add(trial)
            self._touch(s, trial.workshop_id)
        return trial

    def delete_trial(self, trial_id: int) -> None:
        """Delete a trial with its cycles, answers and log (its evaluation rounds stay, unlinked)."""
        with self._write() as s:
            trial = self._trial(s, trial_id)
            self._touch(s, trial.workshop_id)
            s.delete(trial)

    def central_subjects(self, workshop_id: int) -> list[CentralSubject]:
        """The central ("centrale og gennemgående") themes and notes of step 4, barriers first."""
        with self._read() as s:
            themes = s.exec(select(Theme).where(Theme.workshop_id == workshop_id, Theme.central)
                            .order_by(Theme.position, Theme.id)).all()
            notes = s.exec(select(Note).where(Note.workshop_id == workshop_id, Note.central,
                                              Note.deleted_at.is_(None), Note.merged_into_id.is_(None))
                           .order_by(Note.position, Note.id)).all()
        subjects = [CentralSubject(t.kind, t.name, theme_id=t.id) for t in themes]
        subjects += [CentralSubject(n.kind, n.text, note_id=n.id) for n in notes]
        return sorted(subjects, key=lambda c: c.kind != "barriere")

    def trial_subject(self, trial: TrialAction) -> CentralSubject | None:
        """What a trial is linked to, if anything (even if no longer marked central)."""
        with self._read() as s:
            if trial.theme_id is not None and (theme := s.get(Theme, trial.theme_id)):
                return CentralSubject(theme.kind, theme.name, theme_id=theme.id)
            if trial.note_id is not None and (note := s.get(Note, trial.note_id)):
                return CentralSubject(note.kind, note.text, note_id=note.id)
        return None

    # --- cycles ------------------------------------------------------------------------------

    def list_cycles(self, trial_id: int) -> list[TrialCycle]:
        """A trial's cycles, 1, 2, 3 …"""
        return self._all(select(TrialCycle).where(TrialCycle.trial_id == trial_id)
                         .order_by(TrialCycle.number, TrialCycle.id))

    def reach_phase(self, cycle_id: int, phase: str) -> TrialCycle:
        """Note that the room got to `phase` in this cycle (a cycle's phase never moves back)."""
        if phase not in TRIAL_PHASES:
            raise InputError(f"Ukendt fase: {phase}", f"unknown trial phase {phase!r}")
        with self._write() as s:
            cycle = self._cycle(s, cycle_id)
            new = furthest_phase(cycle.phase, phase)
            if new != cycle.phase:
                cycle.phase = new
                s.add(cycle)
                self._touch(s, s.get(TrialAction, cycle.trial_id).workshop_id)
        return cycle

    def start_next_cycle(self, trial_id: int, *, today: dt.date | None = None) -> TrialCycle:
        """Start the next cycle from the last one's Tilpas: its Planlæg is pre-filled with the
        previous plan adjusted by Tilpas (see rules.trials.carry_forward)."""
        with self._write() as s:
            trial = self._trial(s, trial_id)
            last = s.exec(select(TrialCycle).where(TrialCycle.trial_id == trial_id)
                          .order_by(TrialCycle.number.desc())).first()
            answers = {(a.phase, a.question): a.text for a in
                       s.exec(select(TrialAnswer).where(TrialAnswer.cycle_id == last.id)).all()} if last else {}
            plan = {q: t for (p, q), t in answers.items() if p == "plan"}
            act = {q: t for (p, q), t in answers.items() if p == "act"}
            number = last.number + 1 if last else 1
            if last is not None and last.phase != "act":
                last.phase = "act"  # starting over from Tilpas means the last cycle got there
                s.add(last)
            cycle = TrialCycle(trial_id=trial_id, number=number, phase="plan", started_on=today or dt.date.today())
            s.add(cycle)
            s.flush()
            for question, text in carry_forward(plan, act, number - 1).items():
                s.add(TrialAnswer(cycle_id=cycle.id, phase="plan", question=question, text=text))
            self._touch(s, trial.workshop_id)
        return cycle

    # --- answers and the Udfør log -----------------------------------------------------------

    def trial_answers(self, cycle_id: int) -> dict[tuple[str, str], str]:
        """A cycle's answers by (phase, question)."""
        with self._read() as s:
            return {(a.phase, a.question): a.text
                    for a in s.exec(select(TrialAnswer).where(TrialAnswer.cycle_id == cycle_id)).all()}

    def save_trial_answer(self, cycle_id: int, *, phase: str, question: str, text: str) -> str:
        """Store the answer to one of the guide's questions in one phase of a cycle; returns it."""
        if phase not in TRIAL_PHASES or question not in _questions(phase):
            raise InputError(f"Ukendt spørgsmål: {phase}.{question}", f"unknown trial question {phase}.{question}")
        text = clean_text(text, label="Svaret")
        with self._write() as s:
            cycle = self._cycle(s, cycle_id)
            answer = s.exec(select(TrialAnswer).where(TrialAnswer.cycle_id == cycle_id, TrialAnswer.phase == phase,
                                                      TrialAnswer.question == question)).first()
            if answer is None:
                answer = TrialAnswer(cycle_id=cycle_id, phase=phase, question=question)
            answer.text = text
            s.add(answer)
            if furthest_phase(cycle.phase, phase) != cycle.phase:
                cycle.phase = phase  # answering a later phase's question means the cycle got there
                s.add(cycle)
            self._touch(s, s.get(TrialAction, cycle.trial_id).workshop_id)
        return text

    def list_trial_log(self, cycle_id: int) -> list[TrialLogEntry]:
        """Udfør's dated experiences, in date order."""
        return self._all(select(TrialLogEntry).where(TrialLogEntry.cycle_id == cycle_id)
                         .order_by(TrialLogEntry.date, TrialLogEntry.id))

    def add_trial_log(self, cycle_id: int, *, text: str, date: dt.date | None = None) -> TrialLogEntry:
        """Note a dated experience while the trial runs (date defaults to today)."""
        check_date_range(date, label="Datoen")
        text = clean_text(text, label="Erfaringen", required=True)
        with self._write() as s:
            cycle = self._cycle(s, cycle_id)
            entry = TrialLogEntry(cycle_id=cycle_id, date=date or dt.date.today(), text=text)
            s.add(entry)
            if furthest_phase(cycle.phase, "do") != cycle.phase:
                cycle.phase = "do"
                s.add(cycle)
            self._touch(s, s.get(TrialAction, cycle.trial_id).workshop_id)
        return entry

    def delete_trial_log(self, entry_id: int) -> None:
        """Remove one log entry."""
        with self._write() as s:
            entry = fetch(s, TrialLogEntry, entry_id, "trial log entry")
            cycle = self._cycle(s, entry.cycle_id)
            self._touch(s, s.get(TrialAction, cycle.trial_id).workshop_id)
            s.delete(entry)

    def cycle_round(self, cycle_id: int) -> EvaluationRound | None:
        """The evaluation round attached to a cycle's Evaluer phase, if one was made."""
        with self._read() as s:
            return s.exec(select(EvaluationRound).where(EvaluationRound.cycle_id == cycle_id)
                          .order_by(EvaluationRound.id)).first()

    def open_cycle_round(self, cycle_id: int, *, today: dt.date | None = None) -> EvaluationRound:
        """The cycle's evaluation round, created (dated today) the first time it is asked for."""
        found = self.cycle_round(cycle_id)
        if found is not None:
            return found
        with self._read() as s:
            cycle = self._cycle(s, cycle_id)
            trial = s.get(TrialAction, cycle.trial_id)
        return self.create_round(trial.workshop_id, title=f"{trial.title} – cyklus {cycle.number}",
                                 trial_id=trial.id, cycle_id=cycle.id, today=today)  # type: ignore[attr-defined]

    @staticmethod
    def _trial(s: Session, trial_id: int) -> TrialAction:
        return fetch(s, TrialAction, trial_id, "trial")

    @staticmethod
    def _cycle(s: Session, cycle_id: int) -> TrialCycle:
        return fetch(s, TrialCycle, cycle_id, "trial cycle")

    def _content_trials(self, workshop_id: int) -> ContentChecks:
        return {"trials": exists().where(TrialAction.workshop_id == workshop_id)}

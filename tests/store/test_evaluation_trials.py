"""Step 5 and Bilag 2 in the core: rounds, entries with undo, follow-up of actions, trial cycles."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from digiworkshop.demo import load_demo
from digiworkshop.domain import InputError
from digiworkshop.exchange import dumps, import_document, workshop_document
from digiworkshop.rules.action_plan import review_order
from digiworkshop.rules.trials import carry_forward, furthest_phase
from digiworkshop.models import Action
from digiworkshop.store import Store

TODAY = dt.date(2026, 11, 20)


def test_review_order_puts_overdue_first_and_no_deadline_last() -> None:
    def a(i: int, deadline: dt.date | None, status: str = "i_gang") -> Action:
        return Action(id=i, workshop_id=1, position=i, deadline=deadline, status=status)

    actions = [a(1, None), a(2, dt.date(2026, 12, 1)), a(3, dt.date(2026, 11, 1)), a(4, dt.date(2026, 10, 1)),
               a(5, dt.date(2026, 9, 1), "faerdig"), a(6, dt.date(2026, 9, 1), "opgivet"), a(7, TODAY)]
    assert [x.id for x in review_order(actions, TODAY)] == [4, 3, 7, 2, 1]


def test_carry_forward_keeps_the_plan_and_adds_the_adjustment() -> None:
    plan = {"hvad": "Folder", "hvordan": "Giv den i første samtale", "hvem": ""}
    act = {"anderledes": "Kortere folder og en tjekliste", "redskaber": "Tjekliste i skabelonen"}
    result = carry_forward(plan, act, 1)
    assert result["hvad"] == "Folder"
    assert result["hvordan"] == "Giv den i første samtale\nTilpasset efter cyklus 1: Kortere folder og en tjekliste"
    assert result["redskaber"] == "Tilpasset efter cyklus 1: Tjekliste i skabelonen"
    assert "hvem" not in result
    assert furthest_phase("study", "plan") == "study" and furthest_phase("do", "act") == "act"


def test_rounds_entries_and_undo(store: Store) -> None:
    w = store.create_workshop(title="Evaluering")
    first = store.create_round(w.id, today=TODAY)
    assert first.date == TODAY and first.title == ""
    second = store.create_round(w.id, date=dt.date(2027, 1, 15), title="Efter tre måneder")
    assert [r.id for r in store.list_rounds(w.id)] == [first.id, second.id]
    good = store.add_entry(first.id, question="gik_godt", text="Superbrugerne hjalp")
    store.add_entry(first.id, question="gaa_bedre", text="Datakvaliteten")
    with pytest.raises(InputError):
        store.add_entry(first.id, question="gik_godt", text="   ")
    with pytest.raises(InputError):
        store.add_entry(first.id, question="ukendt", text="x")
    store.update_entry(good.id, text="Superbrugerne hjalp mange")
    store.delete_entry(good.id)
    assert [e.text for e in store.list_entries(first.id)] == ["Datakvaliteten"]
    assert store.undo_evaluation(w.id) == "Slettet: Superbrugerne hjalp mange"
    assert store.undo_evaluation(w.id) == "Rettet: Superbrugerne hjalp"
    assert [e.text for e in store.list_entries(first.id)] == ["Superbrugerne hjalp", "Datakvaliteten"]
    assert store.undo_evaluation(w.id) is None
    trial = store.create_trial(w.id, title="Folder")
    assert store.update_round(second.id, trial_id=trial.id).trial_id == trial.id
    assert store.update_round(second.id, trial_id=None).trial_id is None
    from digiworkshop.store import NotFound

    with pytest.raises(NotFound) as missing:
        store.add_entry(999, question="gik_godt", text="x")
    assert missing.value.danish == "Evalueringsrunden 999 findes ikke."
    assert "evaluation" in store.steps_with_content(w.id)


def test_follow_ups_set_status_and_review_skips_closed_actions(store: Store) -> None:
    w = load_demo(store)
    open_actions = store.actions_for_review(w.id, TODAY)
    assert [a.status for a in open_actions] and all(a.status in ("i_gang", "ikke_startet") for a in open_actions)
    assert open_actions[0].deadline < TODAY  # overdue on top
    rnd = store.create_round(w.id, today=TODAY)
    first = open_actions[0]
    store.add_follow_up(first.id, status="faerdig", remark="Lederne er klædt på", date=TODAY, round_id=rnd.id)
    assert first.id not in [a.id for a in store.actions_for_review(w.id, TODAY)]
    [follow_up] = store.list_follow_ups(first.id)
    assert (follow_up.status, follow_up.remark, follow_up.round_id) == ("faerdig", "Lederne er klædt på", rnd.id)
    second = open_actions[1]
    store.record_follow_up(second.id, status="i_gang", remark="", date=TODAY)
    store.record_follow_up(second.id, status="i_gang", remark="Folderen er i tryk", date=TODAY)
    assert [(f.status, f.remark) for f in store.list_follow_ups(second.id)] == [("i_gang", "Folderen er i tryk")]
    assert second.id not in [a.id for a in store.actions_unreviewed(w.id, TODAY)]
    with pytest.raises(InputError):
        store.add_follow_up(second.id, status="maaske", remark="", date=TODAY)


def test_trial_through_two_cycles_and_round_trip(store: Store, tmp_path) -> None:
    w = load_demo(store)
    central = store.central_subjects(w.id)
    assert central and central[0].kind == "barriere"
    trial = store.create_trial(w.id, title="Tjekliste i første samtale", today=TODAY)
    store.link_trial(trial.id, note_id=central[0].note_id)
    assert store.trial_subject(store.get_trial(trial.id)).text == central[0].text
    [cycle] = store.list_cycles(trial.id)
    store.save_trial_answer(cycle.id, phase="plan", question="hvad", text="En tjekliste")
    store.save_trial_answer(cycle.id, phase="plan", question="hvordan", text="I første samtale")
    store.add_trial_log(cycle.id, text="Første uge: 12 samtaler", date=TODAY)
    rnd = store.open_cycle_round(cycle.id, today=TODAY)
    assert store.open_cycle_round(cycle.id).id == rnd.id and rnd.trial_id == trial.id
    store.add_entry(rnd.id, question="gik_godt", text="Borgerne forstod det")
    store.save_trial_answer(cycle.id, phase="study", question="resultat", text="Delvist")
    store.save_trial_answer(cycle.id, phase="act", question="anderledes", text="Kortere tjekliste")
    assert store.list_cycles(trial.id)[0].phase == "act"
    with pytest.raises(InputError):
        store.save_trial_answer(cycle.id, phase="plan", question="nej", text="x")
    second = store.start_next_cycle(trial.id, today=TODAY)
    assert second.number == 2 and second.phase == "plan"
    answers = store.trial_answers(second.id)
    assert answers[("plan", "hvad")] == "En tjekliste"
    assert answers[("plan", "hvordan")] == "I første samtale\nTilpasset efter cyklus 1: Kortere tjekliste"
    store.rename_trial(trial.id, title="Tjekliste, version 2")

    action = store.actions_for_review(w.id, TODAY)[0]
    store.add_follow_up(action.id, status="i_gang", remark="Drøftet", date=TODAY, round_id=rnd.id)
    document = workshop_document(store, w.id)
    assert any(t["title"] == "Tjekliste, version 2" for t in document["trials"])
    assert document["trial_log"] and document["action_follow_ups"][0]["round_ref"]
    other = Store(str(tmp_path / "other.db"))
    again = workshop_document(other, import_document(other, json.loads(dumps(document))).id)
    assert dumps(again) == dumps(document)

    store.delete_trial(trial.id)
    assert store.get_round(rnd.id).trial_id is None  # the round stays readable

"""The phone page in a real browser: Debian's Chromium driven by Playwright at a phone's size (390×844),
against a real server and store. Skipped without Chromium or Playwright, except under CI=true (fails)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from digiworkshop.room.server import RoomServer
from digiworkshop.store import Store

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.sqlite_only  # the browser is the subject here; the store runs both in test_room_server


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} on CI (.ci/run installs Chromium; playwright is in the test extra)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One Chromium for the module (each test has a fresh context: its own cookies and storage)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed")
    if not os.access(CHROMIUM, os.X_OK):
        _missing(f"{CHROMIUM} is missing (Debian's chromium package)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def room(store: Store, db_url: str) -> Iterator[tuple[Store, int, RoomServer]]:
    workshop = store.create_workshop(title="Browser")
    store.save_place(workshop.id, step="brainstorm")
    with RoomServer(db_url, workshop.id, host="127.0.0.1") as server:
        yield store, workshop.id, server


@pytest.fixture
def context(browser) -> Iterator[object]:  # noqa: ANN001
    ctx = browser.new_context(viewport=PHONE, locale="da-DK", is_mobile=True, has_touch=True)
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


def _note(page, perspective: str, kind: str, text: str) -> None:  # noqa: ANN001
    page.get_by_label(perspective, exact=False).first.check()
    page.locator("#brainstorm").get_by_text(kind, exact=True).click()
    page.locator("#note-text").fill(text)
    page.get_by_role("button", name="Send noten").click()


def test_a_phone_writes_notes_takes_one_back_and_keeps_one_through_lost_network(room, context) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    store, wid, server = room
    store.update_room(wid, hide=True)  # a silent brainstorm: notes stay hidden, so they can be taken back
    page = context.new_page()
    page.goto(server.join_url)
    expect(page.locator("#step-label")).to_have_text("4a Potentialer og barrierer")

    text = "Vi får tid til borgerne – 😀 æøå"
    _note(page, "Personligt/individuelt", "Potentiale", text)
    posts = page.locator("#posts li")
    expect(posts.first.locator(".post-status")).to_have_text("Sendt ✓")
    expect(posts.first.locator(".post-where")).to_have_text("Personligt/individuelt · Potentiale")
    expect(page.locator("#note-text")).to_have_value("")
    assert [(n.perspective, n.kind, n.text, n.hidden) for n in store.list_notes(wid)] == [
        ("personligt", "potentiale", text, True)]

    _note(page, "Organisatorisk", "Barriere", "Tag mig tilbage")
    expect(posts.nth(1).locator(".post-status")).to_have_text("Sendt ✓")
    posts.nth(1).get_by_role("button", name="Tag tilbage").click()
    expect(posts.nth(1).locator(".post-status")).to_have_text("Taget tilbage")
    assert [n.text for n in store.list_notes(wid)] == [text]

    context.set_offline(True)
    _note(page, "Fagligt", "Barriere", "Skrevet uden net 📵")
    expect(posts.nth(2).locator(".post-status")).to_have_text("Ikke sendt endnu")
    expect(page.locator("#connection")).to_contain_text("Ingen forbindelse")
    assert [n.text for n in store.list_notes(wid)] == [text]
    context.set_offline(False)
    expect(posts.nth(2).locator(".post-status")).to_have_text("Sendt ✓")
    assert [n.text for n in store.list_notes(wid)] == [text, "Skrevet uden net 📵"]  # once
    page.reload()  # the outbox is empty, the list is the server's
    expect(posts).to_have_count(3)


def test_a_note_kept_on_the_phone_is_sent_after_the_page_was_closed_and_opened_again(room, context) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    store, wid, server = room
    page = context.new_page()
    page.goto(server.join_url)
    context.set_offline(True)
    _note(page, "Fagligt", "Potentiale", "Gemt i telefonen")
    expect(page.locator("#posts li .post-status")).to_have_text("Ikke sendt endnu")
    page.close()
    context.set_offline(False)
    page = context.new_page()
    page.goto(server.join_url)
    expect(page.locator("#posts li .post-status")).to_have_text("Sendt ✓")
    assert [n.text for n in store.list_notes(wid)] == ["Gemt i telefonen"]


def test_the_page_follows_the_facilitator_and_spends_dots_in_4b(room, context) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    store, wid, server = room
    first = store.add_note(wid, perspective="fagligt", kind="barriere", text="Systemet er langsomt").note
    store.add_note(wid, perspective="organisatorisk", kind="potentiale", text="Ledelsen bakker op")
    page = context.new_page()
    page.goto(server.join_url)
    expect(page.locator("#brainstorm")).to_be_visible()
    store.save_place(wid, step="systematisation")  # the facilitator moves on: the page follows, no reload
    expect(page.locator("#board")).to_be_visible()
    expect(page.locator("#brainstorm")).to_be_hidden()
    expect(page.locator(".dots")).to_have_text("3 stemmer tilbage")
    item = page.locator(".item", has_text="Systemet er langsomt")
    item.get_by_role("button", name="Giv en stemme").click()
    expect(page.locator(".dots")).to_have_text("2 stemmer tilbage")
    expect(item.locator(".tally")).to_have_text("1 fra dig · 1 i alt")
    item.get_by_role("button", name="Giv en stemme").click()
    expect(page.locator(".dots")).to_have_text("1 stemme tilbage")
    assert store.get_note(first.id).votes == 2
    item.get_by_role("button", name="Tag en stemme tilbage").click()
    expect(page.locator(".dots")).to_have_text("2 stemmer tilbage")
    assert store.get_note(first.id).votes == 1
    store.save_place(wid, step="action_plan")
    expect(page.locator("#wait-text")).to_have_text("Facilitatoren er ved trinnet 4c Handlingsplan – vent et øjeblik.")


def test_the_evaluation_quadrants_take_answers(room, context) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    store, wid, server = room
    evaluation = store.create_round(wid, title="Efter første måned")
    store.save_place(wid, step="evaluation")
    page = context.new_page()
    page.goto(server.join_url)
    expect(page.locator("#round-title")).to_have_text("Efter første måned")
    for question, answer in (("Hvad gik godt?", "Alle skrev med 🙌"), ("Hvad kunne gå bedre?", "Mere tid")):
        form = page.locator(".answer-form", has_text=question)
        form.locator("textarea").fill(answer)
        form.get_by_role("button", name="Send svaret").click()
    expect(page.locator("#posts li .post-status")).to_have_text(["Sendt ✓", "Sendt ✓"])
    expect(page.locator("#posts li .post-where")).to_have_text(["Hvad gik godt?", "Hvad kunne gå bedre?"])
    assert [(e.question, e.text) for e in store.list_entries(evaluation.id)] == [
        ("gik_godt", "Alle skrev med 🙌"), ("gaa_bedre", "Mere tid")]


def test_the_room_code_typed_on_the_phone_opens_the_page(room, context) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    store, wid, server = room
    page = context.new_page()
    page.goto(server.base_url)
    page.get_by_label("Kode").fill(f"{server.code[:3]} {server.code[3:]}")
    page.get_by_role("button", name="Gå ind").click()
    expect(page.locator("#step-label")).to_have_text("4a Potentialer og barrierer")
    assert re.search(r"/j/[\w-]+$", page.url)


def test_without_javascript_the_page_still_takes_a_note(room, browser) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    store, wid, server = room
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server.join_url)
        _note(page, "Fagligt", "Potentiale", "Uden script – æøå 🙂")
        expect(page.locator("p.flash.ok")).to_have_text("Sendt ✓")
        expect(page.locator("#posts li .post-status")).to_have_text("Sendt ✓")
        assert [n.text for n in store.list_notes(wid)] == ["Uden script – æøå 🙂"]
    finally:
        context.close()

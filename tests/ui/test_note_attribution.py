"""Who said a note: "@navn" anywhere in a typed note names the speaker and leaves the note's text,
read by the pure rule and through the real app's capture line in 4a."""

from __future__ import annotations

import pytest

from digiworkshop.domain import InputError
from digiworkshop.rules.brainstorm import read_capture
from digiworkshop.screens.app import DigiWorkshopApp
from digiworkshop.screens.steps.brainstorm import CaptureInput
from digiworkshop.store import Store

PEOPLE = [(1, "Kit Mølgaard"), (2, "Åse Jensen"), (3, "Mette Ølgaard"), (4, "Kit Åberg")]


@pytest.mark.parametrize(("line", "text", "speaker"), [
    ("@Kit Borgerne mangler NemID", "Borgerne mangler NemID", 1),  # at the start, as before
    ("Borgerne mangler NemID @Kit", "Borgerne mangler NemID", 1),  # at the end
    ("Borgerne @åse mangler NemID", "Borgerne mangler NemID", 2),  # in the middle, æøå, any case
    ("Borgerne mangler NemID @ØLG", "Borgerne mangler NemID", 3),  # a word of the name, as a prefix
    ("Borgerne mangler NemID @Kit Åberg", "Borgerne mangler NemID", 4),  # the full name
    ("Borgerne mangler NemID @Mette Ølgaard.", "Borgerne mangler NemID.", 3),
    ("fb: Ingen tid til det @Kit", "Ingen tid til det", 1),
])
def test_at_name_anywhere_names_the_speaker_and_leaves_the_text(line: str, text: str, speaker: int) -> None:
    capture = read_capture(line, PEOPLE)
    assert (capture.text, capture.participant_id) == (text, speaker)


def test_what_is_no_speaker_stays_in_the_text() -> None:
    mail = read_capture("Skriv til kit@kommune.dk om adgang", PEOPLE)  # an address, not Kit
    assert (mail.text, mail.participant_id) == ("Skriv til kit@kommune.dk om adgang", None)
    unknown = read_capture("Spørg @support om adgang", PEOPLE)  # no such participant: kept as typed
    assert (unknown.text, unknown.participant_id) == ("Spørg @support om adgang", None)
    with pytest.raises(InputError):  # at the start an unknown name is refused, as before
        read_capture("@ukendt Borgerne mangler NemID", PEOPLE)


async def test_typing_at_name_at_the_end_stores_the_note_said_by_that_participant(store: Store) -> None:
    workshop = store.create_workshop(title="Temadag")
    kit = store.add_participant(workshop.id, name="Kit Mølgaard", role="Leder")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.focused, CaptureInput)
        for ch in "Borgerne mangler NemID @Kit":
            await pilot.press({" ": "space", "@": "at"}.get(ch, ch))
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused.value == ""
    [note] = store.list_notes(workshop.id)
    assert (note.text, note.participant_id) == ("Borgerne mangler NemID", kit.id)

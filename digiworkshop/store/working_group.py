"""Step 2, Nedsæt arbejdsgruppen: the group's members, task and communication."""

from __future__ import annotations

import json

from sqlalchemy import exists, or_
from sqlmodel import Session, select

from ..domain import ARCHETYPES, InputError
from ..models import GroupMember, Participant, WorkingGroup
from .base import NUMBERED, ContentChecks, NotFound, StoreBase, check_step, fetch, next_position, swap, text_values
from .undo import pop_undo, push_undo

WORKING_GROUP_TEXT_FIELDS = {"task": "Opgavebeskrivelse", "communication": "Kommunikation"}
MEMBER_TEXT_FIELDS = {"name": "Navn", "role": "Rolle", "advantage": "Fordel", "contribution": "Bidrag"}
UNDO_SCOPE = "working_group"


class WorkingGroupMixin(StoreBase):
    """Reads and writes of step 2."""

    # --- task and communication -------------------------------------------------------------

    def get_working_group(self, workshop_id: int) -> WorkingGroup:
        """The group's task description and communication note (empty ones if none yet)."""
        return self._workshop_row(WorkingGroup, workshop_id)

    def update_working_group(self, workshop_id: int, **fields: str) -> WorkingGroup:
        """Change the task description ("task") and/or the communication note ("communication")."""
        values = text_values(fields, WORKING_GROUP_TEXT_FIELDS, "working group")
        return self._update_workshop_row(WorkingGroup, workshop_id, values)

    # --- members ------------------------------------------------------------------------------

    def list_group_members(self, workshop_id: int) -> list[GroupMember]:
        """The group's members in the order they were added."""
        return self._all(select(GroupMember).where(GroupMember.workshop_id == workshop_id)
                         .order_by(GroupMember.position, GroupMember.id))

    def get_group_member(self, member_id: int) -> GroupMember:
        """One member, or NotFound."""
        with self._read() as s:
            member = self._member(s, member_id)
            return member

    def add_group_member(
        self, workshop_id: int, *, name: str, role: str = "", advantage: str = "", contribution: str = "",
        archetype: str = "", participant_id: int | None = None,
    ) -> GroupMember:
        """Add a member at the end of the group; the name is required.

        Without a participant_id, a participant of the workshop with the same name (case ignored) is
        linked, and an empty role is taken from that participant.
        """
        values = self._member_values(
            {"name": name, "role": role, "advantage": advantage, "contribution": contribution, "archetype": archetype}
        )
        with self._write() as s:
            self._touch(s, workshop_id)
            participant = self._participant_for(s, workshop_id, values["name"], participant_id)
            if participant is not None and not values["role"]:
                values["role"] = participant.role
            member = GroupMember(
                workshop_id=workshop_id, position=next_position(s, GroupMember.position,
                                                                GroupMember.workshop_id == workshop_id),
                participant_id=participant.id if participant else None, **values,
            )
            s.add(member)
        return member

    def update_group_member(self, member_id: int, **fields: str) -> GroupMember:
        """Change a member's name, role, advantage, contribution or archetype ("" for none).

        A changed name is linked again to the participant of that name, if there is one.
        """
        values = self._member_values(fields)
        with self._write() as s:
            member = self._member(s, member_id)
            self._touch(s, member.workshop_id)
            for key, value in values.items():
                setattr(member, key, value)
            if "name" in values:
                participant = self._participant_for(s, member.workshop_id, values["name"], None)
                member.participant_id = participant.id if participant else None
            s.add(member)
        return member

    def move_group_member(self, member_id: int, step: int) -> bool:
        """Move a member up (step -1) or down (+1) in the group's list; False at either end."""
        check_step(step)
        with self._write() as s:
            member = self._member(s, member_id)
            members = list(s.exec(
                select(GroupMember).where(GroupMember.workshop_id == member.workshop_id)
                .order_by(GroupMember.position, GroupMember.id)
            ).all())
            if not swap(members, member_id, step):
                return False
            for position, m in enumerate(members, start=1):  # renumbered: ties cannot hide a move
                m.position = position
                s.add(m)
            self._touch(s, member.workshop_id)
        return True

    def delete_group_member(self, member_id: int) -> None:
        """Remove a member; undo_working_group() brings them back."""
        with self._write() as s:
            member = self._member(s, member_id)
            self._touch(s, member.workshop_id)
            snapshot = member.model_dump(exclude={"id", "workshop_id"})
            push_undo(s, member.workshop_id, UNDO_SCOPE, f"Fjernet fra arbejdsgruppen: {member.name}",
                      {"op": "restore_member", "member": snapshot})
            s.delete(member)

    def last_working_group_undo(self, workshop_id: int) -> str | None:
        """What Ctrl+Z in step 2 would undo (Danish), or None."""
        return self._last_undo(workshop_id, UNDO_SCOPE)

    def undo_working_group(self, workshop_id: int) -> tuple[str, int | None] | None:
        """Undo the latest removal in step 2: (what was undone, the restored member's id), or None."""
        with self._write() as s:
            entry = pop_undo(s, workshop_id, UNDO_SCOPE)
            if entry is None:
                return None
            payload = json.loads(entry.payload)
            values = payload["member"]
            participant_id = values.get("participant_id")
            if participant_id is not None and s.get(Participant, participant_id) is None:
                values["participant_id"] = None  # the participant was removed meanwhile
            member = GroupMember(workshop_id=workshop_id, **values)
            s.add(member)
            self._touch(s, workshop_id)
            s.flush()
            return entry.description, member.id

    # --- helpers ------------------------------------------------------------------------------

    @staticmethod
    def _member(s: Session, member_id: int) -> GroupMember:
        return fetch(s, GroupMember, member_id, "group member", detail=NUMBERED)

    @staticmethod
    def _member_values(fields: dict[str, str]) -> dict[str, str]:
        values = text_values({k: v for k, v in fields.items() if k != "archetype"}, MEMBER_TEXT_FIELDS,
                             "group member", required=("name",))
        if "archetype" in fields:
            if fields["archetype"] not in ("", *ARCHETYPES):
                raise InputError(f"Ukendt arketype: {fields['archetype']}", f"unknown archetype {fields['archetype']!r}")
            values["archetype"] = fields["archetype"]
        return values

    @staticmethod
    def _participant_for(s: Session, workshop_id: int, name: str, participant_id: int | None) -> Participant | None:
        """The participant a member stands for: the one given, else the one with the same name."""
        if participant_id is not None:
            participant = s.get(Participant, participant_id)
            if participant is None or participant.workshop_id != workshop_id:
                raise NotFound("participant", participant_id)
            return participant
        wanted = " ".join(name.casefold().split())
        for participant in s.exec(select(Participant).where(Participant.workshop_id == workshop_id)).all():
            if " ".join(participant.name.casefold().split()) == wanted:
                return participant
        return None

    # --- overview -----------------------------------------------------------------------------

    def _content_working_group(self, workshop_id: int) -> ContentChecks:
        described = or_(WorkingGroup.task != "", WorkingGroup.communication != "")
        return {"working_group": or_(exists().where(GroupMember.workshop_id == workshop_id),
                                     exists().where(WorkingGroup.workshop_id == workshop_id, described))}

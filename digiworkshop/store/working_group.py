"""Step 2, Nedsæt arbejdsgruppen: the group's members, task and communication."""

from __future__ import annotations

from .base import StoreBase


class WorkingGroupMixin(StoreBase):
    """Reads and writes of this step (capture comes with its issue)."""

    def _content_working_group(self, workshop_id: int) -> set[str]:
        from sqlmodel import select

        from ..models import GroupMember, WorkingGroup

        with self._read() as s:
            group = s.get(WorkingGroup, workshop_id)
            member = s.exec(select(GroupMember.id).where(GroupMember.workshop_id == workshop_id)).first()
        return {"working_group"} if member is not None or (group and (group.task or group.communication)) else set()

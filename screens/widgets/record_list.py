"""A list of stored records as a virtualised OptionList: each option's id names its record.

The OptionList counterpart of RecordTable: it knows which record is highlighted and its keys post
KeyActs naming an operation and that record (`act_on('edit_entry')`); the step (or window) runs them.
"""

from __future__ import annotations

from textual.widgets import OptionList
from textual.widgets.option_list import Option

from .acts import PostsActs


class RecordList(PostsActs, OptionList):
    """An OptionList of records: option ids are record ids, after `PREFIX` ("n12" for note 12)."""

    PREFIX = ""

    def highlighted_id(self) -> str | None:
        """The highlighted option's id, or None (an empty list, nothing highlighted)."""
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id

    def highlighted_record(self) -> int | None:
        """The highlighted record's id (None on an option of another kind, such as a heading)."""
        ident = self.highlighted_id()
        if ident is None or not ident.startswith(self.PREFIX):
            return None
        return int(ident[len(self.PREFIX):])

    def action_act_on(self, operation: str, *args: object) -> None:
        """A key that acts on the highlighted record: post `operation(record id, *args)` (nothing on an
        empty list)."""
        if (record_id := self.highlighted_record()) is not None:
            self.action_act(operation, record_id, *args)

    def show_records(self, options: list[Option], keep: str | None) -> bool:
        """Show these options with the cursor on the one whose id is `keep`; False when there is none."""
        self.set_options(options)
        ids = [option.id for option in options]
        if keep in ids:
            self.highlighted = ids.index(keep)
            return True
        return False

"""Find roster members by 编号 or by a name that is unique in the roster."""

from __future__ import annotations

from collections import defaultdict

from ..content.schema import Member, Roster
from ..messages import scorer as smsg
from .readers import CellError, shown


class MemberDirectory:
    def __init__(self, roster: Roster):
        self.by_id = {m.id: m for m in roster.members}
        self.by_name: dict[str, list[Member]] = defaultdict(list)
        for member in roster.members:
            self.by_name[member.name].append(member)

    def resolve(self, member_id: str, name: str) -> Member:
        """The member a row means; CellError naming why when it is unknown or ambiguous."""
        if member_id:
            member = self.by_id.get(member_id)
            if member is None:
                raise CellError(
                    smsg.UNKNOWN_MEMBER_ID.format(value=shown(member_id)), smsg.UNKNOWN_MEMBER_ID_HINT
                )
            if name and name != member.name:
                raise CellError(
                    smsg.NAME_ID_MISMATCH.format(id=member_id, expected=member.name, value=shown(name)),
                    smsg.NAME_ID_MISMATCH_HINT,
                )
            return member
        matches = self.by_name.get(name, [])
        if not matches:
            raise CellError(smsg.UNKNOWN_MEMBER_NAME.format(value=shown(name)), smsg.UNKNOWN_MEMBER_NAME_HINT)
        if len(matches) > 1:
            raise CellError(
                smsg.AMBIGUOUS_NAME.format(
                    count=len(matches), value=name, ids="、".join(m.id for m in matches)
                ),
                smsg.AMBIGUOUS_NAME_HINT,
            )
        return matches[0]

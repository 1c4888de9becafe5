"""Finding roster members in a text, by name, phone or ID number, in any spelling.

Used by the content check (``content.privacy_rules``) on every public field and by the
public site's last gate (``site.scan``) on every built file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from .. import messages as msg
from .names import BREAK, decode_escapes, folded, readable, skipped_class, spellings_of, without_markup
from .numbers import Kind, find_numbers, old_id_number


class Person(Protocol):
    """What the matcher needs of a roster member (``content.schema.Member`` has it)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def id_number(self) -> str | None: ...


@dataclass(frozen=True)
class Hit:
    member: Person
    what: str  # 姓名 / 手机号 / 身份证号 / 打码的手机号


class RosterMatcher:
    """Finds roster names, phones and ID numbers in text, in time that grows with the
    text, not with the roster: numbers are read out of the text once (``numbers.find_numbers``)
    and looked up in a dict; names are looked up in a set for every substring of a CJK run
    (of the folded text, ``names.readable``) that has a roster name's length. (Searching each
    of thousands of needles separately took 6.7 s on the 1000-page benchmark's public site.)

    Unmarking and folding a whole page cost more than the rest of the scan, and almost all of
    a page is markup and words with no character of any name. So a text is first cut down to its
    stretches that could spell a name: from a character that folds to a name's character
    (``names.spellings_of``), or a character reference or percent-escape, on through such
    characters, what the eye skips, and whole tags. Only if those stretches, unmarked and
    folded, hold a name is the whole text read as above, so the hits and their order are
    exactly that search's. The stretches miss no name: a character outside them folds to
    something that is not a name's character (never to nothing), is not a tag, and so ends
    a run of a name in the whole text too; inside a stretch, tags, references and escapes are
    whole (one ``<…>``, all of ``&#24352;``), so each is read as in the whole text, and a tag
    inside a stretch brings its inside with it (``without_markup`` appends it). Stretches are
    joined with ``names.BREAK``, which nothing folds into a name's character.
    """

    # CJK ideographs (with extensions A–H) and the middle dot of names such as 阿依古丽·买买提
    _CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff·]+")

    def __init__(self, members: list[Person]):
        self.names: dict[str, Person] = {}
        self.numbers: dict[tuple[Kind, str], Hit] = {}
        for member in members:
            name = readable(member.name)
            if name:
                self.names.setdefault(name, member)
            if member.phone:
                phone = member.phone.strip()
                self.numbers.setdefault((Kind.PHONE, phone), Hit(member, msg.WHAT_PHONE))
                masked = (Kind.MASKED_PHONE, phone[:3] + phone[-4:])
                self.numbers.setdefault(masked, Hit(member, msg.WHAT_MASKED_PHONE))
            if member.id_number:
                id_number = member.id_number.strip().upper()
                self.numbers.setdefault((Kind.ID, id_number), Hit(member, msg.WHAT_ID))
                old = old_id_number(id_number)
                if old:
                    self.numbers.setdefault((Kind.OLD_ID, old), Hit(member, msg.WHAT_ID))
        self.lengths = sorted({len(name) for name in self.names})
        # Names with a character outside the CJK runs can never be found; the others' characters.
        chars = {char for name in self.names if self._CJK.fullmatch(name) for char in name}
        spelled = "".join(sorted(map(re.escape, spellings_of(chars))))
        escape = r"&[#0-9A-Za-z]+;?|%[0-9A-Fa-f]{2}"  # all of a reference's name: unescape reads its start
        # The start as one character class (then the rest of an escape): searched for first, 35 % faster.
        start = rf"[{spelled}&%](?:(?<=&)[#0-9A-Za-z]+;?|(?<=%)[0-9A-Fa-f]{{2}})?"
        stretch = f"{start}(?:[{spelled}{skipped_class()}]+|{escape}|<[^<>]*>)*"
        self._stretches = re.compile(stretch) if chars else None

    def hits(self, text: str) -> Iterator[Hit]:
        """Every roster member's number, then name, found in ``text`` (in order, repeats included)."""
        for found in find_numbers(text):
            hit = self.numbers.get((found.kind, found.digits))
            if hit is not None:
                yield hit
        if self._stretches is None:
            return
        text = decode_escapes(text)
        stretches = self._stretches.findall(text)
        if stretches and next(self._names_in(folded(without_markup(BREAK.join(stretches)))), None):
            yield from self._names_in(folded(without_markup(text)))

    def _names_in(self, text: str) -> Iterator[Hit]:
        """Every name in folded ``text``: each CJK run, each name length, each start."""
        names, lengths = self.names, self.lengths
        for run in self._CJK.finditer(text):
            chunk = run.group()
            for length in lengths:
                for start in range(len(chunk) - length + 1):
                    member = names.get(chunk[start : start + length])
                    if member is not None:
                        yield Hit(member, msg.WHAT_NAME)

    def first_hit(self, text: str) -> Hit | None:
        return next(self.hits(text), None)

"""Personal numbers in every written form: what a mobile or ID number is, and where one is in a text.

A number is found the way a reader sees it, not the way it is typed: digits in any
script (１３８, ١٣٨) or as HTML character references (``&#49;``), with spaces, dashes,
dots, zero-width characters, Markdown emphasis or HTML tags between them
(``138 0000 0002``, ``+86 138-0000-0002``, ``**138**0000 0002``, ``<b>138</b>00000002``).
Groups of digits are joined only along their own edges, so ``订单号 9913800001234`` holds
no phone, while ``2024 13800000002`` does. Masked forms (``138****0002``) are found too:
the masking rule re-renders them safely, and a masked roster phone on the public site
is still that person's number.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from functools import cached_property

from .. import messages as msg

# GB 11643-1999: weighted sum of the first 17 digits, mod 11, picks the check digit.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_MOBILE = re.compile(r"1[3-9]\d{9}")
# Anything shaped like a resident ID (area, plausible birth date, sequence, check), valid check
# digit or not: a mistyped ID is still someone's ID. The 15-digit first-generation card has a
# two-digit year and no check digit.
_BIRTH = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_ID18 = re.compile(rf"\d{{6}}(?:19|20)\d{{2}}{_BIRTH}\d{{3}}[\dX]")
_ID15 = re.compile(rf"\d{{6}}\d{{2}}{_BIRTH}\d{{3}}")
_PHONE_PREFIXES = ("0086", "86")  # +86, 0086, 86-: China's country code


def id_check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def id_number_problem(value: str) -> str | None:
    """Why ``value`` is not a valid 18-digit resident ID number, or None if it is."""
    value = value.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return msg.ID_LENGTH
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return msg.ID_BIRTH.format(birth=value[6:14])
    expected = id_check_digit(value[:17])
    if value[17] != expected:
        return msg.ID_CHECK_DIGIT.format(expected=expected)
    return None


def is_mobile_phone(value: str) -> bool:
    return _MOBILE.fullmatch(value.strip()) is not None


def old_id_number(id_number: str) -> str | None:
    """The 15-digit first-generation form of an 18-digit ID (born 1900–1999), else None."""
    value = id_number.upper()
    return value[:6] + value[8:17] if value[6:8] == "19" else None


# --- reading numbers out of text ---------------------------------------------------------------

# What the eye skips between two digits. A tag or a named reference is one atom.
_SKIP_CHARS = (
    r"\s\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff"  # spaces of every width, soft hyphen, zero-width
    r"\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d"  # hyphens, dashes, minus signs
    r".\uff0e\u00b7\u30fb\uff65\u2022\u2027"  # dots
    r"*\uff0a\u2217\u204e_~`\\"  # Markdown emphasis and escapes; asterisks also mask
    r"()\uff08\uff09"  # brackets: +86(138)…
    r"xX\u00d7"  # masks: 138xxxx0002 (and the X of an ID number)
)
_SKIP = rf"[{_SKIP_CHARS}]|<[^<>]{{0,200}}>|&[A-Za-z]{{2,8}};"
_DIGIT = r"\d|&#[0-9]{1,7};|&#[xX][0-9A-Fa-f]{1,6};"  # references are classified after matching
# A stretch with at least 7 digits (a masked phone has 7), at most 12 atoms between two digits
# (138 \\*\\*\\*\\* 0002), then perhaps the X of an ID number. Possessive: never re-split.
# The first digit is _DIGIT spelled as one character class and then, after an ``&``, the rest of
# the reference: a pattern that starts with a class is searched for that class first (35 % faster).
_FIRST_DIGIT = r"[\d&](?:(?<=&)#(?:[0-9]{1,7}|[xX][0-9A-Fa-f]{1,6});|(?<!&))"
_RUN = re.compile(rf"{_FIRST_DIGIT}(?:(?:{_SKIP}){{0,12}}+(?:{_DIGIT})){{6,}}+[xX]?")
_ATOM = re.compile(rf"{_DIGIT}|{_SKIP}")
_STARS = frozenset("*\uff0a\u2217\u204e")
_XS = frozenset("xX\u00d7")
_EMPHASIS = frozenset("*_~`")
_SKIP_CHAR = re.compile(f"[{_SKIP_CHARS}]")
# How many digits a whole number can have (``_whole_number``): a phone, with 86 or 0086 glued on, an old
# or a new ID (17 before its X). Any other count is skipped before the slower checks.
_NUMBER_LENGTHS = frozenset({11, 11 + 2, 11 + 4, 15, 17, 18})
_MAX_GROUPS = 5  # 6-4-4-4 for an ID, 3-4-4 for a phone; more only when every group is one digit


class Kind(Enum):
    PHONE = "phone"
    ID = "id"  # 18 digits
    OLD_ID = "old_id"  # 15 digits
    MASKED_PHONE = "masked_phone"  # 138****0002: digits are first 3 + last 4
    MASKED_ID = "masked_id"


@dataclass(frozen=True)
class Found:
    kind: Kind
    digits: str  # ASCII; for masked forms only the visible digits
    start: int  # span in the text that was searched
    end: int
    markup: tuple[str, ...]  # HTML tags and Markdown emphasis inside the span, in order (masking keeps them)


@dataclass
class _Atom:
    kind: str  # digit, star, x, skip, tag, other
    value: str  # the digit, or the raw text
    start: int
    end: int


def find_numbers(text: str) -> Iterator[Found]:
    """Every mobile number, ID number and masked form in ``text``, in order, not overlapping."""
    for run in _RUN.finditer(text):
        offset = run.start()
        for found in _numbers_in_run(run[0]):
            yield replace(found, start=found.start + offset, end=found.end + offset) if offset else found


def _numbers_in_run(run: str) -> tuple[Found, ...]:
    """The numbers in one stretch of digits (spans from its start). A site repeats the same
    stretches on every page (the theme's icons are SVG paths full of digits), so short ones are
    read once per process: reading them was half the public site's scan."""
    return _numbers_in_short_run(run) if len(run) <= _REMEMBERED_RUN else _read_run(run)


_REMEMBERED_RUN = 512  # characters (the theme's are under 100); at most 4096 kept: a few MB at worst


def _read_run(run: str) -> tuple[Found, ...]:
    return tuple(_numbers_in([_classify(m, 0) for m in _ATOM.finditer(run)]))


_numbers_in_short_run = functools.lru_cache(maxsize=4096)(_read_run)


def _classify(match: re.Match[str], offset: int) -> _Atom:
    raw = match[0]
    char = html.unescape(raw) if raw.startswith("&") else raw
    start, end = offset + match.start(), offset + match.end()
    if len(char) != 1:  # a tag, or a reference to something that is not one character
        return _Atom("tag" if raw.startswith("<") else "other", raw, start, end)
    if char.isdecimal():
        return _Atom("digit", str(unicodedata.decimal(char)), start, end)
    if char in _STARS:
        return _Atom("star", raw, start, end)
    if char in _XS:
        return _Atom("x", raw, start, end)
    if _SKIP_CHAR.fullmatch(char):
        return _Atom("skip", raw, start, end)
    return _Atom("other", raw, start, end)


@dataclass
class _Group:
    """Digits written next to each other, and what stands between them and the previous group."""

    atoms: list[_Atom]
    gap: list[_Atom]  # atoms between the previous group and this one

    # Read only once a sequence of groups is complete (``_groups`` yields it), so computed once.
    @cached_property
    def digits(self) -> str:
        return "".join(a.value for a in self.atoms)

    @cached_property
    def x_before(self) -> bool:
        return any(a.kind == "x" for a in self.gap)


def _groups(atoms: list[_Atom]) -> Iterator[list[_Group]]:
    """Split a stretch into sequences of digit groups; anything unreadable ends a sequence.
    Each sequence ends with an empty group holding the trailing gap (where an ID's X may be)."""
    groups: list[_Group] = []
    gap: list[_Atom] = []
    for atom in atoms:
        if atom.kind == "other":
            if groups:
                yield [*groups, _Group([], gap)]
            groups, gap = [], []
        elif atom.kind == "digit":
            if groups and not gap:
                groups[-1].atoms.append(atom)
            else:
                groups.append(_Group([atom], gap))
                gap = []
        elif groups:
            gap.append(atom)
    if groups:
        yield [*groups, _Group([], gap)]


def _numbers_in(atoms: list[_Atom]) -> Iterator[Found]:
    for sequence in _groups(atoms):
        i, last = 0, len(sequence) - 1  # the last entry holds only the trailing gap
        while i < last:
            found, used = _number_at(sequence, i)
            if found is None:
                i += 1
                continue
            yield found
            i += used


def _number_at(groups: list[_Group], i: int) -> tuple[Found | None, int]:
    """The longest number that starts at group ``i`` and how many groups it spans."""
    masked = _masked_at(groups, i)
    if masked is not None:
        return masked, 2
    best: tuple[Found | None, int] = (None, 0)
    digits = ""
    for j in range(i, len(groups) - 1):
        if j > i and groups[j].x_before:
            break
        digits += groups[j].digits
        if len(digits) > 18:
            break
        if len(digits) not in _NUMBER_LENGTHS:
            continue
        spelled = j - i + 1 <= _MAX_GROUPS or all(len(g.atoms) == 1 for g in groups[i : j + 1])
        found = _whole_number(groups, i, j, digits) if spelled else None
        if found is not None:
            best = (found, j - i + 1)
    return best


def _whole_number(groups: list[_Group], i: int, j: int, digits: str) -> Found | None:
    first, last = groups[i].atoms[0], groups[j].atoms[-1]
    after = groups[j + 1].gap[:1]
    x_after = bool(after) and after[0].kind == "x" and after[0].start == last.end
    if len(digits) == 17 and x_after and _ID18.fullmatch(digits + "X"):
        return _found(Kind.ID, digits + "X", groups, first.start, after[0].end)
    if len(digits) == 18 and _ID18.fullmatch(digits):
        return _found(Kind.ID, digits, groups, first.start, last.end)
    if len(digits) == 15 and _ID15.fullmatch(digits):
        return _found(Kind.OLD_ID, digits, groups, first.start, last.end)
    if len(digits) == 11 and _MOBILE.fullmatch(digits):
        return _found(Kind.PHONE, digits, groups, first.start, last.end)
    lead = groups[i].digits
    for prefix in _PHONE_PREFIXES:  # +8613800000002: the country code glued on
        glued = len(lead) > len(prefix) and lead.startswith(prefix)
        if glued and len(digits) == 11 + len(prefix) and _MOBILE.fullmatch(digits[len(prefix) :]):
            start = groups[i].atoms[len(prefix)].start
            return _found(Kind.PHONE, digits[len(prefix) :], groups, start, last.end)
    return None


def _masked_at(groups: list[_Group], i: int) -> Found | None:
    """138****0002 (or ＊, x, ×, \\*, &#42;): three digits, four masks, four digits; or a masked ID."""
    if i + 1 >= len(groups) - 1:
        return None
    head, tail = groups[i], groups[i + 1]
    masks = [a for a in tail.gap if a.kind in ("star", "x")]
    if any(a.kind == "other" for a in tail.gap) or not masks:
        return None
    start, end = head.atoms[0].start, tail.atoms[-1].end
    # the first three digits, after a country code glued on (+86138****0002)
    lead = next(
        (len(p) for p in _PHONE_PREFIXES if len(head.atoms) == 3 + len(p) and head.digits.startswith(p)), 0
    )
    first3 = head.digits[lead:]
    if len(masks) == 4 and len(first3) == 3 and len(tail.atoms) == 4 and _MOBILE.match(first3 + "0" * 8):
        start = head.atoms[lead].start
        return _found(Kind.MASKED_PHONE, first3 + tail.digits, groups, start, end, masks)
    width = len(head.atoms) + len(masks) + len(tail.atoms)
    after = groups[i + 2].gap[:1]
    if width == 17 and after and after[0].kind == "x" and after[0].start == end:
        width, end = 18, after[0].end
    if width == 18 and len(masks) >= 4:
        return _found(Kind.MASKED_ID, head.digits + tail.digits, groups, start, end, masks)
    return None


def _found(
    kind: Kind, digits: str, groups: list[_Group], start: int, end: int, masks: Sequence[_Atom] = ()
) -> Found:
    """A number spanning ``start:end``, with the markup inside it that masking must keep:
    HTML tags, and runs of Markdown emphasis marks (``**``) that do not pair up inside it."""
    markup: list[str] = []
    runs: list[str] = []
    previous: _Atom | None = None
    for atom in (a for g in groups for a in g.gap if start < a.start < end and a not in masks):
        escaped = previous is not None and previous.value == "\\"  # \* is a literal asterisk
        if atom.kind == "tag":
            markup.append(atom.value)
        elif atom.value in _EMPHASIS and not escaped:
            if previous is not None and previous.end == atom.start and previous.value == atom.value and runs:
                runs[-1] += atom.value  # ** is one run
            else:
                runs.append(atom.value)
        previous = atom
    unpaired = [run for run in dict.fromkeys(runs) if runs.count(run) % 2]
    return Found(kind, digits, start, end, (*markup, *unpaired))

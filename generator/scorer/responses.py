"""What an imported answer may be for its question, and its one canonical form.

Canonical answers: single choice "B"; multiple choice ["A", "C"] (sorted, each
letter once); true/false True or False; unanswered None. Grading, storage and the
attempt fingerprint all use the canonical form, so "b", "Ｂ" and "B" are one answer.

Result files carry JSON types, so they must match the question: a string for
single choice, a list of letters for multiple choice, true/false for true/false.
Spreadsheet cells are text: letters ("AC", "A、C"), or 对/错, √/×, 是/否.
Anything else (an object, letters that are not options, a word that is neither
true nor false) is refused with a ``CellError`` saying what the question expects.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from ..messages import scorer as smsg
from .grading import FALSE_WORDS, TRUE_WORDS, Key
from .readers import CellError, shown

MAX_ANSWER_BYTES = 10 * 1024  # one answer, as UTF-8 (a real one is a few letters)
SEPARATORS = re.compile(r"[\s,，、;；/.。+]+")

Answer = str | list[str] | bool | None


def canonical_answer(key: Key, value: Any, typed: bool) -> Answer:
    """``value`` as given in a result file (``typed``) or a spreadsheet cell → canonical, or CellError."""
    size = _size(value)
    if size > MAX_ANSWER_BYTES:
        raise CellError(
            smsg.ANSWER_TOO_LONG.format(size=size, limit=MAX_ANSWER_BYTES), smsg.ANSWER_TOO_LONG_HINT
        )
    if value is None or value == "" or value == []:
        return None
    if key.type == "true_false":
        return _truth(value, typed)
    if typed and key.type == "single" and not isinstance(value, str):
        raise CellError(smsg.ANSWER_SINGLE_TYPE.format(value=shown(value)), smsg.ANSWER_SINGLE_TYPE_HINT)
    if typed and key.type == "multiple" and not isinstance(value, str | list):
        raise CellError(smsg.ANSWER_MULTIPLE_TYPE.format(value=shown(value)), smsg.ANSWER_MULTIPLE_TYPE_HINT)
    letters = _letters(key, value)
    if key.type == "single":
        if len(letters) != 1:
            raise CellError(smsg.ANSWER_ONE_LETTER.format(value=shown(value)), smsg.ANSWER_ONE_LETTER_HINT)
        return letters[0]
    return letters or None


def _truth(value: Any, typed: bool) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet's 1 arrives as 1.0
    word = str(value).strip().lower() if not typed and isinstance(value, str | int) else None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(
        smsg.ANSWER_TRUE_FALSE.format(value=shown(value)),
        smsg.ANSWER_TRUE_FALSE_TYPED_HINT if typed else smsg.ANSWER_TRUE_FALSE_HINT,
    )


def _letters(key: Key, value: Any) -> list[str]:
    """The option letters ``value`` names, sorted, each once; CellError for anything else."""
    if isinstance(value, list):
        if not all(isinstance(item, str) for item in value):
            raise CellError(
                smsg.ANSWER_MULTIPLE_TYPE.format(value=shown(value)), smsg.ANSWER_MULTIPLE_TYPE_HINT
            )
        text = " ".join(value)
    elif isinstance(value, str):
        text = value
    else:  # a number, a date or a truth value in a cell where letters belong
        raise CellError(smsg.ANSWER_NOT_LETTERS.format(value=shown(value)), _options_hint(key))
    text = SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()
    if not re.fullmatch(r"[A-Z]*", text):
        raise CellError(smsg.ANSWER_NOT_LETTERS.format(value=shown(value)), _options_hint(key))
    strangers = sorted(set(text) - key.options)
    if strangers:
        raise CellError(smsg.ANSWER_NOT_AN_OPTION.format(letters="、".join(strangers)), _options_hint(key))
    return sorted(set(text))


def _options_hint(key: Key) -> str:
    return smsg.ANSWER_OPTIONS_HINT.format(options="、".join(sorted(key.options)))


def _size(value: Any) -> int:
    """UTF-8 bytes of an answer as written; short ones are counted without encoding them."""
    if value is None or isinstance(value, bool | int | float):
        return 0
    if isinstance(value, str):
        return len(value) if len(value) * 4 <= MAX_ANSWER_BYTES else len(value.encode("utf-8"))
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        chars = sum(len(item) + 4 for item in value)  # + quotes, comma, space
        if chars * 4 <= MAX_ANSWER_BYTES:
            return chars
    return len(json.dumps(value, ensure_ascii=False, default=str).encode("utf-8"))

"""How a name is read, whatever way it was typed or marked up.

``readable`` turns a text (Markdown, HTML, JavaScript, PDF text) into the characters a
reader sees, folded so that one person's name is always the same string:

- HTML: inline tags (``张<b>三</b>``) vanish, block tags separate (``<td>张</td><td>三</td>``
  is two cells, not a name); tag insides (attribute values, comments) are read as well;
  character references (``&#24352;``), percent-encoding (links) and ``\\u5f20`` escapes
  (JavaScript, JSON) are decoded.
- What the eye skips between two characters is dropped: whitespace of any width,
  zero-width characters, soft hyphens, Markdown emphasis (``张 三``, ``张\\u200b三``, ``**张**三``).
- NFKC (compatibility ideographs, Kangxi radicals, full-width forms); every middle-dot
  variant becomes ``·`` (阿依古丽・买买提); Traditional characters become Simplified with
  OpenCC's character tables (張三 is 张三), so a roster in either script matches text in either.

Roster names go through the same function, so both sides are folded alike.
"""

from __future__ import annotations

import functools
import html
import re
import sys
import unicodedata
from array import array
from importlib.resources import files
from urllib.parse import unquote

# Tags that do not break a line of text: a name split by them still reads as one word.
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|big|cite|code|data|del|dfn|em|font|i|ins|kbd|mark|q|rp|rt|ruby|s|samp"
    r"|small|span|strike|strong|sub|sup|time|tt|u|var|wbr)\b[^<>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^<>]*>")
BREAK = "|"  # what a block tag becomes: not CJK, not skipped, not folded into anything else
_JS_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_SKIPPED = re.compile(r"[\s\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff*_~`]+")
_DOTS = re.compile(r"[.\u2022\u2027\u2219\u22c5\u30fb\uff0e\uff65\u00b7]")


def decode_escapes(text: str) -> str:
    """``\\u5f20`` (JavaScript, JSON, YAML) is 张."""
    return _JS_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text) if "\\u" in text else text


def readable(text: str) -> str:
    """``text`` as the names in it are read (see the module docstring)."""
    return folded(unmarked(text))


def unmarked(text: str) -> str:
    """``text`` without its markup: escapes and references decoded, inline tags dropped, block
    tags made ``|`` (a break), tag insides appended after a break."""
    return without_markup(decode_escapes(text))


def without_markup(text: str) -> str:
    """``unmarked`` after the ``\\u`` escapes: tags, character references, percent-encoding."""
    if "<" in text:
        inside = BREAK.join(_TAG.findall(text))
        text = _TAG.sub(BREAK, _INLINE_TAG.sub("", text)) + BREAK + inside
    if "&" in text:
        text = html.unescape(text)
    if "%" in text:
        text = unquote(text, errors="ignore")
    return text


def folded(text: str) -> str:
    """``text`` (already ``unmarked``) with what the eye skips dropped and every character
    folded: NFKC, middle dots, Traditional to Simplified."""
    text = unicodedata.normalize("NFKC", _SKIPPED.sub("", text))
    text = _DOTS.sub("·", text)
    table, traditional = _simplified()
    # A set test, not a regular expression: a class of ~4,000 characters made this 30 ms a page.
    return text if traditional.isdisjoint(text) else text.translate(table)


def spellings_of(chars: set[str]) -> frozenset[str]:
    """Every character whose ``folded`` form holds one of ``chars``: the characters themselves,
    their Traditional and variant forms, compatibility forms (⼈ for 人, U+F901 for 更, ㍻ for 平成),
    dots and ellipses for ``·``."""
    return frozenset(chars) | frozenset(
        char for char, fold in _changed().items() if not chars.isdisjoint(fold)
    )


def skipped_class() -> str:
    """What the eye skips, as the inside of a regular expression's character class."""
    return _SKIPPED.pattern[1:-2]


@functools.cache
def _changed() -> dict[str, str]:
    """Every character that ``folded`` changes when it stands alone, and what it becomes.

    Blocks of 256 code points that NFKC leaves alone and that hold no dot or skipped
    character change only through the Traditional table; the rest are folded one by one."""
    table, traditional = _simplified()
    changed = {char: table[ord(char)] for char in traditional}
    # Every code point but the surrogates (nothing folds them), in one string, made in C.
    code_points = array("I", range(0xD800))
    code_points.extend(range(0xE000, 0x110000))
    everything = code_points.tobytes().decode(f"utf-32-{sys.byteorder[0]}e")
    for start in range(0, len(everything), 256):
        block = everything[start : start + 256]
        plain = unicodedata.is_normalized("NFKC", block)
        if plain and not _DOTS.search(block) and not _SKIPPED.search(block):
            continue
        for char in block:
            if unicodedata.is_normalized("NFKC", char) and not _DOTS.match(char) and not _SKIPPED.match(char):
                continue
            fold = folded(char)
            if fold != char:
                changed[char] = fold
    return changed


def _opencc_pairs(name: str) -> dict[str, str]:
    """One character → its first conversion, from one of OpenCC's dictionary files."""
    pairs = {}
    for line in (files("opencc") / "dictionary" / name).read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        value = values.split(" ")[0]
        if len(key) == 1 and len(value) == 1:
            pairs[key] = value
    return pairs


@functools.cache
def _simplified() -> tuple[dict[int, str], frozenset[str]]:
    """(translate table Traditional → Simplified, every character it changes)."""
    # Taiwan and Hong Kong variants to OpenCC's standard Traditional, then Traditional to Simplified.
    standard = {**_opencc_pairs("TWVariantsRev.txt"), **_opencc_pairs("HKVariantsRev.txt")}
    simplified = _opencc_pairs("TSCharacters.txt")
    table = {}
    for char in standard.keys() | simplified.keys():
        folded = simplified.get(standard.get(char, char), standard.get(char, char))
        if folded != char:
            table[ord(char)] = folded
    return table, frozenset(chr(code) for code in table)

"""The fast roster matcher finds exactly what the plain search finds, in the same order.

``RosterMatcher.hits`` reads a stretch of digits once per process (``numbers._numbers_in_run``)
and folds a whole text only when a stretch of name characters in it, folded, holds a name.
The reference below is the search as it was written before that: every stretch of digits read
afresh, every text folded whole, every substring of every CJK run of a name's length looked
up. Both run over thousands of random and hostile strings and over the example content's
built sites; hits (member, what) and found numbers (kind, digits, span, markup) must be equal.
"""

from __future__ import annotations

import html
import json
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from generator.content import load_project
from generator.printing.textcache import TextCache
from generator.privacy import RosterMatcher, find_numbers, names, numbers, scrub
from generator.site.scan import SCANNED_SUFFIXES, readable_text
from tests.hostile_text import PAYLOADS
from tests.privacy.spellings import SAFE, SPELLINGS, STRANGERS


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    phone: str | None = None
    id_number: str | None = None


# Names of every shape the matcher accepts, odd ones included: a middle dot, a character with a
# Kangxi-radical spelling (⼈ is 人) or a compatibility ideograph (U+F901 is 更), one character,
# Latin letters (never found: not in a CJK run), one name inside another, a Traditional roster,
# a name one compatibility character spells whole (㍻).
ROSTER = [
    Person("M001", "张三", "13800000002", "500999197203140136"),
    Person("M002", "欧阳娜娜", "13912345678", "11010119850612008X"),
    Person("M003", "阿依古丽·买买提", "15000001111"),
    Person("M004", "李人杰", None, "11010119900307003X"),
    Person("M005", "更夫", "18612340000"),
    Person("M006", "森"),
    Person("M007", "Tom李"),
    Person("M008", "张三丰"),
    Person("M009", "陳麗華", "17700000077"),
    Person("M010", "平成"),  # ㍻ (one character) folds to 平成
]


def reference_readable(text: str) -> str:
    """``names.readable`` as it was written: every step over the whole text."""
    text = names.decode_escapes(text)
    if "<" in text:
        inside = names.BREAK.join(names._TAG.findall(text))
        text = names._TAG.sub(names.BREAK, names._INLINE_TAG.sub("", text)) + names.BREAK + inside
    if "&" in text:
        text = html.unescape(text)
    if "%" in text:
        text = unquote(text, errors="ignore")
    text = unicodedata.normalize("NFKC", names._SKIPPED.sub("", text))
    text = names._DOTS.sub("·", text)
    table, _ = names._simplified()
    return text.translate(table)


def reference_numbers(text: str) -> list[numbers.Found]:
    """``find_numbers`` with every stretch of digits read afresh."""
    found = []
    for run in numbers._RUN.finditer(text):
        atoms = [numbers._classify(m, run.start()) for m in numbers._ATOM.finditer(run[0])]
        found += numbers._numbers_in(atoms)
    return found


CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff·]+")


def reference_hits(matcher: RosterMatcher, text: str) -> list[tuple[str, str]]:
    """Numbers in order, then for each CJK run of the folded text, each name length, each start."""
    hits = []
    for found in reference_numbers(text):
        hit = matcher.numbers.get((found.kind, found.digits))
        if hit is not None:
            hits.append((hit.member.id, hit.what))
    folded = reference_readable(text)
    for run in CJK.finditer(folded):
        chunk = run.group()
        for length in sorted({len(name) for name in matcher.names}):
            for start in range(len(chunk) - length + 1):
                member = matcher.names.get(chunk[start : start + length])
                if member is not None:
                    hits.append((member.id, "姓名"))
    return hits


def fast_hits(matcher: RosterMatcher, text: str) -> list[tuple[str, str]]:
    return [(hit.member.id, hit.what) for hit in matcher.hits(text)]


@pytest.fixture(scope="module")
def matcher() -> RosterMatcher:
    return RosterMatcher(ROSTER)


def check(matcher: RosterMatcher, text: str) -> None:
    expected = reference_numbers(text)
    assert list(find_numbers(text)) == expected, text
    assert list(find_numbers(text)) == expected, text  # again: now from the remembered stretches
    assert fast_hits(matcher, text) == reference_hits(matcher, text), text


# --- pieces the random texts are made of ---------------------------------------------------------

NAME_SPELLINGS = [
    "张三",
    "張三",
    "张 三",
    "张\u200b三",
    "张<b>三</b>",
    "**张**三",
    "&#24352;三",
    "&#x5f20;三",
    "\\u5f20三",
    "%E5%BC%A0%E4%B8%89",
    "张\n三",
    "张\u3000三",
    "张<td>三",
    "欧阳娜娜",
    "歐陽娜娜",
    "欧阳\u00a0娜娜",
    "阿依古丽·买买提",
    "阿依古丽・买买提",
    "阿依古丽 • 买买提",
    "阿依古丽.买买提",
    "阿依古麗&middot;買買提",
    "阿依古丽…买买提",
    "李⼈杰",
    "李人傑",
    "\uf901夫",
    "更夫",
    "森",
    "森林",
    "Tom李",
    "张三丰",
    "張三豐",
    "陈丽华",
    "陳麗華",
    "陳<i>麗</i>華",
    "陳%E9%BA%97華",
    '李<span title="张三">人</span>杰',
    "㍻",
    "令㍻",
]
NUMBER_SPELLINGS = (
    [s.text for s in SPELLINGS]
    + [text for text, _ in STRANGERS]
    + SAFE
    + [
        "15000001111",
        "150 0000 1111",
        "186-1234-0000",
        "１７７００００００７７",
        "١٧٧٠٠٠٠٠٠٧٧",
        "186****0000",
        "177xxxx0077",
        "11010119900307003X",
        "110101 19900307 003x",
        "110101900307003",
        "+86 186 1234 0000",
        "0086 17700000077",
        "<b>150</b>0000<i>1111</i>",
        "150&#48;0001111",
        "1&#x35;000001111",
    ]
)
JUNK = [
    " ", "\n", "\u200b", "\u3000", "\u00a0", "\ufeff", "*", "**", "_", "~", "`", "\\", "|", ".", "·", "・", "…",
    "<b>", "</b>", "<td>", "</td>", "<div class=\"x\">", "</div>", "<span title=\"李\">", "<!-- 森 -->", "<", ">",
    "<<b>", "</b>>", "&", "&amp;", "&lt;", "&gt;", "&nbsp;", "&middot;", "&#49;", "&#x3c;", "&#24352", "%", "%20",
    "%3C", "%E5", "%BC%A0", "\\u003c", "\\u", "\u0301", "\u0308", "\u1100\u1161", "가", "x", "X", "×", "-", "+86",
    "0", "7", "12", "2024-05-17", "０", "٣", "٠", "的", "值班", "，", "。", "：", "㍻", "㈱", "⑴", "⼈", "\uf901",
    "\U00020000", "Tom", "李", "张", "三", "丰", "買", "麗", "杰", "夫", "林",
    *PAYLOADS.values(),
]  # fmt: skip


def random_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    pieces = NAME_SPELLINGS + NUMBER_SPELLINGS + JUNK
    texts = []
    for _ in range(count):
        parts = [rng.choice(JUNK if rng.random() < 0.6 else pieces) for _ in range(rng.randint(1, 30))]
        texts.append("".join(parts))
    return texts


def split_texts(seed: int, count: int) -> list[str]:
    """Names and numbers with junk pushed in at random places (between any two characters)."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        text = list(rng.choice(NAME_SPELLINGS + NUMBER_SPELLINGS))
        for _ in range(rng.randint(1, 3)):
            text.insert(rng.randint(0, len(text)), rng.choice(JUNK))
        texts.append(f"值班联系人：{''.join(text)}。")
    return texts


@pytest.mark.parametrize("seed", range(8))
def test_random_texts_give_the_same_hits_and_numbers(matcher, seed):
    for text in random_texts(seed, 500):
        check(matcher, text)


@pytest.mark.parametrize("seed", range(4))
def test_names_and_numbers_split_by_junk_give_the_same_hits(matcher, seed):
    for text in split_texts(seed, 500):
        check(matcher, text)


def test_every_spelling_alone_and_in_a_long_text(matcher):
    for text in NAME_SPELLINGS + NUMBER_SPELLINGS:
        check(matcher, text)
        check(matcher, f"值班联系人：{text}。")
    everything = "\n".join(NAME_SPELLINGS + NUMBER_SPELLINGS + JUNK)
    check(matcher, everything)
    assert len(fast_hits(matcher, everything)) > 50  # the long text holds many hits, in order


def test_a_name_in_a_percent_encoded_link_or_a_script_escape(matcher):
    for name in ("张三", "陳麗華", "阿依古丽·买买提"):
        for text in (
            f'<a href="/p/{quote(name)}.html">x</a>',
            json.dumps(name),  # \\u5f20
        ):
            check(matcher, text)
            assert fast_hits(matcher, text), text


def test_a_roster_without_names_or_without_numbers(matcher):
    for roster in ([Person("M1", "Tom")], [Person("M1", "张三")], []):
        other = RosterMatcher(roster)
        for text in random_texts(99, 200):
            assert fast_hits(other, text) == reference_hits(other, text), text


def test_scrub_is_unchanged_by_remembered_stretches():
    for text in random_texts(7, 300):
        expected = reference_numbers(text)
        masked = scrub(text, "markdown")
        assert list(find_numbers(text)) == expected
        assert scrub(text, "markdown") == masked


def site_files(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*")) if p.is_file() and p.suffix in SCANNED_SUFFIXES]


def test_the_example_sites_give_the_same_hits(example_site):
    """The built public site (no hits), and the team site's pages with roster names and numbers
    pushed in at random places (no site holds them): same hits, same order."""
    project = load_project(example_site)
    matcher = RosterMatcher(project.roster.members)
    members = project.roster.members
    printed = TextCache(None)
    public = site_files(example_site / "site/public")
    team = [p for p in site_files(example_site / "site/team") if p.suffix == ".html"]
    assert len(public) > 10 and len(team) >= 30
    for path in public:
        text = readable_text(path, printed)
        assert fast_hits(matcher, text) == reference_hits(matcher, text) == [], path
        assert list(find_numbers(text)) == reference_numbers(text), path
    rng = random.Random(12)
    found = 0
    for path in team:
        text = readable_text(path, printed)
        for _ in range(8):
            member = rng.choice(members)
            what = rng.choice(
                [member.name, member.name[0] + "<b>" + member.name[1:] + "</b>", member.phone or ""]
            )
            at = rng.randrange(len(text))
            text = text[:at] + what + text[at:]
        hits = fast_hits(matcher, text)
        assert hits == reference_hits(matcher, text), path
        assert list(find_numbers(text)) == reference_numbers(text), path
        found += len(hits)
    assert found > 100  # most of what was pushed in is found (some lands inside a word or a number)


# --- what the stretches rely on ------------------------------------------------------------------


def test_folding_never_joins_moves_or_merges_a_name_character():
    """A name's characters (CJK ideographs, ``·``) have combining class 0 and take part in no
    canonical composition, so NFKC of a whole text keeps them where folding each character alone
    puts them: what the stretches, folded one by one, rely on."""
    composing = set()
    for code in range(0x110000):
        decomposition = unicodedata.decomposition(chr(code)).split()
        if len(decomposition) == 2 and not decomposition[0].startswith("<"):
            composing |= {chr(code), *(chr(int(part, 16)) for part in decomposition)}
    name_chars = [c for c in map(chr, range(0x110000)) if CJK.fullmatch(c) and not 0xD800 <= ord(c) < 0xE000]
    assert len(name_chars) > 90_000
    assert all(unicodedata.combining(c) == 0 for c in name_chars)
    assert composing.isdisjoint(name_chars)


def test_every_character_that_folds_differently_alone_is_known():
    """``names._changed`` against folding each character alone: every BMP character, and a sample
    of the rest (all of them takes seconds)."""
    changed = names._changed()
    rng = random.Random(3)
    codes = [*range(0xD800), *range(0xE000, 0x10000), *rng.sample(range(0x10000, 0x110000), 20_000)]
    for code in codes:
        char = chr(code)
        assert changed.get(char, char) == names.folded(char), hex(code)
    assert names.spellings_of({"人"}) >= {"人", "⼈"} and "·" not in names.spellings_of({"人"})
    assert names.spellings_of({"·"}) >= {".", "・", "•", "…", "·"}

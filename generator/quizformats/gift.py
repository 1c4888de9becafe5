"""Moodle GIFT: read into a ParsedBank, write from a QuizBank.

Supported: multiple choice with one right answer (``=``), multiple choice with
several right answers that share 100% equally (``~%50%`` … wrong ones ``~%-100%``,
as Moodle exports them), true/false (``T``/``F``/``TRUE``/``FALSE``), question names
(``::id::``), general feedback (``####`` → explanation), comments, ``$CATEGORY``.
Everything else (numeric, matching, short answer, essay, missing word,
description, unequal partial credit) is an error naming the line.

pingan keeps what GIFT has no field for in comments Moodle ignores: the bank's
``// pingan.id: …`` (and mode, pass_mark, description) at the top, and per
question ``// [tag:…]`` (Moodle's own tag syntax) and ``// [source:…]``.
"""

from __future__ import annotations

import re
from typing import Any

from ..content.schema import QuizBank
from ..escape import one_line
from ..messages import quiz as qmsg
from .common import ParsedBank, line_of, line_starts, normalise_text
from .moodlexml import html_to_text

ESCAPED = "~=#{}:"
_META_RE = re.compile(r"^//\s*pingan\.(id|mode|pass_mark|description):\s?(.*)$")
_TAG_RE = re.compile(r"\[tag:([^\]]+)\]")
_SOURCE_RE = re.compile(r"\[source:([^\]\s]+)\]")
_FORMAT_RE = re.compile(r"\s*\[(html|moodle|plain|markdown)\]")
_WEIGHT_RE = re.compile(r"\s*%(-?\d+(?:\.\d+)?)%")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


# --- escaping -----------------------------------------------------------------------------------------


def escape(text: str) -> str:
    out = text.replace("\\", "\\\\")
    for char in ESCAPED:
        out = out.replace(char, "\\" + char)
    return out.replace("\n", "\\n")


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m[1] == "n" else m[1], text, flags=re.S)


def find_unescaped(text: str, needle: str, start: int = 0) -> int:
    """Offset of the first ``needle`` at or after ``start`` not preceded by an escaping backslash."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(needle, i):
            return i
        i += 1
    return -1


def split_unescaped(text: str, separator: str) -> list[str]:
    parts, start = [], 0
    while (at := find_unescaped(text, separator, start)) >= 0:
        parts.append(text[start:at])
        start = at + len(separator)
    parts.append(text[start:])
    return parts


# --- reading ------------------------------------------------------------------------------------------


def read_gift(raw: str, rel: str) -> ParsedBank:
    bank = ParsedBank(rel)
    lines = normalise_text(raw).split("\n")
    block: list[tuple[int, str]] = []  # (line number, text) of the question being collected
    comments: list[str] = []
    for number, line in enumerate([*lines, ""], start=1):
        stripped = line.strip()
        if not stripped:
            if block:
                _read_question(bank, block, comments)
            block, comments = [], []
        elif stripped.startswith("//"):
            meta = _META_RE.match(stripped)
            if meta:
                bank.meta.setdefault(meta[1], unescape(meta[2].strip()))
            else:
                comments.append(stripped)
        elif stripped.startswith("$CATEGORY:"):
            category = stripped.removeprefix("$CATEGORY:").strip()
            name = re.split(r"(?<!/)/(?!/)", category)[-1].replace("//", "/").strip()
            if name and not name.startswith("$"):
                bank.meta.setdefault("title", name)
        else:
            block.append((number, line))
    return bank


def _read_question(bank: ParsedBank, block: list[tuple[int, str]], comments: list[str]) -> None:
    text = "\n".join(line for _, line in block)
    starts = line_starts(text)
    first = block[0][0]

    def line_at(offset: int) -> int:
        return block[line_of(starts, offset) - 1][0]

    pos = len(text) - len(text.lstrip())
    name = ""
    if text.startswith("::", pos):
        end = find_unescaped(text, "::", pos + 2)
        if end < 0:
            bank.error(first, qmsg.GIFT_UNCLOSED_TITLE, qmsg.GIFT_UNCLOSED_TITLE_HINT)
            return
        name = unescape(text[pos + 2 : end]).strip()
        pos = end + 2
    marker = _FORMAT_RE.match(text, pos)
    html = bool(marker and marker[1] == "html")
    if marker:
        pos = marker.end()
    opening = find_unescaped(text, "{", pos)
    if opening < 0:
        bank.error(first, qmsg.GIFT_NO_ANSWERS, qmsg.GIFT_NO_ANSWERS_HINT)
        return
    closing = find_unescaped(text, "}", opening + 1)
    if closing < 0:
        bank.error(line_at(opening), qmsg.GIFT_UNCLOSED, qmsg.GIFT_UNCLOSED_HINT)
        return
    after = text[closing + 1 :]
    if after.strip():
        at = closing + 1 + (len(after) - len(after.lstrip()))
        bank.error(line_at(at), qmsg.GIFT_MISSING_WORD, qmsg.GIFT_MISSING_WORD_HINT)
        return
    stem = _plain(unescape(text[pos:opening]).strip(), html)
    body_at = opening + 1
    body = text[body_at:closing]
    problem_line = line_at(body_at + len(body) - len(body.lstrip()))
    unsupported = _unsupported_kind(body)
    if unsupported:
        bank.error(problem_line, unsupported, qmsg.GIFT_UNSUPPORTED_HINT)
        return
    general_at = find_unescaped(body, "####")
    explanation = _plain(unescape(body[general_at + 4 :]).strip(), html) if general_at >= 0 else ""
    core = body[:general_at] if general_at >= 0 else body
    before = len(bank.questions)
    if core.strip().split("#")[0].strip().upper() in _TRUE_FALSE:
        _true_false(bank, first, name, stem, core, explanation)
    else:
        _choice(bank, first, problem_line, name, stem, core, explanation, html)
    if len(bank.questions) > before:
        question = bank.questions[-1]
        tags = [t.strip() for c in comments for t in _TAG_RE.findall(c) if t.strip()]
        sources = [s for c in comments for s in _SOURCE_RE.findall(c)]
        if tags:
            question.data["tags"] = tags
        if sources:
            question.data["source"] = sources[0]


def _unsupported_kind(body: str) -> str:
    core = body.strip()
    if not core:
        return qmsg.GIFT_ESSAY
    if core.startswith("#") and not core.startswith("####"):
        return qmsg.GIFT_NUMERIC
    if find_unescaped(body, "->") >= 0:
        return qmsg.GIFT_MATCHING
    return ""


def _true_false(bank: ParsedBank, line: int, name: str, stem: str, core: str, explanation: str) -> None:
    token, *feedback = (part.strip() for part in split_unescaped(core, "#"))
    answer = _TRUE_FALSE[token.upper()]
    labelled = [
        qmsg.GIFT_FEEDBACK_WRONG + unescape(feedback[0]) if feedback and feedback[0] else "",
        qmsg.GIFT_FEEDBACK_RIGHT + unescape(feedback[1]) if len(feedback) > 1 and feedback[1] else "",
    ]
    explanation = _merge_feedback(bank, line, explanation, [f for f in labelled if f])
    bank.add_true_false(line, name, stem, answer, explanation)


def _choice(
    bank: ParsedBank, line: int, body_line: int, name: str, stem: str, core: str, explanation: str, html: bool
) -> None:
    items = _answer_items(core)
    if items is None:
        bank.error(body_line, qmsg.GIFT_NOT_UNDERSTOOD, qmsg.GIFT_NOT_UNDERSTOOD_HINT)
        return
    texts, weights, feedback = [], [], []
    for kind, raw in items:
        weight: float | None = None
        match = _WEIGHT_RE.match(raw)
        if match:
            weight = float(match[1])
            raw = raw[match.end() :]
        elif raw.lstrip().startswith("%"):
            bank.error(body_line, qmsg.GIFT_BAD_WEIGHT, qmsg.GIFT_BAD_WEIGHT_HINT, weight=raw.split()[0])
            return
        at = find_unescaped(raw, "#")
        text, note = (raw[:at], raw[at + 1 :]) if at >= 0 else (raw, "")
        option = _plain(unescape(text).strip(), html)
        texts.append(option)
        weights.append((kind, weight))
        if note.strip():
            feedback.append(qmsg.GIFT_FEEDBACK_LABEL.format(option=option) + unescape(note.strip()))
    right = _right_answers(bank, body_line, weights)
    if right is None:
        return
    explanation = _merge_feedback(bank, line, explanation, feedback)
    bank.add_choice(line, name, stem, texts, right, explanation)


def _answer_items(core: str) -> list[tuple[str, str]] | None:
    """Split ``=a ~b ~c`` into [("=", "a "), ("~", "b "), …]; None when it is not a list of answers."""
    items: list[tuple[str, str]] = []
    i, start, kind = 0, 0, ""
    while i < len(core):
        char = core[i]
        if char == "\\":
            i += 2
            continue
        if char in "=~":
            if kind:
                items.append((kind, core[start:i]))
            elif core[:i].strip():
                return None
            kind, start = char, i + 1
        i += 1
    if not kind:
        return None
    items.append((kind, core[start:]))
    return items


def _right_answers(bank: ParsedBank, line: int, weights: list[tuple[str, float | None]]) -> list[int] | None:
    """Indexes of the right options, or None (after reporting) when pingan cannot grade it."""
    equals = [i for i, (kind, _) in enumerate(weights) if kind == "="]
    if len(equals) == len(weights):
        bank.error(line, qmsg.GIFT_SHORT_ANSWER, qmsg.GIFT_UNSUPPORTED_HINT)
        return None
    shown = "、".join(f"{w:g}%" for _, w in weights if w is not None)
    partial = any(w is not None and w != 100 for kind, w in weights if kind == "=")
    positive = [i for i, (kind, w) in enumerate(weights) if kind == "~" and w is not None and w > 0]
    if partial or (equals and positive):
        bank.error(line, qmsg.GIFT_PARTIAL, qmsg.GIFT_UNSUPPORTED_HINT, weights=shown)
        return None
    if len(equals) > 1:
        bank.error(line, qmsg.GIFT_MANY_RIGHT, qmsg.GIFT_MANY_RIGHT_HINT, n=len(equals))
        return None
    if equals:
        return equals
    if not positive:
        bank.error(line, qmsg.GIFT_NO_RIGHT, qmsg.GIFT_NO_RIGHT_HINT)
        return None
    values = [weights[i][1] or 0.0 for i in positive]
    equal_share = max(values) - min(values) < 0.01 and abs(sum(values) - 100) < 0.01
    if not equal_share:
        bank.error(line, qmsg.GIFT_PARTIAL, qmsg.GIFT_UNSUPPORTED_HINT, weights=shown)
        return None
    return positive


def _merge_feedback(bank: ParsedBank, line: int, explanation: str, feedback: list[str]) -> str:
    if not feedback:
        return explanation
    bank.warn(line, qmsg.GIFT_FEEDBACK_MERGED, qmsg.GIFT_FEEDBACK_MERGED_HINT)
    return "\n".join([explanation, *feedback] if explanation else feedback)


def _plain(text: str, html: bool) -> str:
    return html_to_text(text) if html else text


# --- writing ------------------------------------------------------------------------------------------


def write_gift(bank: QuizBank) -> str:
    """The whole bank as GIFT; every field pingan has survives a round trip."""
    out = [f"// pingan.id: {bank.id}", f"// pingan.mode: {bank.mode}"]
    if bank.pass_mark is not None:
        out.append(f"// pingan.pass_mark: {bank.pass_mark}")
    if bank.description:
        out.append(f"// pingan.description: {escape(bank.description)}")
    # The title and tags sit on a line of their own: a line break in them would start a new question.
    out += [f"$CATEGORY: $course$/top/{one_line(bank.title).replace('/', '//')}", ""]
    for question in bank.questions:
        if question.tags:
            out.append("// " + " ".join(f"[tag:{one_line(tag)}]" for tag in question.tags))
        if question.source:
            out.append(f"// [source:{question.source}]")
        head = f"::{escape(question.id)}::{escape(question.stem)}"
        general = f"####{escape(question.explanation)}" if question.explanation else ""
        if question.type == "true_false":
            out += [f"{head}{{{'TRUE' if question.answer else 'FALSE'}{general}}}", ""]
            continue
        out.append(head + "{")
        keys = question.correct_letters
        for letter, text in (question.options or {}).items():
            out.append(f"\t{_answer_prefix(question.type, letter in keys, len(keys))}{escape(text)}")
        if general:
            out.append("\t" + general)
        out += ["}", ""]
    return "\n".join(out)


def _answer_prefix(kind: str, right: bool, rights: int) -> str:
    if kind == "single":
        return "=" if right else "~"
    share = f"{100 / rights:.5f}".rstrip("0").rstrip(".")
    return f"~%{share}%" if right else "~%-100%"


def gift_meta(parsed: ParsedBank) -> dict[str, Any]:
    """Bank fields found in pingan's header comments, typed."""
    meta = dict(parsed.meta)
    if "pass_mark" in meta:
        try:
            meta["pass_mark"] = int(meta["pass_mark"])
        except ValueError:
            del meta["pass_mark"]
    return meta

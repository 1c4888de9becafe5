"""Moodle XML (import only): multichoice and truefalse questions into a ParsedBank.

A multichoice question with ``<single>true</single>`` needs one answer with
fraction 100; with several right answers they must share 100 equally (the
others 0 or negative). Any other question type, or unequal partial credit, is
an error naming the line. HTML in texts becomes plain text.
"""

from __future__ import annotations

import html
import re

from ..diagnostics import Diagnostic
from ..messages import quiz as qmsg
from ..safexml import Element, XMLMalformed, XMLRefused, parse_elements
from .common import ParsedBank, normalise_text

_SUPPORTED = {"multichoice", "truefalse"}
_IGNORED = {"category", "description"}  # category → title; description: text only, nothing to grade


class Node(Element):
    """A Moodle XML element (with its line, for messages)."""

    def text_of(self, tag: str) -> str:
        """The ``<text>`` inside ``<tag>`` (Moodle wraps every string that way), as plain text."""
        holder = self.find(tag)
        text = holder.find("text") if holder is not None else None
        if holder is None or text is None:
            return ""
        is_html = holder.attrs.get("format", "html") in ("html", "moodle_auto_format")
        return html_to_text(text.text) if is_html else text.text.strip()


def read_moodle_xml(raw: str, rel: str) -> ParsedBank:
    bank = ParsedBank(rel)
    try:
        document = parse_elements(normalise_text(raw).encode("utf-8"), Node)
    except XMLMalformed as exc:
        bank.error(exc.line, qmsg.XML_SYNTAX, qmsg.XML_SYNTAX_HINT, detail=exc.detail)
        return bank
    except XMLRefused as exc:  # a DTD (entities), or nested too deep
        bank.problems.append(Diagnostic(rel, exc.line, exc.column, "", exc.message, exc.hint))
        return bank
    quiz = document.children[0] if document.children else None
    if quiz is None or quiz.tag != "quiz":
        bank.error(
            quiz.line if quiz else 1, qmsg.XML_NOT_QUIZ, qmsg.XML_SYNTAX_HINT, tag=quiz.tag if quiz else ""
        )
        return bank
    for question in quiz.all("question"):
        kind = question.attrs.get("type", "")
        if kind == "category":
            path = question.text_of("category")
            if path:
                bank.meta.setdefault("title", path.rstrip("/").split("/")[-1].strip())
        elif kind in _IGNORED:
            continue
        elif kind not in _SUPPORTED:
            bank.error(question.line, qmsg.XML_UNSUPPORTED_TYPE, qmsg.XML_UNSUPPORTED_TYPE_HINT, type=kind)
        else:
            _read_question(bank, question, kind)
    return bank


def _read_question(bank: ParsedBank, question: Node, kind: str) -> None:
    stem = question.text_of("questiontext")
    if not stem:
        bank.error(question.line, qmsg.XML_NO_TEXT, qmsg.XML_NO_TEXT_HINT)
        return
    name = question.text_of("name")
    explanation = question.text_of("generalfeedback")
    answers = question.all("answer")
    fractions = [_fraction(a.attrs.get("fraction", "0")) for a in answers]
    texts = [_answer_text(a) for a in answers]
    feedback = [
        qmsg.GIFT_FEEDBACK_LABEL.format(option=text) + note
        for text, note in ((t, a.text_of("feedback")) for t, a in zip(texts, answers, strict=True))
        if note
    ]
    if feedback:
        bank.warn(question.line, qmsg.GIFT_FEEDBACK_MERGED, qmsg.GIFT_FEEDBACK_MERGED_HINT)
        explanation = "\n".join([explanation, *feedback] if explanation else feedback)
    tags = [html_to_text(t.find("text").text) for t in _tags(question) if t.find("text") is not None]
    added = None
    if kind == "truefalse":
        right = [t for t, f in zip(texts, fractions, strict=True) if f > 0]
        answer = bool(right) and right[0].strip().lower() in ("true", "正确", "对")
        added = bank.add_true_false(question.line, name, stem, answer, explanation)
    else:
        right = _right(bank, question, fractions)
        if right is not None:
            added = bank.add_choice(question.line, name, stem, texts, right, explanation)
    if added is not None and tags:
        added.data["tags"] = tags


def _tags(question: Node) -> list[Element]:
    holder = question.find("tags")
    return holder.all("tag") if holder is not None else []


def _answer_text(answer: Node) -> str:
    text = answer.find("text")
    raw = text.text if text is not None else ""
    return html_to_text(raw) if answer.attrs.get("format", "html") == "html" else raw.strip()


def _fraction(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 0.0


def _right(bank: ParsedBank, question: Node, fractions: list[float]) -> list[int] | None:
    flag = question.find("single")
    single = (flag.text if flag is not None else "true").strip().lower() in ("true", "1")
    positive = [i for i, f in enumerate(fractions) if f > 0]
    shown = "、".join(f"{f:g}" for f in fractions)
    if single:
        full = [i for i, f in enumerate(fractions) if f >= 100]
        if len(full) > 1:
            bank.error(question.line, qmsg.XML_SINGLE_MANY, qmsg.XML_SINGLE_MANY_HINT, n=len(full))
            return None
        if len(full) == 1 and len(positive) == 1:
            return full
    values = [fractions[i] for i in positive]
    if not values:
        bank.error(question.line, qmsg.GIFT_NO_RIGHT, qmsg.XML_UNSUPPORTED_TYPE_HINT)
        return None
    if max(values) - min(values) < 0.01 and abs(sum(values) - 100) < 0.01:
        return positive
    bank.error(question.line, qmsg.XML_PARTIAL, qmsg.GIFT_UNSUPPORTED_HINT, weights=shown)
    return None


def html_to_text(text: str) -> str:
    """Moodle's HTML texts as plain text: paragraphs and breaks become newlines."""
    text = re.sub(r"(?i)<br\s*/?>|</p\s*>|</div\s*>|</li\s*>", "\n", text)
    text = re.sub(r"<[^>]*>", "", text)
    lines = [" ".join(line.split()) for line in html.unescape(text).replace("\xa0", " ").split("\n")]
    return "\n".join(line for line in lines if line).strip()

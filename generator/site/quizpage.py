"""Interactive practice quizzes in the team site: per-bank data files plus the quiz script.

The page sanitiser removes scripts from page content, so a bank page carries
only a placeholder ``<div class="pingan-quiz" id="pingan-quiz-<bank>">`` (see
``templates/pages/bank.md.j2``). The quiz script, loaded on every page through
``extra_javascript``, finds the placeholder and loads ``assets/quizzes/<bank>.js``,
which sets ``window.pinganQuizBanks[<bank>]``. Plain ``<script src>`` loading
works from ``file://``, where ``fetch`` of a local JSON file does not.

Only practice banks get a data file; an exam bank's questions, answers and
explanations never reach a site (``quiz_payload`` refuses them).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import messages as msg
from ..content import Project
from ..content.link import resolve_source
from ..content.schema import QuizBank
from ..errors import PinganError
from ..quizformats.result import RESULT_FORMAT, bank_digest, canonical_answer
from ..writer import Writer
from .markdown import fragment_html
from .npm_assets import npm_asset

ASSETS = Path(__file__).parent.parent / "assets"
QUIZ_SCRIPT = "assets/javascripts/pingan-quiz.js"
QUIZ_STYLE = "assets/stylesheets/pingan-quiz.css"
QR_SCRIPT = "assets/javascripts/qrcode-generator.js"  # npm qrcode-generator, copied at build time
DATA_DIR = "assets/quizzes"
BANK_FORMAT = "pingan-quiz-bank/1"


class ExamBankRefused(PinganError):
    """Raised when anything tries to put an exam bank into a site."""


def quiz_scripts(banks: list[QuizBank]) -> list[str]:
    """``extra_javascript`` entries: the QR library first, then the quiz script."""
    return [QR_SCRIPT, QUIZ_SCRIPT] if banks else []


def quiz_styles(banks: list[QuizBank]) -> list[str]:
    return [QUIZ_STYLE] if banks else []


def write_quiz_assets(writer: Writer, project: Project, banks: list[QuizBank]) -> None:
    """Copy the quiz script, its style and the QR library, and write one data file per practice bank."""
    if not banks:
        return
    writer.copy_file(QUIZ_SCRIPT, ASSETS / "quiz.js")
    writer.copy_file(QUIZ_STYLE, ASSETS / "quiz.css")
    writer.copy_file(QR_SCRIPT, npm_asset("qrcode-generator", "dist/qrcode.js"))
    for bank in banks:
        writer.write_text(data_path(bank), data_script(quiz_payload(project, bank)))


def data_path(bank: QuizBank) -> str:
    return f"{DATA_DIR}/{bank.id}.js"


def quiz_payload(project: Project, bank: QuizBank) -> dict[str, Any]:
    """Everything the quiz page needs for one practice bank, as JSON-ready data."""
    if bank.is_exam:
        raise ExamBankRefused(msg.EXAM_BANK_REFUSED.format(bank=bank.id))
    pass_mark = bank.effective_pass_mark(project.config)
    return {
        "format": BANK_FORMAT,
        "result_format": RESULT_FORMAT,
        "id": bank.id,
        "title": bank.title,
        "digest": bank_digest(bank),
        "pass_mark": pass_mark,
        "questions": [
            {
                "id": q.id,
                "type": q.type,
                "stem": q.stem,
                "options": [[letter, text] for letter, text in (q.options or {}).items()],
                "answer": canonical_answer(q),
                "explanation_html": fragment_html(q.explanation),
                "source": _source_link(project, q.source),
            }
            for q in bank.questions
        ],
    }


def _source_link(project: Project, ref: str | None) -> dict[str, str] | None:
    """Where a question comes from, as an href relative to the site root."""
    target = resolve_source(project, ref) if ref else None
    if target is None:
        return None
    href = target.page.removesuffix(".md") + ".html"  # sites use use_directory_urls: false
    return {"href": href + (f"#{target.anchor}" if target.anchor else ""), "label": target.label}


def data_script(payload: dict[str, Any]) -> str:
    """A classic script registering one bank (works from file://, unlike fetch)."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    key = json.dumps(payload["id"])
    return (
        f"window.pinganQuizBanks = window.pinganQuizBanks || {{}};\nwindow.pinganQuizBanks[{key}] = {text};\n"
    )

"""The result-file contract shared by the quiz page and `pingan answers import`.

A member's tablet saves one JSON file per finished attempt::

    {"format": "pingan-quiz-result/1", "member": "QS001", "bank": "bank-safety",
     "bank_digest": "<sha256 hex>", "started": "2024-06-05T09:12:03+08:00",
     "finished": "2024-06-05T09:20:41+08:00",
     "answers": {"safe-01": "B", "safe-05": ["A", "C"], "safe-03": false}, "score": 75}

``bank_digest`` fingerprints what grading depends on, so the importer can tell
whether the bank changed between the build the member used and the import.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..content.schema import Question, QuizBank

RESULT_FORMAT = "pingan-quiz-result/1"
RESULT_FILENAME = "pingan-{bank}-{member}-{stamp}.json"  # stamp: local yyyymmddHHMM of `finished`


def canonical_answer(question: Question) -> str | list[str] | bool:
    """The key in result-file form: "B", ["A", "C"] (sorted) or true/false."""
    if question.type == "true_false":
        return bool(question.answer)
    if question.type == "multiple":
        return sorted(str(a) for a in question.answer)
    return str(question.answer)


def canonical_questions(bank: QuizBank) -> list[dict[str, Any]]:
    """Question data that grading depends on: id, type, stem, options, key.

    Explanations, tags and sources are left out on purpose: fixing a typo in an
    explanation must not make earlier result files look stale.
    """
    return [
        {
            "id": q.id,
            "type": q.type,
            "stem": q.stem,
            "options": dict(q.options or {}),
            "answer": canonical_answer(q),
        }
        for q in bank.questions
    ]


def bank_digest(bank: QuizBank) -> str:
    """sha256 hex of the bank's canonical question data (UTF-8, sorted keys, no spaces)."""
    payload = json.dumps(
        {"bank": bank.id, "questions": canonical_questions(bank)},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()

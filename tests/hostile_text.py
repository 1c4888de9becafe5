"""Hostile text in every string field: a project whose every plain-text and Markdown value is an attack.

The fields come from the schema itself (``content.schema.text_fields`` over every kind
in ``content.load.READERS`` and the site config), not from a list here. ``BASE`` is a
small valid project of my own text that has every one of those fields at least once;
``hostile_project`` writes it with each such value replaced by ``payload(n)``, a
different ``n`` for every value, so a leak names its field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.content.load import CONFIG_FILE, READERS
from generator.content.schema import SiteConfig, TextKind, text_fields

# Each names what it tries; {n} is the value's number. The order rotates from value to
# value, so every payload also comes first (line start) and last (end of a heading) somewhere.
PAYLOADS: dict[str, str] = {
    "img-onerror": '<img src=x data-pwn="{n}" onerror="__pwned({n})">',
    "script": "<script>__pwned({n})</script>",
    "attribute-breakout": '"><svg data-pwn="{n}" onload="__pwned({n})">',
    "javascript-link": "[pwnlink-{n}-](javascript:__pwned({n}))",
    "markdown": "*pwnem-{n}-* **pwnstrong-{n}-** `pwncode-{n}-` ![pwnimg-{n}-](x.png) <https://pwnauto{n}.invalid>",
    "jinja": "{{{{ 7*7 }}}} {{% if true %}}pwnjinja-{n}-{{% endif %}}",
    "entities-and-tables": "&lt;b&gt;pwnent-{n}-&lt;/b&gt; &amp; a|b \\| # C# ~",
    "line-starts": "\n\n- pwnlist-{n}-\n\n1. pwnol-{n}-\n\n!!! note\n    pwnadm-{n}-\n\n---\n",
    "attr-list": '{{: #pwnattr-{n}- onclick="__pwned({n})" }}',
}
MARKER = re.compile(r"pwn[a-z]+-(\d+)-")


def payload(n: int) -> str:
    parts = list(PAYLOADS.values())
    k = n % len(parts)
    return " ".join(p.format(n=n) for p in parts[k:] + parts[:k])


def shown(text: str) -> str:
    """Text as a page shows it: runs of white space are one space."""
    return " ".join(text.split())


# My own small project with every text field of every kind at least once.
BASE: dict[str, dict[str, Any]] = {
    CONFIG_FILE: {
        "site": {
            "name": "石桥镇群防群治学习站",
            "public_name": "石桥镇平安建设公开栏",
            "description": "队员学习与演练平台",
            "copyright": "石桥镇人民政府",
        },
        "organisation": {"name": "石桥镇人民政府", "short_name": "石桥府", "office": "石桥镇综治办"},
        "public": {"sections": ["notices", "policies", "rules"]},
        "records": {"header_aliases": {"姓名": ["队员姓名"]}},
        "print": {
            "fonts": {"fangsong": ["仿宋_GB2312"]},
            "patrol_log": {"areas": ["石桥场镇"], "posts": ["护学岗"], "checklist": ["消防通道畅通"]},
        },
    },
    "content/policies/patrol-rules.yml": {
        "id": "patrol-rules",
        "doc_number": "石桥府发〔2025〕3号",
        "issuer": "石桥镇人民政府",
        "date": "2025-03-01",
        "title": "巡逻值守办法",
        "addressees": ["各村委会", "镇属各单位"],
        "public": True,
        "publication_note": "此件公开发布",
        "summary": "巡逻值守的分工和要求",
        "body": "为规范巡逻值守，制定本办法。",
        "sections": [
            {
                "id": "duty",
                "title": "值守分工",
                "body": "各村轮流值守。",
                "sections": [{"id": "night", "title": "夜间值守", "body": "夜间两人一组。"}],
            }
        ],
        "attachments": [{"title": "值守排班表", "body": "见附表。"}],
        "record": {"printed_by": "石桥镇综治办", "print_date": "2025-03-02", "cc": ["县综治中心"]},
    },
    "content/rules/conduct.yml": {
        "id": "conduct",
        "title": "队员守则",
        "public": True,
        "intro": "队员应当遵守以下守则。",
        "items": [
            {
                "id": "on-time",
                "kind": "must",
                "text": "按时到岗",
                "explanation": "迟到要说明原因。",
                "examples": ["提前十分钟到岗"],
                "assessment": ["查签到记录"],
            },
            {
                "id": "no-drinking",
                "kind": "prohibition",
                "text": "不准酒后执勤",
                "explanation": "饮酒后不得上岗。",
                "examples": ["饮酒后请假"],
                "assessment": ["随机抽查"],
            },
        ],
    },
    "content/modules/m1.yml": {
        "id": "m1",
        "title": "夜间巡逻要领",
        "month": "2025-03",
        "kind": "training",
        "category": "巡逻",
        "duration": 60,
        "objectives": ["掌握巡逻路线"],
        "place": "镇会议室",
        "trainer": "镇综治办",
        "body": "巡逻时注意安全。",
        "quizzes": ["practice"],
    },
    "content/modules/d1.yml": {
        "id": "d1",
        "title": "防汛演练",
        "month": "2025-03",
        "kind": "drill",
        "category": "演练",
        "duration": 90,
    },
    "content/notices/n1.yml": {
        "id": "n1",
        "doc_number": "石桥府〔2025〕5号",
        "title": "关于开展春季巡逻的通知",
        "date": "2025-03-05",
        "issuer": "石桥镇人民政府",
        "public": True,
        "addressees": ["各村委会"],
        "publication_note": "此件公开发布",
        "body": "请各村做好准备。",
        "attachments": [{"title": "报名表", "body": "见附件。"}],
        "record": {"printed_by": "石桥镇综治办", "print_date": "2025-03-06", "cc": ["县综治中心"]},
    },
    "content/roster.yml": {
        "teams": [{"id": "patrol", "name": "巡逻队", "description": "夜间巡逻"}],
        "members": [
            {"id": "S001", "name": "张明", "team": "patrol", "role": "队长", "joined": "2024-01-01"},
            {"id": "S002", "name": "李华", "team": "patrol", "role": "队员", "joined": "2024-01-01"},
        ],
    },
    "quizzes/practice.yml": {
        "id": "practice",
        "title": "巡逻练习",
        "mode": "practice",
        "description": "巡逻知识练习。",
        "questions": [
            {
                "id": "q1",
                "type": "single",
                "stem": "夜间巡逻几人一组？",
                "options": {"A": "一人", "B": "两人"},
                "answer": "B",
                "explanation": "两人一组。",
                "tags": ["巡逻"],
                "source": "policy:patrol-rules#night",
            },
            {
                "id": "q2",
                "type": "multiple",
                "stem": "值守要带什么？",
                "options": {"A": "手电", "B": "对讲机", "C": "扑克牌"},
                "answer": ["A", "B"],
                "explanation": "手电和对讲机。",
                "source": "rule:conduct#on-time",
            },
            {
                "id": "q3",
                "type": "true_false",
                "stem": "可以酒后执勤。",
                "answer": False,
                "explanation": "不可以。",
                "source": "module:m1",
            },
        ],
    },
    "quizzes/exam.yml": {
        "id": "exam",
        "title": "巡逻考试",
        "mode": "exam",
        "description": "期末考试。",
        "questions": [{"id": "e1", "type": "true_false", "stem": "值守需要签到。", "answer": True}],
    },
}


def model_of(rel: str) -> type:
    """The model that reads the file at ``rel`` (as ``content.load`` finds it)."""
    if rel == CONFIG_FILE:
        return SiteConfig
    for reader in READERS.values():
        if (
            rel == f"{reader.folder}/{reader.filename}"
            if reader.filename
            else rel.startswith(reader.folder + "/")
        ):
            return reader.model
    raise AssertionError(f"no reader for {rel}")


@dataclass
class Field:
    n: int
    kind: TextKind
    where: str  # kind and field path, e.g. Policy.sections.[].title
    value: str


@dataclass
class HostileProject:
    root: Path
    fields: list[Field]  # one per value replaced
    schema_fields: dict[str, TextKind]  # every text field of every kind: Model.path → kind

    def field(self, n: int) -> Field:
        return self.fields[n]

    @property
    def plain(self) -> list[Field]:
        return [f for f in self.fields if f.kind is TextKind.PLAIN]


def _leaves(data: Any, path: tuple[str, ...]) -> list[tuple[Any, Any]]:
    """(container, key) of every value at ``path`` ("[]": each list item, "{}": each mapping value)."""
    if not path:
        return []
    head, *rest = path
    if head in ("[]", "{}"):
        items = list(enumerate(data)) if head == "[]" else list(data.items())
        if not rest:
            return [(data, key) for key, _ in items]
        return [leaf for _, value in items for leaf in _leaves(value, tuple(rest))]
    if head == "{key}" or not isinstance(data, dict) or head not in data:
        return []
    return [(data, head)] if not rest else _leaves(data[head], tuple(rest))


def hostile_project(root: Path) -> HostileProject:
    fields: list[Field] = []
    schema_fields: dict[str, TextKind] = {}
    documents = {rel: yaml.safe_load(yaml.safe_dump(data, allow_unicode=True)) for rel, data in BASE.items()}
    models = {model_of(rel) for rel in documents}
    assert models == {SiteConfig, *(r.model for r in READERS.values())}, "BASE needs a document of every kind"
    for model in sorted(models, key=lambda m: m.__name__):
        mine = [data for rel, data in documents.items() if model_of(rel) is model]
        for path, kind in text_fields(model):
            where = f"{model.__name__}.{'.'.join(path)}"
            schema_fields[where] = kind
            if kind is TextKind.KEY:
                continue
            leaves = [leaf for data in mine for leaf in _leaves(data, path)]
            assert leaves, f"BASE has no value for {where}: add one so the payload reaches it"
            for container, key in leaves:
                value = payload(len(fields))
                container[key] = value
                fields.append(Field(len(fields), kind, where, value))
    for rel, data in documents.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return HostileProject(root, fields, schema_fields)

"""`pingan import-doc`: an existing official document (.docx, .md, .txt) → policy or notice YAML.

read (pandoc turns .docx into Markdown; text files may be UTF-8 or GB18030) → tidy
lines (full-width punctuation, no Word or web artefacts) → ``docparse`` finds the
parts → the YAML the content schema expects, written where the project reads it
under a name that overwrites nothing → validated with the project's own loader,
so every problem is reported as ``file:line:col`` like ``pingan check`` does.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pypandoc

from ..content import CONFIG_FILE, READERS, load_project, read_document
from ..content.schema import Notice, Policy, section_label
from ..diagnostics import ContentError, Diagnostic, Severity, relative
from ..errors import PinganError
from ..messages import imports as text
from ..safexml import XMLRefused, check_package
from ..textio import decode_text, dump_yaml
from .docparse import Heading, Line, Parsed, date_of, full_width_punctuation, parse_document, tidy, where

SUPPORTED = (".docx", ".md", ".markdown", ".txt")
Kind = Literal["policy", "notice"]
MODELS = {"policy": Policy, "notice": Notice}
FOLDERS = {"policy": READERS["policies"].folder, "notice": READERS["notices"].folder}


class ImportFailure(PinganError):
    """The document could not be imported at all (message in Chinese)."""


@dataclass
class ImportResult:
    kind: Kind
    path: Path
    title: str
    summary: str
    data: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # validation errors, formatted


def import_document(
    source: Path,
    *,
    project_root: Path,
    output: Path | None = None,
    kind: str = "auto",
    doc_id: str | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    if not source.is_file():
        raise ImportFailure(text.IMPORT_NOT_FOUND.format(path=source))
    if source.suffix.lower() not in SUPPORTED:
        problem = text.IMPORT_BAD_TYPE.format(suffix=source.suffix or source.name)
        raise ImportFailure(problem, text.IMPORT_BAD_TYPE_HINT)
    lines, fixed_punctuation = read_lines(source)
    doc = parse_document(lines)
    if not (doc.title or doc.intro or doc.headings):
        raise ImportFailure(text.IMPORT_EMPTY.format(path=source))
    notes = _notes_before(doc, fixed_punctuation)
    chosen: Kind = doc.kind if kind == "auto" else kind  # type: ignore[assignment]
    _fill_missing(doc, source, notes, today or dt.date.today())

    in_project = (project_root / CONFIG_FILE).is_file()
    if output is None:
        if not in_project:
            problem = text.IMPORT_NO_PROJECT.format(root=project_root.resolve())
            raise ImportFailure(problem, text.IMPORT_NO_PROJECT_HINT)
        folder = project_root / FOLDERS[chosen]
        doc_id = doc_id or _unique_id(folder, _default_id(doc, chosen))
        output = folder / f"{doc_id}.yml"
    elif output.exists():
        raise ImportFailure(text.IMPORT_EXISTS.format(path=output), text.IMPORT_EXISTS_HINT)
    doc_id = doc_id or _default_id(doc, chosen)

    data = to_data(doc, chosen, doc_id)
    notes.extend(doc.notes)
    notes.extend(text.NOTE_UNPLACED.format(where=where(line), text=line.text[:40]) for line in doc.unplaced)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(to_yaml(data, source.name, doc.unplaced), encoding="utf-8")

    root = project_root if in_project and output.resolve().is_relative_to(project_root.resolve()) else None
    problems = validate(output, chosen, root)
    return ImportResult(chosen, output, doc.title, _summary(data), data, notes, problems)


# --- reading -------------------------------------------------------------------------------------


def read_lines(path: Path) -> tuple[list[Line], int]:
    """The document's non-empty lines, tidied; and how many punctuation marks were made full width."""
    if path.suffix.lower() == ".docx":
        try:
            check_package(path)  # pandoc would spend minutes on an entity bomb before refusing it
        except XMLRefused as exc:
            raise ContentError([Diagnostic(str(path), 0, 0, "", exc.message, exc.hint)]) from None
        try:
            raw = pypandoc.convert_file(str(path), "gfm", format="docx", extra_args=["--wrap=none"])
        except (RuntimeError, OSError) as exc:
            raise ImportFailure(text.IMPORT_UNREADABLE.format(path=path, detail=_last_line(exc))) from None
        raw = re.sub(r"\\([\\`*_{}\[\]()#+\-.!<>~])", r"\1", raw)  # gfm escapes; tables keep \|
    else:
        raw = _decode(path)
        if path.suffix.lower() in (".md", ".markdown"):
            raw = _join_soft_wraps(raw)
    lines, fixed = [], 0
    for number, value in enumerate(raw.splitlines(), start=1):
        value = tidy(value)
        if not value or re.fullmatch(r"[-=*_\s]{3,}", value):  # blank, or a Markdown rule
            continue
        if not value.startswith("|"):
            value, count = full_width_punctuation(value)
            fixed += count
        lines.append(Line(number, value))
    return lines, fixed


def _decode(path: Path) -> str:
    decoded = decode_text(path.read_bytes())  # offices still save GBK text files
    if decoded is None:
        raise ImportFailure(text.IMPORT_UNREADABLE.format(path=path, detail="UTF-8 / GB18030"))
    return decoded[0]


def _join_soft_wraps(raw: str) -> str:
    """Markdown wraps a paragraph over several lines; join them (never across structure)."""
    out: list[str] = []
    for line in raw.splitlines():
        stripped = line.strip()
        previous = out[-1].strip() if out else ""
        structural = re.match(
            r"^(#|\||[-*+]\s|>|\d+[.、．]|[（(][\d一二三四五六七八九十]|[一二三四五六七八九十]+、)", stripped
        )
        if (
            stripped
            and previous
            and not structural
            and not previous.startswith(("#", "|"))
            and not previous.endswith(("。", "；", "：", ":", "！", "？", "）", "\\"))
            and len(previous) > 15
            and date_of(stripped) is None
        ):
            out[-1] = out[-1].rstrip() + stripped
        else:
            out.append(line)
    return "\n".join(out)


def _last_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[-1] if lines else type(exc).__name__


# --- from the parsed document to content YAML -----------------------------------------------------


def _notes_before(doc: Parsed, fixed_punctuation: int) -> list[str]:
    notes = []
    if doc.clutter:
        notes.append(text.NOTE_CLUTTER.format(count=len(doc.clutter), example=doc.clutter[0].text[:20]))
    if fixed_punctuation:
        notes.append(text.NOTE_PUNCTUATION.format(count=fixed_punctuation))
    return notes


def _fill_missing(doc: Parsed, source: Path, notes: list[str], today: dt.date) -> None:
    if not doc.title:
        doc.title = source.stem
        notes.append(text.NOTE_NO_TITLE.format(title=doc.title))
    if not doc.issuer:
        doc.issuer = text.ISSUER_PLACEHOLDER
        notes.append(text.NOTE_NO_ISSUER)
    if doc.date is None:
        doc.date = today
        notes.append(text.NOTE_NO_DATE.format(date=f"{today.year}年{today.month}月{today.day}日"))
    if _is_public(doc):
        notes.append(text.NOTE_PUBLIC.format(note=doc.publication_note))


def _is_public(doc: Parsed) -> bool:
    note = doc.publication_note
    public = "公开" in note or "公開" in note  # Simplified or Traditional
    return public and "不" not in note and "依申请" not in note and "依申請" not in note


def _default_id(doc: Parsed, kind: Kind) -> str:
    m = re.search(r"〔(\d{4})〕(\d+)号", doc.doc_number)
    if m:
        return f"{kind}-{m[1]}-{int(m[2])}"
    day = doc.date or dt.date.today()
    return f"{kind}-{day:%Y%m%d}"


def _unique_id(folder: Path, wanted: str) -> str:
    """``wanted``, or ``wanted-2``, … : never the id or file name of existing content."""
    taken: set[str] = set()
    if folder.is_dir():
        for path in folder.rglob("*.y*ml"):
            taken.add(path.stem)
            m = re.search(r"^id:\s*['\"]?([\w-]+)", path.read_text(encoding="utf-8", errors="ignore"), re.M)
            if m:
                taken.add(m[1])
    candidate, n = wanted, 1
    while candidate in taken:
        n += 1
        candidate = f"{wanted}-{n}"
    return candidate


def to_data(doc: Parsed, kind: Kind, doc_id: str) -> dict[str, Any]:
    data: dict[str, Any] = {"id": doc_id}
    if doc.doc_number:
        data["doc_number"] = doc.doc_number
    data.update(title=doc.title, date=doc.date, issuer=doc.issuer)
    if doc.addressees:
        data["addressees"] = doc.addressees
    data["public"] = _is_public(doc)
    if doc.publication_note:
        data["publication_note"] = doc.publication_note
    if kind == "policy":
        if doc.cover:
            data["summary"] = "\n\n".join(doc.cover)
        if doc.intro:
            data["body"] = "\n\n".join(doc.intro)
        data["sections"] = [_section(h) for h in doc.headings]
    else:
        data["body"] = _notice_body(doc)
    if doc.attachments:
        data["attachments"] = [
            {"title": a.title, **({"body": "\n\n".join(a.body)} if a.body else {})} for a in doc.attachments
        ]
    if doc.printed_by and doc.print_date:  # 版记: notices have one as policies do
        data["record"] = {"printed_by": doc.printed_by, "print_date": doc.print_date}
        if doc.cc:
            data["record"]["cc"] = doc.cc
    else:  # 抄送 without 印发机关和日期 is no complete 版记: kept as comments for the clerk
        doc.unplaced.extend(doc.record_lines)
    return data


def _section(heading: Heading) -> dict[str, Any]:
    section: dict[str, Any] = {"title": heading.title}
    if heading.body:
        section["body"] = "\n\n".join(heading.body)
    if heading.children:
        section["sections"] = [_section(child) for child in heading.children]
    return section


def _notice_body(doc: Parsed) -> str:
    """A notice keeps its headings in the Markdown body, numbered as printed: ## 一、…"""
    parts = list(doc.intro)

    def walk(headings: list[Heading], depth: int) -> None:
        for index, heading in enumerate(headings, start=1):
            parts.append(f"{'#' * (depth + 1)} {section_label(depth, index)}{heading.title}")
            parts.extend(heading.body)
            walk(heading.children, depth + 1)

    walk(doc.headings, 1)
    return "\n\n".join(parts) or doc.title


def to_yaml(data: dict[str, Any], source_name: str, unplaced: list[Line]) -> str:
    body = dump_yaml(data)
    head = f"# {text.IMPORTED_FROM.format(source=source_name)}\n"
    tail = ""
    if unplaced:
        tail = f"\n# {text.UNPLACED_COMMENT}\n" + "".join(
            f"# {where(line)}：{line.text}\n" for line in unplaced
        )
    return head + body + tail


def _summary(data: dict[str, Any]) -> str:
    def count(sections: list[dict[str, Any]], depth: int) -> tuple[int, int]:
        total, deepest = 0, depth - 1 if not sections else depth
        for section in sections:
            sub_total, sub_depth = count(section.get("sections", []), depth + 1)
            total += 1 + sub_total
            deepest = max(deepest, sub_depth)
        return total, deepest

    if "sections" in data:
        sections, depth = count(data["sections"], 1)
    else:
        headings = re.findall(r"^(#{2,5}) ", data.get("body", ""), re.M)
        sections, depth = len(headings), max((len(h) - 1 for h in headings), default=0)
    return text.IMPORT_SUMMARY.format(
        sections=sections, depth=depth, attachments=len(data.get("attachments", []))
    )


# --- checking the result ------------------------------------------------------------------------------


def validate(path: Path, kind: Kind, project_root: Path | None) -> list[str]:
    """Problems in the written file: schema checks, and the project's cross-checks when inside one."""
    root = project_root or path.parent
    diagnostics: list[Diagnostic] = []
    read_document(path, root, MODELS[kind], diagnostics)
    if project_root is not None and not diagnostics:
        try:
            load_project(project_root)
        except ContentError as exc:
            rel = relative(path.resolve(), project_root.resolve())
            diagnostics.extend(d for d in exc.diagnostics if d.path == rel)
    return [d.format() for d in sorted(set(diagnostics)) if d.severity is Severity.ERROR]

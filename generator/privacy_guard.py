"""Keep roster data off the public site, checked twice.

1. ``public_content_problems`` (link phase): every text field of every document
   the public site will show is searched for roster names, phones and ID
   numbers; a hit is a content error pointing at the file, line and field.
2. ``scan_public_site`` (after building, before publishing): every file of the
   built public site is searched the same way, catching anything a template
   override might have added. A hit aborts the build; nothing is swapped in.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import messages as msg
from .audience import Content
from .diagnostics import Diagnostic
from .printing.extract import PRINTED_SUFFIXES, printed_text
from .project import Project
from .schema import Member


@dataclass(frozen=True)
class Hit:
    member: Member
    what: str  # 姓名 / 手机号 / 身份证号


class RosterMatcher:
    """Finds roster names, phones and ID numbers in text, in time that grows with the
    text, not with the roster: names are looked up in a set for every substring of
    a CJK run that has a roster name's length; numbers are cut out by regex and
    looked up the same way. (Searching each of thousands of needles separately
    took 6.7 s on the 1000-page benchmark's public site; this takes under 1 s.)"""

    _CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff·・]+")  # middle dots: 阿依古丽·买买提
    _NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:1[3-9]\d{9}|\d{17}[\dXx])(?![0-9A-Za-z])")

    def __init__(self, members: list[Member]):
        self.names: dict[str, Member] = {}
        self.numbers: dict[str, Hit] = {}
        for member in members:
            self.names.setdefault(member.name, member)
            if member.phone:
                self.numbers[member.phone] = Hit(member, msg.WHAT_PHONE)
            if member.id_number:
                self.numbers[member.id_number.upper()] = Hit(member, msg.WHAT_ID)
        self.lengths = sorted({len(name) for name in self.names})

    def first_hit(self, text: str) -> Hit | None:
        for match in self._NUMBER.finditer(text):
            hit = self.numbers.get(match.group().upper())
            if hit:
                return hit
        names, lengths = self.names, self.lengths
        for run in self._CJK.finditer(text):
            chunk = run.group()
            for length in lengths:
                for start in range(len(chunk) - length + 1):
                    member = names.get(chunk[start : start + length])
                    if member is not None:
                        return Hit(member, msg.WHAT_NAME)
        return None


def _strings(data: Any, key_path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*key_path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*key_path, index))
    elif data is not None:
        yield key_path, str(data)


def public_content_problems(project: Project) -> list[Diagnostic]:
    public = Content.for_audience(project, "public")
    # The site config is on every page of the public site (title, description, copyright).
    documents = [project.config, *public.policies, *public.codes, *public.notices]
    matcher = RosterMatcher(project.roster.members)
    problems = []
    for document in documents:
        for key_path, text in _strings(document._source.data):
            hit = matcher.first_hit(text)
            if hit is not None:
                problems.append(
                    document._source.diagnostic(
                        key_path,
                        msg.PRIVATE_DATA_IN_PUBLIC.format(member=hit.member.id, what=hit.what),
                        msg.PRIVATE_DATA_IN_PUBLIC_HINT,
                    )
                )
    return problems


class PrivacyLeak(Exception):
    pass


def readable_text(path: Path) -> str:
    """A built file's text as a reader would see it (JSON unescaped, search separators removed)."""
    if path.suffix in PRINTED_SUFFIXES:  # downloads: the text of a PDF or Word file
        return printed_text(path)
    text = path.read_text(encoding="utf-8", errors="ignore")
    if path.suffix == ".json":
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), ensure_ascii=False)
    return text.replace("\u200b", "")


SCANNED_SUFFIXES = (".html", ".js", ".json", ".xml", ".txt", ".md", *PRINTED_SUFFIXES)


def scan_public_site(project: Project, site_dir: Path) -> None:
    matcher = RosterMatcher(project.roster.members)
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.suffix not in SCANNED_SUFFIXES:
            continue
        if path.name == "search_index.js" and path.with_suffix(".json").is_file():
            continue  # the offline plugin's copy of search_index.json, scanned as JSON
        hit = matcher.first_hit(readable_text(path))
        if hit is not None:
            raise PrivacyLeak(
                msg.PRIVATE_DATA_IN_PUBLIC.format(member=hit.member.id, what=hit.what)
                + f"（{path.relative_to(site_dir)}）"
            )

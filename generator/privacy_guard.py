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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import messages as msg
from .audience import Content
from .diagnostics import Diagnostic
from .project import Project
from .schema import Member


@dataclass(frozen=True)
class Needle:
    text: str
    member: Member
    what: str


def needles(project: Project) -> list[Needle]:
    found = []
    for member in project.roster.members:
        found.append(Needle(member.name, member, msg.WHAT_NAME))
        if member.phone:
            found.append(Needle(member.phone, member, msg.WHAT_PHONE))
        if member.id_number:
            found.append(Needle(member.id_number, member, msg.WHAT_ID))
    return found


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
    all_needles = needles(project)
    problems = []
    for document in documents:
        for key_path, text in _strings(document._source.data):
            for needle in all_needles:
                if needle.text in text:
                    problems.append(
                        document._source.diagnostic(
                            key_path,
                            msg.PRIVATE_DATA_IN_PUBLIC.format(member=needle.member.id, what=needle.what),
                            msg.PRIVATE_DATA_IN_PUBLIC_HINT,
                        )
                    )
    return problems


class PrivacyLeak(Exception):
    pass


def readable_text(path: Path) -> str:
    """A built file's text as a reader would see it (JSON unescaped, search separators removed)."""
    text = path.read_text(encoding="utf-8", errors="ignore")
    if path.suffix == ".json":
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), ensure_ascii=False)
    return text.replace("\u200b", "")


def scan_public_site(project: Project, site_dir: Path) -> None:
    all_needles = needles(project)
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".js", ".json", ".xml", ".txt", ".md"):
            continue
        text = readable_text(path)
        for needle in all_needles:
            if needle.text in text:
                raise PrivacyLeak(
                    msg.PRIVATE_DATA_IN_PUBLIC.format(member=needle.member.id, what=needle.what)
                    + f"（{path.relative_to(site_dir)}）"
                )

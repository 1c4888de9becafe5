"""Keep roster data off the public site: the content check (link phase).

Every text field of every document the public site will show, and the site
config (on every page), is searched for roster names, phones and ID numbers; a
hit is a content error pointing at the file, line and field. After the build,
``site.scan`` searches every built file the same way before anything is published.
"""

from __future__ import annotations

from .. import messages as msg
from ..diagnostics import Diagnostic
from ..privacy import RosterMatcher
from ..textio import walk_strings
from .model import Content, Project


def public_content_problems(project: Project) -> list[Diagnostic]:
    public = Content.for_audience(project, "public")
    # The site config is on every page of the public site (title, description, copyright).
    documents = [project.config, *public.policies, *public.rules, *public.notices]
    matcher = RosterMatcher(project.roster.members)
    problems = []
    for document in documents:
        for key_path, text in walk_strings(document._source.data):
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

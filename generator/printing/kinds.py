"""The registry of printable document kinds: what gets printed, on what paper, where it goes.

A kind is one Jinja template under ``templates/print/`` plus one ``Kind`` entry in
``KINDS``; nothing else needs to change to add one. ``items(project)`` lists the
documents of that kind (one per notice, one per module and team, …); each becomes
an ``Output`` with a fixed path, so sites can link a file before it is printed.

Where an output may go is decided here and in ``audience.Content`` only:
``area`` "trainer" never reaches a site; a "print" output is offered on a site page
only when that page shows its source document (so the public site, which only has
public documents' pages, only gets public documents' files) and ``audiences``
allows that site.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from ..content import Area, Audience, Project
from ..content.schema import Document, Member, Notice, Policy, QuizBank, Rules, Team, TrainingModule
from ..messages import printing as text

Format = Literal["pdf", "docx", "html"]


@dataclass(frozen=True)
class Paper:
    name: str
    width_mm: float
    height_mm: float


A4 = Paper("A4", 210, 297)
A4_LANDSCAPE = Paper("A4", 297, 210)
A6 = Paper("A6", 105, 148)


@dataclass(frozen=True)
class Item:
    """One document of one kind, before rendering; its fields (beyond key and title) are
    what its template sees, by name."""

    key: str  # file name stem, unique within the kind
    title: str

    def context(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("key", "title")}

    @property
    def source(self) -> Document | None:
        """The content document printed, if any (its site page links the file)."""
        return None


@dataclass(frozen=True)
class NoticeItem(Item):
    notice: Notice

    @property
    def source(self) -> Document:
        return self.notice


@dataclass(frozen=True)
class PolicyItem(Item):
    policy: Policy

    @property
    def source(self) -> Document:
        return self.policy


@dataclass(frozen=True)
class RulesItem(Item):
    rules: Rules

    @property
    def source(self) -> Document:
        return self.rules


@dataclass(frozen=True)
class ModuleItem(Item):
    module: TrainingModule
    banks: list[QuizBank]

    @property
    def source(self) -> Document:
        return self.module


@dataclass(frozen=True)
class ExamItem(Item):
    bank: QuizBank

    @property
    def source(self) -> Document:
        return self.bank


@dataclass(frozen=True)
class SignInItem(Item):
    module: TrainingModule
    teams: list[tuple[Team, list[Member]]]

    @property
    def source(self) -> Document:
        return self.module


@dataclass(frozen=True)
class BlankFormItem(Item):
    """A form printed empty (the patrol log): no content document behind it."""


@dataclass(frozen=True)
class LedgerTable:
    """One table of a ledger, every cell already text (a rate as "67%")."""

    name: str
    header: list[str]
    rows: list[list[str]]
    numeric: list[bool]  # right-aligned columns
    wrap: list[bool]  # columns of long text; every other cell stays on one line


@dataclass(frozen=True)
class LedgerItem(Item):
    """A records ledger (台账). Made by the scorer from the records database, which printing
    never reads; the pipeline hands these items in with the content's outputs."""

    subtitle: str
    warnings: list[str]
    tables: list[LedgerTable]
    signatures: str


@dataclass(frozen=True)
class Kind:
    name: str
    template: str  # under templates/, e.g. print/notice.html.j2
    label: str  # shown on download links and in reports
    paper: Paper
    area: Area
    folder: str  # sub-folder of the area
    items: Callable[[Project], Iterable[Item]]
    suffix: str = ""  # appended to the item key in the file name
    word: bool = False  # also write an editable .docx of the same HTML
    html: bool = False  # also keep the HTML itself, to read on a screen
    audiences: frozenset[Audience] = frozenset({"team", "public"})
    # Site pages that link this kind: by default the page of the source document;
    # items without a source are linked from every page showing one of these kinds.
    link_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class Output:
    """One file to produce: a kind, an item, a format and its path under the area."""

    kind: Kind
    item: Item
    format: Format

    @property
    def rel(self) -> str:
        return f"{self.kind.folder}/{self.item.key}{self.kind.suffix}.{self.format}"

    @property
    def area_rel(self) -> str:
        """Unique across areas: the manifest key."""
        return f"{self.kind.area}/{self.rel}"

    @property
    def label(self) -> str:
        return text.LINK_WORD if self.format == "docx" else self.kind.label


# --- what each kind prints ---------------------------------------------------------------


def _notices(project: Project) -> Iterator[Item]:
    for notice in project.notices:
        yield NoticeItem(notice.id, notice.title, notice)


def _policies(project: Project) -> Iterator[Item]:
    for policy in project.policies:
        yield PolicyItem(policy.id, policy.title, policy)


def _rules(project: Project) -> Iterator[Item]:
    for rules in project.rules:
        yield RulesItem(rules.id, rules.title, rules)


def _modules(project: Project) -> Iterator[Item]:
    for module in project.modules:
        yield ModuleItem(module.id, module.title, module, project.banks_of(module))


def _exam_banks(project: Project) -> Iterator[Item]:
    for bank in project.banks:
        if bank.is_exam:
            yield ExamItem(bank.id, bank.title, bank)


def _sign_in_sheets(project: Project) -> Iterator[Item]:
    """One file per module (training or drill): a sheet per team, each listing that team's members.

    One file per module rather than per team keeps a large project's first print quick
    (a document costs far more than a page); each team's sheet starts on its own page.
    """
    for module in project.modules:
        teams = [
            (team, members)
            for team in project.roster.teams
            if (members := [m for m in project.roster.members if m.team == team.id])
        ]
        if teams:
            yield SignInItem(module.id, _sign_in_title(module), module, teams)


def _sign_in_title(module: TrainingModule) -> str:
    return text.SIGNIN_DRILL_TITLE if module.is_drill else text.SIGNIN_TRAINING_TITLE


def _patrol_log(project: Project) -> Iterator[Item]:
    yield BlankFormItem("patrol-log", text.PATROL_LOG_TITLE)


def _from_records(project: Project) -> Iterator[Item]:
    """Nothing from the content: ledgers come from the records (``scorer.ledger.ledger_outputs``)."""
    return iter(())


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in [
        Kind("notice", "print/notice.html.j2", text.LINK_OFFICIAL_PDF, A4, "print", "notices", _notices,
             word=True),
        Kind("policy", "print/policy.html.j2", text.LINK_OFFICIAL_PDF, A4, "print", "policies", _policies,
             word=True),
        Kind("rules-poster", "print/rules_poster.html.j2", text.LINK_POSTER, A4, "print", "rules", _rules,
             suffix="-poster"),
        Kind("rules-card", "print/rules_card.html.j2", text.LINK_CARD, A6, "print", "rules", _rules,
             suffix="-card"),
        Kind("handout", "print/handout.html.j2", text.LINK_HANDOUT, A4, "print", "modules", _modules,
             audiences=frozenset({"team"})),
        Kind("patrol-log", "print/patrol_log.html.j2", text.LINK_PATROL_LOG, A4, "print", "forms",
             _patrol_log, audiences=frozenset({"team"}), link_on=("module",)),
        Kind("exam-paper", "print/exam_paper.html.j2", text.KIND_EXAM_PAPER, A4, "trainer", "exams",
             _exam_banks, audiences=frozenset()),
        Kind("answer-key", "print/answer_key.html.j2", text.KIND_ANSWER_KEY, A4, "trainer", "exams",
             _exam_banks, suffix="-key", audiences=frozenset()),
        Kind("sign-in", "print/sign_in.html.j2", text.KIND_SIGN_IN, A4, "trainer", "sign-in",
             _sign_in_sheets, audiences=frozenset()),
        Kind("ledger", "print/ledger.html.j2", text.KIND_LEDGER, A4_LANDSCAPE, "trainer", "ledgers",
             _from_records, html=True, audiences=frozenset()),
    ]
}  # fmt: skip


def plan_outputs(project: Project, kinds: Iterable[Kind] | None = None) -> list[Output]:
    """Every file the project prints, in a stable order."""
    outputs = []
    for kind in kinds or KINDS.values():
        for item in kind.items(project):
            outputs.append(Output(kind, item, "pdf"))
            outputs.extend(extra_formats(kind, item))
    return outputs


def extra_formats(kind: Kind, item: Item) -> list[Output]:
    """The outputs of an item beside its PDF."""
    return [Output(kind, item, f) for f, wanted in (("docx", kind.word), ("html", kind.html)) if wanted]


# --- links from site pages ---------------------------------------------------------------


@dataclass(frozen=True)
class Download:
    label: str
    path: str  # site-relative, e.g. downloads/notices/n01.pdf
    output: Output = field(compare=False)


DOWNLOADS_DIR = "downloads"


def downloads_for_page(
    outputs: Iterable[Output], audience: Audience, documents: Iterable[Document]
) -> list[Download]:
    """The files a site page offers, given the documents the page shows."""
    shown = list(documents)
    shown_ids = {id(doc) for doc in shown}
    shown_kinds = {doc.doc_kind for doc in shown}
    found = []
    for output in outputs:
        kind = output.kind
        if kind.area != "print" or audience not in kind.audiences:
            continue
        source = output.item.source
        if (source is not None and id(source) in shown_ids) or (
            source is None and shown_kinds & set(kind.link_on)
        ):
            found.append(Download(output.label, f"{DOWNLOADS_DIR}/{output.rel}", output))
    return found

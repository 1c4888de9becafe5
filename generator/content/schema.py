"""The content schema: one pydantic model per YAML kind.

Models declare the shape (types, required fields, allowed values); pydantic
checks every field without stopping at the first failure. Rules that span
several fields (an answer must be one of the options) live in each model's
``check()``, which yields problems with the exact key path they concern.
Cross-document rules (a module naming a missing quiz) live in ``link``.

docs/content-format.md documents this module; keep the two in step.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
import typing
from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
)

from .. import messages as msg
from ..dates import parse_date_text
from ..errors import PinganError
from ..escape import MarkdownText
from ..privacy import id_number_problem, is_mobile_phone
from .loader import format_key_path

Issue = tuple[tuple[str | int, ...], str, str]  # (key path within the document, message, hint)


class Problem(PinganError, ValueError):
    """A field-level problem with a Chinese message and a hint on how to fix it.

    A ``ValueError`` too, because pydantic collects only those from validators.
    """


# --- field types ------------------------------------------------------------------------


def _parse_date(value: Any) -> Any:
    """Accept 2024-05-17 (YAML date), "2024/5/17" and "2024年5月17日"."""
    if isinstance(value, str):
        return parse_date_text(value) or value
    return value


def _check_month(value: str) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if not m or not 1 <= int(m[2]) <= 12:
        raise Problem(msg.BAD_MONTH.format(value=value), msg.BAD_MONTH_HINT)
    return value


def _check_doc_number(value: str) -> str:
    # A document number carries its year in hexagonal brackets: 青石府发〔2024〕21号.
    if re.search(r"\d{4}", value) and not re.search(r"〔\d{4}〕", value):
        raise Problem(msg.BAD_DOC_NUMBER.format(value=value), msg.BAD_DOC_NUMBER_HINT)
    return value


def _check_phone(value: str) -> str:
    if not is_mobile_phone(value):
        raise Problem(msg.BAD_PHONE, msg.BAD_PHONE_HINT)
    return value


def _check_id_number(value: str) -> str:
    why = id_number_problem(value)
    if why:
        raise Problem(msg.BAD_ID_NUMBER.format(why=why), msg.BAD_ID_NUMBER_HINT)
    return value


_MEMBER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")


def _check_member_id(value: str) -> str:
    if not _MEMBER_ID.fullmatch(value):
        raise Problem(msg.BAD_MEMBER_ID.format(value=value), msg.BAD_MEMBER_ID_HINT)
    return value


class TextKind(enum.Enum):
    """What a string field holds; every ``str`` in the schema says which (tests check it).

    docs/content-format.md lists the Markdown fields; everything else a reader sees is plain text.
    """

    PLAIN = "plain"  # shown exactly as typed in every output: ``<b>`` or ``*`` is text, not markup
    MARKDOWN = "markdown"  # formatted text (bodies, intros, explanations); HTML in it is sanitised
    # An id, month, number, path or reference: its own rule allows no markup, or it is never shown.
    KEY = "key"


Plain = Annotated[str, TextKind.PLAIN]
Text = Annotated[str, TextKind.PLAIN, Field(min_length=1)]
# Markdown values are MarkdownText, so the site renderer writes them as Markdown and every other
# string as text (render.Renderer); dumped back to YAML or JSON they are plain str again.
Markdown = Annotated[
    str, TextKind.MARKDOWN, AfterValidator(MarkdownText), PlainSerializer(str, return_type=str)
]
Key = Annotated[str, TextKind.KEY]
RequiredKey = Annotated[str, TextKind.KEY, Field(min_length=1)]
Slug = Annotated[str, TextKind.KEY, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Date = Annotated[dt.date, BeforeValidator(_parse_date)]
Month = Annotated[str, TextKind.KEY, AfterValidator(_check_month)]
DocNumber = Annotated[str, TextKind.PLAIN, Field(min_length=1), AfterValidator(_check_doc_number)]
Phone = Annotated[str, TextKind.KEY, AfterValidator(_check_phone)]
IdNumber = Annotated[str, TextKind.KEY, AfterValidator(_check_id_number)]
MemberId = Annotated[str, TextKind.KEY, AfterValidator(_check_member_id)]


FieldPath = tuple[str, ...]  # field names; "[]" stands for any list item, "{}" for a mapping's value


def text_fields(
    model: type[BaseModel], seen: frozenset[type] = frozenset()
) -> Iterator[tuple[FieldPath, TextKind]]:
    """Every string field of ``model`` and of the models inside it, with what it holds.

    A ``str`` that does not say its ``TextKind`` is an error: the schema decides for each one.
    """
    for name, info in model.model_fields.items():
        kinds = [m for m in info.metadata if isinstance(m, TextKind)]
        if kinds:
            yield (name,), kinds[0]
        else:
            yield from _text_fields_in(info.annotation, (name,), seen | {model})


def _text_fields_in(
    annotation: Any, path: FieldPath, seen: frozenset[type]
) -> Iterator[tuple[FieldPath, TextKind]]:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Annotated:
        kinds = [m for m in args[1:] if isinstance(m, TextKind)]
        yield from [(path, kinds[0])] if kinds else _text_fields_in(args[0], path, seen)
    elif annotation is str:
        raise TypeError(f"{'.'.join(path)}: a str field must say its TextKind (Plain, Text, Markdown, Key …)")
    elif origin is dict:
        yield from _text_fields_in(args[0], (*path, "{key}"), seen)
        yield from _text_fields_in(args[1], (*path, "{}"), seen)
    elif origin is list:
        yield from _text_fields_in(args[0], (*path, "[]"), seen)
    elif origin in (typing.Union, types.UnionType):
        for arg in args:
            yield from _text_fields_in(arg, path, seen)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation not in seen:
        for sub_path, kind in text_fields(annotation, seen):
            yield (*path, *sub_path), kind


class Schema(BaseModel):
    """Base for every content model: unknown keys are errors, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    def check(self) -> Iterator[Issue]:
        """Rules spanning several fields; yields nothing when all is well."""
        return iter(())


class Document(Schema):
    """A top-level file. Keeps the file it came from, like MkDocs' ``File``."""

    doc_kind: ClassVar[str]
    # Old field name → new one. The old spelling is still read, with a warning that says
    # what to write instead (as MkDocs' ``Deprecated(moved_to=…)``); see load.read_document.
    renamed: ClassVar[dict[str, str]] = {}
    _source: Any = PrivateAttr(default=None)  # loader.SourceFile

    @property
    def source_rel(self) -> str:
        return self._source.rel if self._source else "<memory>"


# --- site_config.yml ----------------------------------------------------------------------


class SiteInfo(Schema):
    name: Text
    public_name: Plain = ""  # title of the public site; default: "<organisation>平安建设信息公开"
    description: Plain = ""
    language: Literal["zh", "zh-Hant", "zh-TW"] = "zh"
    copyright: Plain = ""  # text, though Material would take HTML here


class Organisation(Schema):
    name: Text
    short_name: Plain = ""
    office: Plain = ""


class Outputs(Schema):
    team_site: RequiredKey = "site/team"
    public_site: RequiredKey = "site/public"
    print_dir: RequiredKey = "print"  # every printable file (PDF, Word), reused when unchanged
    trainer_dir: RequiredKey = "trainer"  # exam papers, answer keys, ledgers: never inside a site


FontRole = Literal["fangsong", "xiaobiaosong", "heiti", "kaiti", "songti"]


class PatrolLogForm(Schema):
    """What the blank 巡查日志 offers to tick: this township's areas, posts and checks."""

    areas: list[Text] = []  # 巡查区域, e.g. 场镇集中区
    posts: list[Text] = []  # 岗位, e.g. 护学岗
    checklist: list[Text] = []  # 巡查要点, each ticked 正常 / 异常


class PrintConfig(Schema):
    """Printing: licensed font names per role (tried first), and the patrol log form."""

    fonts: dict[FontRole, list[Text]] = {}
    patrol_log: PatrolLogForm = PatrolLogForm()


class Thresholds(Schema):
    trainings_per_month: int = Field(default=1, ge=0)
    drills_per_quarter: int = Field(default=1, ge=0)
    pass_mark: int = Field(default=60, ge=0, le=100)


PublicSection = Literal["notices", "policies", "rules"]


class PublicConfig(Schema):
    sections: list[PublicSection] = ["notices", "policies"]


AttendanceStatus = Literal["present", "late", "excused", "absent"]


class RecordsConfig(Schema):
    """The records database and how attendance and answers are judged."""

    database: RequiredKey = "records/pingan.db"  # SQLite path in the project, or any SQLAlchemy URL
    counted_statuses: list[AttendanceStatus] = ["present", "late"]  # what counts as attended
    partial_credit: bool = False  # multiple choice: proportional credit instead of all-or-nothing
    header_aliases: dict[Key, list[Key]] = {}  # extra spreadsheet headers, e.g. {姓名: [队员姓名]}
    # teams: the team site (on every member's tablet) shows team-level rates and charts only;
    # members: also named lists and each member's scores. Trainers always get them in trainer/.
    site_detail: Literal["teams", "members"] = "teams"
    # item analysis flags a question 请核对答案 only from this many answers (fewer say so instead)
    flag_min_answers: int = Field(default=30, ge=2)


class SiteConfig(Document):
    doc_kind: ClassVar[str] = "config"

    # Where outputs may go depends on the folders on disk: content/paths.py checks it.

    site: SiteInfo
    organisation: Organisation
    outputs: Outputs = Outputs()
    thresholds: Thresholds = Thresholds()
    public: PublicConfig = PublicConfig()
    records: RecordsConfig = RecordsConfig()
    print: PrintConfig = PrintConfig()


# --- policies: official documents with nested sections -------------------------------------

SECTION_NUMERALS = "一二三四五六七八九十"
MAX_SECTION_DEPTH = 4
_NUMBER_PREFIX = re.compile(r"^\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])")


def chinese_numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (enough for section counts)."""
    if n <= 10:
        return SECTION_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else SECTION_NUMERALS[tens - 1]
    return head + "十" + (SECTION_NUMERALS[ones - 1] if ones else "")


def section_label(depth: int, index: int) -> str:
    """GB/T 9704 heading numbers: 一、 → （一） → 1. → （1）."""
    return (
        f"{chinese_numeral(index)}、",
        f"（{chinese_numeral(index)}）",
        f"{index}.",
        f"（{index}）",
    )[min(depth, MAX_SECTION_DEPTH) - 1]


class Section(Schema):
    id: Slug | None = None
    title: Text
    body: Markdown = ""
    sections: list[Section] = []

    # Filled in by Policy after validation: "（二）", "3.2", anchor "s-3-2".
    _label: str = PrivateAttr(default="")
    _path: str = PrivateAttr(default="")
    _depth: int = PrivateAttr(default=1)

    @property
    def label(self) -> str:
        return self._label

    @property
    def path(self) -> str:
        return self._path

    @property
    def depth(self) -> int:
        return self._depth

    @property
    def anchor(self) -> str:
        return self.id or "s-" + self._path.replace(".", "-")


class Attachment(Schema):
    title: Text
    body: Markdown = ""


class DocumentRecord(Schema):
    """版记: who printed the document and when, and who else received it."""

    printed_by: Text
    print_date: Date
    cc: list[Text] = []


class Policy(Document):
    doc_kind: ClassVar[str] = "policy"
    template: ClassVar[str] = "pages/policy.md.j2"
    id: Slug
    doc_number: DocNumber | None = None
    issuer: Text
    date: Date
    title: Text
    addressees: list[Text] = []
    public: bool = False
    publication_note: Plain = ""
    summary: Plain = ""
    body: Markdown = ""
    sections: list[Section] = []
    attachments: list[Attachment] = []
    record: DocumentRecord | None = None
    _sections_by_ref: dict[str, Section] = PrivateAttr(default_factory=dict)  # filled after numbering

    def model_post_init(self, _context: Any) -> None:
        def number(sections: list[Section], depth: int, prefix: str) -> None:
            for index, section in enumerate(sections, start=1):
                section._depth = depth
                section._label = section_label(depth, index)
                section._path = f"{prefix}{index}"
                number(section.sections, depth + 1, f"{section._path}.")

        number(self.sections, 1, "")
        # By id and by number, the first in reading order winning (as a search in that order would).
        self._sections_by_ref = {}
        for _, section in self.walk_sections():
            for ref in (section.id, section.path):
                if ref:
                    self._sections_by_ref.setdefault(ref, section)

    def walk_sections(self) -> Iterator[tuple[tuple[str | int, ...], Section]]:
        def walk(sections: list[Section], key_path: tuple[str | int, ...]):
            for index, section in enumerate(sections):
                here = (*key_path, "sections", index)
                yield here, section
                yield from walk(section.sections, here)

        yield from walk(self.sections, ())

    def find_section(self, ref: str) -> Section | None:
        return self._sections_by_ref.get(ref)

    def check(self) -> Iterator[Issue]:
        for key_path, section in self.walk_sections():
            if section.depth > MAX_SECTION_DEPTH:
                yield key_path, msg.SECTION_TOO_DEEP, msg.SECTION_TOO_DEEP_HINT
            prefix = _NUMBER_PREFIX.match(section.title)
            if prefix:
                yield (
                    (*key_path, "title"),
                    msg.NUMBER_IN_TITLE.format(prefix=prefix[1]),
                    msg.NUMBER_IN_TITLE_HINT,
                )
        for key_path, section in self.walk_sections():
            if section.id and re.fullmatch(r"[\d.]+", section.id):
                yield (
                    (*key_path, "id"),
                    msg.NUMERIC_SECTION_ID.format(value=section.id),
                    msg.NUMERIC_SECTION_ID_HINT,
                )
        yield from _duplicates([(kp, s.id) for kp, s in self.walk_sections() if s.id], "section", "id")


# --- the code of conduct (五要十不准) -------------------------------------------------------


class Rule(Schema):
    id: Slug
    kind: Literal["must", "prohibition"]
    text: Text
    explanation: Markdown = ""
    examples: list[Text] = []
    assessment: list[Text] = []

    _label: str = PrivateAttr(default="")

    @property
    def label(self) -> str:
        """一要 … 五要; 一不准 … 十不准."""
        return self._label


class Rules(Document):
    """A code of conduct (守则), e.g. 《五要十不准》: an intro and its rules, each a 要 or a 不准."""

    doc_kind: ClassVar[str] = "rules"
    template: ClassVar[str] = "pages/rules.md.j2"
    id: Slug
    title: Text
    public: bool = False
    intro: Markdown = ""
    items: list[Rule] = Field(min_length=1)

    def model_post_init(self, _context: Any) -> None:
        counters = {"must": 0, "prohibition": 0}
        for item in self.items:
            counters[item.kind] += 1
            word = msg.RULE_MUST if item.kind == "must" else msg.RULE_PROHIBITION
            item._label = chinese_numeral(counters[item.kind]) + word

    @property
    def musts(self) -> list[Rule]:
        return [i for i in self.items if i.kind == "must"]

    @property
    def prohibitions(self) -> list[Rule]:
        return [i for i in self.items if i.kind == "prohibition"]

    def find_item(self, ref: str) -> Rule | None:
        return next((i for i in self.items if i.id == ref), None)

    def check(self) -> Iterator[Issue]:
        yield from _duplicates([(("items", n), i.id) for n, i in enumerate(self.items)], "rule", "id")


# --- training modules and drills ---------------------------------------------------------------


class TrainingModule(Document):
    doc_kind: ClassVar[str] = "module"
    template: ClassVar[str] = "pages/module.md.j2"
    id: Slug
    title: Text
    month: Month
    kind: Literal["training", "drill"]
    category: Text
    duration: int = Field(ge=1, le=1440)
    objectives: list[Text] = []
    place: Plain = ""
    trainer: Plain = ""
    body: Markdown = ""
    quizzes: list[Slug] = []

    @property
    def is_drill(self) -> bool:
        return self.kind == "drill"

    @property
    def quarter(self) -> str:
        year, month = self.month.split("-")
        return f"{year}Q{(int(month) - 1) // 3 + 1}"


# --- notices ---------------------------------------------------------------------------------


class Notice(Document):
    doc_kind: ClassVar[str] = "notice"
    template: ClassVar[str] = "pages/notice.md.j2"
    renamed: ClassVar[dict[str, str]] = {"number": "doc_number"}  # until 2025: notices said number
    id: Slug
    doc_number: DocNumber | None = None
    title: Text
    date: Date
    issuer: Text
    public: bool = False
    addressees: list[Text] = []
    publication_note: Plain = ""
    body: Annotated[Markdown, Field(min_length=1)]
    attachments: list[Attachment] = []
    record: DocumentRecord | None = None  # 版记, as for policies


# --- the roster (private) ------------------------------------------------------------------------


class Team(Schema):
    id: Slug
    name: Text
    description: Plain = ""


class Member(Schema):
    id: MemberId
    name: Text
    gender: Literal["男", "女"] | None = None
    team: Slug
    role: Plain = ""
    phone: Phone | None = None
    id_number: IdNumber | None = None
    joined: Date | None = None


class Roster(Document):
    doc_kind: ClassVar[str] = "roster"
    teams: list[Team] = []
    members: list[Member] = []

    def check(self) -> Iterator[Issue]:
        yield from _duplicates([(("teams", n), t.id) for n, t in enumerate(self.teams)], "team", "id")
        yield from _duplicates([(("members", n), m.id) for n, m in enumerate(self.members)], "member", "id")
        team_ids = [t.id for t in self.teams]
        known = set(team_ids)
        for n, member in enumerate(self.members):
            if member.team not in known:
                yield (
                    ("members", n, "team"),
                    msg.UNKNOWN_TEAM.format(id=member.team),
                    msg.UNKNOWN_TEAM_HINT.format(known="、".join(team_ids) or "（无）"),
                )


# --- quiz banks -------------------------------------------------------------------------------------

OPTION_LETTERS = "ABCDEFGH"


class Question(Schema):
    id: Slug
    type: Literal["single", "multiple", "true_false"]
    stem: Text
    options: dict[Key, Text] | None = None  # letter → text
    answer: Any = None  # shape depends on type; checked in check()
    explanation: Markdown = ""
    tags: list[Text] = []
    source: Key | None = None  # a reference, resolved by content.link

    @property
    def correct_letters(self) -> list[str]:
        if self.type == "single":
            return [str(self.answer)]
        if self.type == "multiple":
            return [str(a) for a in self.answer]
        return []

    def check(self) -> Iterator[Issue]:
        if self.answer is None:
            yield ("answer",), msg.SCHEMA_ERRORS["missing"][0], msg.SCHEMA_ERRORS["missing"][1]
            return
        if self.type == "true_false":
            if self.options:
                yield ("options",), msg.OPTIONS_FOR_TRUE_FALSE, msg.OPTIONS_FOR_TRUE_FALSE_HINT
            if not isinstance(self.answer, bool):
                yield ("answer",), msg.ANSWER_TRUE_FALSE_FORM, msg.ANSWER_TRUE_FALSE_FORM_HINT
            return
        if not self.options or len(self.options) < 2:
            yield ("options",), msg.OPTIONS_MISSING, msg.OPTIONS_MISSING_HINT
            return
        letters = list(self.options)
        if letters != list(OPTION_LETTERS[: len(letters)]):
            yield (
                ("options",),
                msg.OPTION_LETTERS.format(letters="、".join(map(str, letters))),
                msg.OPTION_LETTERS_HINT,
            )
        if self.type == "single":
            if not isinstance(self.answer, str):
                yield ("answer",), msg.ANSWER_SINGLE_FORM, msg.ANSWER_SINGLE_FORM_HINT
                return
            given = [self.answer]
        else:
            if not isinstance(self.answer, list) or len(self.answer) < 2:
                yield ("answer",), msg.ANSWER_MULTIPLE_FORM, msg.ANSWER_MULTIPLE_FORM_HINT
                return
            given = [str(a) for a in self.answer]
            if len(set(given)) != len(given):
                yield ("answer",), msg.ANSWER_DUPLICATE, msg.ANSWER_DUPLICATE_HINT
        for letter in given:
            if letter not in self.options:
                yield (
                    ("answer",),
                    msg.ANSWER_NOT_OPTION.format(answer=letter, letters="、".join(letters)),
                    msg.ANSWER_NOT_OPTION_HINT,
                )


class QuizBank(Document):
    doc_kind: ClassVar[str] = "bank"
    template: ClassVar[str] = "pages/bank.md.j2"
    id: Slug
    title: Text
    mode: Literal["practice", "exam"]
    pass_mark: int | None = Field(default=None, ge=0, le=100)
    description: Markdown = ""
    questions: list[Question] = Field(min_length=1)

    @property
    def is_exam(self) -> bool:
        return self.mode == "exam"

    def effective_pass_mark(self, config: SiteConfig) -> int:
        """The bank's own pass mark, else the project's (``thresholds.pass_mark``)."""
        return self.pass_mark if self.pass_mark is not None else config.thresholds.pass_mark

    def check(self) -> Iterator[Issue]:
        yield from _duplicates(
            [(("questions", n), q.id) for n, q in enumerate(self.questions)], "question", "id"
        )
        first_seen: dict[str, int] = {}
        for n, question in enumerate(self.questions):
            for key_path, message, hint in question.check():
                yield ("questions", n, *key_path), message, hint
            if question.stem in first_seen:
                yield (
                    ("questions", n, "stem"),
                    msg.DUPLICATE_STEM.format(other=first_seen[question.stem] + 1),
                    msg.DUPLICATE_STEM_HINT,
                )
            first_seen.setdefault(question.stem, n)


def _duplicates(entries: list[tuple[tuple[str | int, ...], str]], kind: str, field: str) -> Iterator[Issue]:
    """Flag every repeat of an id within one document, pointing at the repeat."""
    seen: dict[str, tuple[str | int, ...]] = {}
    for key_path, value in entries:
        if value in seen:
            yield (
                (*key_path, field),
                msg.DUPLICATE_ID.format(id=value, other=format_key_path(seen[value])),
                msg.DUPLICATE_ID_HINT.format(kind=msg.KIND_NAMES[kind]),
            )
        else:
            seen[value] = key_path

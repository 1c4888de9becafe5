"""The compliance report: who attended enough trainings and drills in a period,
and how they did on quizzes; as JSON (a contract for other systems), CSV, an
xlsx ledger (台账), a terminal table, and data for the team-site pages.

Phone and ID numbers are never taken from the roster: members are shown by 编号, name
and team. Free text that does reach a report (a name, a team name or a bank title with a
number typed into it) passes through ``privacy.scrub`` in every format (``shown``).
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from itertools import groupby
from json.encoder import encode_basestring as _json_text  # json's own (C) string encoder
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from ..content import Project
from ..escape import spreadsheet_text
from ..messages import scorer as smsg
from ..privacy import scrub
from .compliance import (
    Coverage,
    MemberCompliance,
    MemberInfo,
    Period,
    Tallies,
    judge_tallies,
    month_end,
    month_of,
    month_title,
    months_phrase,
    period_title,
    quarter_bounds,
    quarter_title,
)
from .items import BankStats, analyse_columns
from .plainread import RowReader

if TYPE_CHECKING:  # a report reads through RowReader, SQLAlchemy's connection or the driver's own
    from .database import RecordsDB
    from .plainread import PlainRecords


@dataclass
class QuizStat:
    bank: str
    attempts: int
    best: float
    latest: float
    passed: bool


@dataclass
class MemberReport:
    compliance: MemberCompliance
    quizzes: list[QuizStat] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        c = self.compliance
        return {
            "id": shown(c.id),
            "name": shown(c.name),
            "team": c.team,
            "trainings": c.trainings,
            "drills": c.drills,
            "training_ok": c.training_ok,
            "drill_ok": c.drill_ok,
            "trainings_by_month": c.trainings_by_month,
            "drills_by_quarter": c.drills_by_quarter,
            "missing": {"months": c.missing_months, "quarters": c.missing_quarters},
            "unrecorded": {"months": c.unrecorded_months, "quarters": c.unrecorded_quarters},
            "quizzes": [
                {
                    "bank": q.bank,
                    "attempts": q.attempts,
                    "best": q.best,
                    "latest": q.latest,
                    "passed": q.passed,
                }
                for q in self.quizzes
            ],
        }

    def json_line(self) -> str:
        """``json.dumps(self.as_json(), ensure_ascii=False)``, written out field by field: the
        encoder's own way costs a county's report a fifth of a second more (tests/scorer check
        the two agree, character for character, on awkward values)."""
        c = self.compliance
        quizzes = ", ".join(
            f'{{"bank": {_json(q.bank)}, "attempts": {_json(q.attempts)}, "best": {_json(q.best)}, '
            f'"latest": {_json(q.latest)}, "passed": {_json(q.passed)}}}'
            for q in self.quizzes
        )
        return (
            f'{{"id": {_json(shown(c.id))}, "name": {_json(shown(c.name))}, "team": {_json(c.team)}, '
            f'"trainings": {_json(c.trainings)}, "drills": {_json(c.drills)}, '
            f'"training_ok": {_json(c.training_ok)}, "drill_ok": {_json(c.drill_ok)}, '
            f'"trainings_by_month": {_json_counts(c.trainings_by_month)}, '
            f'"drills_by_quarter": {_json_counts(c.drills_by_quarter)}, '
            f'"missing": {{"months": {_json_list(c.missing_months)}, '
            f'"quarters": {_json_list(c.missing_quarters)}}}, '
            f'"unrecorded": {{"months": {_json_list(c.unrecorded_months)}, '
            f'"quarters": {_json_list(c.unrecorded_quarters)}}}, '
            f'"quizzes": [{quizzes}]}}'
        )


def _json(value: Any) -> str:
    """One value as ``json.dumps(value, ensure_ascii=False)`` writes it."""
    if isinstance(value, str):
        return _json_text(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float) and math.isfinite(value):
        return float.__repr__(value)
    return json.dumps(value, ensure_ascii=False)  # NaN, Infinity, anything else: as json says


def _json_counts(counts: dict[str, int]) -> str:
    """A dict of text keys as json writes it (``type(v) is int``: a bool is written as json would)."""
    pairs = [
        f"{_json_text(k)}: {v}" if type(v) is int else f"{_json_text(k)}: {_json(v)}"
        for k, v in counts.items()
    ]
    return "{" + ", ".join(pairs) + "}"


def _json_list(values: list[str]) -> str:
    return "[" + ", ".join([_json(v) for v in values]) + "]"


@dataclass
class TeamReport:
    id: str
    name: str
    members: int
    training_ok: int
    training_due: int
    drill_ok: int
    drill_due: int
    monthly_rate: dict[str, float | None]  # share of due members who met the month's rule


@dataclass
class Report:
    period: Period
    as_of: dt.date
    trainings_per_month: int
    drills_per_quarter: int
    pass_mark: int
    members: list[MemberReport]
    teams: list[TeamReport]
    banks: list[BankStats]
    bank_titles: dict[str, str]
    coverage: Coverage
    organisation: str = ""
    min_answers: int = 30  # answers a bank needs before a question is flagged 请核对答案

    @property
    def judges_drills(self) -> bool:
        """A month report judges no quarter, so it has no drill column at all."""
        return bool(self.period.quarters)

    @property
    def unrecorded_months(self) -> list[str]:
        """Ended months of the period in which no training session was recorded for anyone."""
        return [
            m for m in self.period.months if month_end(m) <= self.as_of and not self.coverage.has_training(m)
        ]

    @property
    def unrecorded_quarters(self) -> list[str]:
        return [
            q
            for q in self.period.quarters
            if quarter_bounds(q)[1] <= self.as_of and not self.coverage.has_drill(q)
        ]

    @property
    def warnings(self) -> list[str]:
        """Said at the top of every format: what the records cannot tell."""
        found = []
        if self.unrecorded_months:
            found.append(smsg.NO_TRAININGS_RECORDED.format(months=months_phrase(self.unrecorded_months)))
        if self.unrecorded_quarters:
            quarters = "、".join(quarter_title(q) for q in self.unrecorded_quarters)
            found.append(smsg.NO_DRILLS_RECORDED.format(quarters=quarters))
        return found

    @property
    def missing(self) -> list[MemberReport]:
        return [
            m for m in self.members if m.compliance.training_ok is False or m.compliance.drill_ok is False
        ]

    def as_json(self, members: bool = True) -> dict[str, Any]:
        """The JSON contract's fields; ``members=False`` leaves the members' list empty (``to_json``
        writes each member's line itself)."""
        return {
            "warnings": self.warnings,
            "period": self.period.label,
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "thresholds": {
                "trainings_per_month": self.trainings_per_month,
                "drills_per_quarter": self.drills_per_quarter,
                "pass_mark": self.pass_mark,
            },
            "coverage": self.coverage.as_json(),
            "members": [m.as_json() for m in self.members] if members else [],
            "teams": [{**asdict(t), "name": shown(t.name)} for t in self.teams],
            "banks": [
                {
                    "id": b.bank_id,
                    "attempts": b.attempts,
                    "kr20": b.kr20,
                    "enough_answers": b.attempts >= self.min_answers,
                    "items": [
                        {
                            "id": i.question_id,
                            "facility": i.facility,
                            "discrimination": i.discrimination,
                            "flagged": i.flagged and b.attempts >= self.min_answers,
                        }
                        for i in b.items
                    ],
                }
                for b in self.banks
            ],
        }


@dataclass
class _Records:
    """What a report reads from the database for one period."""

    tallies: Tallies
    coverage: Coverage
    quizzes: list[_QuizTally]  # one per member and bank, by when its latest attempt finished
    credits: dict[str, _BankCredits]  # of the latest attempts, by bank


@dataclass
class _BankCredits:
    """The credits of each member's latest attempt at one bank, one list per question, in the
    order the attempts finished (missing = 0): item analysis reads them as they are laid out."""

    columns: dict[str, list[float]]
    respondents: int


@dataclass
class _QuizTally:
    """A member's attempts at a bank in the period, folded as they are read, oldest first."""

    member_id: str
    bank_id: str
    latest_id: int
    latest_score: float
    best: float
    passed: bool
    attempts: int = 1
    order: int = 0  # where the latest attempt came in time order

    def fold(self, attempt_id: int, score: float, passed: bool | int, order: int) -> None:
        self.latest_id, self.latest_score, self.order = attempt_id, score, order
        self.attempts += 1
        if score > self.best:  # as max(): an equal score keeps the one already there
            self.best = score
        if passed:
            self.passed = True


def count_attendance(reader: RowReader, period: Period, counted: list[str]) -> tuple[Tallies, Coverage]:
    """Counted attendances per member, kind and month, and the sessions held in each month.

    Rows are (session, member) pairs in session order, counted a session at a time: a
    GROUP BY member and month would return as many rows (about one attendance per member
    and month) and cost SQLite four times as much."""
    held = reader.rows(
        "SELECT id, date, kind FROM training_sessions WHERE date BETWEEN ? AND ?", [period.start, period.end]
    )
    held = [(session_id, reader.day(day), kind) for session_id, day, kind in held]
    coverage = Coverage.of(((day, kind) for _id, day, kind in held), period)
    sessions = {session_id: (kind, month_of(day)) for session_id, day, kind in held}
    statuses = ", ".join("?" * len(counted))
    rows = (
        reader.rows(
            "SELECT attendance.session_id, attendance.member_id FROM attendance "
            "JOIN training_sessions ON attendance.session_id = training_sessions.id "
            f"WHERE attendance.status IN ({statuses}) AND training_sessions.date BETWEEN ? AND ? "
            "ORDER BY training_sessions.date, training_sessions.id",  # each member's months in time order
            [*counted, period.start, period.end],
        )
        if counted
        else []
    )  # nothing counts as attended (SQL has no empty IN list)
    tallies = Tallies()
    for session_id, attended in groupby(rows, itemgetter(0)):
        kind, month = sessions[session_id]
        tallies.add(kind, month, (member_id for _session, member_id in attended))
    return tallies, coverage


def read_quizzes(reader: RowReader, period: Period) -> list[_QuizTally]:
    """Each member's attempts at each bank, folded: count, best, latest, passed.

    The attempts are read (five columns, no timestamp to parse) and folded in Python: a window
    function (count, max and row_number over member and bank) costs SQLite several times more."""
    start = dt.datetime.combine(period.start, dt.time.min)
    end = dt.datetime.combine(period.end, dt.time.max)
    rows = reader.rows(
        "SELECT id, member_id, bank_id, score, passed FROM attempts WHERE finished BETWEEN ? AND ? "
        "ORDER BY finished, id",
        [start, end],
    )
    tallies: dict[tuple[str, str], _QuizTally] = {}
    get = tallies.get
    for order, (attempt_id, member_id, bank_id, score, stored_passed) in enumerate(rows):
        key = (member_id, bank_id)
        tally = get(key)
        if tally is None:  # SQLite stores a boolean as 0 or 1
            tallies[key] = _QuizTally(
                member_id, bank_id, attempt_id, score, score, bool(stored_passed), order=order
            )
        else:
            tally.fold(attempt_id, score, stored_passed, order)
    return sorted(tallies.values(), key=lambda t: t.order)


def _read_records(
    db: RecordsDB | PlainRecords, period: Period, counted: list[str], questions: dict[str, list[str]]
) -> _Records:
    """Only the columns needed, as the driver gives them (a county's year: ~150,000 attendances,
    ~70,000 attempts). ``questions``: each bank's question ids, in the bank's order."""
    with db.reading() as reader:
        tallies, coverage = count_attendance(reader, period, counted)
        quizzes = read_quizzes(reader, period)
        credits = read_credits(reader, quizzes, questions)
    return _Records(tallies, coverage, quizzes, credits)


def read_credits(
    reader: RowReader, quizzes: list[_QuizTally], questions: dict[str, list[str]]
) -> dict[str, _BankCredits]:
    """The credits of the latest attempts (a county's year: ~400,000), put straight into each
    bank's question columns at the attempt's place; a question no longer in the bank is left out.
    A credit of 0 is not read: the columns start at 0.0 (grading never gives -0.0)."""
    credits: dict[str, _BankCredits] = {}
    place: dict[int, tuple[dict[str, list[float]], int]] = {}  # attempt → (its bank's columns, row)
    respondents: Counter[str] = Counter(q.bank_id for q in quizzes if q.bank_id in questions)
    for bank_id, count in respondents.items():
        credits[bank_id] = _BankCredits({q: [0.0] * count for q in questions[bank_id]}, count)
    filled: Counter[str] = Counter()
    for quiz in quizzes:  # by when the latest attempt finished
        if quiz.bank_id in credits:
            place[quiz.latest_id] = (credits[quiz.bank_id].columns, filled[quiz.bank_id])
            filled[quiz.bank_id] += 1
    for chunk in _chunks(sorted(place), 5000):
        for attempt_id, question_id, credit in reader.rows(
            "SELECT attempt_id, question_id, credit FROM attempt_answers "
            f"WHERE attempt_id IN ({', '.join('?' * len(chunk))}) AND credit != 0",
            chunk,
        ):
            columns, row = place[attempt_id]
            column = columns.get(question_id)
            if column is not None:
                column[row] = credit
    return credits


def _chunks(items: list[int], size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a report is built or written. Nothing made there forms
    a cycle, and the few hundred thousand tuples, lists and dicts of a county's year made it run
    full collections over the growing heap: 0.5–0.7 of 1.8 CPU seconds of ``build_report``, 0.4 of
    0.8 of ``to_json`` (bench/scorer_bench.py --report)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_report(
    project: Project, db: RecordsDB | PlainRecords, period: Period, as_of: dt.date | None = None
) -> Report:
    with collector_paused():
        return _build_report(project, db, period, as_of or dt.date.today())


def _build_report(project: Project, db: RecordsDB | PlainRecords, period: Period, as_of: dt.date) -> Report:
    config = project.config
    members = [MemberInfo(m.id, m.name, m.team, m.joined) for m in project.roster.members]
    questions = {bank.id: [q.id for q in bank.questions] for bank in project.banks}
    records = _read_records(db, period, list(config.records.counted_statuses), questions)
    compliance = judge_tallies(
        members,
        records.tallies,
        period,
        config.thresholds.trainings_per_month,
        config.thresholds.drills_per_quarter,
        as_of,
        records.coverage,
    )
    quiz_stats = _quiz_stats(records.quizzes)
    member_reports = [MemberReport(c, quiz_stats.get(c.id, [])) for c in compliance]
    banks = [
        analyse_columns(bank.id, questions[bank.id], [credit.columns[q] for q in questions[bank.id]],
                        credit.respondents)
        for bank in project.banks
        for credit in [records.credits.get(bank.id)]
        if credit is not None
    ]  # fmt: skip
    return Report(
        period=period,
        as_of=as_of,
        trainings_per_month=config.thresholds.trainings_per_month,
        drills_per_quarter=config.thresholds.drills_per_quarter,
        pass_mark=config.thresholds.pass_mark,
        members=member_reports,
        teams=_team_reports(project, compliance, period),
        banks=banks,
        bank_titles={b.id: b.title for b in project.banks},
        coverage=records.coverage,
        organisation=config.organisation.name,
        min_answers=config.records.flag_min_answers,
    )


def _quiz_stats(quizzes: list[_QuizTally]) -> dict[str, list[QuizStat]]:
    """Each member's banks in id order."""
    stats: dict[str, list[QuizStat]] = defaultdict(list)
    for q in sorted(quizzes, key=lambda q: (q.member_id, q.bank_id)):
        stats[q.member_id].append(QuizStat(q.bank_id, q.attempts, q.best, q.latest_score, q.passed))
    return stats


def _team_reports(project: Project, compliance: list[MemberCompliance], period: Period) -> list[TeamReport]:
    by_team: dict[str, list[MemberCompliance]] = defaultdict(list)
    for c in compliance:
        by_team[c.team].append(c)
    teams = []
    for team in project.roster.teams:
        members = by_team.get(team.id, [])
        due: Counter[str] = Counter()
        missing: Counter[str] = Counter()
        for c in members:
            due.update(c.due_months)
            missing.update(c.missing_months)  # each one of the member's due months
        ok = {m: due[m] - missing[m] for m in due}
        teams.append(
            TeamReport(
                id=team.id,
                name=team.name,
                members=len(members),
                training_ok=sum(c.training_ok is True for c in members),
                training_due=sum(c.training_ok is not None for c in members),
                drill_ok=sum(c.drill_ok is True for c in members),
                drill_due=sum(c.drill_ok is not None for c in members),
                monthly_rate={m: round(ok[m] / due[m], 4) if due[m] else None for m in period.months},
            )
        )
    return teams


# --- output formats ---------------------------------------------------------------------------


def ok_text(value: bool | None) -> str:
    return smsg.OK_NONE if value is None else smsg.OK_TRUE if value else smsg.OK_FALSE


def training_text(c: MemberCompliance) -> str:
    """达标 / 未达标 / 无记录 (nothing recorded for anyone when it was due) / 不考核."""
    if c.training_ok is None and c.unrecorded_months:
        return smsg.OK_UNRECORDED
    return ok_text(c.training_ok)


def drill_text(c: MemberCompliance) -> str:
    if c.drill_ok is None and c.unrecorded_quarters:
        return smsg.OK_UNRECORDED
    return ok_text(c.drill_ok)


def missing_text(c: MemberCompliance) -> str:
    parts = [smsg.MISSING_MONTH.format(month=month_title(m)) for m in c.missing_months]
    parts += [smsg.MISSING_QUARTER.format(quarter=quarter_title(q)) for q in c.missing_quarters]
    return "、".join(parts)


def quiz_percent(score: float) -> int:
    """A score as the quiz shows it: a whole percent, halves rounded up (JavaScript's Math.round)."""
    return math.floor(score + 0.5)


def quiz_text(report: Report, quizzes: list[QuizStat]) -> str:
    """Short enough for a terminal column: banks passed of banks tried, best score."""
    if not quizzes:
        return ""
    passed = sum(q.passed for q in quizzes)
    best = quiz_percent(max(q.best for q in quizzes))
    return smsg.QUIZ_SUMMARY.format(passed=passed, tried=len(quizzes), best=best)


def report_title(report: Report) -> str:
    return smsg.REPORT_TITLE.format(organisation=report.organisation, period=period_title(report.period))


@dataclass(frozen=True)
class MemberRow:
    """One member's line of a ledger; ``cells`` in ``member_columns`` order."""

    id: str
    name: str
    team: str
    trainings: int
    drills: int
    training: str  # 达标 / 未达标 / 无记录 / 不考核
    drill: str
    missing: str
    quiz: str

    @property
    def fell_short(self) -> bool:
        return smsg.OK_FALSE in (self.training, self.drill)

    def cells(self, drills: bool) -> list[Any]:
        if drills:
            return [self.id, self.name, self.team, self.trainings, self.drills, self.training, self.drill,
                    self.missing, self.quiz]  # fmt: skip
        return [self.id, self.name, self.team, self.trainings, self.training, self.missing, self.quiz]


def member_columns(drills: bool) -> list[str]:
    """The members' ledger columns; a month report has no drill columns (it judges no quarter)."""
    if drills:
        return [smsg.COL_ID, smsg.COL_NAME, smsg.COL_TEAM, smsg.COL_TRAININGS, smsg.COL_DRILLS,
                smsg.COL_TRAINING_OK, smsg.COL_DRILL_OK, smsg.COL_MISSING, smsg.COL_QUIZ]  # fmt: skip
    return [smsg.COL_ID, smsg.COL_NAME, smsg.COL_TEAM, smsg.COL_TRAININGS, smsg.COL_TRAINING_OK,
            smsg.COL_MISSING, smsg.COL_QUIZ]  # fmt: skip


def member_rows(report: Report, project: Project) -> list[MemberRow]:
    team_names = {t.id: t.name for t in project.roster.teams}
    return [
        MemberRow(
            c.id,
            c.name,
            team_names.get(c.team, c.team),
            c.trainings,
            c.drills,
            training_text(c),
            drill_text(c),
            missing_text(c),
            quiz_text(report, m.quizzes),
        )
        for m in report.members
        for c in [m.compliance]
    ]


_DIGIT = re.compile(r"\d")  # any decimal digit, fullwidth too: text without one holds no number


def shown(value: Any) -> Any:
    """A value as every report format writes it: text masked (phones) and cleared (ID numbers)."""
    if isinstance(value, str):
        return _shown_text(value)
    if isinstance(value, dict):
        return {key: shown(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [shown(item) for item in value]
    return value


@lru_cache(maxsize=1 << 16)
def _shown_text(value: str) -> str:
    """Remembered: a county's ledger writes each member's 编号 and name three times, in each format."""
    return scrub(value) if _DIGIT.search(value) else value


def to_json(report: Report) -> str:
    """The JSON contract: each top-level field on its line, each member (team, bank) on its own.

    (``indent`` would make ``json`` use its pure-Python encoder: seconds for a county.)"""
    with collector_paused():
        data = report.as_json(members=False)  # its free text (names) passed through shown already
        data["members"] = [m.json_line() for m in report.members]
        fields = []
        for key, value in data.items():
            if isinstance(value, list) and value:
                lines = (
                    value if key == "members" else [json.dumps(item, ensure_ascii=False) for item in value]
                )
                items = ",\n    ".join(lines)
                fields.append(f"  {json.dumps(key)}: [\n    {items}\n  ]")
            else:
                fields.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(fields) + "\n}\n"


CSV_BOM = "\ufeff"  # Excel on Chinese Windows reads a CSV without it as GBK: garbage


def to_csv(report: Report, project: Project) -> str:
    """The members' ledger as CSV with a BOM; warnings (if any) first, each on its own line.

    A name such as ``=HYPERLINK(…)`` stays text in a spreadsheet.
    """
    buffer = io.StringIO()
    buffer.write(CSV_BOM)
    writer = csv.writer(buffer)
    for warning in report.warnings:
        writer.writerow([smsg.WARNING_LINE.format(warning=warning)])
    if report.warnings:
        writer.writerow([])
    drills = report.judges_drills
    writer.writerow(member_columns(drills))
    for row in member_rows(report, project):
        writer.writerow([spreadsheet_text(v) if isinstance(v, str) else v for v in shown(row.cells(drills))])
    return buffer.getvalue()

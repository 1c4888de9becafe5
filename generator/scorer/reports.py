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
import io
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Row, select

from ..content import Project
from ..escape import formula_like, spreadsheet_text
from ..messages import scorer as smsg
from ..privacy import scrub
from .compliance import Event, MemberCompliance, MemberInfo, Period, judge
from .database import RecordsDB
from .items import BankStats, analyse
from .tables import Attempt, AttemptAnswer, Attendance, TrainingSession


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
            "id": c.id,
            "name": c.name,
            "team": c.team,
            "trainings": c.trainings,
            "drills": c.drills,
            "training_ok": c.training_ok,
            "drill_ok": c.drill_ok,
            "trainings_by_month": c.trainings_by_month,
            "drills_by_quarter": c.drills_by_quarter,
            "missing": {"months": c.missing_months, "quarters": c.missing_quarters},
            "quizzes": [asdict(q) for q in self.quizzes],
        }


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

    @property
    def missing(self) -> list[MemberReport]:
        return [
            m for m in self.members if m.compliance.training_ok is False or m.compliance.drill_ok is False
        ]

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period.label,
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "thresholds": {
                "trainings_per_month": self.trainings_per_month,
                "drills_per_quarter": self.drills_per_quarter,
                "pass_mark": self.pass_mark,
            },
            "members": [m.as_json() for m in self.members],
            "teams": [asdict(t) for t in self.teams],
            "banks": [
                {
                    "id": b.bank_id,
                    "attempts": b.attempts,
                    "kr20": b.kr20,
                    "items": [
                        {
                            "id": i.question_id,
                            "facility": i.facility,
                            "discrimination": i.discrimination,
                            "flagged": i.flagged,
                        }
                        for i in b.items
                    ],
                }
                for b in self.banks
            ],
        }


def build_report(project: Project, db: RecordsDB, period: Period, as_of: dt.date | None = None) -> Report:
    as_of = as_of or dt.date.today()
    config = project.config
    counted = config.records.counted_statuses
    members = [MemberInfo(m.id, m.name, m.team, m.joined) for m in project.roster.members]
    with db.session() as session:
        rows = session.execute(
            select(Attendance.member_id, TrainingSession.date, TrainingSession.kind)
            .join(TrainingSession, Attendance.session_id == TrainingSession.id)
            .where(Attendance.status.in_(counted))
            .where(TrainingSession.date.between(period.start, period.end))
        ).all()
        events = [Event(row.member_id, row.date, row.kind) for row in rows]
        start = dt.datetime.combine(period.start, dt.time.min)
        end = dt.datetime.combine(period.end, dt.time.max)
        attempts = session.execute(
            select(
                Attempt.id,
                Attempt.member_id,
                Attempt.bank_id,
                Attempt.finished,
                Attempt.score,
                Attempt.passed,
            )
            .where(Attempt.finished.between(start, end))
            .order_by(Attempt.finished, Attempt.id)
        ).all()
        latest_ids = _latest_attempt_ids(attempts)
        credits: dict[int, dict[str, float]] = defaultdict(dict)
        for chunk in _chunks(sorted(latest_ids), 5000):
            for answer in session.execute(
                select(AttemptAnswer.attempt_id, AttemptAnswer.question_id, AttemptAnswer.credit).where(
                    AttemptAnswer.attempt_id.in_(chunk)
                )
            ):
                credits[answer.attempt_id][answer.question_id] = answer.credit

    compliance = judge(
        members,
        events,
        period,
        config.thresholds.trainings_per_month,
        config.thresholds.drills_per_quarter,
        as_of,
    )
    quiz_stats = _quiz_stats(attempts)
    member_reports = [MemberReport(c, quiz_stats.get(c.id, [])) for c in compliance]
    banks = []
    by_bank: dict[str, list[dict[str, float]]] = defaultdict(list)
    for attempt in attempts:
        if attempt.id in latest_ids:
            by_bank[attempt.bank_id].append(credits[attempt.id])
    for bank in project.banks:
        if by_bank.get(bank.id):
            banks.append(analyse(bank.id, [q.id for q in bank.questions], by_bank[bank.id]))
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
    )


def _chunks(items: list[int], size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _latest_attempt_ids(attempts: Sequence[Row[Any]]) -> set[int]:
    latest: dict[tuple[str, str], int] = {}
    for attempt in attempts:  # ordered by time
        latest[(attempt.member_id, attempt.bank_id)] = attempt.id
    return set(latest.values())


def _quiz_stats(attempts: Sequence[Row[Any]]) -> dict[str, list[QuizStat]]:
    grouped: dict[tuple[str, str], list[tuple[float, bool]]] = defaultdict(list)
    for attempt in attempts:
        grouped[(attempt.member_id, attempt.bank_id)].append((attempt.score, attempt.passed))
    stats: dict[str, list[QuizStat]] = defaultdict(list)
    for (member_id, bank_id), results in sorted(grouped.items()):
        stats[member_id].append(
            QuizStat(
                bank_id, len(results), max(s for s, _ in results), results[-1][0], any(p for _, p in results)
            )
        )
    return stats


def _team_reports(project: Project, compliance: list[MemberCompliance], period: Period) -> list[TeamReport]:
    teams = []
    for team in project.roster.teams:
        members = [c for c in compliance if c.team == team.id]
        rates: dict[str, float | None] = {}
        for month in period.months:
            due = [c for c in members if month in c.due_months]
            ok = [c for c in due if month not in c.missing_months]
            rates[month] = round(len(ok) / len(due), 4) if due else None
        teams.append(
            TeamReport(
                id=team.id,
                name=team.name,
                members=len(members),
                training_ok=sum(c.training_ok is True for c in members),
                training_due=sum(c.training_ok is not None for c in members),
                drill_ok=sum(c.drill_ok is True for c in members),
                drill_due=sum(c.drill_ok is not None for c in members),
                monthly_rate=rates,
            )
        )
    return teams


# --- output formats ---------------------------------------------------------------------------


def ok_text(value: bool | None) -> str:
    return smsg.OK_NONE if value is None else smsg.OK_TRUE if value else smsg.OK_FALSE


def missing_text(c: MemberCompliance) -> str:
    parts = [smsg.MISSING_MONTH.format(month=m) for m in c.missing_months]
    parts += [smsg.MISSING_QUARTER.format(quarter=q) for q in c.missing_quarters]
    return "、".join(parts)


def quiz_text(report: Report, quizzes: list[QuizStat]) -> str:
    """Short enough for a terminal column: banks passed of banks tried, best score."""
    if not quizzes:
        return ""
    passed = sum(q.passed for q in quizzes)
    return smsg.QUIZ_SUMMARY.format(passed=passed, tried=len(quizzes), best=max(q.best for q in quizzes))


MEMBER_COLUMNS = [
    smsg.COL_ID,
    smsg.COL_NAME,
    smsg.COL_TEAM,
    smsg.COL_TRAININGS,
    smsg.COL_DRILLS,
    smsg.COL_TRAINING_OK,
    smsg.COL_DRILL_OK,
    smsg.COL_MISSING,
    smsg.COL_QUIZ,
]


class MemberRow(NamedTuple):
    """One member's line of a ledger, in ``MEMBER_COLUMNS`` order."""

    id: str
    name: str
    team: str
    trainings: int
    drills: int
    training: str  # 达标 / 未达标 / 不考核
    drill: str
    missing: str
    quiz: str

    @property
    def fell_short(self) -> bool:
        return smsg.OK_FALSE in (self.training, self.drill)


def member_rows(report: Report, project: Project) -> list[MemberRow]:
    team_names = {t.id: t.name for t in project.roster.teams}
    return [
        MemberRow(
            c.id,
            c.name,
            team_names.get(c.team, c.team),
            c.trainings,
            c.drills,
            ok_text(c.training_ok),
            ok_text(c.drill_ok),
            missing_text(c),
            quiz_text(report, m.quizzes),
        )
        for m in report.members
        for c in [m.compliance]
    ]


def shown(value: Any) -> Any:
    """A value as every report format writes it: text masked (phones) and cleared (ID numbers)."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {key: shown(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [shown(item) for item in value]
    return value


def to_json(report: Report) -> str:
    return json.dumps(shown(report.as_json()), ensure_ascii=False, indent=2)


def to_csv(report: Report, project: Project) -> str:
    """The members' ledger as CSV; a name such as ``=HYPERLINK(…)`` stays text in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(MEMBER_COLUMNS)
    for row in member_rows(report, project):
        writer.writerow([spreadsheet_text(v) if isinstance(v, str) else v for v in shown(list(row))])
    return buffer.getvalue()


# --- the xlsx ledger ------------------------------------------------------------------------------

Sheet = tuple[str, list[str], list[list[Any]]]  # (title, header, rows)


def write_xlsx(report: Report, project: Project, path: Path) -> None:
    """The ledger a trainer hands in: team summary, members, who is missing what, quizzes, items."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    title = smsg.REPORT_TITLE.format(period=report.period.label)
    for sheet in ledger_sheets(report, project):
        _add_sheet(workbook, title, sheet)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


def ledger_sheets(report: Report, project: Project) -> list[Sheet]:
    return [
        _summary_sheet(report),
        (smsg.SHEET_MEMBERS, MEMBER_COLUMNS, [list(row) for row in member_rows(report, project)]),
        _missing_sheet(report, project),
        _quiz_sheet(report),
        _items_sheet(report),
    ]


def _summary_sheet(report: Report) -> Sheet:
    months = report.period.months
    header = [smsg.COL_TEAM, smsg.COL_MEMBERS, smsg.COL_TRAINING_DUE, smsg.COL_DRILL_DUE]
    header += [smsg.COL_MONTH_RATE.format(month=m) for m in months]
    rows = [
        [
            t.name,
            t.members,
            f"{t.training_ok}/{t.training_due}",
            f"{t.drill_ok}/{t.drill_due}",
            *[("" if t.monthly_rate[m] is None else f"{t.monthly_rate[m]:.0%}") for m in months],
        ]
        for t in report.teams
    ]
    return smsg.SHEET_SUMMARY, header, rows


def _missing_sheet(report: Report, project: Project) -> Sheet:
    team_names = {t.id: t.name for t in project.roster.teams}
    rows = [
        [
            m.compliance.id,
            m.compliance.name,
            team_names.get(m.compliance.team, ""),
            missing_text(m.compliance),
        ]
        for m in report.missing
    ]
    return smsg.SHEET_MISSING, [smsg.COL_ID, smsg.COL_NAME, smsg.COL_TEAM, smsg.COL_MISSING], rows


def _quiz_sheet(report: Report) -> Sheet:
    header = [smsg.COL_ID, smsg.COL_NAME, smsg.COL_BANK, smsg.COL_ATTEMPTS, smsg.COL_BEST, smsg.COL_LATEST]
    rows = [
        [
            m.compliance.id,
            m.compliance.name,
            report.bank_titles.get(q.bank, q.bank),
            q.attempts,
            q.best,
            q.latest,
            smsg.YES if q.passed else smsg.NO,
        ]
        for m in report.members
        for q in m.quizzes
    ]
    return smsg.SHEET_QUIZ, [*header, smsg.COL_PASSED], rows


def _items_sheet(report: Report) -> Sheet:
    header = [smsg.COL_BANK, smsg.COL_QUESTION, smsg.COL_FACILITY, smsg.COL_DISCRIMINATION, smsg.COL_NOTE]
    rows = [
        [
            report.bank_titles.get(b.bank_id, b.bank_id),
            i.question_id,
            round(i.facility, 3),
            None if i.discrimination is None else round(i.discrimination, 3),
            smsg.CHECK_KEY if i.flagged else "",
        ]
        for b in report.banks
        for i in b.items
    ]
    return smsg.SHEET_ITEMS, header, rows


def _add_sheet(workbook: Any, title: str, sheet: Sheet) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    name, header, rows = sheet
    ws = workbook.create_sheet(name)
    ws.append([shown(title)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(header)
    for cell in ws[2]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDE4F0")
    for row in rows:
        ws.append(shown(row))
    for cells in ws.iter_rows():
        for cell in cells:
            if formula_like(cell.value):
                # Names and titles are text: stored as a string (openpyxl made "=…" a formula),
                # and quote-prefixed so editing the cell in Excel or WPS keeps it text.
                cell.data_type = "s"
                cell.quotePrefix = True
    ws.freeze_panes = "A3"
    for index, column in enumerate(ws.columns, start=1):
        width = max((len(str(c.value)) for c in column if c.value is not None and c.row > 1), default=4)
        ws.column_dimensions[column[0].column_letter].width = min(60, 4 + width * 1.6)
        for c in column:
            c.alignment = Alignment(vertical="top", wrap_text=index >= 8)

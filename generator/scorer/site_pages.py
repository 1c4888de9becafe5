"""Records shown in the team site: the 台账统计 section, one ledger page per year and month, with charts.

Built once per `pingan build` when a records database exists, and handed to the
site as one extra ``Section`` (through ``pipeline``: the site package never
imports the scorer). The team site is on every member's tablet: by default
(``records.site_detail: teams``) it shows team-level rates and charts only, and no
member's name or score; the named lists and each member's scores are in the
trainer folder's ledger (``ledger.ledger_outputs``). With ``members`` the pages
also list members by 编号, name and team (never a phone or ID number).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select

from .. import messages as msg
from ..content import Project
from ..messages import records as rmsg
from ..messages import scorer as smsg
from ..render import cn_month
from ..site.pages import Page
from ..site.sections import Section
from . import charts
from .compliance import MemberCompliance, month_of, parse_period
from .database import open_records
from .ledger import item_note
from .reports import Report, build_report, drill_text, missing_text, quiz_percent, training_text
from .tables import Attempt, TrainingSession

RECORDS_WEIGHT = 50  # after the quiz banks, before the notices


@dataclass
class YearRecords:
    report: Report
    attendance_chart: str  # docs-relative path of the SVG
    scores_chart: str
    score_counts: list[int]
    months: list[Report]  # one report per month that had a session, oldest first


@dataclass
class SiteRecords:
    years: list[YearRecords]  # newest first
    files: dict[str, str]  # docs-relative path → SVG text


def load_site_records(project: Project, as_of: dt.date | None = None) -> SiteRecords | None:
    if not project.paths.records_exist:
        return None
    with open_records(project) as db:
        with db.session() as session:
            days = select(func.min(TrainingSession.date), func.max(TrainingSession.date))
            moments = select(func.min(Attempt.finished), func.max(Attempt.finished))
            bounds = [*session.execute(days).one(), *session.execute(moments).one()]
            held = sorted({month_of(d) for d in session.scalars(select(TrainingSession.date).distinct())})
        years = sorted({moment.year for moment in bounds if moment})
        if not years:
            return None
        reports = [
            build_report(project, db, parse_period(year=str(y)), as_of)
            for y in range(years[-1], years[0] - 1, -1)  # newest first, gap years included
        ]
        scores = {r.period.label: _scores(db, r) for r in reports}
        months = {month: build_report(project, db, parse_period(month=month), as_of) for month in held}

    files: dict[str, str] = {}
    pages = []
    team_names = {t.id: t.name for t in project.roster.teams}
    for report in reports:
        year = report.period.label
        attendance = f"assets/reports/{year}-attendance.svg"
        files[attendance] = charts.grouped_bars(
            smsg.CHART_ATTENDANCE.format(year=year),
            [smsg.CHART_MONTH.format(month=int(m[5:])) for m in report.period.months],
            {
                team_names.get(t.id, t.id): [t.monthly_rate[m] for m in report.period.months]
                for t in report.teams
            },
        )
        counts = _bins(scores[year])
        score_chart = f"assets/reports/{year}-scores.svg"
        files[score_chart] = charts.histogram(
            smsg.CHART_SCORES.format(year=year, count=len(scores[year])),
            [f"{b}–{b + 9}" if b < 90 else "90–100" for b in range(0, 100, 10)],
            counts,
        )
        in_year = [r for m, r in months.items() if m.startswith(f"{year}-")]
        pages.append(YearRecords(report, attendance, score_chart, counts, in_year))
    return SiteRecords(pages, files)


def _scores(db, report: Report) -> list[float]:
    start = dt.datetime.combine(report.period.start, dt.time.min)
    end = dt.datetime.combine(report.period.end, dt.time.max)
    with db.session() as session:
        return list(session.scalars(select(Attempt.score).where(Attempt.finished.between(start, end))))


def _bins(scores: list[float]) -> list[int]:
    counts = [0] * 10
    for score in scores:
        counts[min(9, int(score // 10))] += 1
    return counts


# --- the site section ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordsIndexPage(Page):
    records: SiteRecords


@dataclass(frozen=True)
class QuestionRef:
    """A question as the item analysis names it: its number and a short stem (the page links
    the question on its bank's page)."""

    number: int
    stem: str  # shortened; empty for an exam bank (its questions stay off every site)


STEM_LENGTH = 24


def _question_refs(project: Project) -> dict[str, dict[str, QuestionRef]]:
    refs: dict[str, dict[str, QuestionRef]] = {}
    for bank in project.banks:
        refs[bank.id] = {
            q.id: QuestionRef(n, "" if bank.is_exam else _short(q.stem))
            for n, q in enumerate(bank.questions, start=1)
        }
    return refs


def _short(text: str) -> str:
    """A stem on one line (a line break would end the table row it sits in), cut to STEM_LENGTH."""
    text = " ".join(text.split())
    return text if len(text) <= STEM_LENGTH else text[: STEM_LENGTH - 1] + "…"


@dataclass(frozen=True)
class LedgerPage(Page):
    """A ledger page: its template names teams and shows 达标 / 缺少 texts the way reports do;
    member names and scores only when ``members`` (``records.site_detail: members``)."""

    team_names: dict[str, str]
    members: bool = False
    questions: dict[str, dict[str, QuestionRef]] | None = None
    exam_banks: frozenset[str] = frozenset()
    counted: str = ""  # the statuses that count as attended, in words (出勤、迟到)
    missing_text: Callable[[MemberCompliance], str] = missing_text
    training_text: Callable[[MemberCompliance], str] = training_text
    drill_text: Callable[[MemberCompliance], str] = drill_text
    quiz_percent: Callable[[float], int] = quiz_percent
    item_note: Callable[[int, bool, int], str] = item_note


@dataclass(frozen=True)
class RecordsYearPage(LedgerPage):
    year: YearRecords | None = None


@dataclass(frozen=True)
class RecordsMonthPage(LedgerPage):
    report: Report | None = None


def records_section(project: Project, records: SiteRecords) -> Section:
    """台账统计 for the team site only: an index, then per year its ledger and its months."""
    names = {t.id: t.name for t in project.roster.teams}
    records_config = project.config.records
    shared = {
        "team_names": names,
        "members": records_config.site_detail == "members",
        "questions": _question_refs(project),
        "exam_banks": frozenset(b.id for b in project.banks if b.is_exam),
        "counted": "、".join(rmsg.STATUS_WORDS[s] for s in records_config.counted_statuses),
    }
    groups = []
    for year in records.years:
        label = year.report.period.label
        title = msg.RECORDS_YEAR.format(year=label)
        pages: list[Page] = [
            RecordsYearPage(f"records/{label}.md", title, "pages/records_year.md.j2", **shared, year=year)
        ]
        for r in year.months:
            title = msg.RECORDS_MONTH.format(month=cn_month(r.period.label))
            pages.append(
                RecordsMonthPage(
                    f"records/{r.period.label}.md", title, "pages/records_month.md.j2", **shared, report=r
                )
            )
        groups.append((msg.RECORDS_YEAR_GROUP.format(year=label), tuple(pages)))
    index = RecordsIndexPage("records/index.md", msg.NAV_RECORDS, "pages/records_index.md.j2", records)
    return Section(
        msg.NAV_RECORDS, RECORDS_WEIGHT, index, tuple(groups), dict(records.files), frozenset({"team"})
    )


__all__ = ["SiteRecords", "YearRecords", "load_site_records", "records_section"]

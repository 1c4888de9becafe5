"""Records shown in the team site: one ledger page per year, with charts.

Built once per `pingan build` when a records database exists. Members appear by
编号, name and team only (the team site is for members and trainers; phone and
ID numbers are never part of a report).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from .. import charts
from ..project import Project
from .compliance import month_of, parse_period
from .database import open_records, records_exist
from .reports import Report, build_report
from .tables import Attempt, TrainingSession


@dataclass
class YearPage:
    report: Report
    attendance_chart: str  # docs-relative path of the SVG
    scores_chart: str
    score_counts: list[int]
    months: list[Report]  # one report per month that had a session, oldest first


@dataclass
class SiteRecords:
    years: list[YearPage]  # newest first
    files: dict[str, str]  # docs-relative path → SVG text


def load_site_records(project: Project, as_of: dt.date | None = None) -> SiteRecords | None:
    if not records_exist(project):
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
            f"{year}年各队每月培训达标率",
            [f"{int(m[5:])}月" for m in report.period.months],
            {
                team_names.get(t.id, t.id): [t.monthly_rate[m] for m in report.period.months]
                for t in report.teams
            },
        )
        counts = _bins(scores[year])
        score_chart = f"assets/reports/{year}-scores.svg"
        files[score_chart] = charts.histogram(
            f"{year}年练习得分分布（{len(scores[year])} 次作答）",
            [f"{b}–{b + 9}" if b < 90 else "90–100" for b in range(0, 100, 10)],
            counts,
        )
        in_year = [r for m, r in months.items() if m.startswith(f"{year}-")]
        pages.append(YearPage(report, attendance, score_chart, counts, in_year))
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


__all__ = ["SiteRecords", "YearPage", "load_site_records"]

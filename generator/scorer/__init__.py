"""The scorer: records → grades → reports, beside the site pipeline.

database     engine for SQLite or any SQLAlchemy URL; versioned migrations (Alembic)
plainread    a report's plain SELECTs; a database at the newest schema read by its driver alone
tables       the ORM tables: sessions, attendance, attempts, answers
readers      CSV / xlsx / YAML / JSON rows → typed rows, with row numbers
roster_import, attendance, answers   the three imports (atomic, idempotent)
grading      pure functions: one answer → credit, one attempt → score
compliance   pure functions: attendance → who met the monthly/quarterly rule
items        item analysis: facility, item-rest discrimination, KR-20
reports      report model + table/json/csv/xlsx writers and site pages
"""

"""User-facing strings of the records database, imports, grading and reports (zh-CN)."""

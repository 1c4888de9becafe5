"""User-facing strings of interactive quizzes and quiz formats (GIFT, Aiken) (zh-CN)."""

"""User-facing strings of printing (PDF, Word) and document import (zh-CN)."""

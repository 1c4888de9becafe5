"""The session's write log: one JSON line per write, with the client's address.

Every write the server accepts or refuses is appended to ``serve-log/YYYY-MM-DD.jsonl``
beside the records database (``ProjectPaths.session_log_dir``) and shown in the trainer's
terminal. The database is the record; the log says who sent what from where. It also
carries what the database has no column for, read back after a restart: the session the
trainer opened and who signed in on their own tablet.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any


class WriteLog:
    def __init__(self, folder: Path, echo: Callable[[str], None] | None = None):
        self.folder = folder
        self.echo = echo
        self._lock = threading.Lock()

    def path(self, day: dt.date) -> Path:
        return self.folder / f"{day.isoformat()}.jsonl"

    def write(self, day: dt.date, client: str, action: str, outcome: str, **details: Any) -> None:
        entry = {
            "time": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "client": client,
            "action": action,
            "outcome": outcome,
            **details,
        }
        line = json.dumps(entry, ensure_ascii=False, default=str)
        with self._lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            with self.path(day).open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")  # closed at once: a kill -9 loses no line (the disk cache keeps it)
        if self.echo is not None:
            self.echo(line)

    def entries(self, day: dt.date) -> Iterator[dict[str, Any]]:
        """The day's entries; a line cut short by a crash is skipped."""
        path = self.path(day)
        if not path.is_file():
            return
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict):
                yield entry

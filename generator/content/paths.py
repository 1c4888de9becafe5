"""Where a project's outputs and records live: the one place that resolves them.

``site_config.yml`` names the output folders and the records database relative
to the project root; ``ProjectPaths`` turns them into absolute paths once, so the
sites, the printer, the scorer and the CLI all agree on every location.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .schema import SiteConfig

Area = Literal["print", "trainer"]  # outputs.print_dir / outputs.trainer_dir
DATABASE_ENV = "PINGAN_DATABASE_URL"  # overrides records.database (tests, a shared server)


@dataclass(frozen=True)
class ProjectPaths:
    root: Path
    team_site: Path
    public_site: Path
    print_dir: Path
    trainer_dir: Path
    database_url: str  # an SQLAlchemy URL
    database_file: Path | None  # the SQLite file, when the database is one

    @classmethod
    def of(cls, root: Path, config: SiteConfig) -> ProjectPaths:
        outputs = config.outputs
        configured = os.environ.get(DATABASE_ENV) or config.records.database
        if "://" in configured:
            url, file = configured, None
        else:
            file = (root / configured).resolve()
            url = f"sqlite:///{file}"
        return cls(
            root=root,
            team_site=(root / outputs.team_site).resolve(),
            public_site=(root / outputs.public_site).resolve(),
            print_dir=(root / outputs.print_dir).resolve(),
            trainer_dir=(root / outputs.trainer_dir).resolve(),
            database_url=url,
            database_file=file,
        )

    def site(self, audience: str) -> Path:
        return self.team_site if audience == "team" else self.public_site

    def area(self, area: Area) -> Path:
        return self.print_dir if area == "print" else self.trainer_dir

    @property
    def session_log_dir(self) -> Path:
        """`pingan serve` logs every write here, one file a day: beside an SQLite file, else in records/."""
        base = self.database_file.parent if self.database_file is not None else self.root / "records"
        return base / "serve-log"

    @property
    def records_exist(self) -> bool:
        """True when there is a database to report on (a server, or an existing file)."""
        return self.database_file is None or self.database_file.is_file()

"""Content.for_audience, ProjectPaths and the rules on the model, without reading a file."""

from __future__ import annotations

from generator.content import Content, ProjectPaths
from tests.seams import small_project


def test_the_team_sees_everything():
    project = small_project()
    team = Content.for_audience(project, "team")
    assert [p.id for p in team.policies] == ["plan", "inner"]
    assert [b.id for b in team.banks] == ["basics", "final"]
    assert [m.id for m in team.modules] == ["m1", "m2"]


def test_the_public_sees_only_public_documents_of_the_configured_sections():
    project = small_project()
    public = Content.for_audience(project, "public")
    assert [p.id for p in public.policies] == ["plan"]
    assert [n.id for n in public.notices] == ["n2"]
    assert public.rules == []  # "rules" is not among the default public sections
    assert public.modules == [] and public.banks == []  # training and questions never go public


def test_public_sections_setting_decides_what_goes_public():
    project = small_project(public={"sections": ["rules"]})
    public = Content.for_audience(project, "public")
    assert [r.id for r in public.rules] == ["code"]
    assert public.policies == [] and public.notices == []


def test_a_bank_without_its_own_pass_mark_takes_the_projects():
    project = small_project(thresholds={"pass_mark": 70})
    practice, exam = project.banks
    assert practice.effective_pass_mark(project.config) == 70
    assert exam.effective_pass_mark(project.config) == 80


def test_project_paths_resolve_every_output_and_the_database(tmp_path, monkeypatch):
    monkeypatch.delenv("PINGAN_DATABASE_URL", raising=False)
    project = small_project(outputs={"team_site": "out/team", "trainer_dir": "private"})
    paths = ProjectPaths.of(tmp_path, project.config)
    assert paths.team_site == tmp_path / "out" / "team"
    assert paths.public_site == tmp_path / "site" / "public"
    assert paths.area("trainer") == tmp_path / "private"
    assert paths.database_url == f"sqlite:///{tmp_path / 'records' / 'pingan.db'}"
    assert paths.database_file == tmp_path / "records" / "pingan.db" and not paths.records_exist


def test_a_server_url_is_used_as_given(tmp_path, monkeypatch):
    url = "postgresql+psycopg://u@localhost/db"
    monkeypatch.setenv("PINGAN_DATABASE_URL", url)
    paths = ProjectPaths.of(tmp_path, small_project().config)
    assert paths.database_url == url and paths.database_file is None and paths.records_exist


def test_an_sqlite_url_names_its_file(tmp_path, monkeypatch):
    monkeypatch.setenv("PINGAN_DATABASE_URL", f"sqlite:///{tmp_path}/x.db?timeout=5")
    paths = ProjectPaths.of(tmp_path / "project", small_project().config)
    assert paths.database_file == tmp_path / "x.db" and not paths.records_exist
    assert paths.database_url == f"sqlite:///{tmp_path}/x.db?timeout=5"


def test_an_sqlite_url_in_the_config_is_the_projects_not_the_shells(tmp_path, monkeypatch):
    monkeypatch.delenv("PINGAN_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    project = small_project(records={"database": "sqlite:///records/team.db"})
    paths = ProjectPaths.of(tmp_path / "project", project.config)
    assert paths.database_file == tmp_path / "project" / "records" / "team.db"

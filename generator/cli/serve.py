"""`pingan serve`: the session server on the trainer's laptop (see generator/serve)."""

from __future__ import annotations

import datetime as dt

import click

from ..messages import serve as text
from . import Failure, cli, load_checked, make_progress, out_console, project_dir


@cli.command(help=text.SERVE_HELP)
@click.argument("directory", metavar="[DIR]", required=False)
@click.option("--host", metavar="H", help=text.OPT_HOST)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help=text.OPT_PORT)
@click.option("--code", metavar="CODE", help=text.OPT_CODE)
@click.option("--pin", metavar="PIN", help=text.OPT_PIN)
@click.option("--date", "day", metavar="YYYY-MM-DD", help=text.OPT_DATE)
@click.option("--allow-public", is_flag=True, help=text.OPT_ALLOW_PUBLIC)
@click.option("--no-build", is_flag=True, help=text.OPT_NO_BUILD)
@click.option("--no-print", "no_print", is_flag=True, help=text.OPT_NO_PRINT_SERVE)
@click.pass_context
def serve(
    ctx: click.Context,
    directory: str | None,
    host: str | None,
    port: int,
    code: str | None,
    pin: str | None,
    day: str | None,
    allow_public: bool,
    no_build: bool,
    no_print: bool,
) -> None:
    from ..messages import scorer as smsg
    from ..serve.network import choose_listeners, interface_addresses
    from ..serve.server import Binding
    from ..serve.server import serve as run_server
    from ..serve.settings import make_settings

    try:
        session_day = dt.date.fromisoformat(day) if day else None
    except ValueError:
        raise Failure(smsg.BAD_DATE_CELL.format(value=day), smsg.BAD_DATE_CELL_HINT) from None
    settings = make_settings(code, pin, session_day)
    addresses = interface_addresses()
    binding = Binding(choose_listeners(host, addresses, allow_public), port, addresses, host is not None)
    project = load_checked(project_dir(ctx, directory), strict=False)
    _ensure_site(project, no_build, no_print)

    def say(line: str) -> None:
        out_console.print(line, markup=False, highlight=False)

    run_server(project, settings, binding, say, echo=say)


def _ensure_site(project, no_build: bool, no_print: bool) -> None:
    from ..pipeline import build
    from ..serve.sitestate import SiteState, site_state

    state = site_state(project)
    if no_build:
        if state is SiteState.MISSING:
            raise Failure(text.SITE_NOT_BUILT.format(path=project.paths.team_site), text.SITE_NOT_BUILT_HINT)
        return
    if state is SiteState.FRESH:
        return
    why = text.SITE_MISSING if state is SiteState.MISSING else text.SITE_STALE
    out_console.print(text.BUILDING.format(why=why), markup=False)
    with make_progress(False) as progress_hook:
        build(project, progress=progress_hook, prints=not no_print)

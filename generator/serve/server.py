"""Run one session: open the records, bind the sockets, print where to go, serve until Ctrl+C."""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass

from ..content import Project
from ..messages import serve as text
from ..scorer.database import open_records
from .app import create_app
from .errors import ServeError
from .log import WriteLog
from .network import IPAddress, Listener, shown_urls
from .records import SessionRecords
from .settings import SessionSettings


@dataclass(frozen=True)
class Binding:
    listeners: list[Listener]
    port: int
    addresses: list[IPAddress]  # the computer's interface addresses (to list LAN URLs for 0.0.0.0)
    asked_host: bool = False  # --host was given (loopback only is then what was asked for)


def open_sockets(binding: Binding) -> list[socket.socket]:
    """One listening socket per address; ServeError naming the address when one cannot be bound."""
    sockets = []
    try:
        for listener in binding.listeners:
            family = socket.AF_INET6 if ":" in listener.host else socket.AF_INET
            sock = socket.socket(family, socket.SOCK_STREAM)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind((listener.host, binding.port))
            sock.listen(128)
    except OSError as exc:
        for sock in sockets:
            sock.close()
        raise ServeError(
            text.PORT_BUSY.format(host=listener.host, port=binding.port, reason=exc.strerror or exc),
            text.PORT_BUSY_HINT.format(next=binding.port + 1),
        ) from None
    return sockets


def banner(urls: list[str], settings: SessionSettings, log_path: str, asked_host: bool) -> list[str]:
    """The lines the trainer reads: addresses, the QR code of the first, secrets, pages."""
    lan = [u for u in urls if "127.0.0.1" not in u and "[::1]" not in u]
    lines = [text.BANNER_TITLE.format(date=settings.today().isoformat())]
    if lan:
        lines.append(text.BANNER_OPEN)
    else:
        lines.append(text.BANNER_LOCAL_ONLY if asked_host else text.BANNER_NO_LAN)
    lines += [f"  {u}" for u in (lan or urls)]
    first = (lan or urls)[0]
    lines += [
        text.BANNER_QR,
        qr_text(f"{first}?code={settings.code}"),
        text.BANNER_CODE.format(code=settings.code),
        text.BANNER_PIN.format(pin=settings.pin),
        text.BANNER_PAGES.format(url=first),
        text.BANNER_LOG.format(path=log_path),
        text.BANNER_STOP,
    ]
    return lines


def qr_text(url: str) -> str:
    """The address (with the session code) as a QR code drawn with block characters."""
    import io

    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue()


def serve(
    project: Project,
    settings: SessionSettings,
    binding: Binding,
    say: Callable[[str], None],
    echo: Callable[[str], None] | None = None,
) -> None:
    """Serve until interrupted. ``say`` prints the banner; ``echo`` each write (the log line)."""
    import uvicorn

    sockets = open_sockets(binding)
    log = WriteLog(project.paths.session_log_dir, echo)
    with open_records(project) as db:
        records = SessionRecords(project, db, log, settings.today)
        app = create_app(project, records, settings)
        urls = shown_urls(binding.listeners, binding.addresses, binding.port)
        for line in banner(urls, settings, str(log.path(settings.today())), binding.asked_host):
            say(line)
        config = uvicorn.Config(
            app,
            lifespan="off",
            log_level="warning",
            access_log=False,
            server_header=False,
            proxy_headers=False,
            timeout_keep_alive=15,
            h11_max_incomplete_event_size=16 * 1024,
        )
        server = uvicorn.Server(config)
        try:
            server.run(sockets=sockets)
        finally:
            for sock in sockets:
                sock.close()
    say(text.STOPPED)
    sys.stdout.flush()

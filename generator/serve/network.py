"""Which addresses `pingan serve` listens on, and the rule that keeps it off the internet.

By default the server listens on loopback and on every private (LAN) address of the
laptop: the tablets reach it over the room's Wi-Fi, nobody outside the network can.
A public address is refused unless the trainer says ``--allow-public``; the rule is a
pure function of the host and the laptop's addresses, so it is tested without a network.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

from ..messages import serve as text
from .errors import ServeError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Listener:
    host: str  # an IP literal to bind
    lan: bool  # a LAN address tablets can open (not loopback)

    def url(self, port: int) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{port}/"


def interface_addresses() -> list[IPAddress]:
    """Every IP address of this computer's network interfaces (ifaddr: Windows, macOS, Linux)."""
    import ifaddr

    found: list[IPAddress] = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            raw = ip.ip[0] if isinstance(ip.ip, tuple) else ip.ip
            try:
                found.append(ipaddress.ip_address(raw))
            except ValueError:
                continue
    return found


def is_public(address: IPAddress) -> bool:
    """Reachable from the internet: anything global (not private, loopback, link-local, CGNAT…)."""
    return address.is_global


def lan_addresses(addresses: Iterable[IPAddress]) -> list[IPAddress]:
    """The addresses tablets on the same Wi-Fi can open: private IPv4, not loopback or link-local."""
    return sorted(
        {
            a
            for a in addresses
            if a.version == 4 and a.is_private and not (a.is_loopback or a.is_link_local or a.is_unspecified)
        },
        key=lambda a: a.packed,
    )


def resolve_host(host: str) -> IPAddress:
    """An IP literal, or a name resolved on this computer (``localhost``)."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    try:
        info = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        raise ServeError(text.BAD_HOST.format(host=host), text.BAD_HOST_HINT) from None
    return ipaddress.ip_address(info[0][4][0])


def choose_listeners(
    host: str | None, addresses: list[IPAddress], allow_public: bool = False
) -> list[Listener]:
    """What to bind: ``host`` when given (refused when public), else loopback and every LAN address.

    ``addresses`` are the computer's interface addresses; binding to every interface
    (0.0.0.0 or ::) counts as public when any of them is public.
    """
    if host is None:
        return [Listener("127.0.0.1", False)] + [Listener(str(a), True) for a in lan_addresses(addresses)]
    address = resolve_host(host)
    if address.is_unspecified:
        exposed = [a for a in addresses if is_public(a) and a.version == address.version]
        if exposed and not allow_public:
            raise ServeError(
                text.PUBLIC_INTERFACE.format(host=host, address=exposed[0]), text.PUBLIC_HOST_HINT
            )
        return [Listener(str(address), True)]
    if is_public(address) and not allow_public:
        raise ServeError(text.PUBLIC_HOST.format(host=host), text.PUBLIC_HOST_HINT)
    return [Listener(str(address), not address.is_loopback)]


def shown_urls(listeners: list[Listener], addresses: list[IPAddress], port: int) -> list[str]:
    """The addresses to print: LAN ones first (what tablets open); for 0.0.0.0, each LAN address."""
    urls: list[str] = []
    for listener in listeners:
        if ipaddress.ip_address(listener.host).is_unspecified:
            urls += [Listener(str(a), True).url(port) for a in lan_addresses(addresses)]
            urls.append(Listener("127.0.0.1", False).url(port))
        else:
            urls.append(listener.url(port))
    lan = [u for u in urls if "127.0.0.1" not in u and "[::1]" not in u]
    return list(dict.fromkeys(lan + [u for u in urls if u not in lan]))

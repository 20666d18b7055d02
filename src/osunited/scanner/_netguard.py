"""The check a URL typed into the platform must pass before the platform clones it (SSRF guard).

Accepted: `https://host/path` without credentials and `ssh://[user@]host/path` or `user@host:path`,
where the host resolves only to public addresses, on the scheme's standard port (443, 22). A host
on the admin's allow-list (`git.internal.example` or `*.internal.example`, which does not cover
`internal.example` itself) may be private and use any port: the admin vouches for it.

This check cannot see what happens later. The clone must not follow HTTP redirects
(`http.followRedirects=false`), and a host's DNS answer may change between this check and the
clone, so run it again right before cloning, and keep an egress firewall.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Collection, Sequence
from typing import Any
from urllib.parse import urlsplit

from osunited.scanner._errors import ScanError

Resolver = Callable[..., Sequence[tuple[Any, ...]]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ACCEPTED = "https://host/path, ssh://host/path or git@host:path"
_DEFAULT_PORTS = {"https": 443, "ssh": 22}
_SCP_LIKE = re.compile(r"^(?P<user>[^@/:\s]+)@(?P<host>\[[^\]/]*\]|[^@/:\[\]]+):(?P<path>.+)$")
_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")
_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")
_CGNAT = ipaddress.IPv4Network("100.64.0.0/10")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class UnsafeURL(ScanError):
    """The URL may not be cloned by the platform."""


def host_not_found(host: str) -> str:
    """What to tell a person when `host` does not resolve: never the resolver's errno."""
    return (
        f"The host {host} could not be found. Check the address, or try again later if it is "
        "temporarily offline."
    )


def check_clone_url(
    url: str, *, allowed_hosts: Collection[str] = (), resolve: Resolver | None = None
) -> str:
    """Return `url` if the platform may clone it; else raise UnsafeURL saying why.

    `resolve` has the signature of `socket.getaddrinfo`, so tests can answer without a network;
    by default `socket.getaddrinfo`, looked up at each call (where a test may have replaced it).
    """
    # Backslashes: URL parsers disagree on them, which is how a check is made to see another host.
    if any(ord(c) < 0x21 or ord(c) == 0x7F or c == "\\" for c in url):
        raise UnsafeURL("The URL contains spaces, control characters or backslashes.")
    scheme, host, port = _split(url)
    host = _normalise_host(host)
    if _is_allowed(host, allowed_hosts):
        return url
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        raise UnsafeURL(
            f"Port {port} is not accepted for {scheme}; only {_DEFAULT_PORTS[scheme]} is, "
            "unless the platform's admin allows the host."
        )
    addresses = _addresses(host, port or _DEFAULT_PORTS[scheme], resolve or socket.getaddrinfo)
    for address in addresses:
        if not _is_public(address):
            raise UnsafeURL(
                f"{host} resolves to {address}, which is not a public address; only public "
                "hosts, or hosts the platform's admin allows, can be cloned."
            )
    return url


def _split(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of an https, ssh or scp-like URL."""
    scp = _SCP_LIKE.match(url) if "://" not in url else None
    if scp is not None:
        _check_user(scp.group("user"))
        return "ssh", scp.group("host").strip("[]"), None
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or "://" not in url:
        raise UnsafeURL(f"Only these URLs can be cloned: {ACCEPTED}.")
    if parts.password is not None or (scheme == "https" and parts.username is not None):
        raise UnsafeURL("The URL contains credentials; give a URL without a user name or token.")
    if parts.username is not None:
        _check_user(parts.username)
    try:
        port = parts.port
    except ValueError as exc:
        raise UnsafeURL("The URL's port is not a number between 0 and 65535.") from exc
    if not parts.hostname:
        raise UnsafeURL(f"The URL has no host. Accepted: {ACCEPTED}.")
    return scheme, parts.hostname, port


def _check_user(user: str) -> None:
    if not re.fullmatch(r"[A-Za-z0-9._][A-Za-z0-9._-]*", user):
        raise UnsafeURL(f"The user name {user!r} is not accepted.")


def _normalise_host(host: str) -> str:
    """The host in lower case, IDNA-encoded; raises for spellings meant to hide an address."""
    host = host.lower().rstrip(".")
    if ":" in host:
        try:
            return str(ipaddress.IPv6Address(host))
        except ValueError as exc:
            raise UnsafeURL(f"{host!r} is not a valid IPv6 address.") from exc
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise UnsafeURL(f"{host!r} is not a valid host name.") from exc
    labels = host.split(".")
    if _NUMERIC_LABEL.match(labels[-1]):
        # Browsers and resolvers read 2130706433, 0x7f.1 or 0177.0.0.1 as 127.0.0.1.
        if not _is_dotted_quad(host):
            raise UnsafeURL(
                f"{host!r} is a numeric host in a non-standard form; write IPv4 addresses as "
                "four decimal numbers, or better, use a host name."
            )
        return host
    if not all(_LABEL.match(label) for label in labels):
        raise UnsafeURL(f"{host!r} is not a valid host name.")
    return host


def _is_dotted_quad(host: str) -> bool:
    parts = host.split(".")
    canonical = all(p.isdigit() and str(int(p)) == p and int(p) < 256 for p in parts)
    return len(parts) == 4 and canonical


def _is_allowed(host: str, allowed_hosts: Collection[str]) -> bool:
    for pattern in (p.lower().rstrip(".") for p in allowed_hosts):
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]) and host != pattern[2:]:
                return True
        elif host == pattern:
            return True
    return False


def _addresses(host: str, port: int, resolve: Resolver) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass  # a host name, to resolve
    try:
        answers = resolve(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UnsafeURL(host_not_found(host)) from exc
    addresses = [ipaddress.ip_address(str(answer[4][0]).split("%")[0]) for answer in answers]
    if not addresses:
        raise UnsafeURL(host_not_found(host))
    return addresses


def _is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return _is_public(embedded)
        if address.is_site_local:
            return False
    elif address in _CGNAT:
        return False
    special = (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )
    return address.is_global and not special


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (mapped, 6to4, NAT64), which is what is reached."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None

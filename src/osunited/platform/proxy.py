"""What a reverse proxy says about a request, believed only from the proxies the operator trusts.

Behind a TLS proxy, Django learns that the browser used HTTPS from X-Forwarded-Proto and who the
browser is from X-Forwarded-For. Anyone can send those headers, so they are kept only when the
peer is listed in OSU_TRUSTED_PROXY; the client's address then replaces REMOTE_ADDR, so that the
audit log and the sign-in limits (allauth reads REMOTE_ADDR) see the browser, not the proxy.
This is done here rather than by the WSGI server so that it holds whichever server runs the app.
"""

import ipaddress
from collections.abc import Callable, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_FORWARDED",
)


def is_trusted(address: str, proxies: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def forwarded_client(forwarded_for: str, proxies: Sequence[Network]) -> str | None:
    """The nearest address in X-Forwarded-For that is not one of our proxies.

    Entries further left were written by the client or by proxies we do not know: not believed.
    """
    for hop in reversed([hop.strip() for hop in forwarded_for.split(",")]):
        if is_trusted(hop, proxies):
            continue
        try:
            return str(ipaddress.ip_address(hop.strip("[]")))
        except ValueError:
            return None
    return None


class TrustedProxyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.proxies = [
            ipaddress.ip_network(network, strict=False) for network in settings.OSU_TRUSTED_PROXY
        ]

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        meta = request.META
        if is_trusted(meta.get("REMOTE_ADDR", ""), self.proxies):
            client = forwarded_client(meta.get("HTTP_X_FORWARDED_FOR", ""), self.proxies)
            if client:
                meta["REMOTE_ADDR"] = client
            meta.pop("HTTP_X_FORWARDED_FOR", None)  # REMOTE_ADDR is now the one answer
        else:
            for header in FORWARDED_HEADERS:
                meta.pop(header, None)
        return self.get_response(request)

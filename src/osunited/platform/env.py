"""Environment values read strictly: a value that is not a valid boolean, number, URL, origin,
host or network stops start-up with one line naming the variable and what it accepts.

Plain functions without Django, so that the settings and the Celery application (whose schedule
is read before Django's settings exist) share them."""

import ipaddress
import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def env_value(name: str) -> str:
    return os.environ.get(name, "").strip()


def invalid_setting(name: str, value: str, expected: str) -> ImproperlyConfigured:
    """The start-up error of a bad environment value: which variable, what it held, what fits."""
    return ImproperlyConfigured(f"{name}={value!r} is not valid: {expected}.")


def env_bool(name: str, default: bool) -> bool:
    """A switch: a typo such as `OSU_HTTPS=ture` stops start-up instead of meaning off."""
    value = env_value(name)
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    if value:
        raise invalid_setting(name, value, "use 1, true, yes or on; or 0, false, no or off")
    return default


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    value = env_value(name) or str(default)
    expected = f"a whole number from {minimum}" + (" up" if maximum is None else f" to {maximum}")
    if not value.isascii() or not value.isdigit():
        raise invalid_setting(name, value, f"it must be {expected}")
    number = int(value)
    if number < minimum or (maximum is not None and number > maximum):
        raise invalid_setting(name, value, f"it must be {expected}")
    return number


def env_one_of(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env_value(name) or default
    if value not in choices:
        raise invalid_setting(name, value, f"it must be {' or '.join(choices)}")
    return value


def env_choice(name: str, default: int, choices: tuple[int, ...]) -> int:
    """An integer setting that must be one of `choices`: anything else stops start-up."""
    return int(env_one_of(name, str(default), tuple(str(choice) for choice in choices)))


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def is_url(value: str, schemes: tuple[str, ...], *, host: bool = True) -> bool:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - reading it validates the port
    except ValueError:
        return False
    return parts.scheme in schemes and bool(parts.hostname or not host) and "://" in value


def env_url(name: str, default: str, schemes: tuple[str, ...], *, host: bool = True) -> str:
    """A URL whose scheme is one the platform speaks (and with a host unless `host` is False)."""
    value = env_value(name) or default
    if value and not is_url(value, schemes, host=host):
        starts = [f"{scheme}://" for scheme in schemes]
        allowed = ", ".join(starts[:-1]) + f" or {starts[-1]}" if len(starts) > 1 else starts[0]
        raise invalid_setting(name, value, f"it must be a URL starting with {allowed}")
    return value


def env_origins(name: str) -> list[str]:
    """Origins as browsers send them: scheme and host (and port), no path."""
    origins = env_list(name, "")
    for origin in origins:
        if not is_url(origin, ("http", "https")) or urlsplit(origin).path not in ("", "/"):
            raise invalid_setting(
                name, origin, "each origin must be like https://osu.example.org, without a path"
            )
    return [origin.rstrip("/") for origin in origins]


def env_hosts(name: str, default: str) -> list[str]:
    hosts = env_list(name, default)
    for host in hosts:
        if "/" in host or " " in host:
            raise invalid_setting(
                name, host, "each host must be a name such as osu.example.org, without https://"
            )
    return hosts


def env_networks(name: str) -> list[str]:
    """IP addresses or networks (10.0.0.5, 10.0.0.0/24, ::1)."""
    networks = env_list(name, "")
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise invalid_setting(
                name, network, "each item must be an IP address or network, such as 10.0.0.5"
            ) from None
    return networks

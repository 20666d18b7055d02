"""The SSRF guard the platform runs on a URL a user typed in before it clones it."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from osunited.scanner._errors import ScanError
from osunited.scanner._netguard import UnsafeURL, check_clone_url

PUBLIC = "140.82.112.3"


class FakeDNS:
    """Answers like socket.getaddrinfo from a fixed table, and remembers what it was asked."""

    def __init__(self, answers: dict[str, list[str]] | None = None) -> None:
        self.answers = {"github.com": [PUBLIC]} if answers is None else answers
        self.asked: list[tuple[str, int]] = []

    def __call__(self, host: str, port: int, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        self.asked.append((host, port))
        if host not in self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in self.answers[host]
        ]


def no_dns(host: str, port: int, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
    raise AssertionError(f"{host} should not have been resolved")


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/unicef/project.git",
        "https://github.com:443/unicef/project",
        "https://GitHub.com./unicef/project",
        "ssh://git@github.com/unicef/project.git",
        "ssh://git@github.com:22/unicef/project.git",
        "ssh://github.com/unicef/project.git",
        "git@github.com:unicef/project.git",
    ],
)
def test_it_accepts_https_and_ssh_urls_to_public_hosts(url: str) -> None:
    assert check_clone_url(url, resolve=FakeDNS()) == url


def test_it_resolves_the_host_on_the_port_of_the_scheme() -> None:
    dns = FakeDNS()

    check_clone_url("https://github.com/a/b", resolve=dns)
    check_clone_url("git@github.com:a/b", resolve=dns)

    assert dns.asked == [("github.com", 443), ("github.com", 22)]


def test_it_accepts_a_public_ip_address_without_resolving_it() -> None:
    assert check_clone_url(f"https://{PUBLIC}/a/b", resolve=no_dns) == f"https://{PUBLIC}/a/b"


@pytest.mark.parametrize(
    "url",
    [
        "http://github.com/a/b",
        "git://github.com/a/b",
        "file:///srv/git/a.git",
        "ftp://github.com/a/b",
        "ext::ssh%shost%stouch",
        "github.com/a/b",
        "/srv/git/a.git",
        "",
    ],
)
def test_it_rejects_schemes_other_than_https_and_ssh(url: str) -> None:
    with pytest.raises(UnsafeURL, match=r"Only these URLs can be cloned: https://host/path"):
        check_clone_url(url, resolve=FakeDNS())


@pytest.mark.parametrize(
    "url",
    [
        "https://token@github.com/a/b",
        "https://user:secret@github.com/a/b",
        "https://:secret@github.com/a/b",
        "ssh://git:secret@github.com/a/b",
    ],
)
def test_it_rejects_credentials_in_the_url(url: str) -> None:
    with pytest.raises(UnsafeURL, match="contains credentials"):
        check_clone_url(url, resolve=FakeDNS())


NON_PUBLIC = [
    "127.0.0.1",
    "127.8.9.10",
    "10.0.0.5",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "100.127.255.254",
    "0.0.0.0",  # noqa: S104 - an address to refuse, nothing binds
    "224.0.0.1",
    "240.0.0.1",
    "255.255.255.255",
    "192.0.2.1",
    "198.18.0.1",
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "fd12:3456::1",
    "fec0::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "::ffff:10.0.0.1",
    "64:ff9b::a9fe:a9fe",
    "2002:7f00:1::1",
    "2001:db8::1",
]


@pytest.mark.parametrize("address", NON_PUBLIC)
def test_it_rejects_a_host_that_resolves_to_a_non_public_address(address: str) -> None:
    dns = FakeDNS({"innocent.example": [address]})

    with pytest.raises(UnsafeURL, match=r"innocent\.example resolves to .*not a public address"):
        check_clone_url("https://innocent.example/a/b", resolve=dns)


@pytest.mark.parametrize("address", ["127.0.0.1", "169.254.169.254", "10.1.2.3"])
def test_it_rejects_an_ip_address_that_is_not_public(address: str) -> None:
    with pytest.raises(UnsafeURL, match="not a public address"):
        check_clone_url(f"https://{address}/latest/meta-data", resolve=no_dns)


@pytest.mark.parametrize(
    "url",
    [
        "https://[::1]/a/b",
        "https://[::ffff:7f00:1]/a/b",
        "https://[fe80::1%25eth0]/a/b",
        "ssh://git@[fd00::1]/a/b",
        "git@[::1]:a/b",
    ],
)
def test_it_rejects_ipv6_literals_that_are_not_public(url: str) -> None:
    with pytest.raises(UnsafeURL):
        check_clone_url(url, resolve=no_dns)


def test_it_rejects_a_host_when_any_of_its_addresses_is_not_public() -> None:
    dns = FakeDNS({"rebind.example": [PUBLIC, "2606:4700::1", "127.0.0.1"]})

    with pytest.raises(UnsafeURL, match=r"resolves to 127\.0\.0\.1"):
        check_clone_url("https://rebind.example/a/b", resolve=dns)


@pytest.mark.parametrize(
    "host",
    [
        "2130706433",
        "0x7f000001",
        "017700000001",
        "0x7f.1",
        "0177.0.0.1",
        "127.1",
        "127.000.000.001",
        "1.2.3.4.5",
        "%31%32%37.0.0.1",
        "github.com.0x7f",
    ],
)
def test_it_rejects_numeric_tricks_that_hide_an_address(host: str) -> None:
    with pytest.raises(UnsafeURL, match="numeric host in a non-standard form"):
        check_clone_url(f"https://{host}/a/b", resolve=no_dns)


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com:8443/a/b",
        "https://github.com:22/a/b",
        "ssh://git@github.com:2222/a/b",
        "ssh://git@github.com:443/a/b",
    ],
)
def test_it_rejects_ports_other_than_the_scheme_default(url: str) -> None:
    with pytest.raises(UnsafeURL, match=r"Port \d+ is not accepted"):
        check_clone_url(url, resolve=FakeDNS())


def test_it_rejects_a_port_that_is_not_a_number() -> None:
    with pytest.raises(UnsafeURL, match="port is not a number"):
        check_clone_url("https://github.com:99999/a/b", resolve=FakeDNS())


NOT_FOUND = (
    "The host {} could not be found. Check the address, or try again later if it is "
    "temporarily offline."
)


def test_a_host_that_does_not_resolve_is_refused_with_a_sentence_not_an_errno() -> None:
    with pytest.raises(UnsafeURL) as raised:
        check_clone_url("https://nowhere.example/a/b", resolve=FakeDNS())

    assert str(raised.value) == NOT_FOUND.format("nowhere.example")
    assert "Errno" not in str(raised.value)


def test_it_rejects_a_host_that_resolves_to_nothing() -> None:
    with pytest.raises(UnsafeURL) as raised:
        check_clone_url("https://empty.example/a/b", resolve=FakeDNS({"empty.example": []}))

    assert str(raised.value) == NOT_FOUND.format("empty.example")


@pytest.mark.parametrize(
    "failure",
    [
        socket.gaierror(socket.EAI_NONAME, "Name or service not known"),
        socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution"),
        TimeoutError("timed out"),
        OSError(101, "Network is unreachable"),
    ],
)
def test_an_offline_resolver_gets_the_same_sentence(failure: OSError) -> None:
    def offline(host: str, port: int, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        raise failure

    with pytest.raises(UnsafeURL) as raised:
        check_clone_url("ssh://git@git.example.org/x.git", resolve=offline)

    assert str(raised.value) == NOT_FOUND.format("git.example.org")
    assert "Errno" not in str(raised.value)


def test_the_default_resolver_is_the_one_of_the_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    """socket.getaddrinfo is looked up at each call, so tests' stand-in (conftest's
    no_network_names) applies and no test asks a real name server."""
    dns = FakeDNS({"git.example.org": [PUBLIC]})
    monkeypatch.setattr(socket, "getaddrinfo", dns)

    check_clone_url("https://git.example.org/x.git")

    assert dns.asked == [("git.example.org", 443)]


def test_without_a_name_server_the_example_host_is_not_found() -> None:
    with pytest.raises(UnsafeURL) as raised:
        check_clone_url("https://git.example.org/x.git")

    assert str(raised.value) == NOT_FOUND.format("git.example.org")


@pytest.mark.parametrize(
    "url",
    [
        " https://github.com/a/b",
        "https://github.com/a b",
        "https://github.com/a/b\n",
        "https://github.com\\@127.0.0.1/a/b",
        "https://git\thub.com/a/b",
    ],
)
def test_it_rejects_spaces_control_characters_and_backslashes(url: str) -> None:
    with pytest.raises(UnsafeURL, match="spaces, control characters or backslashes"):
        check_clone_url(url, resolve=FakeDNS())


@pytest.mark.parametrize(
    "url",
    [
        "ssh://-oProxyCommand=touch@github.com/a/b",
        "-oProxyCommand=touch@github.com:a/b",
        "ssh://-oProxyCommand=touch/a/b",
        "https://github..com/a/b",
        "https://-github.com/a/b",
        "https:///a/b",
    ],
)
def test_it_rejects_option_like_or_malformed_users_and_hosts(url: str) -> None:
    with pytest.raises(UnsafeURL):
        check_clone_url(url, resolve=FakeDNS())


def test_it_resolves_an_international_host_name_in_its_ascii_form() -> None:
    dns = FakeDNS({"xn--bcher-kva.example": [PUBLIC]})

    check_clone_url("https://bücher.example/a/b", resolve=dns)

    assert dns.asked == [("xn--bcher-kva.example", 443)]


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://git.internal.example/a/b", ["git.internal.example"]),
        ("https://GIT.Internal.Example./a/b", ["git.internal.example"]),
        ("https://git.internal.example/a/b", ["GIT.INTERNAL.EXAMPLE"]),
        ("https://git.internal.example:8443/a/b", ["git.internal.example"]),
        ("ssh://git@git.internal.example:2222/a/b", ["*.internal.example"]),
        ("git@forge.eu.internal.example:a/b", ["*.internal.example"]),
    ],
)
def test_it_allows_an_internal_forge_the_admin_listed(url: str, allowed: list[str]) -> None:
    dns = FakeDNS({"git.internal.example": ["10.1.2.3"]})

    assert check_clone_url(url, allowed_hosts=allowed, resolve=dns) == url


@pytest.mark.parametrize(
    "host", ["internal.example", "evilinternal.example", "internal.example.com"]
)
def test_a_wildcard_allows_subdomains_only(host: str) -> None:
    dns = FakeDNS({host: ["10.1.2.3"]})

    with pytest.raises(UnsafeURL, match="not a public address"):
        check_clone_url(f"https://{host}/a/b", allowed_hosts=["*.internal.example"], resolve=dns)


def test_the_allow_list_does_not_allow_credentials_or_other_schemes() -> None:
    allowed = ["git.internal.example"]

    with pytest.raises(UnsafeURL, match="contains credentials"):
        check_clone_url("https://t@git.internal.example/a", allowed_hosts=allowed, resolve=no_dns)
    with pytest.raises(UnsafeURL, match="Only these URLs"):
        check_clone_url("http://git.internal.example/a", allowed_hosts=allowed, resolve=no_dns)


def test_an_unsafe_url_is_a_scan_error_with_a_message_for_a_person() -> None:
    with pytest.raises(ScanError) as raised:
        check_clone_url("https://localhost/a/b", resolve=FakeDNS({"localhost": ["127.0.0.1"]}))

    assert str(raised.value) == (
        "localhost resolves to 127.0.0.1, which is not a public address; only public hosts, "
        "or hosts the platform's admin allows, can be cloned."
    )

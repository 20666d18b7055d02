"""X-Forwarded-Proto and X-Forwarded-For are believed from OSU_TRUSTED_PROXY only; the client's
address they give is the one the audit log and the sign-in limits see."""

import ipaddress
from typing import Any

import pytest
from django.test import Client

from osunited.audit.models import AuditEvent
from osunited.platform.proxy import forwarded_client

PROXIES = [ipaddress.ip_network("10.0.0.0/24"), ipaddress.ip_network("fd00::/8")]


@pytest.fixture
def behind_a_proxy(settings: Any) -> None:
    settings.OSU_TRUSTED_PROXY = ["10.0.0.0/24"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600


def failed_sign_in_address(peer: str, **headers: str) -> str | None:
    Client(REMOTE_ADDR=peer, headers=headers).post(
        "/accounts/login/", {"login": "carol@example.org", "password": "wrong"}, secure=True
    )
    return AuditEvent.objects.get(action="account.sign_in_failed").ip_address


@pytest.mark.parametrize(
    ("forwarded_for", "client"),
    [
        ("198.51.100.1", "198.51.100.1"),
        ("6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the left entry is the client's own claim
        ("198.51.100.1, 10.0.0.7", "198.51.100.1"),  # a second proxy of ours in the chain
        ("2001:db8::1, fd00::2", "2001:db8::1"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("not-an-address", None),
        ("", None),
    ],
)
def test_the_client_is_the_nearest_address_that_is_not_our_proxy(
    forwarded_for: str, client: str | None
) -> None:
    assert forwarded_client(forwarded_for, PROXIES) == client


def test_the_trusted_proxy_s_https_is_believed(db: None, behind_a_proxy: None) -> None:
    response = Client(REMOTE_ADDR="10.0.0.5").get("/", headers={"X-Forwarded-Proto": "https"})

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=3600"


def test_anyone_else_s_https_is_not_believed(db: None, behind_a_proxy: None) -> None:
    response = Client(REMOTE_ADDR="192.0.2.9").get("/", headers={"X-Forwarded-Proto": "https"})

    assert response.status_code == 301
    assert not response.has_header("Strict-Transport-Security")


def test_the_audit_log_records_the_client_behind_the_trusted_proxy(
    db: None, behind_a_proxy: None
) -> None:
    address = failed_sign_in_address("10.0.0.5", **{"X-Forwarded-For": "6.6.6.6, 198.51.100.1"})

    assert address == "198.51.100.1"


def test_a_forged_forwarded_for_from_anyone_else_is_ignored(db: None, behind_a_proxy: None) -> None:
    address = failed_sign_in_address("192.0.2.9", **{"X-Forwarded-For": "198.51.100.1"})

    assert address == "192.0.2.9"


def test_without_a_trusted_proxy_forwarded_headers_are_ignored(db: None) -> None:
    address = failed_sign_in_address("192.0.2.9", **{"X-Forwarded-For": "198.51.100.1"})

    assert address == "192.0.2.9"

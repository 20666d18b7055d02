"""Sign-in throttling slows down whoever guesses passwords, by client and by account from that
client, and never locks an account's owner out: from another client the account still works."""

import pytest
from django.core.cache import cache
from django.test import Client

from osunited.accounts.adapters import client_network
from osunited.audit.models import AuditEvent
from tests.conftest import Cast
from tests.factories import PASSWORD

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"
THROTTLED = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def no_counts_left_by_other_tests() -> None:
    cache.clear()  # allauth keeps its counts in the cache


def sign_in(email: str, password: str, ip: str):  # type: ignore[no-untyped-def]
    return Client(REMOTE_ADDR=ip).post("/accounts/login/", {"login": email, "password": password})


def fail_sign_ins(email: str, ip: str, times: int) -> None:
    for _ in range(times):
        response = sign_in(email, "not-the-password", ip)
        assert response.status_code == 200
        assert THROTTLED not in response.content.decode()


def test_a_client_that_failed_five_times_on_an_account_is_throttled_even_with_the_password(
    cast: Cast,
) -> None:
    fail_sign_ins(cast.carol.email, ATTACKER, 5)

    response = sign_in(cast.carol.email, PASSWORD, ATTACKER)

    assert response.status_code == 200
    assert THROTTLED in response.content.decode()


def test_the_owner_signs_in_from_another_client_while_an_attacker_is_throttled(
    cast: Cast,
) -> None:
    fail_sign_ins(cast.carol.email, ATTACKER, 5)
    assert THROTTLED in sign_in(cast.carol.email, "guess", ATTACKER).content.decode()

    response = sign_in(cast.carol.email, PASSWORD, OWNER)

    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="account.signed_in", ip_address=OWNER).count() == 1


def test_a_client_is_throttled_across_accounts(cast: Cast) -> None:
    for person in (cast.carol, cast.frank):
        fail_sign_ins(person.email, ATTACKER, 4)
    fail_sign_ins(cast.bob.email, ATTACKER, 2)

    response = sign_in(cast.alice.email, PASSWORD, ATTACKER)

    assert THROTTLED in response.content.decode()
    assert sign_in(cast.alice.email, PASSWORD, OWNER).status_code == 302


def test_each_throttled_attempt_is_recorded_in_the_audit_log(cast: Cast) -> None:
    fail_sign_ins(cast.carol.email, ATTACKER, 5)

    sign_in(cast.carol.email, PASSWORD, ATTACKER)
    sign_in(cast.carol.email, "another-guess", ATTACKER)

    throttled = AuditEvent.objects.filter(action="account.sign_in_throttled")
    assert throttled.count() == 2
    event = throttled.first()
    assert event is not None
    assert (event.actor_id, event.actor_label) == (None, cast.carol.email)
    assert event.ip_address == ATTACKER
    assert event.changes == {"attempted_login": cast.carol.email}
    assert AuditEvent.objects.filter(action="account.sign_in_failed").count() == 5


def test_an_ipv6_client_is_counted_by_its_64_network() -> None:
    assert client_network("2001:db8:1:2:aaaa::1") == client_network("2001:db8:1:2:bbbb::2")
    assert client_network("2001:db8:1:2::1") != client_network("2001:db8:1:3::1")
    assert client_network("192.0.2.1") == "192.0.2.1"


def test_a_client_over_the_general_sign_in_limit_gets_a_page_of_ours_and_is_audited(
    cast: Cast,
) -> None:
    """allauth's own limit (30 sign-in posts a minute per address) answered a bare, untranslated
    429 page and left no trace in the audit log."""
    for _ in range(30):
        assert sign_in(cast.carol.email, "not-the-password", ATTACKER).status_code == 200

    response = sign_in(cast.carol.email, "not-the-password", ATTACKER)

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "<nav" in response.content.decode()  # the platform's page, with its navigation
    event = AuditEvent.objects.get(action="account.rate_limited")
    assert event.changes["attempted_login"] == cast.carol.email
    assert event.ip_address == ATTACKER
    assert sign_in(cast.carol.email, PASSWORD, OWNER).status_code == 302  # the owner still can

"""Sign-up accepts every current policy document; a new version must be accepted before
contributing again (CPF 4.4.3)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.test import Client

from osunited.accounts.models import PolicyAcceptance, User
from osunited.accounts.selectors import current_policy_documents
from osunited.audit.models import AuditEvent
from tests.conftest import Cast, client_for
from tests.factories import PASSWORD, publish_new_version

SIGNUP_IP = "203.0.113.7"


@pytest.fixture(autouse=True)
def no_rate_limits_left_by_other_tests() -> None:
    cache.clear()  # allauth counts confirmation e-mails per address in the cache


def signup_data(email: str, *, accept: bool = True) -> dict[str, str]:
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD, "display_name": "Pat"}
    if accept:
        data |= {f"accept_policy_{doc.pk}": "on" for doc in current_policy_documents()}
    return data


def sign_up(client: Client, email: str, *, accept: bool = True):
    return client.post(
        "/accounts/signup/", signup_data(email, accept=accept), REMOTE_ADDR=SIGNUP_IP
    )


def test_the_signup_form_has_one_checkbox_per_current_document(db: None) -> None:
    response = Client().get("/accounts/signup/")

    kinds = [doc.kind for doc in current_policy_documents()]
    assert kinds == ["terms", "use_policy", "cla"]
    for document in current_policy_documents():
        assert f'name="accept_policy_{document.pk}"' in response.content.decode()


def test_it_rejects_a_signup_without_the_policy_checkboxes(db: None) -> None:
    response = sign_up(Client(), "pat@example.org", accept=False)

    assert response.status_code == 200
    assert response.content.decode().count("You must accept this document to continue.") == 3
    assert not User.objects.filter(email="pat@example.org").exists()
    assert not PolicyAcceptance.objects.exists()


def test_a_signup_records_each_acceptance_with_time_and_ip(db: None) -> None:
    response = sign_up(Client(), "pat@example.org")

    assert response.status_code == 302
    user = User.objects.get(email="pat@example.org")
    assert user.display_name == "Pat"
    acceptances = PolicyAcceptance.objects.filter(user=user)
    assert {a.document for a in acceptances} == set(current_policy_documents())
    assert all(a.ip_address == SIGNUP_IP and a.accepted_at for a in acceptances)
    events = AuditEvent.objects.filter(action="policy.accepted", actor=user)
    assert sorted(e.changes["kind"] for e in events) == ["cla", "terms", "use_policy"]
    assert {e.ip_address for e in events} == {SIGNUP_IP}


def test_a_new_user_must_verify_their_address_before_signing_in(db: None) -> None:
    client = Client()
    response = sign_up(client, "pat@example.org")

    assert response["Location"] == "/accounts/confirm-email/"
    assert not EmailAddress.objects.get(email="pat@example.org").verified
    assert len(mail.outbox) == 1
    assert re.search(r"/accounts/confirm-email/\S+/", mail.outbox[0].body)
    assert client.get("/me/")["Location"].startswith("/accounts/login/")
    response = client.post("/accounts/login/", {"login": "pat@example.org", "password": PASSWORD})
    assert response["Location"] == "/accounts/confirm-email/"
    assert client.get("/me/")["Location"].startswith("/accounts/login/")


def test_confirming_the_address_signs_the_new_user_in(db: None) -> None:
    client = Client()
    sign_up(client, "pat@example.org")
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[0].body)
    assert link

    client.post(link.group(1))

    user = User.objects.get(email="pat@example.org")
    assert EmailAddress.objects.get(email="pat@example.org").verified
    # ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION is on: confirming signs the new user in.
    assert client.session.get("_auth_user_id") == str(user.pk)
    assert client.get("/me/").status_code == 200


def test_a_new_version_blocks_contributing_until_it_is_accepted(cast: Cast) -> None:
    new_terms = publish_new_version("terms", "2.0")
    client = client_for(cast.erin)

    response = client.get("/entities/unicef/edit/")

    assert response.status_code == 302
    assert response["Location"] == "/me/policies/?next=%2Fentities%2Funicef%2Fedit%2F"
    page = client.get(response["Location"])
    assert f'name="accept_policy_{new_terms.pk}"' in page.content.decode()
    assert 'value="/entities/unicef/edit/"' in page.content.decode()

    response = client.post(
        "/me/policies/",
        {f"accept_policy_{new_terms.pk}": "on", "next": "/entities/unicef/edit/"},
    )

    assert response["Location"] == "/entities/unicef/edit/"
    assert PolicyAcceptance.objects.filter(user=cast.erin, document=new_terms).exists()
    assert AuditEvent.objects.filter(
        action="policy.accepted", actor=cast.erin, changes__version="2.0"
    ).exists()
    assert client.get("/entities/unicef/edit/").status_code == 200


def test_it_rejects_an_acceptance_without_the_checkbox(cast: Cast) -> None:
    new_terms = publish_new_version("terms", "2.0")

    response = client_for(cast.erin).post("/me/policies/", {"next": "/entities/unicef/edit/"})

    assert response.status_code == 200
    assert "You must accept this document to continue." in response.content.decode()
    assert not PolicyAcceptance.objects.filter(user=cast.erin, document=new_terms).exists()


def test_it_does_not_follow_a_next_url_to_another_site(cast: Cast) -> None:
    new_terms = publish_new_version("cla", "2.0")
    client = client_for(cast.erin)

    page = client.get("/me/policies/?next=https://evil.example/")
    response = client.post(
        "/me/policies/", {f"accept_policy_{new_terms.pk}": "on", "next": "https://evil.example/"}
    )

    assert '<input type="hidden" name="next" value="">' in page.content.decode()
    assert response["Location"] == "/me/"
    assert PolicyAcceptance.objects.filter(user=cast.erin, document=new_terms).exists()


def test_the_public_policy_pages_list_every_version(db: None) -> None:
    publish_new_version("terms", "2.0")
    client = Client()

    listing = client.get("/policies/documents/").content.decode()
    terms = client.get("/policies/terms/").content.decode()
    old = client.get("/policies/terms/1.0/").content.decode()

    assert "version 2.0" in listing
    assert "/policies/terms/1.0/" in terms
    assert "/policies/terms/2.0/" in terms
    assert "Clarified section 2." in terms
    assert "This is not the current version." in old


def test_an_unknown_policy_kind_is_not_found(db: None) -> None:
    client = Client()

    assert client.get("/policies/privacy/").status_code == 404
    assert client.get("/policies/privacy/1.0/").status_code == 404
    assert client.get("/policies/terms/9.9/").status_code == 404

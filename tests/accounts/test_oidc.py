"""The platform as the OpenID Connect provider a forge signs people in with (CPF 4.4.3, 4.4.5,
4.4.6): the full authorization-code flow with PKCE, driven by authlib's OAuth2Session against the
running platform, the ID token verified with the published keys (joserfc), and the gate."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from django.conf import settings
from django.test import Client
from django.utils import timezone
from joserfc import jwt
from joserfc.jwk import KeySet
from oauth2_provider.models import Application

from osunited.accounts.models import PolicyDocument, PolicyKind, User
from osunited.audit.models import AuditEvent
from osunited.forges.models import Forge, ForgeAccount
from tests.conftest import Cast, client_for
from tests.factories import UserFactory

REDIRECT_URI = "https://gitlab.example.org/users/auth/openid_connect/callback"
CLIENT_SECRET = "a-test-client-secret-of-the-forge"
SCOPE = "openid profile email"


@dataclass
class ForgeClient:
    application: Application
    forge: Forge


@pytest.fixture
def gitlab(cast: Cast) -> ForgeClient:
    """The UN's GitLab registered as a client the admins trust (no consent page), frank (UNDP
    staff) on its hosting team."""
    application = Application.objects.create(
        name="UN GitLab",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=REDIRECT_URI,
        client_secret=CLIENT_SECRET,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    forge = Forge.objects.create(
        name="UN GitLab",
        kind="gitlab",
        base_url="https://gitlab.example.org",
        token_encrypted=b"",
        hosting_team=["hosting-frank"],
        oidc_application=application,
    )
    ForgeAccount.objects.create(forge=forge, user=cast.frank, username="hosting-frank")
    return ForgeClient(application, forge)


def browser_signed_in_as(user: User) -> requests.Session:
    """A browser holding the user's platform session (as if they had just signed in)."""
    client = Client()
    client.force_login(user)
    browser = requests.Session()
    browser.cookies.set(
        settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value
    )
    return browser


def forge_session(application: Application) -> OAuth2Session:
    return OAuth2Session(
        application.client_id,
        CLIENT_SECRET,
        scope=SCOPE,
        redirect_uri=REDIRECT_URI,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic",
    )


def sign_in_to_forge(base_url: str, user: User, application: Application) -> dict[str, str]:
    """The forge's side of the flow: send the browser to /o/authorize/, take the code from where
    the browser is sent back, exchange it at /o/token/ with the PKCE verifier."""
    forge = forge_session(application)
    verifier, nonce = generate_token(48), generate_token(16)
    url, state = forge.create_authorization_url(
        f"{base_url}/o/authorize/", code_verifier=verifier, nonce=nonce
    )
    answer = browser_signed_in_as(user).get(url, allow_redirects=False)
    assert answer.status_code == 302, answer.text
    back = answer.headers["Location"]
    assert back.startswith(REDIRECT_URI + "?")
    assert parse_qs(urlsplit(back).query)["state"] == [state]
    token = forge.fetch_token(
        f"{base_url}/o/token/", authorization_response=back, code_verifier=verifier
    )
    token["nonce"] = nonce
    return token


def verified_claims(base_url: str, token: dict[str, str], application: Application) -> dict:
    """The ID token's claims, its signature checked with the keys the discovery names."""
    discovery = requests.get(f"{base_url}/o/.well-known/openid-configuration", timeout=10).json()
    keys = KeySet.import_key_set(requests.get(discovery["jwks_uri"], timeout=10).json())
    id_token = jwt.decode(token["id_token"], keys, algorithms=["RS256"])
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": discovery["issuer"]},
        aud={"essential": True, "value": application.client_id},
        nonce={"essential": True, "value": token["nonce"]},
        exp={"essential": True},
        sub={"essential": True},
    ).validate(id_token.claims)
    return id_token.claims


def test_discovery_names_the_endpoints_the_code_flow_with_pkce_and_the_claims(
    client: Client,
) -> None:
    discovery = client.get("/o/.well-known/openid-configuration").json()
    assert discovery["issuer"] == "http://testserver/o"
    assert discovery["authorization_endpoint"] == "http://testserver/o/authorize/"
    assert discovery["token_endpoint"] == "http://testserver/o/token/"
    assert discovery["userinfo_endpoint"] == "http://testserver/o/userinfo/"
    assert discovery["jwks_uri"] == "http://testserver/o/.well-known/jwks.json"
    assert discovery["response_types_supported"] == ["code"]
    assert discovery["code_challenge_methods_supported"] == ["S256"]
    assert "RS256" in discovery["id_token_signing_alg_values_supported"]
    assert {"openid", "profile", "email"} <= set(discovery["scopes_supported"])
    assert {"sub", "email", "preferred_username", "forge_roles", "groups", "un_staff"} <= set(
        discovery["claims_supported"]
    )


def test_the_jwks_publishes_the_public_signing_key_only(client: Client) -> None:
    keys = client.get("/o/.well-known/jwks.json").json()["keys"]
    assert len(keys) == 1
    assert keys[0]["kty"] == "RSA"
    assert keys[0]["alg"] == "RS256"
    assert keys[0]["use"] == "sig"
    assert {"n", "e", "kid"} <= set(keys[0])
    assert "d" not in keys[0]


def test_a_un_staff_member_signs_in_to_the_forge_with_a_real_oidc_client(
    live_server, cast: Cast, gitlab: ForgeClient
) -> None:
    token = sign_in_to_forge(live_server.url, cast.frank, gitlab.application)

    claims = verified_claims(live_server.url, token, gitlab.application)
    assert claims["sub"] == str(cast.frank.pk)
    assert claims["email"] == "frank@undp.org"
    assert claims["email_verified"] is True
    assert claims["preferred_username"] == "hosting-frank"
    assert claims["forge_roles"] == ["owner", "maintainer", "developer"]
    assert claims["groups"] == ["UNDP"]
    assert claims["un_staff"] is True
    cla = PolicyDocument.objects.filter(kind=PolicyKind.CLA).latest("published_at")
    assert claims["cla_version"] == cla.version
    forge = forge_session(gitlab.application)
    forge.token = token
    userinfo = forge.get(f"{live_server.url}/o/userinfo/", timeout=10).json()
    assert userinfo["sub"] == claims["sub"]
    assert userinfo["preferred_username"] == "hosting-frank"
    actions = list(AuditEvent.objects.filter(actor=cast.frank).values_list("action", flat=True))
    assert "oidc.authorized" in actions
    assert "oidc.token_issued" in actions
    audited = str(list(AuditEvent.objects.filter(action__startswith="oidc.").values("changes")))
    assert token["access_token"] not in audited
    assert token["id_token"] not in audited
    assert CLIENT_SECRET not in audited


def test_an_external_contributor_is_a_developer_never_a_maintainer(
    live_server, cast: Cast, gitlab: ForgeClient
) -> None:
    token = sign_in_to_forge(live_server.url, cast.carol, gitlab.application)

    claims = verified_claims(live_server.url, token, gitlab.application)
    assert claims["forge_roles"] == ["developer"]
    assert claims["un_staff"] is False
    assert claims["groups"] == []
    assert claims["preferred_username"] == "carol"  # from her address, made hers on this forge
    assert ForgeAccount.objects.get(forge=gitlab.forge, user=cast.carol).username == "carol"


def authorize_url(application: Application) -> str:
    url, _state = forge_session(application).create_authorization_url(
        "http://testserver/o/authorize/", code_verifier=generate_token(48), nonce="n-0S6"
    )
    return url.removeprefix("http://testserver")


def test_a_user_with_an_outstanding_cla_is_refused_with_a_page_saying_what_to_do(
    cast: Cast, gitlab: ForgeClient
) -> None:
    PolicyDocument.objects.create(
        kind=PolicyKind.CLA, version="2.0", title="CLA", body="New.", published_at=timezone.now()
    )
    url = authorize_url(gitlab.application)

    response = client_for(cast.carol).get(url)

    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot sign in to the forge yet" in page
    assert "Contributor License Agreement" in page or "CLA" in page
    assert 'href="/me/policies/?next=' in page
    assert "code=" not in response.headers.get("Location", "")
    refusal = AuditEvent.objects.get(action="oidc.refused", actor=cast.carol)
    assert refusal.changes["reasons"] == ["policies_outstanding"]
    assert refusal.changes["documents"] == ["cla 2.0"]
    assert refusal.changes["client"] == "UN GitLab"


def test_after_accepting_the_user_comes_back_to_the_forge(cast: Cast, gitlab: ForgeClient) -> None:
    cla = PolicyDocument.objects.create(
        kind=PolicyKind.CLA, version="2.0", title="CLA", body="New.", published_at=timezone.now()
    )
    url = authorize_url(gitlab.application)
    browser = client_for(cast.carol)
    page = browser.get(url).content.decode()
    acceptance = re.search(r'href="(/me/policies/\?next=[^"]+)"', page)
    assert acceptance is not None
    accepted = browser.post(
        acceptance.group(1).replace("&amp;", "&"),
        {f"accept_policy_{cla.pk}": "on"},
    )
    assert accepted.status_code == 302, accepted.content.decode()[:2000]
    assert accepted["Location"] == url

    back = browser.get(url)

    assert back.status_code == 302
    assert back["Location"].startswith(REDIRECT_URI + "?code=")


def test_un_staff_without_two_factor_are_refused_with_a_link_to_set_it_up(
    cast: Cast, gitlab: ForgeClient
) -> None:
    newcomer = UserFactory(email="newcomer@undp.org", without_totp=True)
    url = authorize_url(gitlab.application)

    response = client_for(newcomer).get(url)

    assert response.status_code == 403
    page = response.content.decode()
    assert "two-factor authentication" in page
    assert 'href="/accounts/2fa/totp/activate/"' in page
    refusal = AuditEvent.objects.get(action="oidc.refused", actor=newcomer)
    assert refusal.changes["reasons"] == ["two_factor_missing"]


def test_the_gate_also_refuses_the_token_exchange(cast: Cast, gitlab: ForgeClient) -> None:
    """A code issued before the user stopped qualifying gets no token."""
    forge = forge_session(gitlab.application)
    code_verifier = generate_token(48)
    full, _ = forge.create_authorization_url(
        "http://testserver/o/authorize/", code_verifier=code_verifier, nonce="n"
    )
    back = client_for(cast.carol).get(full.removeprefix("http://testserver"))
    code = parse_qs(urlsplit(back["Location"]).query)["code"][0]
    PolicyDocument.objects.create(
        kind=PolicyKind.CLA, version="2.0", title="CLA", body="New.", published_at=timezone.now()
    )

    answer = Client().post(
        "/o/token/",
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "code_verifier": code_verifier,
        },
        headers={"authorization": basic_auth(gitlab.application.client_id, CLIENT_SECRET)},
    )

    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"
    refusal = AuditEvent.objects.get(action="oidc.refused", actor=cast.carol)
    assert refusal.changes["stage"] == "token"


def test_a_redirect_uri_that_is_not_registered_is_refused_and_nothing_is_sent_there(
    cast: Cast, gitlab: ForgeClient
) -> None:
    url = authorize_url(gitlab.application).replace("gitlab.example.org", "attacker.example.net")

    response = client_for(cast.carol).get(url)

    assert response.status_code == 400
    assert "Location" not in response.headers
    assert "This sign-in request is not valid" in response.content.decode()
    assert not AuditEvent.objects.filter(action="oidc.authorized").exists()


def basic_auth(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def test_the_token_endpoint_answers_a_wrong_client_secret_with_401_json(
    cast: Cast, gitlab: ForgeClient
) -> None:
    answer = Client().post(
        "/o/token/",
        {"grant_type": "authorization_code", "code": "x", "redirect_uri": REDIRECT_URI},
        headers={"authorization": basic_auth(gitlab.application.client_id, "wrong")},
    )

    assert answer.status_code == 401
    assert answer["Content-Type"].startswith("application/json")
    assert answer.json()["error"] == "invalid_client"


def test_an_anonymous_visitor_is_sent_to_sign_in_first(gitlab: ForgeClient) -> None:
    url = authorize_url(gitlab.application)

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/o/authorize/")

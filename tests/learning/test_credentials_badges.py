"""Open Badges 3.0: the OpenBadgeCredential of a completion in JSON-LD, valid against 1EdTech's
JSON Schema, aligned to the OSEE competencies; its VC-JWT verified with the issuer's published
key; the public verification page; a revoked credential says so."""

from __future__ import annotations

import json
import stat
import warnings
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from django.urls import reverse
from joserfc import jwt
from joserfc.errors import SecurityWarning
from joserfc.jwk import OKPKey

from osunited.learning import badges
from osunited.learning.models import Completion
from osunited.learning.services.attendance import attendance_check_in
from osunited.learning.services.credentials import completion_mark, completion_revoke
from tests.conftest import Cast, client_for
from tests.learning.attendance_helpers import COMPETENCIES, registered, workshop

pytestmark = pytest.mark.django_db
SCHEMA = Path(__file__).parent / "data" / "ob_v3p0_achievementcredential_schema.json"


@pytest.fixture(autouse=True)
def issuer_key_in_tmp(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    settings.SITE_URL = "https://osu.example.org"


def attended(cast: Cast) -> Completion:
    """Alice attended both sessions of the workshop, checked in by grace."""
    event = workshop(organiser=cast.grace)
    registration = registered(cast.alice, event)
    for session in event.sessions.all():
        attendance_check_in(actor=cast.grace, session=session, ticket=registration.ticket)
    return Completion.objects.get()


def badge_of(completion: Completion) -> dict:  # type: ignore[type-arg]
    url = reverse("learning:credentials_badge", args=[completion.public_id])
    response = client_for(None).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    return json.loads(response.content)


def test_the_badge_is_an_open_badge_credential_valid_against_1edtechs_schema(
    cast: Cast,
) -> None:
    badge = badge_of(attended(cast))

    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft201909Validator(schema).validate(badge)
    assert badge["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert badge["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert badge["issuer"] == {
        "id": "https://osu.example.org/learning/credentials/issuer.json",
        "type": ["Profile"],
        "name": "Open Source United Platform",
        "url": "https://osu.example.org/",
    }
    assert badge["validFrom"].endswith("Z")


def test_the_schema_refuses_what_the_badge_must_have(cast: Cast) -> None:
    """The copy of the schema really checks: a badge without validFrom is refused."""
    badge = badge_of(attended(cast))
    del badge["validFrom"]

    with pytest.raises(jsonschema.ValidationError, match="'validFrom' is a required property"):
        jsonschema.Draft201909Validator(json.loads(SCHEMA.read_text())).validate(badge)


def test_the_recipient_is_a_salted_hash_of_their_address_never_the_address(
    cast: Cast,
) -> None:
    completion = attended(cast)
    badge = badge_of(completion)

    (identity,) = badge["credentialSubject"]["identifier"]
    assert identity["type"] == "IdentityObject"
    assert identity["identityType"] == "emailAddress"
    assert identity["hashed"] is True
    assert identity["identityHash"] == badges.identity_hash("alice@unicef.org", identity["salt"])
    assert identity["identityHash"].startswith("sha256$")
    assert "alice@unicef.org" not in json.dumps(badge)
    assert badge == badge_of(completion)  # the same every time it is downloaded


def test_the_achievement_is_aligned_to_the_osee_competencies_as_case_items(
    cast: Cast,
) -> None:
    badge = badge_of(attended(cast))

    achievement = badge["credentialSubject"]["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == "Open Source Licensing 101"
    assert achievement["id"] == "https://osu.example.org/learning/events/osl-101/"
    assert achievement["criteria"]["narrative"].startswith("Attended every session")
    assert [a["targetCode"] for a in achievement["alignment"]] == COMPETENCIES
    legal = achievement["alignment"][0]
    assert legal["targetType"] == "CFItem"
    assert legal["targetName"] == "Capacity to Recognize and Address Legal Challenges"
    assert legal["targetUrl"] == (
        "https://osu.example.org/learning/osee/procurement-and-legal/"
        "#capacity-to-recognize-and-address-legal-challenges"
    )


def test_the_signed_badge_verifies_with_the_issuers_published_key(cast: Cast) -> None:
    completion = attended(cast)
    anonymous = client_for(None)
    token = anonymous.get(
        reverse("learning:credentials_badge_jwt", args=[completion.public_id])
    ).content.decode()
    profile = json.loads(anonymous.get(reverse("learning:credentials_issuer")).content)

    key = OKPKey.import_key(profile["publicKeyJwk"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SecurityWarning)  # "EdDSA", see badges.signed_credential
        verified = jwt.decode(token, key, algorithms=["EdDSA"])

    assert verified.header["alg"] == "EdDSA"
    assert verified.header["kid"] == profile["publicKeyJwk"]["kid"]
    assert "d" not in verified.header["jwk"]
    assert "d" not in profile["publicKeyJwk"]
    assert verified.claims["iss"] == profile["id"]
    assert verified.claims["jti"] == verified.claims["id"]
    assert verified.claims["credentialSubject"] == badge_of(completion)["credentialSubject"]
    jsonschema.Draft201909Validator(json.loads(SCHEMA.read_text())).validate(verified.claims)


def test_the_signing_key_is_created_once_for_its_owner_only(
    cast: Cast, settings, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    first = badges.public_jwk()
    key_file = Path(settings.VAR_DIR) / badges.KEY_FILE

    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert badges.public_jwk() == first
    private = json.loads(key_file.read_text())["d"]
    assert private not in caplog.text
    assert private not in json.dumps(badges.issuer_profile(name="x"))


def test_the_verification_page_is_public_and_never_shows_the_address(cast: Cast) -> None:
    cast.alice.display_name = "Alice Martin"
    cast.alice.save(update_fields=["display_name"])
    completion = attended(cast)

    page = client_for(None).get(reverse("learning:credentials_verify", args=[completion.public_id]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Alice Martin" in text
    assert "Open Source Licensing 101" in text
    assert "Valid: issued on" in text
    assert "Open Source United Platform" in text
    assert "Capacity to Recognize and Address Legal Challenges" in text
    assert "alice@unicef.org" not in text
    assert reverse("learning:credentials_certificate", args=[completion.public_id]) not in text


def test_a_revoked_credential_says_so_on_its_page_and_its_badge(cast: Cast) -> None:
    completion = completion_mark(
        actor=cast.heidi, user=cast.erin, event=workshop(), completed_on=date(2026, 1, 5)
    )
    completion_revoke(actor=cast.heidi, completion=completion, reason="Wrong person.")
    anonymous = client_for(None)
    args = [completion.public_id]

    page = anonymous.get(reverse("learning:credentials_verify", args=args)).content.decode()
    badge = anonymous.get(reverse("learning:credentials_badge", args=args))
    signed = anonymous.get(reverse("learning:credentials_badge_jwt", args=args))

    assert "Revoked on" in page
    assert "Wrong person." not in page  # the reason is the holder's and the team's
    assert badge.status_code == signed.status_code == 410
    assert badge.json()["revoked"] is True
    assert "was revoked on" in badge.json()["detail"]
    own = client_for(cast.erin).get(reverse("learning:credentials_verify", args=args))
    assert "Wrong person." in own.content.decode()


def test_an_unknown_credential_is_a_404(cast: Cast) -> None:
    url = reverse("learning:credentials_badge", args=["00000000-0000-4000-8000-000000000009"])

    assert client_for(None).get(url).status_code == 404

"""Open Badges 3.0: a completion as an OpenBadgeCredential (a W3C Verifiable Credential 2.0 in
JSON-LD), its achievement aligned to the OSEE competencies (CASE items), and its signed form, a
VC-JWT (Compact JWS, EdDSA with an Ed25519 key).

The recipient is named by a salted SHA-256 hash of their e-mail address (OB 3.0 IdentityObject),
never the address itself; the salt is derived from the credential's public id with the site's
secret key, so that the same credential reads the same every time it is downloaded, and two
credentials of one person cannot be linked by their hashes.

The issuer's signing key is created on first use in VAR_DIR (owner-only permissions) and never
logged; its public half is published in the issuer profile, `/learning/credentials/issuer.json`.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import tempfile
import warnings
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse
from joserfc import jwt
from joserfc.errors import SecurityWarning
from joserfc.jwk import OKPKey

from osunited.learning.selectors.credentials import CredentialFacts, absolute
from osunited.learning.selectors.osee_topics import Topic

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
CREDENTIAL_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
OSEE_FRAMEWORK = "Open Source Ecosystem Enabler (OSEE) framework"
KEY_FILE = "badge_issuer_ed25519.jwk"
JWT_ALGORITHM = "EdDSA"


def issuer_id() -> str:
    return absolute(reverse("learning:credentials_issuer"))


def issuer_profile(*, name: str) -> dict[str, Any]:
    """The issuer's Profile, with the public key that verifies its badges' signatures."""
    return {
        "@context": CONTEXTS,
        "id": issuer_id(),
        "type": ["Profile"],
        "name": name,
        "url": settings.SITE_URL + "/",
        "publicKeyJwk": public_jwk(),
    }


def open_badge_credential(facts: CredentialFacts, *, email: str) -> dict[str, Any]:
    """The OpenBadgeCredential of a completion (not revoked: a revoked one is not served)."""
    completion = facts.completion
    return {
        "@context": CONTEXTS,
        "id": facts.verification_url,
        "type": CREDENTIAL_TYPES,
        "name": facts.title,
        "issuer": {
            "id": issuer_id(),
            "type": ["Profile"],
            "name": facts.issuer_name,
            "url": settings.SITE_URL + "/",
        },
        "validFrom": _timestamp(completion.issued_at.isoformat()),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [_identity(email, subject_salt(str(completion.public_id)))],
            "achievement": _achievement(facts),
        },
    }


def _timestamp(iso: str) -> str:
    return iso.replace("+00:00", "Z")


def _identity(email: str, salt: str) -> dict[str, Any]:
    return {
        "type": "IdentityObject",
        "identityType": "emailAddress",
        "hashed": True,
        "identityHash": identity_hash(email, salt),
        "salt": salt,
    }


def identity_hash(email: str, salt: str) -> str:
    """OB 3.0's IdentityHash: "sha256$" and the hex digest of the address followed by the salt."""
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    return f"sha256${digest}"


def subject_salt(public_id: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"open-badge-salt:{public_id}".encode(), hashlib.sha256).hexdigest()[:32]


def _achievement(facts: CredentialFacts) -> dict[str, Any]:
    achievement: dict[str, Any] = {
        "id": absolute(facts.achievement_path),
        "type": ["Achievement"],
        "name": facts.title,
        "description": facts.summary or facts.title,
        "criteria": {"narrative": facts.criteria},
    }
    # Only competencies the framework knows have a CASE item to point to.
    known = [topic for topic in facts.competencies if topic.module_title]
    if known:
        achievement["alignment"] = [_alignment(topic) for topic in known]
    return achievement


def _alignment(topic: Topic) -> dict[str, Any]:
    """A CASE item of the OSEE framework: the competency's place on its module's page."""
    module_id, _, slug = topic.id.partition("/")
    return {
        "type": ["Alignment"],
        "targetType": "CFItem",
        "targetName": topic.name,
        "targetCode": topic.id,
        "targetFramework": OSEE_FRAMEWORK,
        "targetUrl": absolute(reverse("learning:osee_module", args=[module_id]) + f"#{slug}"),
    }


def signed_credential(credential: dict[str, Any]) -> str:
    """The credential as a VC-JWT: the JWT claims of OB 3.0 (iss, jti, nbf, sub) beside it."""
    key = signing_key()
    header = {"alg": JWT_ALGORITHM, "typ": "JWT", "kid": key_id(), "jwk": public_jwk()}
    claims = {
        **credential,
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "nbf": _numeric_date(credential["validFrom"]),
        "sub": credential["id"] + "#subject",
    }
    with warnings.catch_warnings():
        # joserfc warns that RFC 9864 deprecates "EdDSA" for "Ed25519"; wallets and verifiers of
        # Open Badges know "EdDSA", and not yet the new name.
        warnings.simplefilter("ignore", SecurityWarning)
        return jwt.encode(header, claims, key, algorithms=[JWT_ALGORITHM])


def _numeric_date(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())


def key_id() -> str:
    return f"{issuer_id()}#{signing_key().thumbprint()}"


def public_jwk() -> dict[str, Any]:
    jwk = dict(signing_key().as_dict(private=False))
    jwk.update({"kid": key_id(), "alg": JWT_ALGORITHM, "use": "sig"})
    return jwk


def signing_key() -> OKPKey:
    return _key_at(Path(settings.VAR_DIR) / KEY_FILE)


@functools.cache
def _key_at(path: Path) -> OKPKey:
    """The Ed25519 key kept at `path`, created once (a second process racing to create it reads
    the first one's)."""
    if not path.exists():
        _create_key(path)
    return OKPKey.import_key(json.loads(path.read_text()))


def _create_key(path: Path) -> None:
    """Written aside then linked into place: a reader never sees half a key, and of two
    processes creating it at once, the second keeps the first one's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = OKPKey.generate_key("Ed25519", private=True)
    descriptor, aside = tempfile.mkstemp(dir=path.parent, prefix=".badge-key-")
    try:
        with os.fdopen(descriptor, "w") as key_file:  # mkstemp: owner-only permissions
            json.dump(key.as_dict(private=True), key_file)
        os.link(aside, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(aside)

"""Personal API tokens: created with a random key shown once, stored only as a sha256 hash.

A key reads `osu_<random>`. Its first characters (the prefix) stay in the database so that a
person can tell their tokens apart and so that authentication finds the row without comparing
hashes across the table. A token works only while it is not revoked and its owner is active
and UN staff: whoever loses staff status loses the API's writes with it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from osunited.accounts.models import ApiToken, User
from osunited.audit.services import audit_record

KEY_PREFIX = "osu_"
PREFIX_LENGTH = 12  # "osu_" and 8 random characters
MAX_ACTIVE_TOKENS = 20
# Writing last_used_at on every call would turn each read into a write; a minute is precise
# enough to tell a token in use from a forgotten one.
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    key: str  # the whole key: shown to its owner once, never stored


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)


@transaction.atomic
def api_token_create(*, user: User, name: str) -> CreatedToken:
    """A new token for `user`, who must be active UN staff. The key is in the result only."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Name the token after where you will use it."))
    if not (user.is_active and user.is_un_staff):
        raise PermissionDenied(_("API tokens are for UN staff."))
    if api_tokens_of(user).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("You have %(count)s tokens: revoke one first.") % {"count": MAX_ACTIVE_TOKENS}
        )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=key[:PREFIX_LENGTH], key_hash=key_hash(key)
    )
    audit_record(action="api_token.created", actor=user, target=token)
    return CreatedToken(token=token, key=key)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke a token; only its owner (or a platform admin, through the admin) may."""
    if token.user_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied(_("This token is not yours."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(action="api_token.revoked", actor=actor, target=token)
    return token


def api_token_authenticate(key: str) -> User | None:
    """The owner of `key` if the token is valid and its owner may still use the API."""
    # A key is printable ASCII; anything else (a NUL that PostgreSQL refuses) matches nothing.
    if not key.startswith(KEY_PREFIX) or len(key) <= PREFIX_LENGTH or not key.isprintable():
        return None
    wanted = key_hash(key)
    candidates = ApiToken.objects.filter(
        prefix=key[:PREFIX_LENGTH], revoked_at__isnull=True
    ).select_related("user")
    token = next((t for t in candidates if hmac.compare_digest(t.key_hash, wanted)), None)
    if token is None or not (token.user.is_active and token.user.is_un_staff):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer <key>` for the REST API's writes. Only the header counts: a
    session cookie never authenticates a write, so the API needs no CSRF protection."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return api_token_authenticate(token)

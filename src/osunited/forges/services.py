"""Every write of the forges app: forges and namespaces configured by an admin, and the
repositories provisioned, released and archived on a forge as a project moves through its
workflow (CPF 4.3.4, 4.3.5, 4.4.8). Calls to a forge happen outside database transactions; each
step is recorded as it is done, so that a retried task continues where the last one stopped."""

from __future__ import annotations

import ipaddress
import secrets
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from osunited.accounts.models import User
from osunited.audit.services import audit_record
from osunited.entities.models import Entity
from osunited.forges.adapters import ForgeConnection
from osunited.forges.models import Forge, ForgeAccount, ForgeKind, ForgeNamespace
from osunited.forges.vault import decrypt_secret, encrypt_secret

_LOOPBACK_NAMES = frozenset({"localhost"})


@transaction.atomic
def forge_save(
    *,
    actor: User,
    name: str,
    kind: str,
    base_url: str,
    token: str,
    hosting_team: list[str],
    forge: Forge | None = None,
) -> Forge:
    """Create a forge, or change one; an empty `token` keeps the stored one. The token is kept
    encrypted and is never shown, logged or audited."""
    if kind not in ForgeKind.values:
        raise ValidationError({"kind": _("Choose GitLab or GitHub.")})
    base_url = _checked_base_url(base_url)
    creating = forge is None
    if creating and not token.strip():
        raise ValidationError({"token": _("A token is needed to reach the forge.")})
    forge = forge or Forge()
    before = {"name": forge.name, "base_url": forge.base_url, "hosting_team": forge.hosting_team}
    forge.name, forge.kind, forge.base_url = name.strip(), kind, base_url
    forge.hosting_team = sorted({u.strip() for u in hosting_team if u.strip()})
    if token.strip():
        forge.token_encrypted = encrypt_secret(token.strip())
        forge.token_hint = token.strip()[-4:]
    forge.full_clean()
    forge.save()
    after = {"name": forge.name, "base_url": forge.base_url, "hosting_team": forge.hosting_team}
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if token.strip():
        changes["token"] = ["(kept)", "(replaced)"] if not creating else ["", "(set)"]
    audit_record(
        action="forge.created" if creating else "forge.updated",
        actor=actor,
        target=forge,
        changes=changes,
    )
    return forge


@transaction.atomic
def namespace_set(*, actor: User, entity: Entity, forge: Forge, path: str) -> ForgeNamespace:
    """Where the entity's repositories are created on `forge`."""
    path = path.strip().strip("/")
    if not path or any(part in ("", ".", "..") for part in path.split("/")):
        raise ValidationError({"path": _("Give the group's full path or the organisation's name.")})
    namespace, _created = ForgeNamespace.objects.update_or_create(
        entity=entity, defaults={"forge": forge, "path": path}
    )
    audit_record(
        action="forge.namespace_set",
        actor=actor,
        target=namespace,
        changes={"entity": entity.acronym, "forge": forge.name, "path": path},
    )
    return namespace


def connection_of(forge: Forge) -> ForgeConnection:
    """How the adapters reach `forge`, with its token decrypted for the call only."""
    return ForgeConnection(
        kind=forge.kind,
        base_url=forge.base_url,
        token=decrypt_secret(forge.token_encrypted),
    )


def forge_account_for(*, forge: Forge, user: User) -> ForgeAccount:
    """The user's account name on the forge: the local part of their address, made unique."""
    existing = ForgeAccount.objects.filter(forge=forge, user=user).first()
    if existing is not None:
        return existing
    base = "".join(c if c.isalnum() or c in "._-" else "-" for c in user.email.partition("@")[0])
    base = base.strip(".-_")[:40] or "user"
    username, n = base, 1
    while ForgeAccount.objects.filter(forge=forge, username=username).exists():
        n += 1
        username = f"{base}{n}"
    return ForgeAccount.objects.create(forge=forge, user=user, username=username)


def _checked_base_url(url: str) -> str:
    """https, or plain http to this machine only (a forge on loopback, in tests)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # an unbalanced [ in the host, for one
        raise ValidationError({"base_url": _("Enter a valid https:// address.")}) from None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValidationError({"base_url": _("The API address must be an https:// address.")})
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise ValidationError({"base_url": _("The API address must be an https:// address.")})
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ValidationError(
            {"base_url": _("Give the address alone: the token goes in its own field.")}
        )
    return url.strip().rstrip("/")


def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@transaction.atomic
def webhook_secret_rotate(*, actor: User, forge: Forge) -> str:
    """A new random secret for the forge's webhooks, returned once to be pasted into the
    forge's webhook settings; kept encrypted, never shown again."""
    secret = secrets.token_urlsafe(32)
    forge.webhook_secret_encrypted = encrypt_secret(secret)
    forge.save(update_fields=["webhook_secret_encrypted", "updated_at"])
    audit_record(action="forge.webhook_secret_rotated", actor=actor, target=forge)
    return secret

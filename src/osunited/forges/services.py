"""Every write of the forges app: forges and namespaces configured by an admin, and the
repositories provisioned, released and archived on a forge as a project moves through its
workflow (CPF 4.3.4, 4.3.5, 4.4.8). Calls to a forge happen outside database transactions; each
step is recorded as it is done, so that a retried task continues where the last one stopped."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date
from functools import partial
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited.accounts.models import User
from osunited.audit.services import audit_record
from osunited.catalog.models import Hosting, Project
from osunited.catalog.workflow import ProjectStatus
from osunited.entities.models import Entity
from osunited.forges.adapters import ForgeAdapter, ForgeConnection, ForgeError, adapter_for
from osunited.forges.models import (
    BackupAttestation,
    Forge,
    ForgeAccount,
    ForgeAudit,
    ForgeKind,
    ForgeNamespace,
    HostedRepository,
    HostingState,
)
from osunited.forges.selectors import may_retry_provisioning
from osunited.forges.vault import UnreadableSecret, decrypt_secret, encrypt_secret
from osunited.loopback import is_loopback_host


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
    _provision_waiting_projects(entity)
    return namespace


def _provision_waiting_projects(entity: Entity) -> None:
    """The entity's approved projects that waited for its namespace get their repositories."""
    waiting = Project.objects.filter(
        entity=entity,
        hosting=Hosting.INTERNAL,
        status__in=_PROVISIONED_STATUSES,
        hosted_repositories__isnull=True,
    ).values_list("pk", "status")
    for project_id, status in waiting:
        transaction.on_commit(partial(_enqueue_provisioning, project_id, status))


@dataclass(frozen=True)
class ConnectionCheck:
    """What the forge answered for one entity's namespace: who the token acts as there, or the
    sentence saying why it cannot manage it."""

    entity: str
    namespace: str
    acts_as: str = ""
    problem: str = ""


# A check is asked for from a page: it answers within seconds, and does not wait out retries.
_CHECK_TIMEOUT_SECONDS = 10.0


def _checking_adapter(forge: Forge) -> ForgeAdapter:
    connection = replace(
        connection_of(forge),
        timeout_seconds=_CHECK_TIMEOUT_SECONDS,
        retries=0,
        max_rate_limit_wait_seconds=0.0,
    )
    return adapter_for(connection)


def forge_connections_check(
    *,
    actor: User,
    forge: Forge,
    adapter_factory: Callable[[Forge], ForgeAdapter] = _checking_adapter,
) -> list[ConnectionCheck]:
    """Ask the forge, for each entity's namespace on it, who the token acts as and whether it
    may manage the namespace; the answers are audited. Not atomic: the forge is called outside
    any transaction."""
    namespaces = list(forge.namespaces.select_related("entity").order_by("entity__acronym"))
    try:
        adapter = adapter_factory(forge)
    except UnreadableSecret as error:
        checks = [_check_of(n, problem=str(error)) for n in namespaces]
    else:
        try:
            checks = [_checked(adapter, namespace) for namespace in namespaces]
        finally:
            getattr(adapter, "close", lambda: None)()
    audit_record(
        action="forge.connection_checked",
        actor=actor,
        target=forge,
        changes={"checks": [asdict(check) for check in checks]},
    )
    return checks


def _checked(adapter: ForgeAdapter, namespace: ForgeNamespace) -> ConnectionCheck:
    try:
        return _check_of(namespace, acts_as=adapter.check_access(namespace.path))
    except ForgeError as error:
        return _check_of(namespace, problem=str(error))


def _check_of(
    namespace: ForgeNamespace, *, acts_as: str = "", problem: str = ""
) -> ConnectionCheck:
    return ConnectionCheck(
        entity=namespace.entity.acronym, namespace=namespace.path, acts_as=acts_as, problem=problem
    )


@transaction.atomic
def repository_retry(*, actor: User, project: Project) -> list[HostedRepository]:
    """Provision again the project's repositories whose provisioning failed (focal points and
    platform admins); then release or archive them as the project's status says."""
    if not may_retry_provisioning(actor, project):
        raise PermissionDenied(_("Only the project's focal points and platform admins retry."))
    failed = list(
        HostedRepository.objects.select_for_update()
        .filter(project=project, state=HostingState.FAILED)
        .select_related("namespace")
    )
    if not failed:
        raise ValidationError(
            _("Nothing to retry: no repository of this project failed to be provisioned.")
        )
    for repository in failed:
        repository.state = HostingState.PENDING
        repository.save(update_fields=["state", "updated_at"])
    audit_record(
        action="forge.repository_retried",
        actor=actor,
        target=project,
        changes={"repositories": {str(r): r.last_error for r in failed}},
    )
    transaction.on_commit(partial(_enqueue_provisioning, project.pk, project.status))
    return failed


# An archived project that never got a repository does not get one.
_PROVISIONED_STATUSES = (
    ProjectStatus.APPROVED,
    ProjectStatus.PUBLISHED,
    ProjectStatus.SUNSET_NOTICE,
)


def _enqueue_provisioning(project_id: int, status: str) -> None:
    """Provisioning, then the release or the archiving the project's status calls for."""
    from osunited.forges import tasks  # the tasks import provisioning, which imports this module

    follow_up = {
        ProjectStatus.PUBLISHED: tasks.publish_repositories,
        ProjectStatus.SUNSET_NOTICE: tasks.publish_repositories,
        ProjectStatus.ARCHIVED: tasks.archive_repositories,
    }.get(ProjectStatus(status))
    work = tasks.provision_repositories.si(project_id)
    if follow_up is not None:
        work = work | follow_up.si(project_id)
    work.delay()


def connection_of(forge: Forge) -> ForgeConnection:
    """How the adapters reach `forge`, with its token decrypted for the call only; every call
    that changes something on the forge is audited (method, path, status: never the token)."""
    return ForgeConnection(
        kind=forge.kind,
        base_url=forge.base_url,
        token=decrypt_secret(forge.token_encrypted),
        on_call=_changing_calls_audited(forge),
    )


_CHANGING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _changing_calls_audited(forge: Forge) -> Callable[[str, str, int], None]:
    def record(method: str, path: str, status: int) -> None:
        if method.upper() in _CHANGING_METHODS:
            audit_record(
                action="forge.api_call",
                target=forge,
                changes={"method": method.upper(), "path": path[:300], "status": status},
            )

    return record


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


def maintainer_accounts(*, project: Project, forge: Forge) -> list[ForgeAccount]:
    """The forge accounts of the project's focal points who may be maintainers: UN staff only
    (CPF 4.4.6)."""
    return [
        forge_account_for(forge=forge, user=user)
        for user in project.focal_points.all()
        if user.is_un_staff
    ]


def _checked_base_url(url: str) -> str:
    """https, or plain http to this machine only (a forge on loopback, in tests)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # an unbalanced [ in the host, for one
        raise ValidationError({"base_url": _("Enter a valid https:// address.")}) from None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValidationError({"base_url": _("The API address must be an https:// address.")})
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise ValidationError({"base_url": _("The API address must be an https:// address.")})
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ValidationError(
            {"base_url": _("Give the address alone: the token goes in its own field.")}
        )
    return url.strip().rstrip("/")


@transaction.atomic
def webhook_secret_rotate(*, actor: User, forge: Forge) -> str:
    """A new random secret for the forge's webhooks, returned once to be pasted into the
    forge's webhook settings; kept encrypted, never shown again."""
    secret = secrets.token_urlsafe(32)
    forge.webhook_secret_encrypted = encrypt_secret(secret)
    forge.save(update_fields=["webhook_secret_encrypted", "updated_at"])
    audit_record(action="forge.webhook_secret_rotated", actor=actor, target=forge)
    return secret


def page_adapter(forge: Forge) -> ForgeAdapter:
    """An adapter for a call asked for from a page: each call answers within seconds, and
    nothing waits out retries or rate limits while the page loads."""
    return _checking_adapter(forge)


@transaction.atomic
def backup_attest(*, actor: User, forge: Forge, attested_on: date, note: str) -> BackupAttestation:
    """The hosting team's statement that the forge's backup and recovery were tested (CH9)."""
    if attested_on > timezone.localdate():
        raise ValidationError({"attested_on": _("The test cannot be dated in the future.")})
    attestation = BackupAttestation.objects.create(
        forge=forge, attested_on=attested_on, attested_by=actor, note=note.strip()
    )
    audit_record(
        action="forge.backup_attested",
        actor=actor,
        target=forge,
        changes={"attested_on": attested_on.isoformat(), "note": attestation.note},
    )
    return attestation


def namespace_audit_now(
    *,
    actor: User,
    namespace: ForgeNamespace,
    adapter_factory: Callable[[Forge], ForgeAdapter] = page_adapter,
) -> ForgeAudit:
    """Audit one namespace at once, from its page, with calls that answer within seconds; the
    request is audited, then the audit itself (forges/auditing.py). Not atomic: the forge is
    called outside any transaction."""
    from osunited.forges.auditing import namespace_audit_run  # auditing imports this module

    audit_record(
        action="forge.audit_requested",
        actor=actor,
        target=namespace,
        changes={"namespace": namespace.path},
    )
    try:
        adapter: ForgeAdapter | None = adapter_factory(namespace.forge)
    except UnreadableSecret:
        adapter = None  # the audit records why the forge could not be reached
    try:
        return namespace_audit_run(namespace_id=namespace.pk, adapter=adapter)
    finally:
        getattr(adapter, "close", lambda: None)()


@transaction.atomic
def audits_enqueue(*, actor: User) -> int:
    """Every entity's namespace audited in the background, as the nightly run does; returns how
    many namespaces there are."""
    from osunited.forges import tasks  # the tasks import provisioning, which imports this module

    count = ForgeNamespace.objects.count()
    audit_record(action="forge.audits_requested", actor=actor, changes={"namespaces": count})
    transaction.on_commit(tasks.audit_namespaces.delay)
    return count

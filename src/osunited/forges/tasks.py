"""The forges' background work: the repositories of a project provisioned, released and
archived on its forge. Interfaces only: the work is in provisioning.py."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from osunited.forges import auditing, cla, provisioning
from osunited.forges.adapters import ForgeRateLimited, ForgeUnavailable
from osunited.forges.models import Forge, ForgeNamespace

# A forge that is briefly unreachable or rate-limited, or a database that is briefly
# unavailable, is worth a few retries; other failures are recorded on the repository (shown
# on the project page, with a retry) and end the task.
_TRANSIENT = (ForgeUnavailable, ForgeRateLimited, DatabaseError)


@shared_task(autoretry_for=_TRANSIENT, max_retries=4, retry_backoff=30, retry_backoff_max=900)
def provision_repositories(project_id: int) -> None:
    provisioning.repositories_provision(project_id=project_id)


@shared_task(autoretry_for=_TRANSIENT, max_retries=4, retry_backoff=30, retry_backoff_max=900)
def publish_repositories(project_id: int) -> None:
    provisioning.repositories_publish(project_id=project_id)


@shared_task(autoretry_for=_TRANSIENT, max_retries=4, retry_backoff=30, retry_backoff_max=900)
def archive_repositories(project_id: int) -> None:
    provisioning.repositories_archive(project_id=project_id)


@shared_task(autoretry_for=_TRANSIENT, max_retries=4, retry_backoff=30, retry_backoff_max=900)
def set_cla_status(forge_id: int, repository_id: str, sha: str, username: str) -> str:
    """The `osunited/cla` status of a merge request's head commit (CH7)."""
    forge = Forge.objects.get(pk=forge_id)
    return cla.cla_status_set(
        forge=forge, repository_id=repository_id, sha=sha, username=username
    ).state.value


@shared_task
def audit_namespaces() -> int:
    """Nightly: every entity's namespace audited against CH1-CH12; returns how many."""
    namespace_ids = list(ForgeNamespace.objects.values_list("pk", flat=True))
    for namespace_id in namespace_ids:
        auditing.namespace_audit_run(namespace_id=namespace_id)
    return len(namespace_ids)

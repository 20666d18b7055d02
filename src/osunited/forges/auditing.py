"""The platform's nightly CH1-CH12 audit of every entity's namespace: the facts only the platform
knows (who is UN staff, the focal points, CLA acceptances, released repositories, the hosting
team's backup attestation) joined to what the forge shows, kept as a report, and offered as
suggested ratings in the entity's self-assessment."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, replace
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from osunited.accounts.models import PolicyAcceptance, PolicyKind
from osunited.accounts.selectors import current_policy_document
from osunited.audit.services import audit_record
from osunited.entities.models import Entity
from osunited.forges.adapters import (
    ForgeAdapter,
    ForgeAuthError,
    ForgeError,
    ForgeNotFound,
    adapter_for,
)
from osunited.forges.audit import audit_namespace
from osunited.forges.guidelines import AuditFacts, Outcome
from osunited.forges.models import (
    BackupAttestation,
    ForgeAccount,
    ForgeAudit,
    ForgeNamespace,
    HostedRepository,
    HostingState,
)
from osunited.forges.reports import audit_table
from osunited.forges.services import connection_of
from osunited.forges.vault import UnreadableSecret
from osunited.licensing.selectors.packages import recommended_licenses

ACTIVITY_DAYS = 90


def audit_facts_for(namespace: ForgeNamespace) -> AuditFacts:
    forge = namespace.forge
    accounts = list(ForgeAccount.objects.filter(forge=forge).select_related("user"))
    staff = frozenset(a.username for a in accounts if a.user.is_un_staff)
    hosted = HostedRepository.objects.filter(namespace=namespace).prefetch_related(
        "project__focal_points"
    )
    by_user = {a.user_id: a.username for a in accounts}
    leads = {
        f"{namespace.path}/{r.path}": frozenset(
            by_user[u.pk] for u in r.project.focal_points.all() if u.pk in by_user and u.is_un_staff
        )
        for r in hosted
    }
    previous = ForgeAudit.objects.filter(namespace=namespace, finished_at__isnull=False).first()
    backup = BackupAttestation.objects.filter(forge=forge).first()
    return AuditFacts(
        today=timezone.localdate(),
        hosting_team=frozenset(forge.hosting_team),
        un_staff=staff,
        externals=frozenset(a.username for a in accounts) - staff,
        leads_by_repository=leads,
        released=frozenset(f"{namespace.path}/{r.path}" for r in hosted if r.public),
        recommended_licenses=recommended_licenses(),
        platform_records=True,
        cla_accepted=_cla_accepted(accounts),
        last_compliance_audit=previous.finished_at.date()
        if previous and previous.finished_at
        else None,
        backup_attested_on=backup.attested_on if backup else None,
    )


def namespace_audit_run(*, namespace_id: int, adapter: ForgeAdapter | None = None) -> ForgeAudit:
    """Audit one namespace now and keep the report (or why it could not be done)."""
    namespace = ForgeNamespace.objects.select_related("forge", "entity").get(pk=namespace_id)
    run = ForgeAudit(namespace=namespace, started_at=timezone.now())
    facts = audit_facts_for(namespace)
    try:
        adapter = adapter or adapter_for(connection_of(namespace.forge))
        # The platform's own account on the forge owns what it provisions: it counts as the
        # hosting team's (CH5, CH11), beside the people the admin named.
        acting = adapter.check_access(namespace.path)
        facts = replace(facts, hosting_team=facts.hosting_team | {acting})
        run.report = audit_namespace(adapter, namespace.path, facts).to_dict()
        _read_activity(adapter, namespace)
    except (ForgeError, UnreadableSecret) as error:
        run.error = str(error)
    run.finished_at = timezone.now()
    run.save()
    audit_record(
        action="forge.audited",
        target=namespace,
        changes={"namespace": namespace.path, "error": run.error}
        if run.error
        else {"namespace": namespace.path},
    )
    return run


def _read_activity(adapter: ForgeAdapter, namespace: ForgeNamespace) -> None:
    """The last 90 days of each provisioned repository, for the health figures; a repository
    whose activity cannot be read keeps what was read before."""
    since = (timezone.localdate() - timedelta(days=ACTIVITY_DAYS)).isoformat()
    for repository in HostedRepository.objects.filter(
        namespace=namespace, state=HostingState.READY
    ):
        try:
            activity = adapter.activity(repository.remote_id, since=since)
        except (ForgeAuthError, ForgeNotFound):
            continue
        repository.activity = asdict(activity)
        repository.save(update_fields=["activity", "updated_at"])


@dataclass(frozen=True)
class GuidelineShare:
    guideline_id: str
    met: int
    observed: int
    provenance: str


def guideline_shares(entity: Entity) -> list[GuidelineShare]:
    """From the entity's latest audit, for each guideline observed on at least one of its
    repositories: how many met it. Not-observable repositories are left out of the share."""
    latest = (
        ForgeAudit.objects.filter(namespace__entity=entity, finished_at__isnull=False, error="")
        .select_related("namespace__forge")
        .first()
    )
    if latest is None:
        return []
    met: Counter[str] = Counter()
    observed: Counter[str] = Counter()
    for row in audit_table(latest.report).rows:
        for cell in row.cells:
            if cell.outcome is not Outcome.NOT_OBSERVABLE:
                observed[cell.guideline_id] += 1
                met[cell.guideline_id] += cell.outcome is Outcome.MET
    when = latest.finished_at.date().isoformat() if latest.finished_at else ""
    return [
        GuidelineShare(
            guideline,
            met[guideline],
            observed[guideline],
            _(
                "%(met)d of %(observed)d repositories in %(namespace)s met it in the audit of "
                "%(date)s."
            )
            % {
                "met": met[guideline],
                "observed": observed[guideline],
                "namespace": latest.namespace.path,
                "date": when,
            },
        )
        for guideline in sorted(observed)
    ]


def _cla_accepted(accounts: list[ForgeAccount]) -> frozenset[str]:
    current = current_policy_document(PolicyKind.CLA)
    if current is None:
        return frozenset()
    accepted = set(
        PolicyAcceptance.objects.filter(document=current).values_list("user_id", flat=True)
    )
    return frozenset(a.username for a in accounts if a.user_id in accepted)

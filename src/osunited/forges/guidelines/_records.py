"""The probes of what only the platform knows: CH7 (its CLA records), CH8 (the audits it
ran), CH9 (the hosting team's backup attestation)."""

from __future__ import annotations

from datetime import date

from osunited.forges.adapters.base import NamespaceSettings, RepositorySettings
from osunited.forges.guidelines._model import (
    AuditFacts,
    Findings,
    Probe,
    names,
)

# CH7, CH8, CH9: the platform's records -------------------------------------------------------


def contributor_license_agreement(
    settings: RepositorySettings, namespace: NamespaceSettings, facts: AuditFacts
) -> Probe:
    found = Findings()
    if not facts.platform_records:
        found.cannot_see("CLA acceptances are in the platform's records, not on the forge")
        return found.probe("")
    externals = {m.username for m in settings.members if m.username in facts.externals}
    missing = externals - facts.cla_accepted
    found.see("platform.cla_missing", missing)
    if missing:
        found.fail(
            f"from the platform's records, {names(missing)} have not accepted the current CLA",
            "Remove their access until they accept the current CLA on the platform.",
        )
    return found.probe(
        f"From the platform's records, every external member ({len(externals)}) accepted the "
        "current CLA."
    )


def _recent(
    found: Findings, name: str, on: date | None, today: date, days: int, what: str, fix: str
) -> None:
    found.see(name, on)
    if on is None:
        found.fail(f"no {what} is recorded on the platform", fix)
    elif (today - on).days > days:
        found.fail(f"the last {what} was on {on.isoformat()}, more than {days} days ago", fix)


def compliance_audits(
    settings: RepositorySettings, namespace: NamespaceSettings, facts: AuditFacts
) -> Probe:
    found = Findings()
    if not facts.platform_records:
        found.cannot_see("the audits run are in the platform's records, not on the forge")
        return found.probe("")
    last = facts.last_compliance_audit
    fix = "Audit the hosted projects (scan findings, CLA, roles) at least once a year."
    period = facts.audit_period_days
    _recent(found, "platform.last_compliance_audit", last, facts.today, period, "audit", fix)
    return found.probe(f"The last compliance audit was on {last}, within the policy period.")


def disaster_recovery(
    settings: RepositorySettings, namespace: NamespaceSettings, facts: AuditFacts
) -> Probe:
    found = Findings()
    if not facts.platform_records:
        found.cannot_see("backup is attested by the hosting team on the platform, not on the forge")
        return found.probe("")
    on = facts.backup_attested_on
    fix = "Ask the hosting team to attest the backup and a tested restore on the platform."
    period = facts.backup_period_days
    _recent(found, "platform.backup_attested_on", on, facts.today, period, "attestation", fix)
    return found.probe(f"The hosting team attested backup and restore on {on}.")

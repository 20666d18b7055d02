"""Scans of catalog projects: request, run and store them, and read what changed.

A scan covers one repository of a project, or the uploaded source archive of an internal
project. It is queued by `scan_request` (on submission, approval, nightly or on demand) and run
by the Celery task `run_scan`, which calls `scan_execute`. The scanner engine is reached only
through `osunited.scanner.scan`; every URL goes through the SSRF guard (`sources.clone_target`).

The health reading of a scan, the catalog's one-word facet (docs/catalog-scans.md):
unmaintained (the `health.maintained` check says so) > at risk (any `error` finding) >
needs attention (any `warning`) > good. A project's reading is the worst of the latest
successful scans of its repositories.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited import scanner
from osunited.accounts.models import User
from osunited.accounts.roles import Role, roles_of
from osunited.accounts.types import Viewer
from osunited.audit.services import audit_record
from osunited.catalog.models import (
    Hosting,
    Project,
    Scan,
    ScanFinding,
    ScanHealth,
    ScanStatus,
    ScanTrigger,
)
from osunited.catalog.scan_queue import (
    claim,
    enqueue_scan,
    holding_lease,
    lease_owner_for,
    release_expired,
    still_holds_lease,
)
from osunited.catalog.showcase import report_without_kept_bodies, showcase_keep
from osunited.catalog.sources import clone_target
from osunited.catalog.vulnerabilities import project_facts_of
from osunited.catalog.workflow import ProjectStatus
from osunited.licensing.selectors.packages import scan_policy
from osunited.platform.caching import CATALOG, public_content_changed
from osunited.scanner import CheckResult, Outcome, Pillar, ScanError, ScanReport, Text, text_to_dict

logger = logging.getLogger(__name__)

ACTIVE_STATUSES = (ScanStatus.QUEUED, ScanStatus.RUNNING)
# Worst first: a project's reading is the first one any of its repositories has.
HEALTH_ORDER = (
    ScanHealth.UNMAINTAINED,
    ScanHealth.AT_RISK,
    ScanHealth.NEEDS_ATTENTION,
    ScanHealth.GOOD,
)
SEVERITIES = ("error", "warning", "info")
GENERIC_ERROR = "The scan stopped on an unexpected error. The platform's admins have the details."


# Requests -----------------------------------------------------------------------------------


@transaction.atomic
def scan_request(*, project: Project, trigger: str, user: User | None = None) -> list[Scan]:
    """Queue one scan per repository (or one of the uploaded archive of an internal project),
    except where a scan of the same source is already queued or running. Returns the new scans;
    the task is sent once the transaction commits."""
    Project.objects.select_for_update().filter(pk=project.pk).first()  # one request at a time
    release_expired(Scan.objects.filter(project=project))  # a lost scan never blocks a source
    busy = set(
        Scan.objects.filter(project=project, status__in=ACTIVE_STATUSES).values_list(
            "repository_id", flat=True
        )
    )
    sources: list[int | None] = list(project.repositories.values_list("pk", flat=True))
    if project.hosting == Hosting.INTERNAL and project.source_archive:
        sources.append(None)
    requester = user if user is not None and user.is_authenticated else None
    now = timezone.now()
    scans = Scan.objects.bulk_create(
        Scan(
            project=project,
            repository_id=source,
            trigger=trigger,
            requested_by=requester,
            heartbeat_at=now,
        )
        for source in sources
        if source not in busy
    )
    if scans:
        public_content_changed(CATALOG)  # the project page says a scan is waiting; bulk: no signal
    if requester is not None and scans:
        audit_record(
            action="scan.requested",
            actor=requester,
            target=project,
            changes={"scans": [s.pk for s in scans], "trigger": trigger},
        )
    for queued in scans:
        enqueue_scan(queued.pk)
    return scans


@transaction.atomic
def scan_retry(*, scan: Scan, user: User) -> Scan:
    """Queue a failed scan again. Its previous error stays in the audit log."""
    locked = Scan.objects.select_for_update().get(pk=scan.pk)
    if locked.status != ScanStatus.FAILED:
        raise ValidationError(_("Only a failed scan can be retried."))
    others = Scan.objects.filter(same_source(locked), status__in=ACTIVE_STATUSES)
    if others.exists():
        raise ValidationError(_("A scan of this source is already queued or running."))
    audit_record(
        action="scan.retried",
        actor=user,
        target=locked.project,
        changes={"scan": locked.pk, "error": locked.error},
    )
    locked.status, locked.error = ScanStatus.QUEUED, ""
    locked.started_at = locked.finished_at = None
    locked.heartbeat_at, locked.lease_owner, locked.lost_attempts = timezone.now(), "", 0
    locked.save(
        update_fields=[
            "status",
            "error",
            "started_at",
            "finished_at",
            "heartbeat_at",
            "lease_owner",
            "lost_attempts",
        ]
    )
    enqueue_scan(locked.pk)
    return locked


def scan_nightly() -> list[Scan]:
    """Queue the nightly scans of every project the public sees as current."""
    projects = Project.objects.filter(
        status__in=(ProjectStatus.PUBLISHED, ProjectStatus.SUNSET_NOTICE)
    )
    queued: list[Scan] = []
    for project in projects.iterator():
        queued += scan_request(project=project, trigger=ScanTrigger.NIGHTLY)
    return queued


# Running ------------------------------------------------------------------------------------


def scan_execute(scan_id: int, *, owner: str = "") -> Scan | None:
    """Run a queued scan and store its results. Idempotent: a scan that has finished, or that
    another worker holds a live lease on, is left as it is; one whose lease expired with its
    worker runs again (at most OSU_SCAN_LOST_REQUEUES times). `owner` names this run (the
    Celery task id): a retry of the same task takes its own lease back at once. A scan that
    cannot be done is marked failed with its reason; nothing else (earlier scans, the project)
    changes. Database errors propagate, so that the task retries."""
    lease_owner = lease_owner_for(owner)
    claimed = claim(scan_id, lease_owner)
    if claimed is None:
        return None
    with holding_lease(claimed.pk, lease_owner):
        report, failure = _run_scanner(claimed)
        _reconnect_if_lost()
        return _store(claimed, report) if report is not None else _fail(claimed, failure)


def _shown_error(claimed: Scan, error: ScanError) -> str:
    """What the scan's page says of `error`: the scanner's words, but a system call's error
    number and wording (a full disk on this server) stay in the log for the admins."""
    message = str(error)
    if _SYSTEM_ERROR.search(message):
        logger.error("Scan %s of project %s: %s", claimed.pk, claimed.project_id, message)
        return GENERIC_ERROR
    return message or GENERIC_ERROR


_SYSTEM_ERROR = re.compile(r"\[(?:Errno|WinError) -?\d+\]")


def _run_scanner(claimed: Scan) -> tuple[ScanReport | None, str]:
    """(the report, "") or (None, why the scan could not be done)."""
    try:
        report = scanner.scan(
            _scan_target(claimed),
            policy=scan_policy(),
            cache_dir=Path(settings.VAR_DIR) / "scan-cache",
            vulndb=Path(settings.OSU_SCAN_VULNDB) if settings.OSU_SCAN_VULNDB else None,
        )
    except ValidationError as error:
        return None, " ".join(error.messages)
    except ScanError as error:
        return None, _shown_error(claimed, error)
    except Exception:
        logger.exception("Scan %s of project %s failed", claimed.pk, claimed.project_id)
        return None, GENERIC_ERROR
    return report, ""


def _reconnect_if_lost() -> None:
    """A scan may outlast its database connection (a restart, a failover): the next query
    checks it and opens a new one if it is gone. Inside a transaction (tests) it stays."""
    if not connection.in_atomic_block:
        close_old_connections()


def _scan_target(claimed: Scan) -> str:
    if claimed.repository is not None:
        return clone_target(claimed.repository.url)
    archive = claimed.project.source_archive
    if claimed.project.hosting == Hosting.INTERNAL and archive:
        return str(archive.path)
    raise ValidationError(_("The repository or archive this scan was for has been removed."))


@transaction.atomic
def _fail(claimed: Scan, message: str) -> Scan | None:
    if not still_holds_lease(claimed):
        return None
    claimed.status, claimed.error, claimed.finished_at = (
        ScanStatus.FAILED,
        message[:2000],
        timezone.now(),
    )
    claimed.save(update_fields=["status", "error", "finished_at"])
    return claimed


@transaction.atomic
def _store(claimed: Scan, report: ScanReport) -> Scan | None:
    if not still_holds_lease(claimed):
        return None
    findings = _findings_of(claimed, report)
    claimed.findings.all().delete()  # a rerun after a lost worker replaces, never adds
    ScanFinding.objects.bulk_create(findings)
    claimed.maintenance = _maintenance_verdict(report)
    claimed.health = health_reading(claimed.maintenance, {f.severity for f in findings})
    claimed.status, claimed.finished_at, claimed.error = ScanStatus.SUCCEEDED, timezone.now(), ""
    claimed.revision = report.target.revision or ""
    claimed.license_expression = _storable(_license_expression(report))[:300]
    claimed.scores = {pillar.value: score for pillar, score in report.scores.items()}
    claimed.summary = _summary_of(findings)
    claimed.facts = _storable(facts_of(report))
    stored = _storable(report.to_dict())
    showcase_keep(scan=claimed, report=stored)
    claimed.report = report_without_kept_bodies(stored)
    claimed.save(
        update_fields=[
            "status",
            "finished_at",
            "error",
            "revision",
            "license_expression",
            "maintenance",
            "health",
            "scores",
            "summary",
            "facts",
            "report",
        ]
    )
    _refresh_project(claimed)
    return claimed


def _storable(value: Any) -> Any:
    """`value` without NUL characters, which PostgreSQL refuses in text and jsonb; a hostile
    repository puts them in a package.json to make its scan fail to store. Shown as U+FFFD."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, dict):
        return {_storable(k): _storable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(item) for item in value]
    return value


def _findings_of(claimed: Scan, report: ScanReport) -> list[ScanFinding]:
    rows = []
    for result in report.results:
        for finding in result.findings:
            evidence = finding.evidence[0] if finding.evidence else None
            path = evidence.path[:500] if evidence else ""
            # A finding pinned to a line is that file's; one naming files without a line (those
            # without a license notice, say) is the project's, whichever file it names first.
            located = path if evidence and evidence.line is not None else ""
            rows.append(
                ScanFinding(
                    scan=claimed,
                    check_id=result.check_id,
                    rule_id=finding.rule_id[:120],
                    pillar=result.pillar.value,
                    severity=finding.severity.value,
                    message=_storable(finding.message),
                    remediation=_storable(finding.remediation),
                    message_text=_storable(_template_of(finding.message)),
                    remediation_text=_storable(_template_of(finding.remediation)),
                    path=_storable(path),
                    line=evidence.line if evidence else None,
                    fingerprint=finding_fingerprint(finding.rule_id, located, finding.message),
                )
            )
    return rows


def _template_of(text: str) -> dict[str, Any] | None:
    """What shows a finding's text in the reader's language (catalog.scan_texts)."""
    return text_to_dict(text) if isinstance(text, Text) else None


def finding_fingerprint(rule_id: str, path: str, message: str) -> str:
    """Stable across scans: the rule, the file and the message with its figures left out, so
    that "0% of files" and "30% of files" are the same finding, and line numbers never count."""
    normalised = re.sub(r"\d+(?:\.\d+)?", "#", " ".join(message.lower().split()))
    return hashlib.sha256(f"{rule_id}\0{path}\0{normalised}".encode()).hexdigest()


def _maintenance_verdict(report: ScanReport) -> str:
    try:
        result = report.result("health.maintained")
    except KeyError:
        return ""
    if "unmaintained" not in result.data:
        return "unknown"  # no history to judge by (an archive, say)
    return "unmaintained" if result.data["unmaintained"] else "maintained"


VULNERABILITY_SEVERITIES = ("critical", "high", "medium", "low", "unknown")


def facts_of(report: ScanReport) -> dict[str, Any]:
    """The figures monitoring counts (docs/metrics.md); a figure the scan could not measure
    (no git history, no vulnerability database) is left out, not zero."""
    data = {r.check_id: r for r in report.results}
    facts: dict[str, Any] = {}
    if (vulns := data.get("deps.vulnerabilities")) and vulns.outcome != Outcome.NOT_AVAILABLE:
        counts = Counter(str(v.get("severity", "unknown")) for v in vulns.data["vulnerabilities"])
        facts["vulnerabilities"] = {s: counts.get(s, 0) for s in VULNERABILITY_SEVERITIES}
        database = vulns.data.get("database") or {}
        facts["vulnerability_database"] = {
            "date": database.get("date"),
            "sources": database.get("sources", []),
        }
        facts["vulnerabilities_unchecked"] = list(vulns.data.get("unchecked_ecosystems") or [])
    elif vulns is not None and vulns.data.get("reason"):  # a database without their ecosystems
        facts["vulnerabilities_not_measured"] = str(vulns.data["reason"])
    for check_id, name in (
        ("security.policy", "security_policy"),
        ("license.osi-approved", "osi_approved"),
    ):
        if (result := data.get(check_id)) and result.outcome != Outcome.NOT_AVAILABLE:
            facts[name] = result.outcome == Outcome.PASS
    figures = {
        "health.activity": ("contributors_90d", "commits_90d"),
        "health.bus-factor": ("bus_factor",),
        "health.organisational-diversity": ("organisations",),
    }
    for check_id, names in figures.items():
        if (result := data.get(check_id)) and result.outcome != Outcome.NOT_AVAILABLE:
            facts.update({name: result.data[name] for name in names if name in result.data})
    if compatibility := _compatibility_summary(data.get("license.compatibility")):
        facts["license_compatibility"] = compatibility
    facts |= _code_size(data.get("health.code-size"))
    return facts


def _code_size(result: CheckResult | None) -> dict[str, Any]:
    """The lines of code (total, in tests, by language) when the scan counted them; a scan
    from before the check, or of a tree with no code in a language it counts, has none."""
    if result is None:
        return {}
    if result.outcome != Outcome.PASS:
        return {"lines_of_code_not_measured": "no_code_in_a_counted_language"}
    languages = result.data.get("languages") or {}
    return {
        "lines_of_code": result.data["total_code"],
        "lines_of_code_in_tests": result.data.get("test_code"),
        "lines_of_code_by_language": {name: tally["code"] for name, tally in languages.items()},
    }


def _compatibility_summary(result: CheckResult | None) -> dict[str, Any] | None:
    """The project's verdict and the count of each component verdict, so that pages need not
    read the whole report; None when the check did not run (an older scanner)."""
    if result is None or "project_verdict" not in result.data:
        return None
    verdict = result.data["project_verdict"]
    counts = Counter(str(c.get("verdict")) for c in verdict.get("components") or ())
    return {
        "outbound": verdict.get("outbound"),
        "verdict": verdict.get("verdict"),
        "counts": counts,
    }


def _license_expression(report: ScanReport) -> str:
    try:
        return str(report.result("license.project").data.get("expression") or "")
    except KeyError:
        return ""


def health_reading(maintenance: str, severities: set[str]) -> ScanHealth:
    """The one-word reading of a scan: see the module's docstring."""
    if maintenance == "unmaintained":
        return ScanHealth.UNMAINTAINED
    if "error" in severities:
        return ScanHealth.AT_RISK
    if "warning" in severities:
        return ScanHealth.NEEDS_ATTENTION
    return ScanHealth.GOOD


def _summary_of(findings: list[ScanFinding]) -> dict[str, Any]:
    by_severity = Counter(f.severity for f in findings)
    by_pillar: dict[str, Counter[str]] = {}
    for finding in findings:
        by_pillar.setdefault(finding.pillar, Counter())[finding.severity] += 1
    return {
        "total": len(findings),
        "by_severity": {severity: by_severity.get(severity, 0) for severity in SEVERITIES},
        "by_pillar": {pillar: dict(counts) for pillar, counts in sorted(by_pillar.items())},
    }


def _refresh_project(claimed: Scan) -> None:
    """The project's facet: the worst reading among its sources' latest successful scans."""
    project = Project.objects.select_for_update().get(pk=claimed.project_id)
    latest = latest_succeeded_by_source(project)
    readings = {scan.health for scan in latest}
    project.scan_health = next((h for h in HEALTH_ORDER if h in readings), ScanHealth.NOT_SCANNED)
    project.latest_scan = claimed
    project.vulnerabilities = project_facts_of(latest)
    project.save(update_fields=["scan_health", "latest_scan", "vulnerabilities"])


def latest_succeeded_by_source(project: Project) -> list[Scan]:
    """The latest succeeded scan of each of the project's sources, newest first."""
    ids = latest_scan_ids_by_source(project, (ScanStatus.SUCCEEDED,))
    return list(Scan.objects.filter(pk__in=ids.values()).order_by("-pk"))


def latest_scan_ids_by_source(project: Project, statuses: tuple[str, ...]) -> dict[int | None, int]:
    """The id of the latest scan in one of `statuses` of each source: a repository's id, or
    None for the uploaded archive. Scans of repositories since removed are left out."""
    scans = Scan.objects.filter(project=project, status__in=statuses).order_by("-pk")
    if not project.source_archive:  # a scan without a repository is one of a removed one
        scans = scans.exclude(repository=None)
    latest: dict[int | None, int] = {}
    for scan_id, repository_id in scans.values_list("pk", "repository_id"):
        latest.setdefault(repository_id, scan_id)
    return latest


# Reads --------------------------------------------------------------------------------------


def may_manage_scans(user: Viewer, project: Project) -> bool:
    """Who may request and retry scans and read remediation advice: the project's focal
    points, committee members and platform admins."""
    if not user.is_authenticated:
        return False
    if roles_of(user) & {Role.REVIEWER, Role.PLATFORM_ADMIN}:
        return True
    return project.has_focal_point(user)


def previous_scan(scan: Scan) -> Scan | None:
    """The successful scan of the same source just before `scan`, if any."""
    earlier = Scan.objects.filter(same_source(scan), status=ScanStatus.SUCCEEDED, pk__lt=scan.pk)
    return earlier.defer("report").order_by("-pk").first()


def same_source(scan: Scan) -> Q:
    """Scans of the same repository (or the same archive) of the same project."""
    if scan.repository_id is None:
        return Q(project_id=scan.project_id, repository__isnull=True)
    return Q(project_id=scan.project_id, repository_id=scan.repository_id)


def scan_diff(scan: Scan) -> tuple[list[ScanFinding], list[ScanFinding]]:
    """(new findings, fixed findings) of `scan` against the previous successful scan of the
    same source, by fingerprint. Both are empty for a first scan or one that did not succeed."""
    before = previous_scan(scan) if scan.status == ScanStatus.SUCCEEDED else None
    return findings_diff(scan, before)


def findings_diff(scan: Scan, before: Scan | None) -> tuple[list[ScanFinding], list[ScanFinding]]:
    """(new findings, fixed findings) of `scan` against `before` (None: nothing to compare
    with), by fingerprint. Only the findings of the two lists are loaded."""
    if before is None:
        return [], []
    new, fixed = _diff(scan, before)
    return list(new), list(fixed)


def _diff(scan: Scan, before: Scan) -> tuple[QuerySet[ScanFinding], QuerySet[ScanFinding]]:
    """(new, fixed) as queries, to list or to count; the (scan, fingerprint) index serves both."""
    new = scan.findings.exclude(fingerprint__in=before.findings.values("fingerprint"))
    fixed = before.findings.exclude(fingerprint__in=scan.findings.values("fingerprint"))
    return new, fixed


def scans_in_progress_or_failed(project: Project) -> list[Scan]:
    """Scans that are queued, running, or failed since the project's latest successful scan."""
    newer = Q(status__in=ACTIVE_STATUSES)
    failed = Q(status=ScanStatus.FAILED)
    if project.latest_scan_id is not None:
        failed &= Q(pk__gt=project.latest_scan_id)
    return list(
        Scan.objects.filter(newer | failed, project=project)
        .select_related("repository")
        .defer("report")
        .order_by("-pk")[:10]
    )


def scan_panel_for(*, project: Project, user: Viewer) -> dict[str, Any]:
    """What the project page's scan panel shows to `user` (context of _scan_results.html). The
    new and fixed findings are counted in the database: the page's cost does not grow with them."""
    latest = project.latest_scan  # the page fetched it with its repository
    before = previous_scan(latest) if latest is not None else None
    new_count = fixed_count = 0
    if latest is not None and before is not None:
        new, fixed = _diff(latest, before)
        new_count, fixed_count = new.count(), fixed.count()
    pending = scans_in_progress_or_failed(project)
    return {
        "project": project,
        "latest_scan": latest,
        "scores": scores_of(latest),
        "new_count": new_count,
        "fixed_count": fixed_count,
        "has_previous": before is not None,
        "pending_scans": pending,
        "refreshing": any(s.status in ACTIVE_STATUSES for s in pending),
        "may_manage": may_manage_scans(user, project),
    }


def scores_of(scanned: Scan | None) -> list[tuple[str, int | None]]:
    """(pillar label, score) in the scanner's pillar order."""
    if scanned is None:
        return []
    return [(pillar.label, scanned.scores.get(pillar.value)) for pillar in Pillar]


def findings_by_pillar(findings: list[ScanFinding]) -> list[tuple[str, list[ScanFinding]]]:
    """(pillar label, its findings worst first), in the scanner's pillar order."""
    rank = {severity: index for index, severity in enumerate(SEVERITIES)}
    groups = []
    for pillar in Pillar:
        chosen = [f for f in findings if f.pillar == pillar.value]
        if chosen:
            groups.append((pillar.label, sorted(chosen, key=lambda f: rank.get(f.severity, 9))))
    return groups

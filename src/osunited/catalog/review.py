"""The Project Review Committee's checklist (CPF 4.3.5, 4.3.6) and its prefill from a scan.

The committee checks "alignment with UN standards, minimum security requirements, and open
source best practices". Each item names the scanner checks that answer it; an item without
checks is answered from the registration itself. The reviewer may override every answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from osunited.catalog.licenses import same_license
from osunited.catalog.models import Project, ProjectEvent, Review, Scan, ScanFinding
from osunited.catalog.scan_texts import in_reader_language
from osunited.catalog.workflow import QUEUE_STATUSES
from osunited.scanner import CheckResult, Finding, Outcome, report_from_dict

ALIGNMENT = _("Alignment with UN standards")
SECURITY = _("Minimum security requirements")
BEST_PRACTICES = _("Open source best practices")
_EVIDENCE_SHOWN = 5


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    group: str | Promise
    label: str | Promise
    check_ids: tuple[str, ...] = ()  # scanner checks that must all pass; () = the registration


CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem(
        "osi-license",
        ALIGNMENT,
        _("Released under an OSI-approved open source license"),
        ("license.project", "license.osi-approved"),
    ),
    ChecklistItem(
        "declared-license",
        ALIGNMENT,
        _("The license declared at registration is the one the scan found"),
        ("license.project",),
    ),
    ChecklistItem(
        "license-compatibility",
        ALIGNMENT,
        _("The licenses of its dependencies and files are compatible with the project's license"),
        ("license.compatibility",),
    ),
    ChecklistItem("focal-point", ALIGNMENT, _("At least one UN staff focal point designated")),
    ChecklistItem(
        "documentation",
        ALIGNMENT,
        _("Purpose, functionality and documentation described (README)"),
        ("docs.readme",),
    ),
    ChecklistItem("sdg-alignment", ALIGNMENT, _("The SDGs it serves are stated with evidence")),
    ChecklistItem(
        "publiccode",
        ALIGNMENT,
        _("A valid publiccode.yml describes the project"),
        ("publiccode.valid",),
    ),
    ChecklistItem(
        "security-policy",
        SECURITY,
        _("A security policy says how to report vulnerabilities"),
        ("security.policy",),
    ),
    ChecklistItem(
        "no-secrets",
        SECURITY,
        _("No secrets (keys, passwords, tokens) in the code"),
        ("security.secrets",),
    ),
    ChecklistItem(
        "no-known-vulnerabilities",
        SECURITY,
        _("No dependency with a known vulnerability"),
        ("deps.vulnerabilities",),
    ),
    ChecklistItem(
        "no-binaries",
        SECURITY,
        _("No unexplained binary artifacts in the repository"),
        ("security.binary-artifacts",),
    ),
    ChecklistItem(
        "maintained",
        BEST_PRACTICES,
        _("Actively maintained"),
        ("health.maintained",),
    ),
    ChecklistItem(
        "contributing",
        BEST_PRACTICES,
        _("A contribution guide"),
        ("docs.contributing",),
    ),
    ChecklistItem(
        "code-of-conduct",
        BEST_PRACTICES,
        _("A code of conduct"),
        ("docs.code-of-conduct",),
    ),
    ChecklistItem(
        "license-coverage",
        BEST_PRACTICES,
        _("License and copyright notices in the files"),
        ("license.file-coverage",),
    ),
)


@dataclass(frozen=True)
class ChecklistAnswer:
    """An item as the scan or the registration answers it: met (None: unknown) and why."""

    item: ChecklistItem
    met: bool | None
    evidence: tuple[str, ...]


def checklist_prefill(project: Project, scan: Scan | None) -> list[ChecklistAnswer]:
    """Every checklist item answered from `scan` (a succeeded scan, or None) and the project;
    `project` needs its focal points and SDGs prefetched to avoid a query per item."""
    results = _results_by_check(scan)
    answers = []
    for item in CHECKLIST:
        if item.id == "declared-license":
            answers.append(_declared_against_scanned(item, project, results))
        elif item.id == "no-known-vulnerabilities":
            answers.append(_vulnerabilities_answer(item, project))
        elif item.id == "license-compatibility":
            answers.append(_compatibility_answer(item, scan))
        elif item.check_ids:
            answers.append(_from_scan(item, results))
        else:
            answers.append(_from_registration(item, project))
    return answers


def _results_by_check(scan: Scan | None) -> dict[str, CheckResult]:
    """The results of a stored report, read with the scanner's own types; a report that cannot
    be read (none yet, or damaged) answers nothing."""
    if scan is None or not scan.report:
        return {}
    try:
        report = report_from_dict(scan.report)
    except ValueError:
        return {}
    return {result.check_id: result for result in report.results}


def _from_scan(item: ChecklistItem, results: dict[str, CheckResult]) -> ChecklistAnswer:
    found = [results[check_id] for check_id in item.check_ids if check_id in results]
    if not found:
        return ChecklistAnswer(item, None, (str(_("Not in the latest scan.")),))
    outcomes = {result.outcome for result in found}
    met = (
        None
        if outcomes == {Outcome.NOT_AVAILABLE}
        else outcomes <= {Outcome.PASS, Outcome.NOT_AVAILABLE}
    )
    evidence: list[str] = []
    for result in found:
        evidence.append(f"{result.check_id}: {in_reader_language(result.summary)}")
        for finding in result.findings[:_EVIDENCE_SHOWN]:
            evidence.append(_finding_line(finding))
    return ChecklistAnswer(item, met, tuple(evidence))


def _declared_against_scanned(
    item: ChecklistItem, project: Project, results: dict[str, CheckResult]
) -> ChecklistAnswer:
    """Met when the registration's expression means the scan's (`license.project`), whatever
    the order or spelling; unknown when no scan measured it or the scan found no license."""
    result = results.get("license.project")
    if result is None:
        return ChecklistAnswer(item, None, (str(_("Not in the latest scan.")),))
    found = str(result.data.get("expression") or "")
    declared = project.licenses or str(_("none"))
    if not found:
        line = _("Declared: %(declared)s; the scan found no license.") % {"declared": declared}
        return ChecklistAnswer(item, None, (str(line),))
    met = bool(project.licenses) and same_license(project.licenses, found)
    line = _("Declared: %(declared)s; found by the scan: %(found)s") % {
        "declared": declared,
        "found": found,
    }
    return ChecklistAnswer(item, met, (str(line),))


def _vulnerabilities_answer(item: ChecklistItem, project: Project) -> ChecklistAnswer:
    """Over the latest scan of each source: unknown, saying why, when not measured (never
    "none found"), or when an ecosystem could not be checked and nothing was found; otherwise
    met when none is known, with the database's date and sources and the first advisories."""
    from osunited.catalog.vulnerabilities import (
        project_vulnerability_figures,
        vulnerability_findings,
    )

    figures = project_vulnerability_figures(project)
    if not figures.measured:
        return ChecklistAnswer(item, None, (str(_("Not measured: %s.") % figures.reason),))
    scans = list(Scan.objects.filter(pk__in=project.vulnerabilities.get("scans") or []))
    findings = vulnerability_findings(scans)[:_EVIDENCE_SHOWN]
    evidence = [
        str(
            _("%(total)d known vulnerabilities (OSV database of %(date)s).")
            % {"total": figures.total, "date": figures.database_date or _("unknown date")}
        )
    ]
    evidence += [_finding_row_line(f) for f in findings]
    if figures.unchecked_ecosystems:
        evidence.append(str(_("Not checked: %s.") % ", ".join(figures.unchecked_ecosystems)))
    if figures.database_sources:
        evidence.append(str(_("Vulnerability data: %s.") % "; ".join(figures.database_sources)))
    met = None if figures.unchecked_ecosystems and not figures.total else not figures.total
    return ChecklistAnswer(item, met, tuple(evidence))


def _compatibility_answer(item: ChecklistItem, scan: Scan | None) -> ChecklistAnswer:
    """Not met with a conflict; unknown, saying why, when not measured or when a component could
    not be judged (an unknown license is never counted as compatible); met otherwise."""
    from osunited.licensing.selectors.compatibility import compatibility_answer

    met, evidence = compatibility_answer(scan)
    return ChecklistAnswer(item, met, evidence)


def _finding_line(finding: Finding) -> str:
    places = [f"{e.path}:{e.line}" if e.line else e.path for e in finding.evidence[:3]]
    where = f" ({', '.join(places)})" if places else ""
    return f"{in_reader_language(finding.message)}{where}"


def _finding_row_line(finding: ScanFinding) -> str:
    message = in_reader_language(finding.message_as_text)
    return f"{message} ({finding.path}:{finding.line})" if finding.line else message


def _from_registration(item: ChecklistItem, project: Project) -> ChecklistAnswer:
    if item.id == "focal-point":
        focal = [user for user in project.focal_points.all() if user.is_un_staff]
        names = ", ".join(user.email for user in focal)
        return ChecklistAnswer(item, bool(focal), (str(_("Focal points: %s")) % (names or "-"),))
    sdgs = list(project.sdgs.all())
    lines = tuple(f"SDG {sdg.goal}: {sdg.evidence}" for sdg in sdgs)
    return ChecklistAnswer(item, bool(sdgs), lines or (str(_("No SDG stated.")),))


def review_queue() -> QuerySet[Project]:
    """Projects waiting for the committee, oldest submission first, each with
    `submitted_at` (the last submit, resubmit or reactivation) and `approvals` (distinct
    approving reviewers in the current round): one query for the whole queue, or a page of it.

    Both are subqueries rather than a join: the database counts the approvals of the rows it
    returns only, and `count()` needs neither."""
    submitted_at = (
        ProjectEvent.objects.filter(project=OuterRef("pk"), action__in=_SUBMITTING_ACTIONS)
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    approvals = (
        Review.objects.filter(
            project=OuterRef("pk"),
            round=OuterRef("review_round"),
            decision=Review.Decision.APPROVE,
        )
        .order_by()
        .values("project")
        .annotate(approvals=Count("reviewer", distinct=True))
        .values("approvals")
    )
    return (
        Project.objects.filter(status__in=QUEUE_STATUSES)
        .select_related("entity")
        .annotate(
            submitted_at=Subquery(submitted_at),
            approvals=Coalesce(Subquery(approvals, output_field=IntegerField()), 0),
        )
        .order_by(F("submitted_at").asc(nulls_first=True), "status_changed_at", "pk")
    )


_SUBMITTING_ACTIONS = ("submit", "resubmit", "reactivate")

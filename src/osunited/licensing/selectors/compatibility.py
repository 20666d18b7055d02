"""The compatibility pages' reads: one license expression against another for each kind of use,
by every source, and a project's whole verdict as its latest successful scan found it (or why
it was not measured: never "no conflict" for what nobody judged)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from osunited.catalog.models import Project, Scan
from osunited.licenses import (
    Component,
    ComponentKind,
    ComponentVerdict,
    PairCheck,
    ProjectVerdict,
    SourceVerdict,
    Use,
    Verdict,
    check_pair,
)
from osunited.licensing.forms_compatibility import NOT_MEASURED_LABELS, PROJECT_VERDICTS
from osunited.scanner import project_compatibility, report_from_dict

_EVIDENCE_SHOWN = 5


@dataclass(frozen=True)
class PairResult:
    """One kind of use: each source's verdict, and the most cautious one named as such."""

    check: PairCheck

    @property
    def use(self) -> Use:
        return self.check.use

    @property
    def most_cautious(self) -> tuple[SourceVerdict, ...]:
        """The sources that give the most cautious verdict (none when no source covers it)."""
        return tuple(v for v in self.check.covering if v.verdict == self.check.verdict)


def pair_results(inbound: str, outbound: str, uses: Iterable[Use]) -> list[PairResult]:
    return [PairResult(check_pair(inbound, outbound, use)) for use in uses]


class CompatibilityNotMeasured(StrEnum):
    NOT_SCANNED = "not_scanned"  # no successful scan yet
    CHECK_NOT_RUN = "check_not_run"  # the scan predates license.compatibility, or skipped it
    UNREADABLE = "unreadable"  # the stored report cannot be read back
    NO_PROJECT_LICENSE = "no_project_license"  # nothing to judge the components against


@dataclass(frozen=True)
class ProjectCompatibility:
    """A project's verdict as its latest successful scan found it; `verdict` is None and
    `not_measured` says why when it was not measured."""

    scan: Scan | None
    verdict: ProjectVerdict | None
    not_measured: CompatibilityNotMeasured | None
    counts: dict[Verdict, int] = field(default_factory=dict)

    @property
    def measured(self) -> bool:
        return self.not_measured is None

    def components(self, verdict: Verdict | None = None) -> list[ComponentVerdict]:
        """Conflicts first, then unknown, conditional and compatible; each group in the
        scan's order. Only `verdict`'s when given."""
        if self.verdict is None:
            return []
        shown = [c for c in self.verdict.components if verdict is None or c.verdict == verdict]
        return sorted(shown, key=lambda c: -c.verdict.caution)


@dataclass(frozen=True)
class CompatibilitySummary:
    """What the project page's panel shows: the verdict and the counts the scan kept in its
    facts (catalog.scanning), without reading the whole report."""

    verdict: Verdict | None
    outbound: str | None
    not_measured: CompatibilityNotMeasured | None
    counts: dict[Verdict, int] = field(default_factory=dict)

    @property
    def measured(self) -> bool:
        return self.not_measured is None


def compatibility_summary_of(project: Project) -> CompatibilitySummary:
    """The panel's summary of `project.latest_scan` (the caller has checked the viewer may see
    the project)."""
    scan = project.latest_scan
    if scan is None:
        return CompatibilitySummary(None, None, CompatibilityNotMeasured.NOT_SCANNED)
    kept = (scan.facts or {}).get("license_compatibility")
    if not isinstance(kept, dict):
        return CompatibilitySummary(None, None, CompatibilityNotMeasured.CHECK_NOT_RUN)
    kept_counts = kept.get("counts")
    if not isinstance(kept_counts, dict):  # no counts is not zero of each
        return CompatibilitySummary(None, None, CompatibilityNotMeasured.UNREADABLE)
    try:
        verdict = Verdict(str(kept.get("verdict")))
        counts = {Verdict(k): int(v) for k, v in kept_counts.items()}
    except (TypeError, ValueError):
        return CompatibilitySummary(None, None, CompatibilityNotMeasured.UNREADABLE)
    if not kept.get("outbound"):
        return CompatibilitySummary(None, None, CompatibilityNotMeasured.NO_PROJECT_LICENSE)
    counts = {v: counts.get(v, 0) for v in PROJECT_VERDICTS}
    return CompatibilitySummary(verdict, str(kept["outbound"]), None, counts)


def project_compatibility_of(project: Project) -> ProjectCompatibility:
    """The verdict of `project.latest_scan` (the caller has checked the viewer may see the
    project; select `latest_scan` with it to save a query)."""
    return scan_compatibility(project.latest_scan)


def scan_compatibility(scan: Scan | None) -> ProjectCompatibility:
    """The verdict a succeeded scan found, or why it was not measured."""
    if scan is None:
        return ProjectCompatibility(None, None, CompatibilityNotMeasured.NOT_SCANNED)
    try:
        verdict = project_compatibility(report_from_dict(scan.report))
    except ValueError:
        return ProjectCompatibility(scan, None, CompatibilityNotMeasured.UNREADABLE)
    if verdict is None:
        return ProjectCompatibility(scan, None, CompatibilityNotMeasured.CHECK_NOT_RUN)
    if verdict.outbound is None:
        return ProjectCompatibility(scan, None, CompatibilityNotMeasured.NO_PROJECT_LICENSE)
    counted = Counter(c.verdict for c in verdict.components)
    counts = {v: counted[v] for v in PROJECT_VERDICTS}
    return ProjectCompatibility(scan, verdict, None, counts)


def compatibility_answer(scan: Scan | None) -> tuple[bool | None, tuple[str, ...]]:
    """The review checklist's answer (catalog.review): not met with a conflict; unknown when
    not measured or when a component could not be judged (never counted as compatible); met
    otherwise. With the evidence: the counts and the first conflicts' reasons."""
    found = scan_compatibility(scan)
    if found.verdict is None:
        why = NOT_MEASURED_LABELS[str(found.not_measured)]
        return None, (str(_("Not measured: %(why)s") % {"why": why}),)
    conflicts, unknown = found.verdict.conflicts, found.verdict.unknown
    counts = _(
        "Against %(license)s: conflicts %(conflicts)d; could not be judged %(unknown)d; "
        "compatible on conditions %(conditional)d; compatible %(compatible)d."
    ) % {
        "license": found.verdict.outbound,
        "conflicts": len(conflicts),
        "unknown": len(unknown),
        "conditional": found.counts[Verdict.CONDITIONAL],
        "compatible": found.counts[Verdict.COMPATIBLE],
    }
    shown = (conflicts or unknown)[:_EVIDENCE_SHOWN]
    evidence = (str(counts), *(component_reason(c) for c in shown))
    if conflicts:
        return False, evidence
    return (None if unknown else True), evidence


# -- a component's reason in the reader's language -----------------------------------------------
# The engine writes each reason in English (for `osu license-check` and the stored report); the
# pages write it again from the verdict's parts, in words that read as the engine's in English.

_USE_WORDS: dict[Use, Promise] = {
    Use.DISTINCT_COMPONENT: gettext_lazy("shipped beside the project as a distinct component"),
    Use.TOOL: gettext_lazy("used as a tool (to build, test or run the project, not shipped in it)"),
    Use.DYNAMIC_LINKING: gettext_lazy("linked dynamically (loaded at run time)"),
    Use.STATIC_LINKING: gettext_lazy("linked statically (bundled into the project's binary)"),
    Use.MERGED_SOURCES: gettext_lazy("merged into the project's own source files"),
}
_JUDGED: dict[Verdict, Promise] = {
    Verdict.COMPATIBLE: gettext_lazy(
        "%(name)s: %(inbound)s %(use)s in a project under %(outbound)s is compatible (%(path)s)."
    ),
    Verdict.CONDITIONAL: gettext_lazy(
        "%(name)s: %(inbound)s %(use)s in a project under %(outbound)s is compatible only on "
        "conditions (%(path)s)."
    ),
    Verdict.INCOMPATIBLE: gettext_lazy(
        "%(name)s: %(inbound)s %(use)s in a project under %(outbound)s is incompatible (%(path)s)."
    ),
    Verdict.UNKNOWN: gettext_lazy(
        "%(name)s: %(inbound)s %(use)s in a project under %(outbound)s cannot be judged (%(path)s)."
    ),
}
_SAID: dict[Verdict, Promise] = {
    Verdict.COMPATIBLE: gettext_lazy("compatible"),
    Verdict.CONDITIONAL: gettext_lazy("conditional"),
    Verdict.INCOMPATIBLE: gettext_lazy("incompatible"),
    Verdict.UNKNOWN: gettext_lazy("unknown"),
    Verdict.NOT_COVERED: gettext_lazy("not-covered"),
}


def component_reason(judged: ComponentVerdict) -> str:
    """Why a component has its verdict, in the reader's language."""
    component, check = judged.component, judged.check
    where = _path(component)
    if not (component.license or "").strip():
        return _("%(name)s: nobody states its license (%(path)s).") % {
            "name": component.name,
            "path": where,
        }
    if check is None or check.verdict not in _JUDGED:
        return _(
            "%(name)s (%(license)s): the project states no license of its own to judge it "
            "against (%(path)s)."
        ) % {"name": component.name, "license": component.license, "path": where}
    words = str(_JUDGED[check.verdict]) % {
        "name": component.name,
        "inbound": check.inbound,
        "use": _USE_WORDS[component.use],
        "outbound": check.outbound,
        "path": where,
    }
    deciding = next((v for v in check.covering if v.verdict == check.verdict), None)
    if deciding is not None:
        words += f" {deciding.source.name}: {deciding.explanation}"
    if check.disagreement:
        said = ", ".join(f"{v.source.name}: {_SAID[v.verdict]}" for v in check.covering)
        words += " " + _("The sources disagree (%(said)s).") % {"said": said}
    return words


def _path(component: Component) -> str:
    chain = list(component.path)
    if not chain or chain[-1] != component.name:
        chain.append(component.name)
    if component.kind == ComponentKind.FILE and component.line is not None:
        chain[-1] = _("%(file)s, line %(line)s") % {"file": chain[-1], "line": component.line}
    return _("path: %(chain)s") % {"chain": " -> ".join(chain)}

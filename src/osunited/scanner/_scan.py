"""Running a scan: prepare the target, walk the tree, run every check, score the pillars."""

from __future__ import annotations

import os
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from osunited import __version__
from osunited.scanner._cache import ScanCache, default_cache_dir
from osunited.scanner._context import ProgressCallback, ScanContext
from osunited.scanner._errors import ScanError
from osunited.scanner._git import run_git
from osunited.scanner._limits import Deadline, ScanLimits
from osunited.scanner._model import (
    CheckResult,
    FileFacts,
    Finding,
    Outcome,
    Pillar,
    ScanReport,
    Severity,
    TreeStats,
)
from osunited.scanner._policy import Policy, default_policy
from osunited.scanner._source import PreparedTarget, deepen_history, prepare_target
from osunited.scanner._tree import walk_tree
from osunited.scanner.checks import Check, all_checks
from osunited.scanner.licenses._inventory import file_inventory

REPORT_SCHEMA_VERSION = "1.3"
_POINTS = {None: 1.0, "info": 1.0, "warning": 0.5, "error": 0.0}


def scan(
    target: str | Path,
    *,
    policy: Policy | None = None,
    limits: ScanLimits | None = None,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    only: Collection[str] = (),
    progress: ProgressCallback | None = None,
    vulndb: Path | None = None,
) -> ScanReport:
    """Scan a directory, a git URL or a source archive and return the report.

    Raises ScanError (or LimitExceeded) with a message for the person who asked for the scan.
    """
    limits = limits or ScanLimits()
    policy = policy or default_policy()
    check_policy_ids(policy)
    with prepare_target(str(target), limits=limits) as prepared:
        directory = cache_dir or default_cache_dir()
        cache = ScanCache(directory if use_cache else None, index_directory=_index_dir(directory))
        try:
            return scan_prepared(
                prepared,
                policy=policy,
                limits=limits,
                cache=cache,
                only=only,
                progress=progress,
                vulndb=vulndb,
            )
        finally:
            cache.close()


def scan_prepared(
    prepared: PreparedTarget,
    *,
    policy: Policy,
    limits: ScanLimits,
    cache: ScanCache,
    only: Collection[str] = (),
    progress: ProgressCallback | None = None,
    vulndb: Path | None = None,
) -> ScanReport:
    started, clock = datetime.now(UTC), time.monotonic()
    deadline = Deadline(limits.timeout_seconds)
    tree = walk_tree(
        prepared.root, limits=limits, deadline=deadline, only=_repository_files(prepared)
    )
    context = ScanContext(
        tree=tree,
        policy=policy,
        limits=limits,
        deadline=deadline,
        cache=cache,
        git_dir=prepared.git_dir,
        shallow=prepared.shallow,
        deepen=lambda days: deepen_history(prepared, since_days=days, limits=limits),
        progress=progress,
        vulndb_path=vulndb,
    )
    results = [_run(check, context) for check in _selected(policy, only)]
    cache.flush()
    return ScanReport(
        schema_version=REPORT_SCHEMA_VERSION,
        tool_version=__version__,
        target=prepared.target,
        started_at=started.isoformat(timespec="seconds"),
        duration_seconds=time.monotonic() - clock,
        stats=TreeStats(len(tree.files), tree.total_bytes, tuple(tree.skipped)),
        results=results,
        scores=pillar_scores(results),
        notes=list(dict.fromkeys(context.notes)),
        dependencies=_dependencies_if_read(context),
        files=_file_inventory_if_read(context),
    )


def _repository_files(prepared: PreparedTarget) -> frozenset[str] | None:
    """In a git work tree, the files git tracks or would track: build output, virtual
    environments and other ignored files are not the project's."""
    if prepared.git_dir is None or prepared.target.kind != "directory":
        return None
    try:
        listing = run_git(
            ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=prepared.root,
            timeout=120,
        )
    except ScanError:
        return None
    return frozenset(path for path in listing.split("\0") if path)


def _dependencies_if_read(context: ScanContext) -> list[Any]:
    """The dependencies, when a check has read them: a scan that did not ask for them does not
    pay for them."""
    if "dependencies" not in context.__dict__:
        return []
    return list(context.dependencies.dependencies)


def _file_inventory_if_read(context: ScanContext) -> list[FileFacts]:
    """Each file's license and copyright facts, when a check has analysed the licenses."""
    if "licenses" not in context.__dict__:
        return []
    return file_inventory(context.licenses.files)


def check_policy_ids(policy: Policy) -> None:
    """Raise ScanError when the policy names a check or rule that does not exist (a typo would
    otherwise silently change nothing)."""
    known = {check.id for check in all_checks()}
    unknown = sorted(policy.disabled_checks - known) + sorted(
        rule
        for rule in policy.severity_overrides
        if rule not in known and not any(rule.startswith(f"{check}.") for check in known)
    )
    if unknown:
        raise ScanError(
            f"The policy names unknown checks or rules: {', '.join(unknown)}. "
            f"The checks are: {', '.join(sorted(known))}."
        )


def _selected(policy: Policy, only: Collection[str]) -> list[Check]:
    """The checks asked for by id, or else all those the policy does not disable."""
    if only:
        return [check_class() for check_class in all_checks() if check_class.id in only]
    return [c() for c in all_checks() if c.id not in policy.disabled_checks]


def _run(check: Check, context: ScanContext) -> CheckResult:
    context.deadline.check()
    context.report_progress(check.id, 0, 1)
    result = check.run(context)
    overrides = context.policy.severity_overrides
    if overrides and result.findings:
        result.findings = [_override(f, overrides) for f in result.findings]
        worst = result.worst_severity
        if result.outcome == Outcome.PASS and worst is not None and worst != Severity.INFO:
            result.outcome = Outcome.FAIL  # the policy made a remark a problem
    return result


def _override(finding: Finding, overrides: Mapping[str, Severity]) -> Finding:
    for rule in (finding.rule_id, finding.rule_id.rsplit(".", 1)[0]):
        severity = overrides.get(rule)
        if severity is not None:
            return replace(finding, severity=severity)
    return finding


def pillar_scores(results: Sequence[CheckResult]) -> dict[Pillar, int | None]:
    """Per pillar, the mean over its scored checks that could run: 1 for a pass or a failure
    with only info findings, 0.5 when the worst finding is a warning, 0 for an error; as 0-100."""
    unscored = {check.id for check in all_checks() if not check.scored}
    scores: dict[Pillar, int | None] = {}
    for pillar in Pillar:
        points = [
            _POINTS[r.worst_severity.value if r.worst_severity else None]
            if r.outcome == Outcome.FAIL
            else 1.0
            for r in results
            if r.pillar == pillar
            and r.outcome != Outcome.NOT_AVAILABLE
            and r.check_id not in unscored
        ]
        scores[pillar] = round(100 * sum(points) / len(points)) if points else None
    return scores


def _index_dir(cache_dir: Path) -> Path:
    """Where the license index is kept: `OSU_LICENSE_INDEX_DIR` when set (one index for many
    cache folders, as in a test run), else the cache folder."""
    configured = os.environ.get("OSU_LICENSE_INDEX_DIR")
    return Path(configured) if configured else cache_dir

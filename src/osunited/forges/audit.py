"""A namespace (GitLab group, GitHub organisation) audited against CH1-CH12: every guideline's
probe over every repository, with as few forge calls as the interface allows: one for the
namespace, one for its repositories, one for each repository's settings. Read-only: nothing
on the forge changes. Pure Python: no Django."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from osunited.forges.adapters.base import (
    ForgeAdapter,
    ForgeAuthError,
    ForgeNotFound,
    NamespaceSettings,
    RemoteRepository,
)
from osunited.forges.guidelines import FRAMEWORK, AuditFacts, Guideline, Outcome, Probe, guidelines


@dataclass(frozen=True)
class GuidelineResult:
    guideline: Guideline
    probe: Probe

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.guideline.id,
            "text": self.guideline.text,
            "source": self.guideline.source.value,
            "outcome": self.probe.outcome.value,
            "reason": self.probe.reason,
            "evidence": dict(self.probe.evidence),
            "remediation": self.probe.remediation,
        }


@dataclass(frozen=True)
class RepositoryAudit:
    repository: RemoteRepository
    results: tuple[GuidelineResult, ...]

    def probe(self, guideline_id: str) -> Probe:
        return next(r.probe for r in self.results if r.guideline.id == guideline_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "repository": self.repository.full_path,
            "web_url": self.repository.web_url,
            "visibility": self.repository.visibility.value,
            "archived": self.repository.archived,
            "guidelines": [result.to_dict() for result in self.results],
        }


@dataclass(frozen=True)
class NamespaceAudit:
    namespace: str
    framework: str
    repositories: tuple[RepositoryAudit, ...]

    @property
    def not_met(self) -> tuple[tuple[RepositoryAudit, GuidelineResult], ...]:
        return tuple(
            (repository, result)
            for repository in self.repositories
            for result in repository.results
            if result.probe.outcome is Outcome.NOT_MET
        )

    def outcomes(self) -> dict[str, Counter[Outcome]]:
        """Per guideline id, how many repositories met it, did not, or could not be observed."""
        counts: dict[str, Counter[Outcome]] = {}
        for repository in self.repositories:
            for result in repository.results:
                counts.setdefault(result.guideline.id, Counter())[result.probe.outcome] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "namespace": self.namespace,
            "framework": self.framework,
            "summary": {
                guideline: {outcome.value: count.get(outcome, 0) for outcome in Outcome}
                for guideline, count in self.outcomes().items()
            },
            "repositories": [repository.to_dict() for repository in self.repositories],
        }


def audit_namespace(
    adapter: ForgeAdapter, namespace: str, facts: AuditFacts, *, framework: str = FRAMEWORK
) -> NamespaceAudit:
    """Runs every probe over every repository of `namespace`, its subgroups included. Raises the
    adapter's ForgeError when the namespace cannot be read; a repository whose settings the
    token may not read has every guideline not observable, with the forge's reason."""
    table = guidelines(framework)
    settings = adapter.namespace_settings(namespace)
    audits = tuple(
        _audit_repository(adapter, repository, settings, facts, table)
        for repository in adapter.list_repositories(namespace)
    )
    return NamespaceAudit(namespace, framework, audits)


def _audit_repository(
    adapter: ForgeAdapter,
    repository: RemoteRepository,
    namespace: NamespaceSettings,
    facts: AuditFacts,
    table: tuple[Guideline, ...],
) -> RepositoryAudit:
    try:
        settings = adapter.repository_settings(repository.id)
    except (ForgeAuthError, ForgeNotFound) as exc:
        why = f"The repository's settings were not read: {exc}"
        unread = Probe(Outcome.NOT_OBSERVABLE, why, {})
        return RepositoryAudit(repository, tuple(GuidelineResult(g, unread) for g in table))
    results = tuple(GuidelineResult(g, g.probe(settings, namespace, facts)) for g in table)
    return RepositoryAudit(settings.repository, results)

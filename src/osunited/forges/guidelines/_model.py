"""The guidelines' types, and the helpers every probe shares."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from fnmatch import fnmatchcase

from osunited.forges.adapters.base import (
    AccessLevel,
    BranchProtection,
    NamespaceSettings,
    RepositorySettings,
)
from osunited.framework import Level


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NOT_OBSERVABLE = "not_observable"


class Source(StrEnum):
    """Where a guideline's evidence comes from."""

    FORGE = "forge"  # the forge's API
    AUDIT_HISTORY = "audit_history"  # the platform's own record of the audits it ran
    PLATFORM_RECORDS = "platform_records"  # people's acceptances recorded by the platform
    ATTESTATION = "attestation"  # a statement the hosting team records

    @property
    def automatic(self) -> bool:
        return self in (Source.FORGE, Source.AUDIT_HISTORY)


@dataclass(frozen=True)
class Probe:
    """What a probe found: the outcome, why in one sentence, the API fields it read (name ->
    value) and, unless met, what to do."""

    outcome: Outcome
    reason: str
    evidence: Mapping[str, str]
    remediation: str = ""


@dataclass(frozen=True)
class AuditFacts:
    """What the forge cannot tell: who is who, and the platform's own records."""

    today: date
    hosting_team: frozenset[str] = frozenset()  # the only users who may be Owner or admin
    un_staff: frozenset[str] | None = None  # those who may be Maintainer; None: not checked
    externals: frozenset[str] = frozenset()  # non-UN users, at most Developer
    project_leads: frozenset[str] = frozenset()  # the designated UN project leads (CH10)
    leads_by_repository: Mapping[str, frozenset[str]] = field(default_factory=dict)
    recommended_licenses: frozenset[str] | None = None  # None: the scanner's default policy
    released: frozenset[str] | None = None  # repositories the committee released (4.4.8)
    platform_records: bool = False  # the fields below come from the platform (CH7-CH9)
    cla_accepted: frozenset[str] = frozenset()
    last_compliance_audit: date | None = None
    backup_attested_on: date | None = None
    audit_period_days: int = 365
    backup_period_days: int = 365

    def leads_for(self, full_path: str) -> frozenset[str]:
        return self.leads_by_repository.get(full_path, self.project_leads)


ProbeFunction = Callable[[RepositorySettings, NamespaceSettings, AuditFacts], Probe]


@dataclass(frozen=True)
class Guideline:
    id: str
    text: str  # from the framework file
    levels: tuple[Level, ...]  # stage 1 to 4, from the framework file
    action: str  # the framework's recommended action
    source: Source
    probe: ProbeFunction

    def level(self, stage: int) -> Level:
        return self.levels[stage - 1]


class Findings:
    """Collects what a probe saw, failed and could not see, then says the outcome."""

    def __init__(self) -> None:
        self.evidence: dict[str, str] = {}
        self.failures: list[str] = []
        self.fixes: list[str] = []
        self.unseen: list[str] = []

    def see(self, name: str, value: object) -> None:
        self.evidence[name] = shown(value)

    def fail(self, reason: str, fix: str) -> None:
        self.failures.append(reason)
        if fix not in self.fixes:
            self.fixes.append(fix)

    def cannot_see(self, reason: str, fix: str = "") -> None:
        self.unseen.append(reason)
        if fix and fix not in self.fixes:
            self.fixes.append(fix)

    def probe(self, met: str) -> Probe:
        if self.failures:
            return Probe(
                Outcome.NOT_MET, sentence(self.failures), self.evidence, " ".join(self.fixes)
            )
        if self.unseen:
            return Probe(
                Outcome.NOT_OBSERVABLE, sentence(self.unseen), self.evidence, " ".join(self.fixes)
            )
        return Probe(Outcome.MET, met, self.evidence)


def sentence(parts: list[str]) -> str:
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, AccessLevel):
        return value.name.title()
    if isinstance(value, tuple | list | frozenset | set):
        return ", ".join(sorted(shown(item) for item in value)) or "(none)"
    return "(none)" if value is None else str(value)


def names(usernames: Iterable[str]) -> str:
    return ", ".join(sorted(usernames))


def unobservable(settings: RepositorySettings, key: str, what: str) -> str | None:
    why = settings.unobservable.get(key)
    return f"{what} is not observable: {why}" if why else None


def default_protection(settings: RepositorySettings) -> BranchProtection | None:
    branch = settings.repository.default_branch
    return next((p for p in settings.protections if fnmatchcase(branch, p.branch)), None)

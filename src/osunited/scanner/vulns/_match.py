"""Which OSV records affect one installed package version, merged into one result per issue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from univers.versions import Version

from osunited.scanner.vulns._db import VulnDB
from osunited.scanner.vulns._ecosystems import canonical_ecosystem, normalise_name, parse_version
from osunited.scanner.vulns._severity import SEVERITIES, record_severity

MAX_REFERENCES = 5
_EVALUATED_RANGES = ("SEMVER", "ECOSYSTEM")
_ID_PREFERENCE = ("CVE-", "GHSA-")


@dataclass(frozen=True)
class Vulnerability:
    """One known issue affecting a package version, with every id it is known under."""

    id: str
    aliases: tuple[str, ...]
    summary: str
    severity: str  # critical, high, medium, low or unknown
    score: float | None  # CVSS base score, when the records give a vector
    vector: str | None
    fixed_versions: tuple[str, ...]
    suggested_fix: str | None  # the lowest fixed version above the installed one
    references: tuple[str, ...]


@dataclass(frozen=True)
class _Package:
    ecosystem: str
    name: str
    version: str


@dataclass(frozen=True)
class _Match:
    record: dict[str, Any]
    fixed: frozenset[str]

    @property
    def ids(self) -> set[str]:
        return {self.record["id"], *_strings(self.record.get("aliases"))}


def vulnerabilities_for(db: VulnDB, ecosystem: str, name: str, version: str) -> list[Vulnerability]:
    """The known vulnerabilities of `name` at `version` in an OSV `ecosystem` (PyPI, npm, Go,
    crates.io, Maven, RubyGems, Packagist, NuGet, Pub), the most severe first.

    Withdrawn records are left out; records that are aliases of one another (a GHSA and the
    PYSEC entry for the same CVE) are merged into one result carrying all their ids."""
    package = _Package(canonical_ecosystem(ecosystem), normalise_name(ecosystem, name), version)
    matches = [
        match
        for record in db.records_for(package.ecosystem, package.name)
        if (match := _match_record(record, package)) is not None
    ]
    found = [_merge(group, package) for group in _alias_groups(matches)]
    return sorted(found, key=lambda v: (_severity_order(v), v.id))


def _match_record(record: dict[str, Any], package: _Package) -> _Match | None:
    if record.get("withdrawn"):
        return None
    entries = [entry for entry in record.get("affected", []) if _names(entry, package)]
    if not any(_entry_affects(entry, package) for entry in entries):
        return None
    fixed = {version for entry in entries for version in _fixed_versions(entry)}
    return _Match(record, frozenset(fixed))


def _names(entry: dict[str, Any], package: _Package) -> bool:
    described = entry.get("package")
    if not isinstance(described, dict):
        return False
    ecosystem, name = described.get("ecosystem"), described.get("name")
    if not isinstance(ecosystem, str) or not isinstance(name, str):
        return False
    return (canonical_ecosystem(ecosystem), normalise_name(ecosystem, name)) == (
        package.ecosystem,
        package.name,
    )


def _entry_affects(entry: dict[str, Any], package: _Package) -> bool:
    if _listed(entry, package):
        return True
    return any(
        _range_affects(rng, package)
        for rng in _dicts(entry.get("ranges"))
        if rng.get("type") in _EVALUATED_RANGES
    )


def _listed(entry: dict[str, Any], package: _Package) -> bool:
    versions = _strings(entry.get("versions"))
    if package.version in versions:
        return True
    installed = parse_version(package.ecosystem, "ECOSYSTEM", package.version)
    if installed is None:
        return False
    return any(parse_version(package.ecosystem, "ECOSYSTEM", v) == installed for v in versions)


def _range_affects(rng: dict[str, Any], package: _Package) -> bool:
    """The evaluation the OSV schema describes: walk the events in version order; an
    `introduced` at or below the version opens, a `fixed` at or below it or a `last_affected`
    below it closes; at or above a `limit` nothing is affected."""
    range_type = rng["type"]
    installed = parse_version(package.ecosystem, range_type, package.version)
    if installed is None:
        return False
    events = _parsed_events(rng, package.ecosystem)
    if any(kind == "limit" and bound is not None and installed >= bound for kind, bound in events):
        return False
    affected = False
    for kind, bound in events:
        if kind == "introduced":
            affected = affected or bound is None or installed >= bound
        elif bound is not None and _closes(kind, bound, installed):
            affected = False
    return affected


def _closes(kind: str, bound: Version, installed: Version) -> bool:
    if kind == "fixed":
        return bool(installed >= bound)
    return kind == "last_affected" and bool(installed > bound)


def _parsed_events(rng: dict[str, Any], ecosystem: str) -> list[tuple[str, Version | None]]:
    """(kind, version) in version order; None stands for the start of time. An unreadable
    `introduced` counts as the start of time (a false alarm beats a missed vulnerability),
    other unreadable events are dropped."""
    parsed: list[tuple[str, Version | None]] = []
    for event in _dicts(rng.get("events")):
        for kind, text in event.items():
            if not isinstance(text, str):
                continue
            bound = None if text == "0" else parse_version(ecosystem, rng["type"], text)
            if bound is not None or kind == "introduced":
                parsed.append((kind, bound))
    return sorted(
        parsed, key=lambda event: (event[1] is not None, _NEVER if event[1] is None else event[1])
    )


class _Never:
    """A placeholder sort key for the start of time, never compared with a version."""

    def __lt__(self, other: object) -> bool:
        return False


_NEVER: Any = _Never()


def _fixed_versions(entry: dict[str, Any]) -> Iterable[str]:
    for rng in _dicts(entry.get("ranges")):
        if rng.get("type") in _EVALUATED_RANGES:
            for event in _dicts(rng.get("events")):
                if isinstance(event.get("fixed"), str):
                    yield event["fixed"]


def _alias_groups(matches: list[_Match]) -> list[list[_Match]]:
    """Matches sharing an id or alias, transitively, in groups."""
    groups: list[tuple[set[str], list[_Match]]] = []
    for match in matches:
        ids, members = set(match.ids), [match]
        for group in [g for g in groups if g[0] & ids]:
            groups.remove(group)
            ids |= group[0]
            members = group[1] + members
        groups.append((ids, members))
    return [members for _, members in groups]


def _merge(group: list[_Match], package: _Package) -> Vulnerability:
    ids = set().union(*(match.ids for match in group))
    primary = min(ids, key=_id_preference)
    severity = max((record_severity(m.record) for m in group), key=lambda s: s.rank)
    fixed = _sorted_versions({v for m in group for v in m.fixed}, package.ecosystem)
    return Vulnerability(
        id=primary,
        aliases=tuple(sorted(ids - {primary})),
        summary=_summary([m.record for m in group]),
        severity=severity.rating,
        score=severity.score,
        vector=severity.vector,
        fixed_versions=tuple(fixed),
        suggested_fix=_suggested_fix(fixed, package),
        references=_references([m.record for m in group]),
    )


def _id_preference(identifier: str) -> tuple[int, str]:
    for rank, prefix in enumerate(_ID_PREFERENCE):
        if identifier.startswith(prefix):
            return rank, identifier
    return len(_ID_PREFERENCE), identifier


def _sorted_versions(versions: set[str], ecosystem: str) -> list[str]:
    def key(text: str) -> tuple[bool, Any, str]:
        parsed = parse_version(ecosystem, "ECOSYSTEM", text)
        return parsed is None, _NEVER if parsed is None else parsed, text

    return sorted(versions, key=key)


def _suggested_fix(fixed: list[str], package: _Package) -> str | None:
    installed = parse_version(package.ecosystem, "ECOSYSTEM", package.version)
    if installed is None:
        return None
    for text in fixed:
        candidate = parse_version(package.ecosystem, "ECOSYSTEM", text)
        if candidate is not None and candidate > installed:
            return text
    return None


def _summary(records: list[dict[str, Any]]) -> str:
    for field in ("summary", "details"):
        for record in records:
            text = record.get(field)
            if isinstance(text, str) and text.strip():
                return text.strip().splitlines()[0][:200]
    return ""


def _references(records: list[dict[str, Any]]) -> tuple[str, ...]:
    urls = [url for r in records for ref in _dicts(r.get("references")) if (url := ref.get("url"))]
    unique = [url for url in dict.fromkeys(urls) if isinstance(url, str)]
    return tuple(unique[:MAX_REFERENCES])


def _severity_order(vulnerability: Vulnerability) -> tuple[int, float]:
    return SEVERITIES.index(vulnerability.severity), -(vulnerability.score or 0.0)


def _dicts(value: object) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _strings(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []

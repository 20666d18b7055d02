"""The severity of an OSV record: the base score of its CVSS vectors, or the rating its database
gives when it has no vector."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cvss import CVSS3, CVSS4, CVSSError  # type: ignore[import-untyped]

SEVERITIES = ("critical", "high", "medium", "low", "unknown")

_DATABASE_RATINGS = {
    "critical": "critical",
    "high": "high",
    "moderate": "medium",
    "medium": "medium",
    "low": "low",
}


@dataclass(frozen=True)
class Severity:
    rating: str  # one of SEVERITIES
    score: float | None = None
    vector: str | None = None

    @property
    def rank(self) -> tuple[int, float]:
        """Sorts the most severe last."""
        return (len(SEVERITIES) - SEVERITIES.index(self.rating), self.score or 0.0)


UNKNOWN = Severity("unknown")


def record_severity(record: dict[str, Any]) -> Severity:
    """The highest severity the record states, from its CVSS v3/v4 vectors first."""
    scored = [_vector_severity(entry) for entry in _list(record.get("severity"))]
    found = [severity for severity in scored if severity is not None]
    if found:
        return max(found, key=lambda severity: severity.rank)
    return _database_severity(record)


def _vector_severity(entry: object) -> Severity | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("score"), str):
        return None
    vector = entry["score"]
    try:
        if entry.get("type") == "CVSS_V3":
            cvss3 = CVSS3(vector)
            return Severity(_rating(cvss3.severities()[0]), float(cvss3.scores()[0]), vector)
        if entry.get("type") == "CVSS_V4":
            cvss4 = CVSS4(vector)
            return Severity(_rating(cvss4.severity), float(cvss4.base_score), vector)
    except (CVSSError, ValueError, KeyError, IndexError):
        return None
    return None


def _rating(cvss_severity: str) -> str:
    # CVSS rates a 0.0 score "None"; it is still a published vulnerability, so the lowest rating.
    return _DATABASE_RATINGS.get(cvss_severity.lower(), "low")


def _database_severity(record: dict[str, Any]) -> Severity:
    specific = record.get("database_specific")
    if not isinstance(specific, dict) or not isinstance(specific.get("severity"), str):
        return UNKNOWN
    return Severity(_DATABASE_RATINGS.get(specific["severity"].lower(), "unknown"))


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []

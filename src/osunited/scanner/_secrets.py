"""Committed secrets: credentials in known formats, and high-entropy values assigned to names
such as `password` or `api_key`. Only a fingerprint and a redacted preview are ever kept."""

from __future__ import annotations

import fnmatch
import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass

ALLOWLIST_FILE = ".osu-secrets-allow"

KNOWN_FORMATS: dict[str, str] = {
    "AWS access key id": r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b",
    "GitHub token": r"\bgh[pousr]_[A-Za-z0-9]{36,255}\b|\bgithub_pat_[A-Za-z0-9_]{60,255}\b",
    "GitLab token": r"\bglpat-[A-Za-z0-9_-]{20,}\b",
    "Slack token": r"\bxox[abposr]-[A-Za-z0-9-]{10,}\b",
    "Slack webhook": r"https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{16,}",
    "Google API key": r"\bAIza[0-9A-Za-z_-]{35}\b",
    "Stripe live key": r"\b(?:sk|rk)_live_[0-9A-Za-z]{24,}\b",
    "npm token": r"\bnpm_[A-Za-z0-9]{36}\b",
    "PyPI token": r"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}",
    "Azure storage key": r"AccountKey=[A-Za-z0-9+/]{86}==",
    "Private key": (
        r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----"
    ),
}
_KNOWN = re.compile("|".join(f"(?P<k{i}>{p})" for i, p in enumerate(KNOWN_FORMATS.values())))
_KINDS = list(KNOWN_FORMATS)
_ASSIGNED = re.compile(
    r"(?i)\b(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|"
    r"client[_-]?secret|auth[_-]?token)\w*['\"]?\s*[:=]\s*['\"]([^'\"\s]{16,200})['\"]"
)
_PLACEHOLDER = re.compile(
    r"(?i)example|changeme|change_me|xxxx|your[_-]|<|>|\$\{|\{\{|%\(|dummy|sample|placeholder|"
    r"redacted|\*\*\*|test|fake"
)
MIN_ENTROPY = 3.5  # bits per character; random base64 is near 6, English words near 3


@dataclass(frozen=True)
class SecretHit:
    line: int
    kind: str
    fingerprint: str  # sha256 of the value, 16 hex digits: for the allowlist
    preview: str  # the first characters only


def find_secrets(text: str) -> list[SecretHit]:
    """Credentials in `text`, at most one per line and kind."""
    hits: dict[tuple[int, str], SecretHit] = {}
    for match in _KNOWN.finditer(text):
        kind = _KINDS[int(str(match.lastgroup)[1:])]
        _add(hits, text, match.start(), kind, match.group(0))
    known_lines = {line for line, _ in hits}
    for match in _ASSIGNED.finditer(text):
        value = match.group(1)
        if _PLACEHOLDER.search(value) or entropy(value) < MIN_ENTROPY:
            continue
        if text.count("\n", 0, match.start(1)) + 1 not in known_lines:
            _add(hits, text, match.start(1), "High-entropy secret", value)
    return sorted(hits.values(), key=lambda hit: (hit.line, hit.kind))


def _add(
    hits: dict[tuple[int, str], SecretHit], text: str, offset: int, kind: str, value: str
) -> None:
    line = text.count("\n", 0, offset) + 1
    digest = hashlib.sha256(value.encode()).hexdigest()[:16]
    hits.setdefault((line, kind), SecretHit(line, kind, digest, value[:4] + "…"))


def entropy(value: str) -> float:
    """Shannon entropy of the characters of `value`, in bits per character."""
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


@dataclass(frozen=True)
class Allowlist:
    """Paths (glob patterns) and fingerprints that are known not to be secrets."""

    patterns: tuple[str, ...] = ()
    fingerprints: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, text: str) -> Allowlist:
        patterns, fingerprints = [], set()
        for raw in text.splitlines():
            entry = raw.split("#", 1)[0].strip()
            if entry.startswith("fingerprint:"):
                fingerprints.add(entry.removeprefix("fingerprint:").strip())
            elif entry:
                patterns.append(entry)
        return cls(tuple(patterns), frozenset(fingerprints))

    def allows(self, path: str, hit: SecretHit) -> bool:
        if hit.fingerprint in self.fingerprints:
            return True
        return any(fnmatch.fnmatchcase(path, pattern) for pattern in self.patterns)

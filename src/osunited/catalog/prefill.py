"""Prefilling a registration: from a scan of a repository, or from a publiccode.yml.

Each value comes with where it came from ("scan of <url>", "publiccode.yml"); the registration
form shows it next to the field and the project keeps it in `prefill_sources`. Errors are
ValidationErrors with a message for the person registering; nothing is saved here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from osunited.accounts.models import User
from osunited.catalog.forms import text_field
from osunited.catalog.interchange.publiccode import described_languages
from osunited.catalog.sources import clone_target
from osunited.scanner import ScanError, ScanLimits, ScanReport, scan
from osunited.scanner.publiccode import (
    PublicCodeFacts,
    facts_from_directory,
    facts_with_scan,
    validate_publiccode,
)

# The checks a prefill needs; each reads a few files, so a small repository scans in well
# under a second once cloned.
PREFILL_CHECKS = frozenset(
    {"license.project", "docs.languages", "health.releases", "deps.inventory", "publiccode.valid"}
)
# The request waits for the scan: caps far below those of a catalog scan.
PREFILL_LIMITS = ScanLimits(
    max_files=20_000,
    max_file_bytes=1024 * 1024,
    max_total_bytes=200 * 1024 * 1024,
    timeout_seconds=20.0,
    clone_timeout_seconds=20.0,
)
_MAX_DEPENDENCIES = 30
_MAX_ERRORS_SHOWN = 5
# OSV ecosystems, by the programming language a project using them is most likely written in.
_ECOSYSTEM_LANGUAGES = {
    "PyPI": "Python",
    "npm": "JavaScript",
    "Go": "Go",
    "crates.io": "Rust",
    "Maven": "Java",
    "Packagist": "PHP",
    "RubyGems": "Ruby",
    "NuGet": "C#",
    "Pub": "Dart",
}
_DEVELOPMENT_STATUSES = {"concept", "development", "beta", "stable", "obsolete"}


@dataclass
class Prefill:
    """Values for the registration form's fields, and where each came from."""

    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def set(self, name: str, value: Any, source: str) -> None:
        if value not in (None, "", [], ()):
            self.values[name] = value
            self.sources[name] = source

    def update(self, other: Prefill) -> None:
        """`other`'s values win (a publiccode.yml over a scan)."""
        self.values.update(other.values)
        self.sources.update(other.sources)


def prefill_from_repository(url: str) -> Prefill:
    """Scan the repository at `url` (through the SSRF guard) and derive the project's facts;
    its publiccode.yml, when it has a valid one, takes precedence."""
    url = url.strip()
    target = clone_target(url)
    try:
        report = scan(target, only=PREFILL_CHECKS, limits=PREFILL_LIMITS)
    except ScanError as error:
        raise ValidationError(
            gettext("The repository could not be scanned: %(reason)s") % {"reason": error}
        ) from None
    directory = Path(target) if Path(target).is_dir() else None
    found = _from_scan(url, directory, report)
    text = report.result("publiccode.valid").data.get("document")
    if text is not None:
        found.update(prefill_from_publiccode(text, source=f"publiccode.yml of {url}"))
    # The repository is the one the user named, whatever URL its publiccode.yml gives.
    found.set("repositories", [url], f"scan of {url}")
    return found


def _from_scan(url: str, directory: Path | None, report: ScanReport) -> Prefill:
    # A repository on this server (file://) can also be read in place; a clone is gone by now.
    facts = facts_from_directory(directory) if directory else PublicCodeFacts()
    facts = facts_with_scan(facts, report)
    source = f"scan of {url}"
    found = Prefill()
    found.set("name", facts.name or _name_from_url(url), source)
    found.set("description", facts.description, source)
    found.set("licenses", facts.license, source)
    found.set("languages", _languages(report), source)
    found.set("dependencies", _direct_dependencies(report), source)
    found.set("repositories", [url], source)
    found.set("focal_point_emails", _staff_only([email for _, email in facts.contacts]), source)
    return found


def _name_from_url(url: str) -> str:
    last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return last.removesuffix(".git").replace("-", " ").replace("_", " ").strip()


def _languages(report: ScanReport) -> list[str]:
    ecosystems = {dependency.ecosystem for dependency in report.dependencies}
    return sorted({_ECOSYSTEM_LANGUAGES[e] for e in ecosystems if e in _ECOSYSTEM_LANGUAGES})


def _direct_dependencies(report: ScanReport) -> list[str]:
    names = [d.name for d in report.dependencies if d.direct and d.scope == "runtime"]
    return list(dict.fromkeys(names))[:_MAX_DEPENDENCIES]


def _staff_only(emails: list[str]) -> list[str]:
    """The contacts who can be focal points: UN staff with an account. Others are left out
    rather than offered, since registering would refuse them."""
    known = User.objects.filter(email__in=emails, is_active=True).exclude(staff_source="")
    staff = {email.lower() for email in known.values_list("email", flat=True)}
    return [email for email in emails if email.lower() in staff]


def prefill_from_publiccode(text: str, *, source: str = "publiccode.yml") -> Prefill:
    """The registration's fields from a publiccode.yml text; ValidationError listing the
    file's errors (with their lines) when it does not follow the standard."""
    validation = validate_publiccode(text)
    if not validation.valid:
        problems = [
            f"line {p.line}: {p.key + ': ' if p.key else ''}{p.message}"
            if p.line
            else f"{p.key + ': ' if p.key else ''}{p.message}"
            for p in validation.errors[:_MAX_ERRORS_SHOWN]
        ]
        raise ValidationError(
            [f"The publiccode.yml is not valid ({len(validation.errors)} error(s)).", *problems]
        )
    # Validation refused aliases, oversized and deeply nested documents: safe to load now.
    data = yaml.safe_load(text)
    return _from_publiccode(data if isinstance(data, dict) else {}, source)


def _from_publiccode(data: dict[str, Any], source: str) -> Prefill:
    languages = described_languages(data)
    description = _mapping(languages.own)
    legal = _mapping(data.get("legal"))
    found = Prefill()
    found.set("name", _text(data.get("name")), source)
    if languages.own:  # "" too: a language that is not a UN one
        found.values["language"] = languages.language
        found.sources["language"] = source
    for language, text in languages.texts.items():
        for name, value in text.items():
            found.set(text_field(language, name), _text(value), source)
    found.set("purpose", _text(description.get("shortDescription")), source)
    found.set("description", _text(description.get("longDescription")), source)
    found.set("features", _texts(description.get("features")), source)
    found.set("documentation_url", _text(description.get("documentation")), source)
    found.set("licenses", _text(legal.get("license")), source)
    status = _text(data.get("developmentStatus"))
    found.set("development_status", status if status in _DEVELOPMENT_STATUSES else None, source)
    topics = [*_texts(data.get("categories")), *_texts([data.get("softwareType")])]
    found.set("topics", topics, source)
    found.set("website", _text(data.get("landingURL")), source)
    found.set("repositories", _texts([data.get("url")]), source)
    found.set("dependencies", _dependencies(data.get("dependsOn")), source)
    contacts = _mapping(data.get("maintenance")).get("contacts")
    emails = [_text(_mapping(c).get("email")) for c in contacts or [] if isinstance(c, dict)]
    found.set("focal_point_emails", _staff_only([e for e in emails if e]), source)
    return found


def _dependencies(value: Any) -> list[str]:
    names: list[str] = []
    for kind in ("open", "proprietary", "hardware"):
        for entry in _mapping(value).get(kind) or []:
            name = _text(_mapping(entry).get("name"))
            if name:
                names.append(name)
    return names[:_MAX_DEPENDENCIES]


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _texts(value: Any) -> list[str]:
    items = value if isinstance(value, list) else []
    return [text for text in (_text(item) for item in items) if text]

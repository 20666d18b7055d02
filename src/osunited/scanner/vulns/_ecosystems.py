"""What differs per OSV ecosystem: how its name is spelled, how package names compare and how
versions are ordered."""

from __future__ import annotations

import re
from functools import lru_cache

from univers.versions import (
    ComposerVersion,
    GolangVersion,
    InvalidVersion,
    MavenVersion,
    NugetVersion,
    PypiVersion,
    RubygemsVersion,
    SemverVersion,
    Version,
)

# OSV spells ecosystems with this exact case; users and manifests do not always.
ECOSYSTEMS = ("PyPI", "npm", "Go", "crates.io", "Maven", "RubyGems", "Packagist", "NuGet", "Pub")
_CANONICAL = {name.lower(): name for name in ECOSYSTEMS}

_VERSION_CLASSES: dict[str, type[Version]] = {
    "PyPI": PypiVersion,
    "npm": SemverVersion,
    "Go": GolangVersion,
    "crates.io": SemverVersion,
    "Maven": MavenVersion,
    "RubyGems": RubygemsVersion,
    "Packagist": ComposerVersion,
    "NuGet": NugetVersion,
    "Pub": SemverVersion,
}

# Registries where two spellings differing only in case are the same package.
_CASE_INSENSITIVE = {"crates.io", "NuGet", "Packagist", "Pub", "npm"}

_PEP503_SEPARATORS = re.compile(r"[-_.]+")


def canonical_ecosystem(ecosystem: str) -> str:
    """The OSV spelling of an ecosystem name ("pypi" -> "PyPI"); unknown names are kept."""
    return _CANONICAL.get(ecosystem.strip().lower(), ecosystem.strip())


def normalise_name(ecosystem: str, name: str) -> str:
    """The form of a package name under which two spellings of one package are equal."""
    ecosystem = canonical_ecosystem(ecosystem)
    name = name.strip()
    if ecosystem == "PyPI":
        return _PEP503_SEPARATORS.sub("-", name).lower()
    if ecosystem in _CASE_INSENSITIVE:
        return name.lower()
    return name


@lru_cache(maxsize=1 << 16)  # the same version strings recur across records and lookups
def parse_version(ecosystem: str, range_type: str, text: str) -> Version | None:
    """`text` as a comparable version for a range of `range_type` (SEMVER or ECOSYSTEM) in
    `ecosystem`, or None when it cannot be read that way."""
    if range_type == "SEMVER":
        version_class: type[Version] = SemverVersion
    else:
        found = _VERSION_CLASSES.get(canonical_ecosystem(ecosystem))
        if found is None:
            return None
        version_class = found
    try:
        return version_class(text)
    except (InvalidVersion, ValueError, TypeError):
        return None

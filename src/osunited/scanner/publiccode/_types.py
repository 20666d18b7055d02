"""What validating and drafting a publiccode.yml produce and take: plain frozen values."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PublicCodeProblem:
    """One finding about a publiccode.yml, located where a person can fix it."""

    key: str  # dotted path: "description.en.shortDescription", "maintenance.contacts[0].name"
    message: str
    line: int | None  # 1-based
    column: int | None  # 1-based
    # "error" makes the file invalid; "warning" is the reference validator's advice; "notice"
    # is advice of this validator's own and changes no verdict.
    severity: str  # "error" | "warning" | "notice"


@dataclass(frozen=True)
class PublicCodeValidation:
    """The outcome of `validate_publiccode`: the declared version and every problem found."""

    version: str | None  # publiccodeYmlVersion as written in the file
    problems: tuple[PublicCodeProblem, ...]

    @property
    def valid(self) -> bool:
        """True when no problem is an error (warnings do not make a file invalid)."""
        return not self.errors

    @property
    def errors(self) -> tuple[PublicCodeProblem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[PublicCodeProblem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def notices(self) -> tuple[PublicCodeProblem, ...]:
        return tuple(p for p in self.problems if p.severity == "notice")

    @property
    def verdict(self) -> str:
        """The verdict as the reference validator says it: "invalid", "valid with warnings" or
        "valid"."""
        if self.errors:
            return "invalid"
        return "valid with warnings" if self.warnings else "valid"


@dataclass(frozen=True)
class PublicCodeFacts:
    """What a scan knows about a project; every field may be unknown."""

    name: str | None = None
    url: str | None = None
    description: str | None = None
    license: str | None = None  # SPDX expression
    software_version: str | None = None
    release_date: str | None = None  # YYYY-MM-DD
    development_status: str | None = None
    maintenance_type: str | None = None
    contacts: tuple[tuple[str, str], ...] = ()  # (name, email)
    languages: tuple[str, ...] = ()  # ISO 639-1 languages of the documentation
    platforms: tuple[str, ...] = ()

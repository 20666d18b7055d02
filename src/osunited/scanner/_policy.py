"""The organisation's scan policy: recommended licenses, thresholds, severity overrides."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from osunited.scanner._errors import ScanError
from osunited.scanner._model import Severity

_TOP_KEYS = {"version", "licenses", "health", "fail_on", "severity", "disabled_checks"}


@dataclass(frozen=True)
class Policy:
    recommended_licenses: frozenset[str]
    forbidden_licenses: frozenset[str] = frozenset()
    min_file_coverage: float = 0.5
    unmaintained_after_days: int = 365
    min_bus_factor: int = 2
    fail_on: Severity = Severity.ERROR
    severity_overrides: Mapping[str, Severity] = field(default_factory=lambda: MappingProxyType({}))
    disabled_checks: frozenset[str] = frozenset()


def default_policy_text() -> str:
    return resources.files("osunited.scanner").joinpath("default_policy.yml").read_text("utf-8")


@cache  # read at every scan and dashboard measure: the shipped file never changes at run time
def default_policy() -> Policy:
    return parse_policy(default_policy_text(), source="the default policy")


def load_policy(path: Path) -> Policy:
    """Read a policy file; keys it leaves out keep their default. Raises ScanError if invalid."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScanError(f"The policy file {path} could not be read: {exc}") from exc
    return parse_policy(text, source=str(path), base=default_policy())


def parse_policy(text: str, *, source: str, base: Policy | None = None) -> Policy:
    try:
        document = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ScanError(f"{source} is not valid YAML: {exc}") from exc
    if not isinstance(document, dict):
        raise ScanError(f"{source} must be a YAML mapping.")
    unknown = set(document) - _TOP_KEYS
    if unknown:
        raise ScanError(f"{source}: unknown key(s) {', '.join(sorted(map(str, unknown)))}.")
    return _policy_from(document, source, base)


_SECTION_KEYS = {
    "licenses": {"recommended", "forbidden", "min_file_coverage"},
    "health": {"unmaintained_after_days", "min_bus_factor"},
}


def _policy_from(document: dict[str, Any], source: str, base: Policy | None) -> Policy:
    licenses = _mapping(document, "licenses", source)
    health = _mapping(document, "health", source)
    fallback = base or Policy(recommended_licenses=frozenset())
    return Policy(
        recommended_licenses=_ids(licenses, "recommended", source, fallback.recommended_licenses),
        forbidden_licenses=_ids(licenses, "forbidden", source, fallback.forbidden_licenses),
        min_file_coverage=_number(licenses, "min_file_coverage", source, fallback, 0, 1),
        unmaintained_after_days=int(
            _number(health, "unmaintained_after_days", source, fallback, 1, 36500)
        ),
        min_bus_factor=int(_number(health, "min_bus_factor", source, fallback, 1, 1000)),
        fail_on=_severity(document.get("fail_on", fallback.fail_on.value), f"{source}: fail_on"),
        severity_overrides=_overrides(document, source, fallback),
        disabled_checks=_ids(document, "disabled_checks", source, fallback.disabled_checks),
    )


def _mapping(document: dict[str, Any], key: str, source: str) -> dict[str, Any]:
    value = document.get(key) or {}
    if not isinstance(value, dict):
        raise ScanError(f"{source}: {key} must be a mapping.")
    unknown = set(map(str, value)) - _SECTION_KEYS[key]
    if unknown:
        raise ScanError(f"{source}: unknown key(s) in {key}: {', '.join(sorted(unknown))}.")
    return value


def _ids(section: dict[str, Any], key: str, source: str, default: frozenset[str]) -> frozenset[str]:
    if key not in section:
        return default
    value = section[key] or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ScanError(f"{source}: {key} must be a list of names.")
    return frozenset(value)


def _number(
    section: dict[str, Any], key: str, source: str, fallback: Policy, low: float, high: float
) -> float:
    value = section.get(key, getattr(fallback, key))
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ScanError(f"{source}: {key} must be a number from {low} to {high}.")
    return float(value)


def _severity(value: object, where: str) -> Severity:
    try:
        return Severity(str(value))
    except ValueError:
        choices = ", ".join(s.value for s in Severity)
        raise ScanError(f"{where} must be one of {choices}, not {value!r}.") from None


def _overrides(document: dict[str, Any], source: str, fallback: Policy) -> Mapping[str, Severity]:
    """Read-only, as the whole policy is: default_policy() is one object shared by all."""
    if "severity" not in document:
        return fallback.severity_overrides
    value = document["severity"] or {}
    if not isinstance(value, dict):
        raise ScanError(f"{source}: severity must map rule ids to a severity.")
    return MappingProxyType(
        {str(rule): _severity(level, f"{source}: severity.{rule}") for rule, level in value.items()}
    )

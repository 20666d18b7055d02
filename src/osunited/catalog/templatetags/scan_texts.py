"""`{{ value|scan_text }}`: a text the scanner wrote (a check's title or summary, a finding's
message or remediation, a pillar's name) in the reader's language; see catalog.scan_texts.
`{{ finding.severity|severity_label }}`: a severity (info, warning, error) as a word of it."""

from __future__ import annotations

from typing import Any

from django import template

from osunited.catalog.scan_texts import in_reader_language
from osunited.scanner import Severity

register = template.Library()


@register.filter
def scan_text(value: Any) -> str:
    return in_reader_language(value)


@register.filter
def severity_label(value: str) -> str:
    """The word for a stored severity; an unknown one as it is."""
    try:
        return in_reader_language(Severity(value).label)
    except ValueError:
        return value

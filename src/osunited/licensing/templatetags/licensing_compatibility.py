"""The project page's license compatibility panel, and the filters that name the engine's
uses, verdicts and reasons for not measuring in the reader's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.functional import Promise

from osunited.catalog.models import Project
from osunited.licenses import ComponentVerdict, Use, Verdict
from osunited.licensing.forms_compatibility import NOT_MEASURED_LABELS, USE_LABELS, VERDICT_LABELS
from osunited.licensing.selectors import compatibility as selected
from osunited.licensing.selectors.compatibility import compatibility_summary_of

register = template.Library()


@register.inclusion_tag("licensing/compatibility_panel.html")
def license_compatibility(project: Project) -> dict[str, Any]:
    """The project page shows only projects its viewer may see: the panel needs no check."""
    return {"project": project, "compatibility": compatibility_summary_of(project)}


@register.filter
def verdict_label(value: str) -> Promise | str:
    try:
        return VERDICT_LABELS[Verdict(value)]
    except ValueError:
        return value


@register.filter
def use_label(value: str) -> Promise | str:
    try:
        return USE_LABELS[Use(value)]
    except ValueError:
        return value


@register.filter
def not_measured_label(value: str) -> Promise | str:
    return NOT_MEASURED_LABELS.get(str(value), str(value))


@register.filter
def count_of(counts: dict[Verdict, int], verdict: str) -> int:
    return counts.get(Verdict(verdict), 0)


@register.filter
def component_reason(judged: ComponentVerdict) -> str:
    """Why a component of a project has its verdict, in the reader's language."""
    return selected.component_reason(judged)

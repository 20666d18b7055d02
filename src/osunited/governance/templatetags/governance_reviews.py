"""Framework reviews on other apps' pages: the offer to carry an assessment forward to the newest
framework version the Board adopted."""

from __future__ import annotations

from typing import Any

from django import template

from osunited.assessments.models import Assessment
from osunited.governance.selectors.reviews import newer_version_for

register = template.Library()


@register.inclusion_tag("governance/reviews_carry_forward.html")
def carry_forward_offer(assessment: Assessment) -> dict[str, Any]:
    """Shown when a newer version of the assessment's framework line was adopted."""
    return {"assessment": assessment, "newer": newer_version_for(assessment.framework_id)}

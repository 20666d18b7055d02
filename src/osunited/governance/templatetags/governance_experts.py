"""The roster of experts on other apps' pages: the Project Review Committee's panel on a
project's review page, to ask a vetted expert for an opinion and read the opinions received."""

from __future__ import annotations

from typing import Any

from django import template

from osunited.accounts.roles import REVIEWER
from osunited.catalog.models import Project
from osunited.governance.forms_experts import OpinionForm
from osunited.governance.selectors import experts as selectors

register = template.Library()


@register.inclusion_tag("governance/consultations_review_panel.html", takes_context=True)
def expert_opinions_panel(context: template.Context, project: Project) -> dict[str, Any]:
    """Committee members only: nothing is shown (and nothing read) for anyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not REVIEWER.allows(user):
        return {"shown": False}
    free, conflicted = selectors.experts_for_opinion(project)
    opinions = selectors.review_opinions(project)
    return {
        "shown": True,
        "project": project,
        "form": OpinionForm(experts=free),
        "may_ask": bool(free),
        "conflicted": conflicted,
        "opinions": [(opinion, selectors.conflicts_recorded(opinion)) for opinion in opinions],
    }

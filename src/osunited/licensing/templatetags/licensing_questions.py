"""The project page's panel of questions to the licensing experts, and the "Ask the licensing
experts" link on a scan's license findings."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from osunited.accounts.types import Viewer
from osunited.catalog.models import Project, ScanFinding
from osunited.licensing.selectors.office_hours import questions_for_project
from osunited.licensing.services.office_hours import is_license_finding

register = template.Library()


def _may_ask(user: Viewer, project: Project) -> bool:
    # Kept on the project: a scan page asks once, not once per finding.
    cache: dict[int | None, bool] = project.__dict__.setdefault("_licensing_may_ask", {})
    if user.pk not in cache:
        cache[user.pk] = project.has_focal_point(user)
    return cache[user.pk]


@register.inclusion_tag("licensing/office_hours_panel.html", takes_context=True)
def license_questions(context: template.Context, project: Project) -> dict[str, Any]:
    user = context["request"].user
    return {
        "project": project,
        "questions": questions_for_project(user, project),
        "may_ask": _may_ask(user, project),
        "user": user,
    }


@register.simple_tag(takes_context=True)
def ask_experts_link(context: template.Context, finding: ScanFinding, project: Project) -> str:
    request = context.get("request")
    if request is None or not is_license_finding(finding.check_id):
        return ""
    if not _may_ask(request.user, project):
        return ""
    url = reverse("licensing:office_hours_ask", kwargs={"project_slug": project.slug})
    query = urlencode({"finding": finding.pk})
    link: SafeString = format_html(
        ' <a href="{}?{}">{}</a>', url, query, _("Ask the licensing experts")
    )
    return link

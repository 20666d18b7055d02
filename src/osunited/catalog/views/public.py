"""The public catalog: search with facets, project pages, and feedback (CPF 4.3.8).

Every project comes through the selectors: a project the visitor may not see is a 404, one they
see but may not act on is a 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from osunited.accounts.roles import (
    CONTRIBUTOR,
    FOCAL_POINT,
    PUBLIC,
    REVIEWER,
    access,
)
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.catalog.forms import FeedbackForm, FeedbackModerationForm, FeedbackReplyForm
from osunited.catalog.models import Project
from osunited.catalog.scanning import scan_panel_for
from osunited.catalog.search import SORTS, catalog_search, parse_query
from osunited.catalog.selectors import (
    feedback_for_page,
    get_feedback_for_moderation,
    get_feedback_for_reply,
    get_project_for_user,
    get_project_page,
    is_public,
    may_moderate_feedback,
    may_reply_to_feedback,
    pending_feedback_for,
    visible_projects,
)
from osunited.catalog.services import (
    FROZEN_STATUSES,
    FeedbackRateLimited,
    actor_for,
    feedback_moderate,
    feedback_reply,
    feedback_submit,
    guard_facts,
)
from osunited.catalog.showcase import attach_cards
from osunited.catalog.workflow import ProjectStatus, available_actions, refused_actions


@access(PUBLIC)
@require_GET
def catalog_list(request: HttpRequest) -> HttpResponse:
    results = catalog_search(visible_projects(request.user), parse_query(request.GET))
    attach_cards(results.page)
    context = {"results": results, "sorts": SORTS, "statuses": dict(ProjectStatus.choices)}
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "catalog-results":
        return render(request, "catalog/_catalog_results.html", context)
    return render(request, "catalog/catalog_list.html", context)


@access(PUBLIC)
@require_GET
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project_page(user=request.user, slug=slug)
    return render(request, "catalog/project_detail.html", _page_context(request, project))


def _page_context(request: HttpRequest, project: Project, **extra: Any) -> dict[str, Any]:
    user = request.user
    signed_in = user if user.is_authenticated else None
    actors = actor_for(project, signed_in) if signed_in is not None else set()
    status = ProjectStatus(project.status)
    facts = guard_facts(project, signed_in) if actors else None
    public = is_public(project)
    may_give_feedback = public and CONTRIBUTOR.allows(user)
    return {
        "project": project,
        "project_is_public": public,
        "editable": project.status not in FROZEN_STATUSES,
        "actions": available_actions(status, actors, facts) if facts else [],
        "refused_actions": refused_actions(status, actors, facts) if facts else [],
        "archive_reason": _archive_reason(project),
        "is_focal_point": project.has_focal_point(user),
        "feedback_list": feedback_for_page(project=project, user=user),
        "may_moderate": user.is_authenticated and may_moderate_feedback(user, project),
        "may_reply": user.is_authenticated and may_reply_to_feedback(user, project),
        "feedback_form": FeedbackForm() if may_give_feedback else None,
        **scan_panel_for(project=project, user=user),
        **extra,
    }


def _archive_reason(project: Project) -> str:
    """The comment of the committee's archiving: why the entry is archived (not the notice)."""
    if project.status != ProjectStatus.ARCHIVED:
        return ""
    archived = [event for event in project.events.all() if event.action == "archive"]
    return archived[-1].comment if archived else ""


@access(CONTRIBUTOR)
@require_POST
def feedback_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    project = get_project_for_user(user=request.user, slug=slug)
    if not is_public(project):
        raise PermissionDenied(_("Feedback is for projects published in the catalog."))
    form = FeedbackForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            feedback_submit(project=project, author=request.user, body=form.cleaned_data["body"])
        except FeedbackRateLimited:
            form.add_error(
                None,
                _(
                    "You have sent the most feedback allowed in an hour. "
                    "Please try again later; nothing was saved."
                ),
            )
            status = 429
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(
                request,
                _("Thank you. Your feedback appears here once a moderator has published it."),
            )
            if not request.headers.get("HX-Request"):
                return redirect("catalog:detail", slug=project.slug)
            form, status = FeedbackForm(), 200
    project = get_project_page(user=request.user, slug=slug)
    context = _page_context(request, project, feedback_form=form)
    template = "catalog/_feedback.html" if request.headers.get("HX-Request") else None
    return render(request, template or "catalog/project_detail.html", context, status=status)


@access(FOCAL_POINT, CONTRIBUTOR)
@require_POST
def feedback_answer(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    feedback = get_feedback_for_reply(user=request.user, slug=slug, pk=pk)
    form = FeedbackReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write your answer first."))
    else:
        feedback_reply(feedback=feedback, user=request.user, body=form.cleaned_data["reply"])
        messages.success(request, _("Your answer is published."))
    page = reverse("catalog:detail", kwargs={"slug": feedback.project.slug})
    return redirect(f"{page}#feedback-{feedback.pk}")


MODERATION_PAGE = 200  # the oldest first; each decision makes room for the next


@access(REVIEWER, CONTRIBUTOR)
@require_GET
def feedback_moderation(request: AuthenticatedHttpRequest) -> HttpResponse:
    pending = pending_feedback_for(request.user)
    context = {"pending": pending[:MODERATION_PAGE], "total": pending.count()}
    return render(request, "catalog/feedback_moderation.html", context)


@access(REVIEWER, CONTRIBUTOR)
@require_POST
def feedback_moderation_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    feedback = get_feedback_for_moderation(user=request.user, pk=pk)
    form = FeedbackModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to publish or to reject."))
    elif feedback.moderation != feedback.Moderation.PENDING:
        messages.info(request, _("This feedback was already moderated."))
    else:
        publish = form.cleaned_data["decision"] == "publish"
        feedback_moderate(feedback=feedback, moderator=request.user, publish=publish)
        messages.success(request, _("Published.") if publish else _("Rejected."))
    return redirect("catalog:feedback_moderation")


urlpatterns = [
    path("", catalog_list, name="list"),
    path("feedback/moderation/", feedback_moderation, name="feedback_moderation"),
    path("feedback/<int:pk>/moderate/", feedback_moderation_decide, name="feedback_moderate"),
    path("<uslug:slug>/", project_detail, name="detail"),
    path("<uslug:slug>/feedback/", feedback_create, name="feedback_submit"),
    path("<uslug:slug>/feedback/<int:pk>/reply/", feedback_answer, name="feedback_reply"),
]

"""The Project Review Committee: the queue of projects waiting, and the review page.

The review starts (`start_review`) when the first reviewer of a round records their review;
opening the page changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osunited.accounts.models import User
from osunited.accounts.roles import REVIEWER, Role, access, roles_of
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.catalog.forms import ConflictForm, ReviewForm
from osunited.catalog.models import Project, ProjectEvent, Review
from osunited.catalog.review import CHECKLIST, checklist_prefill, review_queue
from osunited.catalog.selectors import visible_projects
from osunited.catalog.services import (
    approvals_in_round,
    conflict_declare,
    every_source_scanned,
    latest_succeeded_scan,
    project_review_submit,
    required_approvals,
    review_conflict,
    review_conflicts,
)
from osunited.catalog.sunset import projects_under_sunset_notice
from osunited.catalog.workflow import QUEUE_STATUSES, ProjectStatus, TransitionNotAllowed

QUEUE_PAGE_SIZE = 50
NOTICE_PAGE_SIZE = 50
_QUEUE_COLUMNS = (
    "name",
    "slug",
    "status",
    "status_changed_at",
    "entity",
    "entity__acronym",
    "created_by",
)
_NOTICE_COLUMNS = ("name", "slug", "sunset_reason", "sunset_deadline", "entity", "entity__acronym")


@access(REVIEWER)
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The queue a page at a time (`?page=`), and the entries under sunset notice, those whose
    deadline passed first, also a page at a time (`?notice_page=`): the committee's worklist."""
    now = timezone.now()
    waiting = _page(review_queue().only(*_QUEUE_COLUMNS), request.GET.get("page"), QUEUE_PAGE_SIZE)
    under_notice = _page(
        projects_under_sunset_notice().only(*_NOTICE_COLUMNS),
        request.GET.get("notice_page"),
        NOTICE_PAGE_SIZE,
    )
    context = {
        "waiting": waiting,
        "rows": _queue_rows(waiting, request.user, now),
        "required": required_approvals(),
        "under_notice": under_notice,
        "notice_rows": _notice_rows(under_notice, now),
    }
    return render(request, "catalog/review_queue.html", context)


def _page(projects: QuerySet[Project], number: str | None, size: int) -> Page[Project]:
    # get_page: a number that is not one gives the first page, one past the end the last.
    return Paginator(projects, size).get_page(number)


def _queue_rows(waiting: Page[Project], user: User, now: datetime) -> list[dict[str, Any]]:
    # One label dict and one reverse() per request: get_status_display and {% url %} per row
    # cost more than the rest of the page.
    labels = {value: str(label) for value, label in ProjectStatus.choices}
    review_url = _url_for_slug("catalog:review")
    conflicted = review_conflicts(user, list(waiting))
    return [
        {
            "project": project,
            "url": review_url(project.slug),
            "status_label": labels.get(project.status, project.status),
            "days_in_status": (now - project.status_changed_at).days,
            "days_since_submission": (now - project.submitted_at).days  # type: ignore[attr-defined]
            if project.submitted_at  # type: ignore[attr-defined]
            else None,
            "conflict": project.pk in conflicted,
        }
        for project in waiting
    ]


def _notice_rows(under_notice: Page[Project], now: datetime) -> list[dict[str, Any]]:
    detail_url = _url_for_slug("catalog:detail")
    return [
        {
            "project": project,
            "url": detail_url(project.slug),
            "passed": project.sunset_deadline is not None and project.sunset_deadline <= now,
        }
        for project in under_notice
    ]


def _url_for_slug(name: str) -> Callable[[str], str]:
    """`reverse(name, kwargs={"slug": ...})` for many slugs at the cost of one: a slug goes in
    as reverse() puts it, its non-ASCII letters percent-encoded."""
    marker = "SLUG"
    before, _, after = reverse(name, kwargs={"slug": marker}).rpartition(f"/{marker}/")
    return lambda slug: f"{before}/{iri_to_uri(slug)}/{after}"


@access(REVIEWER)
def review(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    project = _project_for_review(request.user, slug)
    refusal = _refusal(request.user, project)
    scan = latest_succeeded_scan(project)
    prefilled = checklist_prefill(project, scan)
    if request.method == "POST":
        if refusal:
            raise PermissionDenied(refusal)
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                project_review_submit(
                    project=project,
                    reviewer=request.user,
                    decision=form.cleaned_data["decision"],
                    checklist=form.checklist(),
                    comment=form.cleaned_data["comment"],
                    scan_override_reason=form.cleaned_data["scan_override_reason"],
                )
            except (ValidationError, TransitionNotAllowed) as error:
                messages_of = error.messages if isinstance(error, ValidationError) else [str(error)]
                form.add_error(None, " ".join(messages_of))
            else:
                messages.success(request, _("Your review of %s is recorded.") % project.name)
                return redirect(reverse("catalog:review_queue"))
    else:
        form = ReviewForm(initial=_initial(prefilled))
    context = _context(project, form, refusal, scan, prefilled)
    return render(request, "catalog/review_page.html", context)


@access(REVIEWER)
@require_POST
def declare_conflict(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A committee member declares a conflict of interest and is excluded from then on."""
    project = _project_for_review(request.user, slug)
    form = ConflictForm(request.POST)
    if form.is_valid():
        conflict_declare(project=project, reviewer=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            _("Your conflict of interest is recorded: you no longer review %s.") % project.name,
        )
        return redirect(reverse("catalog:review_queue"))
    scan = latest_succeeded_scan(project)
    prefilled = checklist_prefill(project, scan)
    form_review = ReviewForm(initial=_initial(prefilled))
    context = _context(project, form_review, _refusal(request.user, project), scan, prefilled)
    context["conflict_form"] = form
    return render(request, "catalog/review_page.html", context, status=400)


def _project_for_review(user: User, slug: str) -> Project:
    reviews = Review.objects.select_related("reviewer", "scan").order_by("created_at")
    events = ProjectEvent.objects.select_related("actor")
    projects = (
        visible_projects(user)
        .select_related("entity")
        .prefetch_related(
            "focal_points",
            "sdgs",
            "repositories",
            Prefetch("reviews", queryset=reviews),
            Prefetch("events", queryset=events),
        )
    )
    return get_object_or_404(projects, slug=slug)


def _refusal(user: User, project: Project) -> str:
    """Why `user` may not decide on this project now, or ''."""
    if project.status not in QUEUE_STATUSES:
        return _("This project is not waiting for a review.")
    if Role.REVIEWER not in roles_of(user):
        return _("Only Project Review Committee members decide on projects.")
    return review_conflict(project, user)


def _initial(answers: list[Any]) -> dict[str, Any]:
    return {
        f"item_{a.item.id}": "" if a.met is None else ("met" if a.met else "not_met")
        for a in answers
    }


def _context(
    project: Project, form: ReviewForm, refusal: str, scan: Any, prefilled: list[Any]
) -> dict[str, Any]:
    answers = {a.item.id: a for a in prefilled}
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in CHECKLIST:
        groups.setdefault(str(item.group), []).append(
            {
                "item": item,
                "answer": answers[item.id],
                "field": form[f"item_{item.id}"],
                "note": form[f"item_{item.id}_note"],
            }
        )
    return {
        "project": project,
        "form": form,
        "refusal": refusal,
        "groups": groups,
        "scan": scan,
        "approvals": approvals_in_round(project),
        "required": required_approvals(),
        "reviews": list(project.reviews.all()),
        "every_source_scanned": every_source_scanned(project),
        "conflict_form": ConflictForm(),
        "events": list(project.events.all()),
    }


urlpatterns: list[URLPattern] = [
    path("review/", queue, name="review_queue"),
    path("<uslug:slug>/review/", review, name="review"),
    path("<uslug:slug>/review/conflict/", declare_conflict, name="review_conflict"),
]

"""The policy library's pages: a policy with everything it links to, publishing and editing
policies (entity representatives for their entity, editors for governments and organisations),
lessons learned and their moderation, endorsements, and adding a policy to an assessment's
evidence."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from osunited.accounts.roles import (
    CONTRIBUTOR,
    ENTITY_REPRESENTATIVE,
    POLICY_EDITOR,
    POLICY_PUBLISHER,
    PUBLIC,
    access,
)
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.assessments.suggested_evidence import suggested_evidence_add
from osunited.policies.forms_library import (
    ClauseFormSet,
    EndorsementForm,
    LessonForm,
    PolicyForm,
    clause_initial,
    clauses_of,
    issuer_kinds_for,
)
from osunited.policies.models import LessonLearned, Policy
from osunited.policies.selectors.endorsements import endorsement_rows
from osunited.policies.selectors.library import (
    CSIS_SOURCE,
    get_policy,
    get_policy_for_editing,
    policy_page,
)
from osunited.policies.services.library import (
    endorsement_record,
    lesson_add,
    lesson_hide,
    policy_evidence_add,
    policy_save,
)


def _detail_page(request: HttpRequest, public_id: UUID, **extra: Any) -> HttpResponse:
    page = policy_page(public_id=public_id, viewer=request.user)
    lesson_form = extra.pop("lesson_form", None)
    if lesson_form is None and request.user.is_authenticated and page.policy.published:
        lesson_form = LessonForm()
    context = {"page": page, "csis_source": CSIS_SOURCE, "lesson_form": lesson_form}
    return render(request, "policies/library_detail.html", context, **extra)


@access(PUBLIC)
@require_GET
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _detail_page(request, public_id)


def _form_page(
    request: AuthenticatedHttpRequest, form: PolicyForm, clauses: Any, policy: Policy | None
) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "clauses": clauses, "policy": policy}
    return render(request, "policies/library_form.html", context, status=status)


def _save(
    request: AuthenticatedHttpRequest, form: PolicyForm, clauses: Any, policy: Policy | None
) -> HttpResponse:
    if not (form.is_valid() and clauses.is_valid()):
        return _form_page(request, form, clauses, policy)
    try:
        saved = policy_save(
            actor=request.user,
            policy=policy,
            fields=form.policy_fields(),
            objectives=form.cleaned_data["objectives"],
            sources=form.cleaned_data["sources_text"],
            clauses=clauses_of(clauses),
            change_note=form.cleaned_data["change_note"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _form_page(request, form, clauses, policy)
    messages.success(request, _("The policy is saved."))
    return redirect("policies:detail", public_id=saved.public_id)


@access(POLICY_PUBLISHER, CONTRIBUTOR)
@require_http_methods(["GET", "POST"])
def library_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PolicyForm(request.POST or None, user=request.user)
    if not issuer_kinds_for(request.user):
        raise PermissionDenied(_("You represent no entity and edit no policies."))
    clauses = ClauseFormSet(request.POST or None, prefix="clauses")
    if request.method == "POST":
        return _save(request, form, clauses, None)
    return _form_page(request, form, clauses, None)


@access(POLICY_PUBLISHER, CONTRIBUTOR)
@require_http_methods(["GET", "POST"])
def library_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    policy = get_policy_for_editing(public_id=public_id, user=request.user)
    form = PolicyForm(request.POST or None, instance=policy, user=request.user)
    initial = clause_initial(policy)
    clauses = ClauseFormSet(request.POST or None, prefix="clauses", initial=initial)
    if request.method == "POST":
        return _save(request, form, clauses, policy)
    return _form_page(request, form, clauses, policy)


@access(CONTRIBUTOR)
@require_POST
def library_lessons_add(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    policy = get_policy(public_id=public_id, viewer=request.user)
    form = LessonForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, public_id, lesson_form=form, status=400)
    try:
        lesson_add(policy=policy, author=request.user, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return _detail_page(request, public_id, lesson_form=form, status=400)
    messages.success(request, _("Thank you: what you learned is shared on this policy."))
    return redirect(reverse("policies:detail", kwargs={"public_id": public_id}) + "#lessons")


@access(POLICY_EDITOR)
@require_POST
def library_lessons_hide(
    request: AuthenticatedHttpRequest, public_id: UUID, pk: int
) -> HttpResponse:
    lesson = get_object_or_404(LessonLearned, pk=pk, policy__public_id=public_id)
    lesson_hide(lesson=lesson, actor=request.user)
    messages.success(request, _("The lesson is hidden."))
    return redirect(reverse("policies:detail", kwargs={"public_id": public_id}) + "#lessons")


@access(PUBLIC)
@require_GET
def endorsements_list(request: HttpRequest) -> HttpResponse:
    context = {"rows": endorsement_rows(), "may_record": POLICY_PUBLISHER.allows(request.user)}
    return render(request, "policies/endorsements_list.html", context)


@access(POLICY_PUBLISHER, CONTRIBUTOR)
@require_http_methods(["GET", "POST"])
def endorsements_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = EndorsementForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            endorsement_record(
                actor=request.user,
                organisation=data["organisation"],
                organisation_kind=data["organisation_kind"],
                endorsed_on=data["endorsed_on"],
                entity=data.get("entity"),
                country=data.get("country", ""),
                statement_url=data.get("statement_url", ""),
                policies=list(data.get("policies") or []),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The endorsement is recorded."))
            return redirect("policies:endorsements_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "policies/endorsements_form.html", {"form": form}, status=status)


@access(ENTITY_REPRESENTATIVE, CONTRIBUTOR)
@require_POST
def library_evidence_add(request: AuthenticatedHttpRequest, pk: int, item_id: str) -> HttpResponse:
    added = _("The policy is added to the evidence of %(item)s.")
    return suggested_evidence_add(
        request, pk=pk, item_id=item_id, add=policy_evidence_add, added=added
    )


urlpatterns: list[URLPattern] = [
    path("<uuid:public_id>/", detail, name="detail"),
    path("new/", library_new, name="library_new"),
    path("<uuid:public_id>/edit/", library_edit, name="library_edit"),
    path("<uuid:public_id>/lessons/", library_lessons_add, name="library_lessons_add"),
    path(
        "<uuid:public_id>/lessons/<int:pk>/hide/",
        library_lessons_hide,
        name="library_lessons_hide",
    ),
    path("endorsements/", endorsements_list, name="endorsements_list"),
    path("endorsements/new/", endorsements_new, name="endorsements_new"),
    path(
        "assessments/<int:pk>/evidence/<str:item_id>/",
        library_evidence_add,
        name="library_evidence_add",
    ),
]

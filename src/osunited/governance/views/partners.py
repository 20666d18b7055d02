"""Partnerships (CPF 4.1.3, G10): requests from governments, civil society, academia and
companies, or to open source a tool through the UN, handled by the Board, with the public list of
accepted ones; and joint projects (CPF SC5): catalog projects co-led or reused by other entities."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import osunited.catalog.views  # noqa: F401 - registers the <uslug:> converter of project slugs
from osunited.accounts.roles import BOARD, ENTITY_REPRESENTATIVE, PUBLIC, SIGNED_IN, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.catalog.selectors import get_project_for_user
from osunited.governance.forms_partners import (
    PartnerEntityForm,
    PartnershipHandleForm,
    PartnershipRequestForm,
)
from osunited.governance.models import PartnershipRequest, PartnershipStatus, ProjectPartnerRole
from osunited.governance.selectors import partners as selectors
from osunited.governance.services import partners as services


@access(PUBLIC)
@require_GET
def partnerships(request: HttpRequest) -> HttpResponse:
    context = {"partnerships": selectors.public_partnerships()}
    return render(request, "governance/partners_public.html", context)


@access(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def partnership_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PartnershipRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            filed = services.partnership_submit(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Request sent to the Board."))
            return redirect("governance:partners_detail", pk=filed.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "open_count": services.open_requests_of(request.user)}
    return render(request, "governance/partners_form.html", context, status=status)


@access(SIGNED_IN)
@require_GET
def partnerships_mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {"partnerships": selectors.partnerships_of(request.user)}
    return render(request, "governance/partners_mine.html", context)


@access(BOARD)
@require_GET
def partnership_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in PartnershipStatus.values:
        status = ""
    context = {
        "partnerships": selectors.partnership_queue(status),
        "statuses": PartnershipStatus.choices,
        "status": status,
    }
    return render(request, "governance/partners_queue.html", context)


@access(SIGNED_IN)
@require_GET
def partnership_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = selectors.get_partnership_for_user(request.user, pk)
    return _detail(request, partnership, _handle_form_of(partnership), status=200)


def _handle_form_of(partnership: PartnershipRequest) -> PartnershipHandleForm:
    initial = {
        "status": partnership.status,
        "matched_entities": list(partnership.matched_entities.all()),
        "outcome": partnership.outcome,
        "public": partnership.public,
    }
    return PartnershipHandleForm(initial=initial, entities=selectors.entities_for_matching())


def _detail(
    request: AuthenticatedHttpRequest,
    partnership: PartnershipRequest,
    form: PartnershipHandleForm,
    *,
    status: int,
) -> HttpResponse:
    is_board = BOARD.allows(request.user)
    context = {
        "partnership": partnership,
        "handle_form": form if is_board else None,
        "is_requester": partnership.submitted_by_id == request.user.pk,
        "open_statuses": services.OPEN_STATUSES,
    }
    return render(request, "governance/partners_detail.html", context, status=status)


@access(BOARD)
@require_POST
def partnership_handle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = selectors.get_partnership_for_user(request.user, pk)
    form = PartnershipHandleForm(request.POST, entities=selectors.entities_for_matching())
    if form.is_valid():
        try:
            services.partnership_handle(
                request=partnership, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Request updated."))
            return redirect("governance:partners_detail", pk=partnership.pk)
    partnership.refresh_from_db()
    return _detail(request, partnership, form, status=400)


@access(SIGNED_IN)
@require_POST
def partnership_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = selectors.get_partnership_for_user(request.user, pk)
    try:
        services.partnership_withdraw(request=partnership, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Request withdrawn."))
    return redirect("governance:partners_detail", pk=partnership.pk)


# -- joint projects ---------------------------------------------------------------------------


@access(PUBLIC)
@require_GET
def joint_projects(request: HttpRequest) -> HttpResponse:
    role = request.GET.get("role", "")
    if role not in ProjectPartnerRole.values:
        role = ""
    context = {
        "projects": selectors.joint_projects(role),
        "roles": ProjectPartnerRole.choices,
        "role": role,
        "is_representative": ENTITY_REPRESENTATIVE.allows(request.user),
    }
    return render(request, "governance/joint_projects.html", context)


@access(ENTITY_REPRESENTATIVE)
@require_GET
def joint_invitations(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {"partners": selectors.partners_of_represented(request.user)}
    return render(request, "governance/joint_invitations.html", context)


@access(SIGNED_IN)  # a project's focal points and its entity's representatives: checked below
@require_POST
def joint_invite(request: AuthenticatedHttpRequest, project_slug: str) -> HttpResponse:
    project = get_project_for_user(user=request.user, slug=project_slug)
    if not services.may_invite_co_leads(request.user, project):
        raise PermissionDenied(_("Only the project's focal points and representatives invite."))
    form = PartnerEntityForm(
        request.POST, prefix="invite", entities=selectors.entities_to_invite(project)
    )
    if _saved(request, form, lambda data: services.partner_invite(project=project, **data)):
        messages.success(request, _("Invitation sent: it shows once the entity confirms it."))
    return redirect(reverse("catalog:detail", kwargs={"slug": project.slug}))


@access(ENTITY_REPRESENTATIVE)
@require_POST
def joint_reuse(request: AuthenticatedHttpRequest, project_slug: str) -> HttpResponse:
    project = get_project_for_user(user=request.user, slug=project_slug)
    entities = selectors.represented_entities(request.user).exclude(pk=project.entity_id)
    form = PartnerEntityForm(request.POST, prefix="reuse", entities=entities)
    if _saved(request, form, lambda data: services.partner_declare_reuse(project=project, **data)):
        messages.success(request, _("Reuse declared."))
    return redirect(reverse("catalog:detail", kwargs={"slug": project.slug}))


def _saved(
    request: AuthenticatedHttpRequest,
    form: PartnerEntityForm,
    save: Callable[[dict[str, Any]], object],
) -> bool:
    """Run `save` with the form's data and the actor; on bad input say why, change nothing."""
    if not form.is_valid():
        errors = [str(message) for messages_ in form.errors.values() for message in messages_]
        messages.error(request, " ".join(errors))
        return False
    try:
        save({**form.cleaned_data, "actor": request.user})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    return True


@access(ENTITY_REPRESENTATIVE)
@require_POST
def joint_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partner = selectors.get_partner(pk)
    try:
        services.partner_confirm(partner=partner, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Co-leadership confirmed."))
    return redirect("governance:joint_invitations")


@access(SIGNED_IN)  # the partner entity's representatives, or the project's side: checked below
@require_POST
def joint_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partner = selectors.get_partner(pk)
    services.partner_remove(partner=partner, actor=request.user)
    messages.success(request, _("Partner removed."))
    if request.POST.get("next") == "invitations":
        return redirect("governance:joint_invitations")
    return redirect(reverse("catalog:detail", kwargs={"slug": partner.project.slug}))


urlpatterns = [
    path("partnerships/", partnerships, name="partners_public"),
    path("partnerships/new/", partnership_new, name="partners_new"),
    path("partnerships/mine/", partnerships_mine, name="partners_mine"),
    path("partnerships/board/", partnership_queue, name="partners_queue"),
    path("partnerships/<int:pk>/", partnership_detail, name="partners_detail"),
    path("partnerships/<int:pk>/handle/", partnership_handle, name="partners_handle"),
    path("partnerships/<int:pk>/withdraw/", partnership_withdraw, name="partners_withdraw"),
    path("joint-projects/", joint_projects, name="joint_projects"),
    path("joint-projects/invitations/", joint_invitations, name="joint_invitations"),
    path("joint-projects/<uslug:project_slug>/invite/", joint_invite, name="joint_invite"),
    path("joint-projects/<uslug:project_slug>/reuse/", joint_reuse, name="joint_reuse"),
    path("joint-projects/partners/<int:pk>/confirm/", joint_confirm, name="joint_confirm"),
    path("joint-projects/partners/<int:pk>/remove/", joint_remove, name="joint_remove"),
]

"""Working groups (CPF 4.1, 4.2): the list and the export, a group's page and meetings' calendar,
joining requests, the chairs' and the secretariat's management, leaving, meetings and outputs."""

from __future__ import annotations

from collections.abc import Callable

import yaml
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from osunited.accounts.roles import BOARD_SECRETARIAT, CONTRIBUTOR, PUBLIC, SIGNED_IN, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.governance import calendars
from osunited.governance.forms_groups import (
    GroupForm,
    JoinForm,
    MeetingForm,
    MemberRoleForm,
    OutputForm,
    StatusForm,
)
from osunited.governance.models import WorkingGroup, WorkingGroupStatus
from osunited.governance.selectors import groups as selectors
from osunited.governance.services import groups as services
from osunited.learning.calendars import ical_response


@access(PUBLIC)
@require_GET
def groups_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.group_rows()
    context = {
        "rows": [row for row in rows if row.group.status != WorkingGroupStatus.ARCHIVED],
        "archived": [row for row in rows if row.group.status == WorkingGroupStatus.ARCHIVED],
        "secretariat": BOARD_SECRETARIAT.allows(request.user),
    }
    return render(request, "governance/groups_list.html", context)


@access(PUBLIC)
@require_GET
def groups_export(request: HttpRequest) -> HttpResponse:
    body = yaml.safe_dump(selectors.groups_export(), allow_unicode=True, sort_keys=False)
    response = HttpResponse(body, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="working-groups.yaml"'
    return response


@access(PUBLIC)
@require_GET
def groups_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.group_page(slug)
    outputs = [
        (output, selectors.guidelines_of(output.guidelines)) for output in group.outputs.all()
    ]
    context = {
        "group": group,
        "guidelines": selectors.guidelines_of(group.guidelines),
        "outputs": outputs,
        "membership": selectors.membership_of(request.user, group),
        "pending": selectors.pending_request_of(request.user, group),
        "manages": selectors.may_manage(request.user, group),
    }
    return render(request, "governance/groups_detail.html", context)


@access(PUBLIC)
@require_GET
def groups_calendar_view(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.get_group(slug)
    return ical_response(calendars.group_calendar(group), f"{group.slug}.ics")


@access(BOARD_SECRETARIAT)
@require_http_methods(["GET", "POST"])
def groups_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Working group created."))
            return redirect("governance:groups_manage", slug=group.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "governance/groups_form.html", {"form": form}, status=status)


@access(CONTRIBUTOR)
@require_http_methods(["GET", "POST"])
def groups_join(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    group = selectors.get_group(slug)
    form = JoinForm(request.POST or None)

    def save() -> None:
        services.join_request_file(group=group, user=request.user, **form.cleaned_data)

    done = _("Request sent; the group's chairs decide on it.")
    return _group_form_page(request, form, group, "governance/groups_join.html", save, done)


def _managed_group(request: AuthenticatedHttpRequest, slug: str) -> WorkingGroup:
    group = selectors.group_page(slug)
    if not selectors.may_manage(request.user, group):
        raise PermissionDenied(_("Only the group's chairs and the secretariat manage this group."))
    return group


@access(SIGNED_IN)
@require_GET
def groups_manage(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    group = _managed_group(request, slug)
    return render(request, "governance/groups_manage.html", _manage_context(request, group))


def _manage_context(
    request: AuthenticatedHttpRequest, group: WorkingGroup, **forms: object
) -> dict[str, object]:
    return {
        "group": group,
        "requests": selectors.pending_requests(group),
        "secretariat": BOARD_SECRETARIAT.allows(request.user),
        "status_form": forms.get("status_form") or StatusForm(initial={"status": group.status}),
        "role_form": forms.get("role_form") or MemberRoleForm(),
    }


@access(SIGNED_IN)
@require_POST
def groups_request_decide(request: AuthenticatedHttpRequest, pk: int, accept: bool) -> HttpResponse:
    join_request = selectors.get_join_request(pk)
    try:
        services.join_request_decide(join_request=join_request, accept=accept, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = _("Request accepted: they are a member.") if accept else _("Request declined.")
        messages.success(request, done)
    return redirect("governance:groups_manage", slug=join_request.group.slug)


@access(SIGNED_IN)
@require_POST
def groups_member_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    member = selectors.get_member(pk)
    leaving = member.user_id == request.user.pk
    services.member_remove(member=member, actor=request.user)
    if leaving:
        messages.success(request, _("You have left the group."))
        return redirect("governance:groups_detail", slug=member.group.slug)
    messages.success(request, _("Member removed."))
    return redirect("governance:groups_manage", slug=member.group.slug)


@access(BOARD_SECRETARIAT)
@require_POST
def groups_status(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    group = selectors.group_page(slug)
    form = StatusForm(request.POST)
    if not form.is_valid():
        context = _manage_context(request, group, status_form=form)
        return render(request, "governance/groups_manage.html", context, status=400)
    services.group_status_set(group=group, status=form.cleaned_data["status"], actor=request.user)
    messages.success(request, _("Status saved."))
    return redirect("governance:groups_manage", slug=group.slug)


@access(BOARD_SECRETARIAT)
@require_POST
def groups_member_role(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    group = selectors.group_page(slug)
    form = MemberRoleForm(request.POST)
    if form.is_valid():
        try:
            services.member_role_set(
                group=group,
                user=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Role saved."))
            return redirect("governance:groups_manage", slug=group.slug)
    context = _manage_context(request, group, role_form=form)
    return render(request, "governance/groups_manage.html", context, status=400)


@access(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def groups_meeting_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    group = _managed_group(request, slug)
    form = MeetingForm(request.POST or None)

    def save() -> None:
        services.meeting_add(group=group, actor=request.user, **form.cleaned_data)

    return _group_form_page(
        request, form, group, "governance/groups_meeting_form.html", save, _("Meeting added.")
    )


@access(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def groups_output_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    group = _managed_group(request, slug)
    form = OutputForm(request.POST or None)

    def save() -> None:
        services.output_add(group=group, actor=request.user, **form.cleaned_data)

    return _group_form_page(
        request, form, group, "governance/groups_output_form.html", save, _("Output added.")
    )


def _group_form_page(
    request: HttpRequest,
    form: forms.Form,
    group: WorkingGroup,
    template: str,
    save: Callable[[], None],
    done: str,
) -> HttpResponse:
    """A form on a group's behalf: on a valid POST, `save` and back to the group's page with
    `done`; otherwise the form again, with the service's refusal among its errors."""
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect("governance:groups_detail", slug=group.slug)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "group": group}
    return render(request, template, context, status=status)


urlpatterns = [
    path("working-groups/", groups_list, name="groups_list"),
    path("working-groups.yaml", groups_export, name="groups_export"),
    path("working-groups/new/", groups_create, name="groups_create"),
    path(
        "working-groups/requests/<int:pk>/accept/",
        groups_request_decide,
        {"accept": True},
        name="groups_request_accept",
    ),
    path(
        "working-groups/requests/<int:pk>/decline/",
        groups_request_decide,
        {"accept": False},
        name="groups_request_decline",
    ),
    path(
        "working-groups/members/<int:pk>/remove/", groups_member_remove, name="groups_member_remove"
    ),
    path("working-groups/<slug:slug>/", groups_detail, name="groups_detail"),
    path("working-groups/<slug:slug>/calendar.ics", groups_calendar_view, name="groups_calendar"),
    path("working-groups/<slug:slug>/join/", groups_join, name="groups_join"),
    path("working-groups/<slug:slug>/manage/", groups_manage, name="groups_manage"),
    path("working-groups/<slug:slug>/status/", groups_status, name="groups_status"),
    path("working-groups/<slug:slug>/roles/", groups_member_role, name="groups_member_role"),
    path("working-groups/<slug:slug>/meetings/new/", groups_meeting_add, name="groups_meeting_add"),
    path("working-groups/<slug:slug>/outputs/new/", groups_output_add, name="groups_output_add"),
]

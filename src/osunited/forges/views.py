"""Code hosting pages: the forges and the entities' namespaces, for platform admins (with each
forge's webhook secret, sign-in client and backup attestation, and each namespace's audits); the
retry of a failed provisioning and the membership of the repositories, from the project page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from osunited.accounts.roles import FOCAL_POINT, PLATFORM_ADMIN, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.catalog.models import Project
from osunited.catalog.selectors import get_project_for_user
from osunited.forges.adapters import ForgeError
from osunited.forges.forms import (
    BackupAttestationForm,
    ForgeForm,
    NamespaceForm,
    SigninClientForm,
)
from osunited.forges.membership import MembershipChange, membership_apply, membership_plan
from osunited.forges.models import (
    BackupAttestation,
    Forge,
    ForgeAudit,
    ForgeNamespace,
    HostedRepository,
    HostingState,
)
from osunited.forges.permissions import may_manage_forges, may_view_membership
from osunited.forges.reports import audit_table
from osunited.forges.selectors import (
    entities_without_namespace,
    forge_list,
    get_forge,
    hosting_for_project,
)
from osunited.forges.services import (
    audits_enqueue,
    backup_attest,
    forge_connections_check,
    forge_save,
    namespace_audit_now,
    namespace_set,
    page_adapter,
    repository_retry,
    webhook_secret_rotate,
)
from osunited.forges.signin import (
    signin_client_create,
    signin_secret_replace,
    suggested_redirect_uri,
)
from osunited.forges.vault import UnreadableSecret


@access(PLATFORM_ADMIN)
@require_GET
def forges(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "forges/forge_list.html", _list_context())


def _list_context(**extra: Any) -> dict[str, Any]:
    return {"forges": forge_list(), "unplaced": entities_without_namespace(), **extra}


@access(PLATFORM_ADMIN)
@require_http_methods(["GET", "POST"])
def forge_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _forge_form(request, None)


@access(PLATFORM_ADMIN)
@require_http_methods(["GET", "POST"])
def forge_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _forge_form(request, get_forge(pk=pk))


def _forge_form(request: AuthenticatedHttpRequest, forge: Forge | None) -> HttpResponse:
    form = ForgeForm(request.POST or None, forge=forge)
    if request.method == "POST" and form.is_valid():
        try:
            saved = forge_save(actor=request.user, forge=forge, **form.cleaned_data)
        except ValidationError as error:
            _errors_onto(form, error)
            forge = get_forge(pk=forge.pk) if forge else None  # as stored, not as refused
        else:
            messages.success(request, _("The forge %(name)s was saved.") % {"name": saved})
            return redirect("hosting:forges")
    status = 400 if form.errors else 200
    return render(request, "forges/forge_form.html", {"form": form, "forge": forge}, status=status)


@access(PLATFORM_ADMIN)
@require_POST
def forge_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    forge = get_forge(pk=pk)
    checks = forge_connections_check(actor=request.user, forge=forge)
    context = {"forge": forge, "checks": checks, "checked": True}
    if request.headers.get("HX-Request"):
        return render(request, "forges/_connection_check.html", context)
    return render(
        request, "forges/forge_list.html", _list_context(checked_forge=forge.pk, **context)
    )


@access(PLATFORM_ADMIN)
@require_http_methods(["GET", "POST"])
def namespace_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial = {"entity": request.GET.get("entity", "")}
    form = NamespaceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            namespace = namespace_set(
                actor=request.user, entity=data["entity"], forge=data["forge"], path=data["path"]
            )
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(
                request,
                _("The repositories of %(entity)s will be created in %(namespace)s.")
                % {"entity": namespace.entity.acronym, "namespace": namespace},
            )
            return redirect("hosting:forges")
    status = 400 if form.errors else 200
    return render(request, "forges/namespace_form.html", {"form": form}, status=status)


@access(FOCAL_POINT)
@require_POST
def project_retry(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    project = get_project_for_user(user=request.user, slug=slug)
    try:
        repository_retry(actor=request.user, project=project)
    except ValidationError as error:
        outcome, level = " ".join(error.messages), messages.ERROR
    else:
        outcome, level = _("Provisioning was asked for again."), messages.SUCCESS
    if request.headers.get("HX-Request"):
        hosting = hosting_for_project(project, request.user)
        context = {
            "hosting": hosting,
            "project": project,
            "outcome": outcome,
            "may_view_membership": may_view_membership(request.user, project),
        }
        return render(request, "forges/_project_hosting.html", context)
    messages.add_message(request, level, outcome)
    return redirect("catalog:detail", slug=project.slug)


# A forge's page: webhook secret, sign-in client, backup attestation, namespaces --------------


@access(PLATFORM_ADMIN)
@require_GET
def forge_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _forge_page(request, get_forge(pk=pk))


def _forge_page(
    request: AuthenticatedHttpRequest, forge: Forge, *, status: int = 200, **extra: Any
) -> HttpResponse:
    namespaces = forge.namespaces.select_related("entity").order_by("entity__acronym")
    context = {
        "forge": forge,
        "namespaces": namespaces,
        "webhook_url": settings.SITE_URL + reverse("forge_webhook", args=[forge.pk]),
        "attestation": BackupAttestation.objects.filter(forge=forge)
        .select_related("attested_by")
        .first(),
        "signin_form": SigninClientForm(initial={"redirect_uri": suggested_redirect_uri(forge)}),
        "backup_form": BackupAttestationForm(),
        **extra,
    }
    response = render(request, "forges/forge_detail.html", context, status=status)
    if "webhook_secret" in extra or "signin_client" in extra:
        add_never_cache_headers(response)  # shown once: no copy kept by a browser or a proxy
    return response


@access(PLATFORM_ADMIN)
@require_POST
def forge_webhook_rotate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    forge = get_forge(pk=pk)
    secret = webhook_secret_rotate(actor=request.user, forge=forge)
    return _forge_page(request, forge, webhook_secret=secret)


@access(PLATFORM_ADMIN)
@require_POST
def forge_signin_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    forge = get_forge(pk=pk)
    form = SigninClientForm(request.POST)
    if form.is_valid():
        try:
            client = signin_client_create(
                actor=request.user, forge=forge, redirect_uri=form.cleaned_data["redirect_uri"]
            )
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            return _forge_page(request, get_forge(pk=pk), signin_client=client)
    return _forge_page(request, get_forge(pk=pk), status=400, signin_form=form)


@access(PLATFORM_ADMIN)
@require_POST
def forge_signin_replace(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    forge = get_forge(pk=pk)
    try:
        client = signin_secret_replace(actor=request.user, forge=forge)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("hosting:forge_detail", pk=forge.pk)
    return _forge_page(request, get_forge(pk=pk), signin_client=client)


@access(PLATFORM_ADMIN)
@require_POST
def forge_backup(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    forge = get_forge(pk=pk)
    form = BackupAttestationForm(request.POST)
    if form.is_valid():
        try:
            backup_attest(actor=request.user, forge=forge, **form.cleaned_data)
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(request, _("The backup attestation was recorded."))
            return redirect("hosting:forge_detail", pk=forge.pk)
    return _forge_page(request, forge, status=400, backup_form=form)


# Audits of a namespace (CH1-CH12) -----------------------------------------------------------


def _get_namespace(pk: int) -> ForgeNamespace:
    return get_object_or_404(ForgeNamespace.objects.select_related("forge", "entity"), pk=pk)


@access(PLATFORM_ADMIN)
@require_GET
def namespace_audits(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    namespace = _get_namespace(pk)
    audits = list(ForgeAudit.objects.filter(namespace=namespace).defer("report")[:20])
    latest = ForgeAudit.objects.filter(namespace=namespace).first()  # with its report
    context = {
        "namespace": namespace,
        "latest": latest,
        "table": audit_table(latest.report) if latest and not latest.error else None,
        "older": audits[1:],
    }
    return render(request, "forges/namespace_audits.html", context)


@access(PLATFORM_ADMIN)
@require_POST
def namespace_audit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    namespace = _get_namespace(pk)
    run = namespace_audit_now(actor=request.user, namespace=namespace, adapter_factory=page_adapter)
    if run.error:
        messages.error(
            request, _("The audit could not be done: %(reason)s") % {"reason": run.error}
        )
    else:
        messages.success(request, _("The namespace was audited."))
    return redirect("hosting:namespace_audits", pk=namespace.pk)


@access(PLATFORM_ADMIN)
@require_POST
def audits_run_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = audits_enqueue(actor=request.user)
    messages.success(
        request,
        _("%(count)d namespaces will be audited in the background; reload their pages later.")
        % {"count": count},
    )
    return redirect("hosting:forges")


# Membership of a project's repositories (CH5, CH11) -----------------------------------------


@access(FOCAL_POINT)
@require_GET
def project_membership(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    project = get_project_for_user(user=request.user, slug=slug)
    if not may_view_membership(request.user, project):
        raise PermissionDenied(_("Only the project's focal points and platform admins see this."))
    return _membership_page(request, project)


@access(PLATFORM_ADMIN)
@require_POST
def project_membership_apply(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    project = get_project_for_user(user=request.user, slug=slug)
    chosen = str(request.POST.get("repository", "")).strip()
    repository = get_object_or_404(_provisioned(project), pk=int(chosen) if chosen.isdigit() else 0)
    try:
        adapter = page_adapter(repository.namespace.forge)
        try:
            applied = membership_apply(actor=request.user, repository=repository, adapter=adapter)
        finally:
            getattr(adapter, "close", lambda: None)()
    except (ForgeError, UnreadableSecret) as error:
        return _membership_page(request, project, problem=(repository.pk, str(error)))
    return _membership_page(request, project, applied=(repository.pk, applied))


def _provisioned(project: Project) -> QuerySet[HostedRepository]:
    return HostedRepository.objects.filter(
        project=project, state=HostingState.READY
    ).select_related("namespace__forge", "project")


@dataclass(frozen=True)
class _RepositoryMembership:
    repository: HostedRepository
    plan: list[MembershipChange]
    problem: str
    applied: list[MembershipChange] | None


def _membership_page(
    request: AuthenticatedHttpRequest,
    project: Project,
    *,
    problem: tuple[int, str] | None = None,
    applied: tuple[int, list[MembershipChange]] | None = None,
) -> HttpResponse:
    sections = []
    for repository in _provisioned(project).order_by("component", "pk"):
        plan, reason = _plan_of(repository)
        if problem and problem[0] == repository.pk:
            reason = problem[1]
        done = applied[1] if applied and applied[0] == repository.pk else None
        sections.append(_RepositoryMembership(repository, plan, reason, done))
    context = {
        "project": project,
        "sections": sections,
        "may_apply": may_manage_forges(request.user),
    }
    return render(request, "forges/project_membership.html", context)


def _plan_of(repository: HostedRepository) -> tuple[list[MembershipChange], str]:
    try:
        adapter = page_adapter(repository.namespace.forge)
        try:
            return membership_plan(repository, adapter), ""
        finally:
            getattr(adapter, "close", lambda: None)()
    except (ForgeError, UnreadableSecret) as error:
        return [], str(error)


def _errors_onto(form: forms.Form, error: ValidationError) -> None:
    """The service's refusal, on the field it is about where the form has that field."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)

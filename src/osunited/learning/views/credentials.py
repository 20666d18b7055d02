"""Credentials: the public verification page of a completion, its certificate of attendance
(PDF, for the holder and the capacity team), its Open Badge 3.0 (JSON-LD and signed VC-JWT),
the issuer's profile with its public key, a person's own credentials, and the capacity team's
list, where completions are marked by hand and revoked."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from osunited import framework as fw
from osunited.accounts.roles import CAPACITY_TEAM, PUBLIC, SIGNED_IN, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.learning import badges
from osunited.learning.forms_attendance import MarkCompletionForm, RevokeForm
from osunited.learning.models import Completion
from osunited.learning.selectors import credentials as selectors
from osunited.learning.services import credentials as services

JSON_LD = "application/ld+json"


@access(PUBLIC)
@require_GET
def credentials_verify(request: HttpRequest, public_id: UUID) -> HttpResponse:
    completion = selectors.get_completion(public_id)
    context = {
        "facts": selectors.credential_facts(completion),
        "may_download": selectors.may_download_certificate(request.user, completion),
    }
    return render(request, "learning/credentials_verify.html", context)


def _gone(completion: Completion) -> HttpResponse:
    revoked_on = completion.revoked_at.date().isoformat() if completion.revoked_at else ""
    body = {
        "detail": _("This credential was revoked on %(date)s.") % {"date": revoked_on},
        "id": selectors.verification_url(completion),
        "revoked": True,
        "revokedOn": revoked_on,
    }
    return JsonResponse(body, status=410)


@access(SIGNED_IN)
@require_GET
def credentials_certificate(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    completion = selectors.get_completion(public_id)
    if not selectors.may_download_certificate(request.user, completion):
        raise PermissionDenied(
            _("Only the holder downloads the certificate; anyone may open its verification page.")
        )
    if completion.revoked_at is not None:
        context = {"facts": selectors.credential_facts(completion), "may_download": True}
        return render(request, "learning/credentials_verify.html", context, status=410)
    html = render_to_string(
        "learning/credentials_certificate.html",
        {"facts": selectors.credential_facts(completion)},
        request=request,
    )
    response = HttpResponse(fw.render_pdf(html), content_type="application/pdf")
    name = f"certificate-{completion.public_id}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _credential(completion: Completion) -> dict[str, Any]:
    facts = selectors.credential_facts(completion)
    return badges.open_badge_credential(facts, email=completion.user.email)


@access(PUBLIC)
@require_GET
def credentials_badge(request: HttpRequest, public_id: UUID) -> HttpResponse:
    completion = selectors.get_completion(public_id)
    if completion.revoked_at is not None:
        return _gone(completion)
    body = json.dumps(_credential(completion), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type=f"{JSON_LD}; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="badge-{completion.public_id}.json"'
    return response


@access(PUBLIC)
@require_GET
def credentials_badge_jwt(request: HttpRequest, public_id: UUID) -> HttpResponse:
    completion = selectors.get_completion(public_id)
    if completion.revoked_at is not None:
        return _gone(completion)
    token = badges.signed_credential(_credential(completion))
    response = HttpResponse(token, content_type="application/vc+jwt")
    response["Content-Disposition"] = f'attachment; filename="badge-{completion.public_id}.jwt"'
    return response


@access(PUBLIC)
@require_GET
def credentials_issuer(request: HttpRequest) -> HttpResponse:
    profile = badges.issuer_profile(name=selectors.ISSUER_NAME)
    body = json.dumps(profile, ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type=f"{JSON_LD}; charset=utf-8")


@access(SIGNED_IN)
@require_GET
def credentials_mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {"completions": selectors.completions_of(request.user)}
    return render(request, "learning/credentials_mine.html", context)


@access(CAPACITY_TEAM)
@require_GET
def credentials_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {"completions": selectors.recent_completions(), "form": MarkCompletionForm()}
    return render(request, "learning/credentials_list.html", context)


@access(CAPACITY_TEAM)
@require_http_methods(["GET", "POST"])
def credentials_mark(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = MarkCompletionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            completion = services.completion_mark(
                actor=request.user,
                user=data["person"],
                event=data["event"],
                module=data["module"],
                completed_on=data["completed_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Completion recorded; its certificate and badge exist."))
            return redirect("learning:credentials_verify", public_id=completion.public_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "learning/credentials_mark.html", {"form": form}, status=status)


@access(CAPACITY_TEAM)
@require_http_methods(["GET", "POST"])
def credentials_revoke(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    completion = selectors.get_completion(public_id)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.completion_revoke(
                actor=request.user, completion=completion, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Credential revoked."))
            return redirect("learning:credentials_verify", public_id=completion.public_id)
    context = {"facts": selectors.credential_facts(completion), "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "learning/credentials_revoke.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("credentials/", credentials_list, name="credentials_list"),
    path("credentials/mark/", credentials_mark, name="credentials_mark"),
    path("credentials/mine/", credentials_mine, name="credentials_mine"),
    path("credentials/issuer.json", credentials_issuer, name="credentials_issuer"),
    path("credentials/<uuid:public_id>/", credentials_verify, name="credentials_verify"),
    path(
        "credentials/<uuid:public_id>/certificate.pdf",
        credentials_certificate,
        name="credentials_certificate",
    ),
    path("credentials/<uuid:public_id>/badge.json", credentials_badge, name="credentials_badge"),
    path(
        "credentials/<uuid:public_id>/badge.jwt",
        credentials_badge_jwt,
        name="credentials_badge_jwt",
    ),
    path("credentials/<uuid:public_id>/revoke/", credentials_revoke, name="credentials_revoke"),
]

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language as django_set_language

from osunited.accounts.forms import PolicyAcceptanceFields
from osunited.accounts.models import PolicyDocument, PolicyKind
from osunited.accounts.roles import (
    PUBLIC,
    SIGNED_IN,
    access,
    active_two_factor_exception,
    has_totp,
    outstanding_policies,
    requires_two_factor,
    roles_of,
)
from osunited.accounts.selectors import (
    current_policy_documents,
    policy_acceptances_of,
    policy_document_versions,
    policy_text,
    policy_texts,
    role_grants_of,
)
from osunited.accounts.services import policies_accept, user_set_language
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.audit.services import audit_record


@access(SIGNED_IN)
def me(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/me.html",
        {
            "roles": sorted(roles_of(user)),
            "grants": role_grants_of(user),
            "acceptances": policy_acceptances_of(user),
            "outstanding": outstanding_policies(user),
            "two_factor_required": requires_two_factor(user),
            "has_totp": has_totp(user),
            "two_factor_exception": active_two_factor_exception(user),
        },
    )


@access(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def accept_policies(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Accept the current documents; users come here when a new version blocks contributing."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    documents = outstanding_policies(request.user)
    form = PolicyAcceptanceFields(request.POST or None, documents=documents)
    if request.method == "POST" and form.is_valid():
        policies_accept(user=request.user, documents=documents, request=request)
        if documents:
            messages.success(request, _("Thank you: your acceptance has been recorded."))
        return redirect(next_url or "accounts:me")
    return render(
        request,
        "accounts/accept_policies.html",
        {
            "form": form,
            "documents": documents,
            "texts": policy_texts(documents, _reading_language(request)),
            "next": next_url,
        },
    )


@access(PUBLIC)
def policy_list(request: HttpRequest) -> HttpResponse:
    texts = policy_texts(current_policy_documents(), _reading_language(request))
    return render(request, "accounts/policy_list.html", {"texts": texts})


def _reading_language(request: HttpRequest) -> str:
    """The page's language, or English when the reader asked for the text that binds."""
    return "en" if request.GET.get("text") == "en" else get_language() or "en"


def _policy_kind(kind: str) -> PolicyKind:
    if kind not in PolicyKind.values:
        raise Http404(_("There is no such policy document."))
    return PolicyKind(kind)


@access(PUBLIC)
def policy_detail(request: HttpRequest, kind: str) -> HttpResponse:
    versions = list(policy_document_versions(kind=_policy_kind(kind)))
    if not versions:
        raise Http404(_("This document has not been published yet."))
    return render(
        request,
        "accounts/policy_detail.html",
        {
            "document": versions[0],
            "text": policy_text(versions[0], _reading_language(request)),
            "versions": versions,
            "is_current": True,
        },
    )


@access(PUBLIC)
def policy_version(request: HttpRequest, kind: str, version: str) -> HttpResponse:
    document = get_object_or_404(
        PolicyDocument, kind=_policy_kind(kind), version=version, published_at__isnull=False
    )
    versions = list(policy_document_versions(kind=kind))
    return render(
        request,
        "accounts/policy_detail.html",
        {
            "document": document,
            "text": policy_text(document, _reading_language(request)),
            "versions": versions,
            "is_current": versions[0] == document,
        },
    )


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """allauth's answer to a client over one of its limits (ROOT_URLCONF's handler429): the
    refusal is recorded with the address and the login tried, as a throttled sign-in is."""
    login = str(request.POST.get("login", ""))[:254] if request.method == "POST" else ""
    audit_record(
        action="account.rate_limited",
        actor=request.user if request.user.is_authenticated else None,
        actor_label=login,
        changes={"path": request.path[:200], "attempted_login": login},
        request=request,
    )
    return render(request, "429.html", status=429)


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language menu view, which also remembers a signed-in user's choice."""
    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        user_set_language(user=request.user, language=request.POST.get("language", ""))
    return response

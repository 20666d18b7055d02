"""The page where UN staff create and revoke their API tokens (`me/tokens/`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from osunited.accounts.roles import UN_STAFF, access
from osunited.accounts.tokens import api_token_create, api_token_revoke, api_tokens_of
from osunited.accounts.types import AuthenticatedHttpRequest


@access(UN_STAFF)
@require_http_methods(["GET", "POST"])
def api_tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    """List the user's tokens; a POST creates one and shows its key, this once."""
    user = request.user
    created = None
    error = ""
    if request.method == "POST":
        try:
            created = api_token_create(user=user, name=request.POST.get("name", ""))
        except (ValidationError, PermissionDenied) as problem:
            error = " ".join(getattr(problem, "messages", [str(problem)]))
    response = render(
        request,
        "accounts/api_tokens.html",
        {"tokens": api_tokens_of(user), "created": created, "error": error},
        status=400 if error else 200,
    )
    # The key is shown once: no cache may keep the page that holds it.
    response["Cache-Control"] = "no-store"
    return response


@access(UN_STAFF)
@require_POST
def api_token_revoke_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    token = get_object_or_404(api_tokens_of(user), pk=pk)
    api_token_revoke(token=token, actor=user)
    messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect("accounts:api_tokens")

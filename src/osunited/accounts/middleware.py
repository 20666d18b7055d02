from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from osunited.accounts.roles import active_two_factor_exception, has_totp, requires_two_factor

# Pages a user who must turn on 2FA can still open: setting it up, e-mail, language, signing out.
TWO_FACTOR_SETUP_PAGES = {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_reauthenticate",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "account_reauthenticate",
    "account_logout",
    "account_email",
    "account_confirm_email",
    "set_language",
    "healthz",
    "oauth2_provider:authorize",  # signing in to a forge: accounts/oidc.py says what to do
}


class TwoFactorEnforcementMiddleware:
    """UN staff, reviewers and admins use TOTP unless an admin recorded an exception (CPF 4.4.5)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or not requires_two_factor(user):
            return None
        match = request.resolver_match
        if match is not None and {match.url_name, match.view_name} & TWO_FACTOR_SETUP_PAGES:
            return None
        if has_totp(user) or active_two_factor_exception(user):
            return None
        messages.warning(
            request,
            _(
                "Your role requires two-factor authentication. Set up an authenticator app "
                "to continue."
            ),
        )
        return redirect("mfa_activate_totp")


class UserLanguageMiddleware:
    """A signed-in user's pages are in the language they chose from the menu (on any device),
    unless this browser chose another since: the language cookie wins, as it is the newer choice."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        chosen = getattr(user, "language", "") if user and user.is_authenticated else ""
        if chosen and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)

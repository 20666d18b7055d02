"""The platform as the OpenID Connect provider forges sign people in with (CPF 4.4.3, 4.4.5, 4.4.6).

A forge (GitLab's OmniAuth `openid_connect`, GitHub Enterprise) is an OAuth application in the
admin, linked to its `Forge` by `Forge.oidc_application`. It sends people to `/o/authorize/`, and
gets a code, then tokens, only for users who pass one gate, `sign_in_refusal()`:

- they accepted the current terms, use policy and CLA (`outstanding_policies`);
- if their roles require two-factor authentication (`requires_two_factor`), they have an
  authenticator or an active exception;
- their account is active.

The authorize page shows a refused user why and what to do (`GatedAuthorizationView`); the
validator applies the same gate again wherever a code or a token is issued (the code saved, the
code exchanged, a refresh), so a user who stops qualifying gets nothing more. Every grant and
every refusal is audited, without any code or token.

The ID token and `/o/userinfo/` carry `sub` (the user's id, stable when the address changes),
`email`, `email_verified`, `name`, `preferred_username` (the user's account on the asking forge),
`forge_roles` (CPF 4.4.6: `owner` for the forge's hosting team, `maintainer` for UN staff only,
`developer` for contributors who accepted the CLA), `groups` (the user's entity), `un_staff` and
`cla_version`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from oauth2_provider import urls as oauth2_urls
from oauth2_provider import views as oauth2_views
from oauth2_provider.exceptions import OAuthToolkitError
from oauth2_provider.models import (
    AbstractApplication,
    get_application_model,
)
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.views import AuthorizationView
from oauthlib.common import Request as OAuthRequest
from oauthlib.oauth2.rfc6749.errors import AccessDeniedError

from osunited.accounts.models import PolicyAcceptance, PolicyDocument, PolicyKind, User
from osunited.accounts.roles import (
    active_two_factor_exception,
    has_totp,
    outstanding_policies,
    requires_two_factor,
)
from osunited.audit.services import audit_record


class RefusalReason(enum.StrEnum):
    POLICIES_OUTSTANDING = "policies_outstanding"
    TWO_FACTOR_MISSING = "two_factor_missing"
    ACCOUNT_INACTIVE = "account_inactive"


@dataclass(frozen=True)
class Refusal:
    reasons: tuple[RefusalReason, ...]
    outstanding: tuple[PolicyDocument, ...] = ()

    def audited(self) -> dict[str, Any]:
        return {
            "reasons": [str(reason) for reason in self.reasons],
            "documents": [f"{doc.kind} {doc.version}" for doc in self.outstanding],
        }


def sign_in_refusal(user: User) -> Refusal | None:
    """Why `user` may not sign in to a forge through the platform, or None if they may."""
    if not user.is_active:
        return Refusal((RefusalReason.ACCOUNT_INACTIVE,))
    reasons = []
    outstanding = tuple(outstanding_policies(user))
    if outstanding:
        reasons.append(RefusalReason.POLICIES_OUTSTANDING)
    if (
        requires_two_factor(user)
        and not has_totp(user)
        and active_two_factor_exception(user) is None
    ):
        reasons.append(RefusalReason.TWO_FACTOR_MISSING)
    return Refusal(tuple(reasons), outstanding) if reasons else None


def _audit_refusal(
    *,
    user: User,
    application: AbstractApplication | None,
    refusal: Refusal,
    stage: str,
    request: HttpRequest | None,
) -> None:
    audit_record(
        action="oidc.refused",
        actor=user,
        actor_label=user.email,
        target=application,
        changes={"stage": stage, **_client(application), **refusal.audited()},
        request=request,
    )


def _http_request(request: OAuthRequest) -> HttpRequest:
    """What the audit reads of the call (the client's address), from oauthlib's request, whose
    headers are the Django request's META."""
    http_request = HttpRequest()
    http_request.META = dict(request.headers or {})
    return http_request


def _client(application: AbstractApplication | None) -> dict[str, str]:
    if application is None:
        return {}
    return {"client": application.name, "client_id": application.client_id}


# The claims beyond `sub`, each with the scope that releases it (OpenID Connect Core 5.4).
CLAIM_SCOPES = {
    "email": "email",
    "email_verified": "email",
    "name": "profile",
    "preferred_username": "profile",
    "forge_roles": "profile",
    "groups": "profile",
    "un_staff": "profile",
    "cla_version": "profile",
}


class ForgeRole(enum.StrEnum):
    """The forge roles of CPF 4.4.6, highest first."""

    OWNER = "owner"
    MAINTAINER = "maintainer"
    DEVELOPER = "developer"


def forge_roles(user: User, *, username: str | None, hosting_team: list[str]) -> list[ForgeRole]:
    roles = []
    if username is not None and username in hosting_team:
        roles.append(ForgeRole.OWNER)
    if user.is_un_staff:
        roles.append(ForgeRole.MAINTAINER)
    if accepted_cla_version(user) and not outstanding_policies(user):
        roles.append(ForgeRole.DEVELOPER)
    return roles


def accepted_cla_version(user: User) -> str:
    """The version of the latest CLA the user accepted ("" if none)."""
    acceptance = (
        PolicyAcceptance.objects.filter(user=user, document__kind=PolicyKind.CLA)
        .select_related("document")
        .order_by("-document__published_at", "-accepted_at")
        .first()
    )
    return acceptance.document.version if acceptance else ""


def user_claims(user: User, application: AbstractApplication | None) -> dict[str, Any]:
    """Every claim but `sub` for `user`, as the forge behind `application` should see them."""
    from osunited.forges.models import Forge
    from osunited.forges.services import forge_account_for

    forge = Forge.objects.filter(oidc_application=application).first() if application else None
    username = forge_account_for(forge=forge, user=user).username if forge else None
    claims: dict[str, Any] = {
        "email": user.email,
        "email_verified": EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists(),
        "name": user.get_full_name(),
        "forge_roles": [
            str(role)
            for role in forge_roles(
                user, username=username, hosting_team=forge.hosting_team if forge else []
            )
        ],
        "groups": [user.entity.acronym] if user.entity else [],
        "un_staff": user.is_un_staff,
        "cla_version": accepted_cla_version(user),
    }
    if username is not None:
        claims["preferred_username"] = username
    return claims


class PlatformOAuth2Validator(OAuth2Validator):  # type: ignore[misc]
    """django-oauth-toolkit's validator with the platform's gate and claims.

    The gate runs wherever a code or a token is issued; a refusal is audited and answered as
    OAuth's `access_denied` or `invalid_grant`. Codes, tokens and secrets are never audited."""

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, **CLAIM_SCOPES}

    def get_additional_claims(self, request: OAuthRequest) -> dict[str, Any]:
        return user_claims(request.user, request.client)

    def get_discovery_claims(self, request: Any) -> list[str]:
        return ["sub", *CLAIM_SCOPES]

    def validate_silent_login(self, request: OAuthRequest) -> bool:
        # The authorize view is behind sign-in; when it issues a code the user is on the request.
        user = getattr(request, "user", None)
        return user is None or bool(user.is_authenticated)

    def validate_silent_authorization(self, request: OAuthRequest) -> bool:
        user = getattr(request, "user", None)
        return user is None or self._passes_gate(user, request, stage="authorize")

    def save_authorization_code(
        self, client_id: str, code: dict[str, Any], request: OAuthRequest, *args: Any, **kwargs: Any
    ) -> None:
        if not self._passes_gate(request.user, request, stage="authorize"):
            raise AccessDeniedError(state=request.state, request=request)
        super().save_authorization_code(client_id, code, request, *args, **kwargs)
        audit_record(
            action="oidc.authorized",
            actor=request.user,
            target=request.client,
            changes={**_client(request.client), "scopes": list(request.scopes or [])},
            request=_http_request(request),
        )

    def validate_code(
        self,
        client_id: str,
        code: str,
        client: Any,
        request: OAuthRequest,
        *args: Any,
        **kwargs: Any,
    ) -> bool:
        if not super().validate_code(client_id, code, client, request, *args, **kwargs):
            return False
        return self._passes_gate(request.user, request, stage="token")

    def validate_refresh_token(
        self, refresh_token: str, client: Any, request: OAuthRequest, *args: Any, **kwargs: Any
    ) -> bool:
        if not super().validate_refresh_token(refresh_token, client, request, *args, **kwargs):
            return False
        return self._passes_gate(request.user, request, stage="refresh")

    def save_bearer_token(
        self, token: dict[str, Any], request: OAuthRequest, *args: Any, **kwargs: Any
    ) -> None:
        super().save_bearer_token(token, request, *args, **kwargs)
        audit_record(
            action="oidc.token_issued",
            actor=request.user,
            target=request.client,
            changes={
                **_client(request.client),
                "grant_type": request.grant_type,
                "scopes": list(request.scopes or []),
            },
            request=_http_request(request),
        )

    def _passes_gate(self, user: User, request: OAuthRequest, *, stage: str) -> bool:
        refusal = sign_in_refusal(user)
        if refusal is None:
            return True
        _audit_refusal(
            user=user,
            application=request.client,
            refusal=refusal,
            stage=stage,
            request=_http_request(request),
        )
        return False


class GatedAuthorizationView(AuthorizationView):  # type: ignore[misc]
    """`/o/authorize/`: a refused user sees why and what to do, instead of being sent back to
    the forge with an error code; everyone else goes on to the consent page (or straight back
    to a forge the admins trust)."""

    template_name = "accounts/oidc_authorize.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:  # an invalid request (unknown client, wrong redirect URI) is answered as such first
            self.validate_authorization_request(request)
        except OAuthToolkitError as error:
            response: HttpResponse = self.error_response(error, application=None)
            return response
        refused = self._refused(request)
        return refused if refused is not None else super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = self._refused(request)
        return refused if refused is not None else super().post(request, *args, **kwargs)

    def _refused(self, request: HttpRequest) -> HttpResponse | None:
        refusal = sign_in_refusal(request.user)  # type: ignore[arg-type]
        if refusal is None:
            return None
        application = (
            get_application_model()
            .objects.filter(
                client_id=request.GET.get("client_id") or request.POST.get("client_id") or ""
            )
            .first()
        )
        _audit_refusal(
            user=request.user,  # type: ignore[arg-type]
            application=application,
            refusal=refusal,
            stage="authorize",
            request=request,
        )
        return render(
            request,
            "accounts/oidc_refused.html",
            {
                "application": application,
                "refusal": refusal,
                "reasons": {str(reason) for reason in refusal.reasons},
                "retry_url": request.get_full_path() if request.method == "GET" else "",
            },
            status=403,
        )


def oidc_urlpatterns() -> list[URLPattern]:
    """The provider's endpoints, mounted at /o/ in the `oauth2_provider` namespace its views
    reverse: authorize (gated), token, token revocation, userinfo, discovery (at the address
    OpenID Connect Discovery names, without the deprecated trailing slash) and the JWKS."""
    kept = {"token", "revoke-token", "user-info", "jwks-info"}
    return [
        path("authorize/", GatedAuthorizationView.as_view(), name="authorize"),
        path(
            ".well-known/openid-configuration",
            oauth2_views.ConnectDiscoveryInfoView.as_view(),
            name="oidc-connect-discovery-info",
        ),
        *(
            pattern
            for pattern in [*oauth2_urls.base_urlpatterns, *oauth2_urls.oidc_urlpatterns]
            if pattern.name in kept
        ),
    ]

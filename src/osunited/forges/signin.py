"""The OpenID Connect client a forge signs people in with through the platform (docs/oidc.md):
created from the forge's page by a platform admin, its secret shown once and kept hashed.

The client is a django-oauth-toolkit application: confidential, authorization code only, ID
tokens signed RS256; PKCE is required for every client by the provider's settings. It is linked
to its forge (`Forge.oidc_application`), which is how the platform knows which forge asks."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AbstractApplication, get_application_model

from osunited.accounts.models import User
from osunited.audit.services import audit_record
from osunited.forges.models import Forge, ForgeKind
from osunited.loopback import is_loopback_host

GITLAB_CALLBACK_PATH = "/users/auth/openid_connect/callback"


@dataclass(frozen=True)
class SigninClient:
    """What the admin pastes into the forge's settings; the secret exists only here."""

    client_id: str
    client_secret: str
    redirect_uri: str


def suggested_redirect_uri(forge: Forge) -> str:
    """GitLab's OmniAuth callback on the forge's own address; GitHub has no such fixed path."""
    if forge.kind != ForgeKind.GITLAB:
        return ""
    parts = urlsplit(forge.base_url)
    return f"{parts.scheme}://{parts.netloc}{GITLAB_CALLBACK_PATH}"


@transaction.atomic
def signin_client_create(*, actor: User, forge: Forge, redirect_uri: str) -> SigninClient:
    """Create the forge's sign-in client, linked to it; its secret is returned once."""
    forge = Forge.objects.select_for_update().get(pk=forge.pk)
    if forge.oidc_application_id is not None:
        raise ValidationError(
            _("This forge has a sign-in client already: replace its secret instead.")
        )
    redirect_uri = checked_redirect_uri(redirect_uri)
    secret = generate_client_secret()
    application = get_application_model()(
        name=forge.name,
        client_type=AbstractApplication.CLIENT_CONFIDENTIAL,
        authorization_grant_type=AbstractApplication.GRANT_AUTHORIZATION_CODE,
        algorithm=AbstractApplication.RS256_ALGORITHM,
        redirect_uris=redirect_uri,
        client_secret=secret,
        hash_client_secret=True,
        skip_authorization=True,  # people are not asked to consent to their own platform
    )
    application.full_clean()
    application.save()
    forge.oidc_application = application
    forge.save(update_fields=["oidc_application", "updated_at"])
    audit_record(
        action="forge.signin_client_created",
        actor=actor,
        target=forge,
        changes={"client_id": application.client_id, "redirect_uri": redirect_uri},
    )
    return SigninClient(application.client_id, secret, redirect_uri)


@transaction.atomic
def signin_secret_replace(*, actor: User, forge: Forge) -> SigninClient:
    """A new secret for the forge's sign-in client, returned once; the old one stops working."""
    forge = (
        Forge.objects.select_for_update(of=("self",))
        .select_related("oidc_application")
        .get(pk=forge.pk)
    )
    application = forge.oidc_application
    if application is None:
        raise ValidationError(_("This forge has no sign-in client yet: create it first."))
    secret = generate_client_secret()
    application.client_secret = secret
    application.hash_client_secret = True
    application.save(update_fields=["client_secret", "hash_client_secret", "updated"])
    audit_record(
        action="forge.signin_secret_replaced",
        actor=actor,
        target=forge,
        changes={"client_id": application.client_id, "client_secret": "(replaced)"},
    )
    return SigninClient(application.client_id, secret, application.redirect_uris)


def checked_redirect_uri(uri: str) -> str:
    """One https:// address (plain http:// only on this machine's loopback), without a
    fragment or credentials."""
    uri = uri.strip()
    if not uri:
        raise ValidationError({"redirect_uri": _("Give the forge's redirect URI.")})
    try:
        parts = urlsplit(uri)
    except ValueError:
        raise ValidationError({"redirect_uri": _("Enter a valid https:// address.")}) from None
    loopback_http = parts.scheme == "http" and is_loopback_host(parts.hostname or "")
    if not parts.hostname or not (parts.scheme == "https" or loopback_http):
        raise ValidationError({"redirect_uri": _("The redirect URI must be an https:// address.")})
    if parts.username or parts.password or parts.fragment or " " in uri:
        raise ValidationError(
            {"redirect_uri": _("Give one address, without credentials or a fragment.")}
        )
    return uri

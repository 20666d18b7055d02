"""Audit of sign-ins, and staff status kept in step with e-mail changes.

Django and allauth announce these events only through signals; each receiver calls one service.
"""

from typing import Any

from allauth.account.signals import email_changed, email_removed
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from osunited.accounts.models import User
from osunited.accounts.services import user_refresh_staff_status
from osunited.audit.services import audit_record


@receiver(user_logged_in)
def audit_sign_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    audit_record(action="account.signed_in", actor=user, target=user, request=request)


@receiver(user_logged_out)
def audit_sign_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action="account.signed_out", actor=user, target=user, request=request)


@receiver(user_login_failed)
def audit_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    attempted = str(credentials.get("email") or credentials.get("username") or "")[:254]
    audit_record(
        action="account.sign_in_failed",
        actor_label=attempted,
        changes={"attempted_login": attempted},
        request=request,
    )


@receiver(authenticator_added)
def audit_authenticator_added(
    sender: Any, request: HttpRequest, user: User, authenticator: Any, **kwargs: Any
) -> None:
    audit_record(
        action="mfa.authenticator_added",
        actor=user,
        target=user,
        changes={"type": authenticator.type},
        request=request,
    )


@receiver(authenticator_removed)
def audit_authenticator_removed(
    sender: Any, request: HttpRequest, user: User, authenticator: Any, **kwargs: Any
) -> None:
    audit_record(
        action="mfa.authenticator_removed",
        actor=user,
        target=user,
        changes={"type": authenticator.type},
        request=request,
    )


@receiver(email_removed)
@receiver(email_changed)
def refresh_staff_status(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    user_refresh_staff_status(user=user, request=request)

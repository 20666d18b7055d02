import ipaddress
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from osunited.accounts.services import user_refresh_staff_status
from osunited.audit.services import audit_record


def client_network(address: str) -> str:
    """The client as the sign-in limits count it: its address, or its /64 for IPv6, since one
    IPv6 client usually holds a whole /64 (allauth's own per-client limit does the same)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def attempted_login(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "")[:254]


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(getattr(settings, "OSU_SIGNUP_OPEN", True))

    def confirm_email(self, request: HttpRequest, email_address: Any) -> bool:
        confirmed = bool(super().confirm_email(request, email_address))
        if confirmed:
            user_refresh_staff_status(user=email_address.user, request=request)
        return confirmed

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Failed sign-ins are counted per account *and client*, never per account alone: with
        allauth's default, five wrong passwords from anywhere locked the owner out everywhere.
        ACCOUNT_RATE_LIMITS['login_failed'] limits each client across accounts as well."""
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{client_network(self.get_client_ip(request))}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            login = attempted_login(credentials)
            audit_record(
                action="account.sign_in_throttled",
                actor_label=login,
                changes={"attempted_login": login},
                request=request,
            )
            raise

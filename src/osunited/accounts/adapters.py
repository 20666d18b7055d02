from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from osunited.accounts.services import user_refresh_staff_status


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(getattr(settings, "OSU_SIGNUP_OPEN", True))

    def confirm_email(self, request: HttpRequest, email_address: Any) -> bool:
        confirmed = bool(super().confirm_email(request, email_address))
        if confirmed:
            user_refresh_staff_status(user=email_address.user, request=request)
        return confirmed

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from osunited.accounts.roles import outstanding_policies, roles_of


def account_status(request: HttpRequest) -> dict[str, Any]:
    """What the layout needs about the visitor: their roles and documents left to accept."""
    user = request.user
    return {
        "user_roles": SimpleLazyObject(lambda: roles_of(user)),
        "outstanding_policy_count": SimpleLazyObject(
            lambda: len(outstanding_policies(user)) if user.is_authenticated else 0
        ),
    }

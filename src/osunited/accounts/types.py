"""The types of the people a request or a service acts for, so that mypy checks every permission.

- `User`: a signed-in person; services that record who did something take one.
- `Viewer`: whoever opens a page, the anonymous public included; selectors that scope what is
  visible take one and must test `is_authenticated` before reading anything only a `User` has.
- `User | None`: the system itself acts (sweeps, demo data, imports run from the command line).
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from osunited.accounts.models import User

Viewer = User | AnonymousUser


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view whose `@access` rules let only signed-in people in
    (tests/accounts/test_typed_users.py checks that every such view has such a rule)."""

    user: User


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in user of a request that cannot reach here anonymously (the admin site);
    refuses rather than acting for nobody if it ever does."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user


__all__ = ["AuthenticatedHttpRequest", "User", "Viewer", "signed_in_user"]

"""The person a request or a service acts for is typed, so that mypy checks every permission path:
no parameter holding a user is `Any`, and a view typed as signed-in really refuses the public."""

import ast
import inspect
import typing
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.functional import SimpleLazyObject

import osunited
from osunited.accounts.models import StaffSource, User
from osunited.accounts.roles import Role, Rule, forget_roles, roles_of
from osunited.accounts.types import AuthenticatedHttpRequest, signed_in_user
from osunited.audit.models import AuditEvent
from osunited.audit.services import audit_record
from osunited.catalog.selectors import get_feedback_for_moderation, pending_feedback_for
from tests.conftest import Cast
from tests.factories import FeedbackFactory, ProjectFactory, UserFactory

SOURCE = Path(osunited.__file__).parent
USER_PARAMETERS = frozenset(
    {"user", "actor", "viewer", "reviewer", "author", "moderator", "created_by", "focal_points"}
)


def _mentions_any(annotation: ast.expr) -> bool:
    return any(
        (isinstance(node, ast.Name) and node.id == "Any")
        or (isinstance(node, ast.Attribute) and node.attr == "Any")
        or (isinstance(node, ast.Constant) and isinstance(node.value, str) and "Any" in node.value)
        for node in ast.walk(annotation)
    )


def user_parameters_typed_any(source: str) -> list[str]:
    """`function(parameter)` for each parameter holding a user whose annotation is `Any`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        arguments = node.args
        for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            annotation = argument.annotation
            if argument.arg in USER_PARAMETERS and annotation and _mentions_any(annotation):
                found.append(f"{node.name}({argument.arg}) line {node.lineno}")
    return found


def test_the_walk_finds_a_user_typed_any() -> None:
    source = (
        "def f(user: Any) -> None: ...\n"
        "def g(*, actor: Any | None = None) -> None: ...\n"
        "def h(reviewer: 'typing.Any', viewer: User) -> None: ...\n"
    )
    assert user_parameters_typed_any(source) == [
        "f(user) line 1",
        "g(actor) line 2",
        "h(reviewer) line 3",
    ]


def test_no_parameter_holding_a_user_is_typed_any() -> None:
    offenders = [
        f"{path.relative_to(SOURCE)}: {where}"
        for path in sorted(SOURCE.rglob("*.py"))
        if "migrations" not in path.parts
        for where in user_parameters_typed_any(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def _views(patterns: list[URLPattern | URLResolver]) -> Iterator[tuple[str, Callable[..., object]]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _views(entry.url_patterns)
        else:
            yield str(entry.pattern), entry.callback


def _access_rules(view: Callable[..., object]) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    layer: object = view
    while layer is not None:
        rules.extend(getattr(layer, "access_rules", ()))
        layer = getattr(layer, "__wrapped__", None)
    return tuple(rules)


def _takes_a_signed_in_request(view: Callable[..., object]) -> bool:
    function = inspect.unwrap(view)
    if not inspect.isfunction(function):  # the API's partials, class-based views
        return False
    return typing.get_type_hints(function).get("request") is AuthenticatedHttpRequest


def test_every_view_typed_signed_in_refuses_the_anonymous_public() -> None:
    typed = [
        (pattern, view)
        for pattern, view in _views(get_resolver().url_patterns)
        if _takes_a_signed_in_request(view)
    ]
    open_to_all = [
        pattern
        for pattern, view in typed
        if all(rule.allows(AnonymousUser()) for rule in _access_rules(view))
    ]
    assert len(typed) >= 30
    assert open_to_all == []


def test_signed_in_user_refuses_a_request_of_nobody(db: None) -> None:
    request = RequestFactory().post("/admin/")
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        signed_in_user(request)
    someone = UserFactory()
    request.user = someone
    assert signed_in_user(request) is someone


def test_forgetting_roles_reaches_the_user_behind_request_user(cast: Cast) -> None:
    """allauth hands receivers `request.user`, a lazy object: forgetting the cached roles once
    popped them from the wrapper, and the user kept being UN staff for the rest of the request."""
    user = User.objects.get(pk=cast.frank.pk)
    lazy = SimpleLazyObject(lambda: user)
    assert Role.UN_STAFF in roles_of(lazy)
    user.staff_source = StaffSource.NONE
    user.save(update_fields=["staff_source"])
    forget_roles(lazy)
    assert roles_of(lazy) == {Role.EXTERNAL_CONTRIBUTOR}


def test_an_anonymous_actor_is_recorded_as_nobody(db: None) -> None:
    event = audit_record(action="account.sign_in_failed", actor=AnonymousUser())
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor, stored.actor_label) == (None, "")


def test_a_reviewer_of_no_entity_moderates_feedback_of_every_entity(cast: Cast) -> None:
    reviewer = cast.bob
    reviewer.entity = None
    reviewer.save(update_fields=["entity"])
    feedback = FeedbackFactory(project=ProjectFactory(entity=cast.undp, status="published"))
    assert list(pending_feedback_for(reviewer)) == [feedback]
    assert get_feedback_for_moderation(user=reviewer, pk=feedback.pk) == feedback

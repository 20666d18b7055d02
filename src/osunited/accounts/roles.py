"""Every role and every access rule of the platform, in one place.

Roles (CPF 4.4.2 to 4.4.7):
- anonymous public: anyone, not signed in;
- external contributor: a signed-in user who is not UN staff;
- UN staff: a verified e-mail at a UN entity's domain, or designated by an administrator;
- project focal point: per project (the catalog grants it);
- Project Review Committee member, OSSIB board member: granted by an administrator;
- entity representative: per entity, granted by an administrator;
- platform admin: Django's superuser.

A view declares its rule with `@access(RULE)`; URLs of other packages (allauth, the admin site) get
theirs through `guard()`. A URL without a rule refuses to load, and the permission matrix test walks
every URL for every role.
"""

from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from osunited.accounts.models import (
    ENTITY_ROLES,
    GrantedRole,
    PolicyAcceptance,
    PolicyDocument,
    RoleGrant,
    TwoFactorException,
    User,
)
from osunited.accounts.types import Viewer
from osunited.entities.models import Entity, OssibStatus


class Role(models.TextChoices):
    ANONYMOUS = "anonymous", _("Anonymous public")
    EXTERNAL_CONTRIBUTOR = "external_contributor", _("External contributor")
    UN_STAFF = "un_staff", _("UN staff")
    FOCAL_POINT = "focal_point", _("Project focal point")
    REVIEWER = "reviewer", _("Project Review Committee member")
    ENTITY_REPRESENTATIVE = "entity_representative", _("Entity representative")
    OSSIB_MEMBER = "ossib_member", _("OSSIB board member")
    LICENSING_GROUP = "licensing_group", _("Licensing working group member")
    CAPACITY_TEAM = "capacity_team", _("Capacity-building team member")
    LEARNING_FOCAL_POINT = "learning_focal_point", _("Entity learning focal point")
    BOARD_SECRETARIAT = "board_secretariat", _("OSSIB secretariat")
    POLICY_EDITOR = "policy_editor", _("Policy library editor")
    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")


def roles_of(user: Viewer) -> frozenset[Role]:
    """The roles a user holds anywhere on the platform, computed once per request."""
    if not user.is_authenticated:
        return frozenset({Role.ANONYMOUS})
    cached: frozenset[Role] | None = getattr(user, "_osu_roles", None)
    if cached is not None:
        return cached
    roles = {Role.UN_STAFF if user.is_un_staff else Role.EXTERNAL_CONTRIBUTOR}
    granted = set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))
    roles |= {Role(role) for role in granted}
    if user.ossib_representative_of.filter(ossib_status=OssibStatus.MEMBER).exists():
        roles.add(Role.OSSIB_MEMBER)
    if _is_focal_point(user):
        roles.add(Role.FOCAL_POINT)
    if user.is_superuser:
        roles.add(Role.PLATFORM_ADMIN)
    user._osu_roles = result = frozenset(roles)
    return result


def _is_focal_point(user: User) -> bool:
    # The catalog's projects name their focal points (Project.focal_points).
    related = getattr(user, "focal_point_of", None)
    return bool(related is not None and related.exists())


def forget_roles(user: User) -> None:
    # `del`, not `__dict__`: request.user is a SimpleLazyObject, which forwards only attributes.
    with suppress(AttributeError):
        del user._osu_roles


def is_entity_representative(user: Viewer, entity: Entity) -> bool:
    return bool(
        user.is_authenticated
        and RoleGrant.objects.filter(
            user=user, role=GrantedRole.ENTITY_REPRESENTATIVE, entity=entity
        ).exists()
    )


def learning_entities_of(user: Viewer) -> models.QuerySet[Entity]:
    """The entities whose people's learning `user` manages: those where they are a learning focal
    point or a representative (CPF 4.5)."""
    if not user.is_authenticated:
        return Entity.objects.none()
    held = RoleGrant.objects.filter(user=user, role__in=ENTITY_ROLES, entity__isnull=False)
    return Entity.objects.filter(pk__in=held.values("entity_id")).order_by("acronym")


def is_learning_focal_point_of(user: Viewer, entity: Entity) -> bool:
    """A learning focal point or representative of `entity` (the object check of the rule)."""
    return bool(
        user.is_authenticated
        and RoleGrant.objects.filter(user=user, entity=entity, role__in=ENTITY_ROLES).exists()
    )


def requires_two_factor(user: Viewer) -> bool:
    """UN staff, reviewers and admins must use TOTP (CPF 4.4.5); so must every granted role."""
    return bool(user.is_authenticated and roles_of(user) - {Role.EXTERNAL_CONTRIBUTOR})


def has_totp(user: User) -> bool:
    from allauth.mfa.models import Authenticator

    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())


def active_two_factor_exception(user: User) -> TwoFactorException | None:
    return (
        TwoFactorException.objects.filter(
            user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-expires_at")
        .first()
    )


def outstanding_policies(user: User) -> list[PolicyDocument]:
    """Current policy documents the user has not accepted yet."""
    from osunited.accounts.selectors import current_policy_documents

    accepted = set(PolicyAcceptance.objects.filter(user=user).values_list("document_id", flat=True))
    return [doc for doc in current_policy_documents() if doc.pk not in accepted]


@dataclass(frozen=True)
class Rule:
    """Who may open a view. `allows` sees only the user; object checks happen in access helpers."""

    name: str
    allows: Callable[[Viewer], bool]
    description: StrOrPromise


def _has_any(*roles: Role) -> Callable[[Viewer], bool]:
    return lambda user: bool(roles_of(user) & ({*roles, Role.PLATFORM_ADMIN}))


PUBLIC = Rule("public", lambda user: True, _("Anyone, signed in or not."))
SIGNED_IN = Rule("signed_in", lambda user: user.is_authenticated, _("Any signed-in user."))
CONTRIBUTOR = Rule(
    "contributor",
    lambda user: user.is_authenticated and not outstanding_policies(user),
    _("A signed-in user who has accepted the current Terms, Use Policy and CLA."),
)
UN_STAFF = Rule("un_staff", _has_any(Role.UN_STAFF), _("UN staff."))
REVIEWER = Rule("reviewer", _has_any(Role.REVIEWER), _("Project Review Committee members."))
ENTITY_REPRESENTATIVE = Rule(
    "entity_representative",
    _has_any(Role.ENTITY_REPRESENTATIVE),
    _("Representatives of an entity; each view then checks they represent that entity."),
)
OSSIB_MEMBER = Rule("ossib_member", _has_any(Role.OSSIB_MEMBER), _("OSSIB board members."))
LICENSING_GROUP = Rule(
    "licensing_group",
    _has_any(Role.LICENSING_GROUP),
    _("Members of the Licensing Working Group (CPF 4.2), and platform admins."),
)
CAPACITY_TEAM = Rule(
    "capacity_team",
    _has_any(Role.CAPACITY_TEAM),
    _("The capacity-building team (CPF 4.5): learning catalogue, events, attendance; and admins."),
)
LEARNING_FOCAL_POINT = Rule(
    "learning_focal_point",
    _has_any(Role.LEARNING_FOCAL_POINT, Role.ENTITY_REPRESENTATIVE),
    _("An entity's learning focal points and representatives; each view then checks the entity."),
)
LEARNING_PLANNER = Rule(
    "learning_planner",
    _has_any(Role.LEARNING_FOCAL_POINT, Role.ENTITY_REPRESENTATIVE, Role.CAPACITY_TEAM),
    _(
        "An entity's representatives and learning focal points, and the capacity-building team; "
        "each view then checks the entity."
    ),
)
BOARD_SECRETARIAT = Rule(
    "board_secretariat",
    _has_any(Role.BOARD_SECRETARIAT),
    _("The OSSIB secretariat (meetings, agendas, minutes, opening and closing votes), and admins."),
)
BOARD = Rule(
    "board",
    _has_any(Role.OSSIB_MEMBER, Role.BOARD_SECRETARIAT),
    _("OSSIB board members and the secretariat, and admins (drafts, vetting, requests)."),
)
POLICY_EDITOR = Rule(
    "policy_editor",
    _has_any(Role.POLICY_EDITOR),
    _(
        "Policy library editors (policies of governments and organisations, endorsements), "
        "and admins."
    ),
)
POLICY_PUBLISHER = Rule(
    "policy_publisher",
    _has_any(Role.POLICY_EDITOR, Role.ENTITY_REPRESENTATIVE),
    _(
        "Policy library editors and entity representatives (their entity's policies), and admins; "
        "each view then checks the policy."
    ),
)
FOCAL_POINT = Rule(
    "focal_point",
    _has_any(Role.FOCAL_POINT),
    _("Project focal points; each view then checks they are one of that project's."),
)
SCAN_MANAGER = Rule(
    "scan_manager",
    _has_any(Role.FOCAL_POINT, Role.REVIEWER),
    _("Project focal points and committee members; each view then checks the project."),
)
PLATFORM_ADMIN = Rule(
    "platform_admin", lambda user: Role.PLATFORM_ADMIN in roles_of(user), _("Platform admins.")
)

ViewFunction = Callable[..., HttpResponse]


def access(*rules: Rule) -> Callable[[ViewFunction], ViewFunction]:
    """Declare and enforce who may open a view: every rule given must allow the user."""

    def decorator(view: ViewFunction) -> ViewFunction:
        @wraps(view)
        def guarded_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            for rule in rules:
                if rule.allows(request.user):
                    continue
                if not request.user.is_authenticated:
                    return _to_login(request)
                if rule is CONTRIBUTOR:
                    return redirect_to_policy_acceptance(request)
                raise PermissionDenied(rule.description)
            return view(request, *args, **kwargs)

        guarded_view.access_rules = rules  # type: ignore[attr-defined]
        return guarded_view

    return decorator


def _to_login(request: HttpRequest) -> HttpResponse:
    """To the sign-in page; an htmx request (a session expired on an open page) is told to load
    it as a whole page, rather than having it swapped into a fragment."""
    response = redirect_to_login(request.get_full_path())
    if request.headers.get("HX-Request"):
        page = request.headers.get("HX-Current-URL") or request.get_full_path()
        return HttpResponse(headers={"HX-Redirect": redirect_to_login(page)["Location"]})
    return response


def redirect_to_policy_acceptance(request: HttpRequest) -> HttpResponse:
    return redirect(
        f"{reverse('accounts:policies')}?{urlencode({'next': request.get_full_path()})}"
    )


UrlEntry = URLPattern | URLResolver


def guard(
    patterns: Iterable[UrlEntry], *, rules: Mapping[str, Rule] | None = None, default: Rule | None
) -> list[UrlEntry]:
    """Wrap another package's URL patterns with our rules, by URL name or a default for all."""
    rules = rules or {}
    guarded: list[UrlEntry] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = guard(entry.url_patterns, rules=rules, default=default)
            guarded.append(
                URLResolver(
                    entry.pattern, inner, entry.default_kwargs, entry.app_name, entry.namespace
                )
            )
            continue
        rule = rules.get(entry.name or "", default)
        if rule is None:
            raise ImproperlyConfigured(f"URL {entry.name or entry.pattern} has no access rule")
        guarded.append(
            URLPattern(entry.pattern, access(rule)(entry.callback), entry.default_args, entry.name)
        )
    return guarded


# django-allauth's own pages, each with the rule it needs.
ACCOUNT_URL_RULES: dict[str, Rule] = {
    "account_login": PUBLIC,
    "account_logout": PUBLIC,
    "account_inactive": PUBLIC,
    "account_signup": PUBLIC,
    "account_reauthenticate": SIGNED_IN,
    "account_email": SIGNED_IN,
    "account_email_verification_sent": PUBLIC,
    "account_change_password": SIGNED_IN,
    "account_set_password": SIGNED_IN,
    "account_reset_password": PUBLIC,
    "account_confirm_login_code": PUBLIC,
    "account_confirm_email": PUBLIC,
    "account_reset_password_from_key_done": PUBLIC,
    "account_reset_password_from_key": PUBLIC,
    "account_reset_password_done": PUBLIC,
    "mfa_index": SIGNED_IN,
    "mfa_authenticate": PUBLIC,  # the second step of signing in: not signed in yet
    "mfa_reauthenticate": SIGNED_IN,
    "mfa_activate_totp": SIGNED_IN,
    "mfa_deactivate_totp": SIGNED_IN,
    "mfa_view_recovery_codes": SIGNED_IN,
    "mfa_generate_recovery_codes": SIGNED_IN,
    "mfa_download_recovery_codes": SIGNED_IN,
}

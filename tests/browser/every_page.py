"""The pages of tests/browser/test_every_page.py: every URL pattern of the platform that answers
a page, the demo's objects that fill its parameters, who opens it, and what the browser measures
on it. A new URL pattern is a page here at once; one with parameters needs a line in FILL."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver

from osunited.accounts.models import PolicyDocument, User
from osunited.assessments.models import Assessment
from osunited.catalog.models import Project, Scan
from osunited.forges.models import Forge, ForgeNamespace
from osunited.governance.models import (
    ActionItem,
    AgendaItem,
    BoardMeeting,
    ConsultationRequest,
    Decision,
    Expert,
    FrameworkReviewProposal,
    PartnershipRequest,
    Petition,
)
from osunited.learning.models import (
    Completion,
    Event,
    EventSession,
    LearningModule,
    LearningPath,
    MentorOffer,
    Registration,
    Trainer,
)
from osunited.licensing.models import (
    LicenseNote,
    LicensePackage,
    LicensingQuestion,
    SurveyRound,
)
from osunited.policies.models import Policy

# Whole namespaces that are no page of the platform's templates, and why.
OTHER_NAMESPACES = {
    "admin": "Django's admin site, with its own stylesheet and right-to-left support",
    "api": "the REST API answers JSON",
    "oauth2_provider": "OpenID Connect endpoints answer JSON, or send the browser to a forge",
}
# URL names that answer no page of their own, and why.
NOT_PAGES = {
    "healthz": "JSON for a load balancer",
    "openmetrics": "figures for Prometheus",
    "set_language": "changes the language, then goes back",
    "forge_webhook": "a forge's webhook",
    "catalog:scan_panel": "the fragment of the scans page that htmx refreshes",
    "assessments:file": "an evidence file",
    "governance:petitions_document": "a petition's document",
    "governance:frameworks_download": "a framework file",
    "mfa_download_recovery_codes": "a text file",
    "catalog:logo": "a project's logo image",
    "notifications:open": "marks a notification read, then goes to what it is about",
    "mfa_authenticate": "the second step of a sign-in, reached from the sign-in form only",
    "account_confirm_login_code": "signing in with an e-mailed code is off",
}
DOWNLOAD = re.compile(r"(\.(csv|json|ics|ya?ml|pdf|jwt|svg)|\.<str:fmt>|/LICENSE)$")

# Who opens a page, by the strictest rule of its view: a demo login holding it (demo/services.py).
CONTRIBUTOR = "contributor@example.org"
REPRESENTATIVE = "representative@unicef.org"
BOARD_MEMBER = "ossib@who.int"
SECRETARIAT = "secretariat@un.org"
CAPACITY_TEAM = "staff@fao.org"
FOCAL_POINT = "focalpoint@wfp.org"
REVIEWER = "reviewer@undp.org"
ADMIN = "admin@un.org"
LEARNING_FOCAL_POINT = "learning@unicef.org"
# Made by the test for pages the demo never shows (test_every_page.what_the_demo_lacks).
PETITIONER = "representative@unep.org"
WITHOUT_PASSWORD = "no-password@example.org"
VIEWER_OF_RULE: dict[str, str | None] = {
    "public": None,
    "signed_in": CONTRIBUTOR,
    "contributor": CONTRIBUTOR,
    "un_staff": CAPACITY_TEAM,
    "reviewer": REVIEWER,
    "scan_manager": REVIEWER,
    "entity_representative": REPRESENTATIVE,
    "policy_publisher": REPRESENTATIVE,
    "framework_review_proposer": REPRESENTATIVE,
    "ossib_member": BOARD_MEMBER,
    "licensing_group": BOARD_MEMBER,
    "capacity_team": CAPACITY_TEAM,
    "learning_focal_point": LEARNING_FOCAL_POINT,
    "learning_planner": LEARNING_FOCAL_POINT,
    "board_secretariat": SECRETARIAT,
    "board": SECRETARIAT,
    "policy_editor": SECRETARIAT,
    "focal_point": FOCAL_POINT,
    "platform_admin": ADMIN,
}
# Pages whose object has its own people (an event's organiser, a group's chair, ...).
VIEWER_OF_PAGE: dict[str, str | None] = {
    "account_logout": CONTRIBUTOR,
    "account_set_password": WITHOUT_PASSWORD,
    "mfa_activate_totp": REVIEWER,  # the contributor has an authenticator app
    "governance:petitions_new": PETITIONER,
    "405 page": REVIEWER,
    "catalog:edit": FOCAL_POINT,
    "entities:edit": REPRESENTATIVE,
    "accounts:api_tokens": CAPACITY_TEAM,
    "learning:events_edit": CAPACITY_TEAM,
    "learning:events_session_create": CAPACITY_TEAM,
    "learning:events_session_edit": CAPACITY_TEAM,
    "learning:attendance_checkin": CAPACITY_TEAM,
    "learning:attendance_checkin_ticket": CAPACITY_TEAM,
    "learning:attendance_list": CAPACITY_TEAM,
    "learning:attendance_import": CAPACITY_TEAM,
    "learning:attendance_ticket": CONTRIBUTOR,
    "learning:mentorship_request": CONTRIBUTOR,
    "licensing:review_edit": REPRESENTATIVE,
    "licensing:note_add": REPRESENTATIVE,
    "licensing:note_edit": BOARD_MEMBER,
    "governance:groups_manage": BOARD_MEMBER,
    "governance:groups_meeting_add": BOARD_MEMBER,
    "governance:groups_output_add": BOARD_MEMBER,
    "governance:consultations_detail": FOCAL_POINT,
    "governance:partners_detail": CONTRIBUTOR,
    "governance:consultations_new": FOCAL_POINT,
}


def _first(model: type[Model], **lookups: Any) -> Any:
    found = model._default_manager.filter(**lookups).order_by("pk").first()
    assert found is not None, f"the demo has no {model.__name__} with {lookups}"
    return found


def _project(status: str = "published") -> str:
    return str(_first(Project, status=status).slug)


def _event_with_sessions() -> Event:
    return _first(Event, slug="licensing-webinar")


def _scan() -> dict[str, Any]:
    scan = _first(Scan, repository__project__status="published")
    return {"slug": scan.repository.project.slug, "pk": scan.pk}


def _ticket() -> str:
    return str(_first(Registration, user__email=CONTRIBUTOR, state="confirmed").ticket)


def _session() -> dict[str, Any]:
    session = _first(EventSession, event=_event_with_sessions())
    return {"slug": session.event.slug, "pk": session.pk}


def _board_meeting() -> int:
    return int(_first(BoardMeeting).pk)


# URL name -> the values of its parameters, from the demo's data.
FILL: dict[str, Callable[[], dict[str, Any]]] = {
    "account_confirm_email": lambda: {"key": "no-such-key"},
    "account_reset_password_from_key": lambda: {"uidb36": "1", "key": "no-such-key"},
    "accounts:policy_detail": lambda: {"kind": _first(PolicyDocument).kind},
    "accounts:policy_version": lambda: {
        "kind": _first(PolicyDocument).kind,
        "version": _first(PolicyDocument).version,
    },
    "entities:detail": lambda: {"slug": "unicef"},
    "entities:edit": lambda: {"slug": "unicef"},
    "catalog:detail": lambda: {"slug": _project()},
    "catalog:edit": lambda: {"slug": _project("draft")},
    "catalog:review": lambda: {"slug": _project("submitted")},
    "catalog:scan_list": lambda: {"slug": _project()},
    "catalog:scan_detail": _scan,
    "assessments:entity": lambda: {"slug": "unicef"},
    "assessments:import": lambda: {"slug": "unicef"},
    "assessments:compare": lambda: {"slug": "unicef"},
    "assessments:detail": lambda: {"pk": _first(Assessment, visibility="published").pk},
    "assessments:summary": lambda: {"pk": _first(Assessment, visibility="published").pk},
    "assessments:answers": lambda: {
        "pk": _first(Assessment, entity__slug="unicef", status="draft").pk
    },
    "dashboard:entity": lambda: {"slug": "unicef"},
    "hosting:forge_edit": lambda: {"pk": _first(Forge).pk},
    "hosting:forge_detail": lambda: {"pk": _first(Forge).pk},
    "hosting:namespace_audits": lambda: {"pk": _first(ForgeNamespace).pk},
    "hosting:membership": lambda: {"slug": _project()},
    "licensing:compatibility_project": lambda: {"project_slug": _project()},
    "licensing:learn_topic": lambda: {"topic": "copyleft"},
    "licensing:office_hours_ask": lambda: {"project_slug": _project()},
    "licensing:office_hours_answer": lambda: {"pk": _first(LicensingQuestion).pk},
    "licensing:package_draft": lambda: {"slug": _first(LicensePackage).slug},
    "licensing:entity_reviews": lambda: {"slug": "unicef"},
    "licensing:review_edit": lambda: {"slug": "unicef", "license_id": "Apache-2.0"},
    "licensing:survey_answer": lambda: {"pk": _first(SurveyRound).pk, "entity_slug": "unicef"},
    "licensing:survey_results": lambda: {"pk": _first(SurveyRound).pk},
    "licensing:survey_summary": lambda: {"pk": _first(SurveyRound).pk},
    "licensing:note_edit": lambda: {"pk": _first(LicenseNote).pk},
    "licensing:note_add": lambda: {"license_id": "Apache-2.0"},
    "licensing:license": lambda: {"license_id": "GPL-3.0-or-later"},
    "learning:osee_module": lambda: {"module_id": "strategy"},
    "learning:strategy_replacement": lambda: {"project_slug": _project()},
    "learning:strategy_staffing": lambda: {"entity_slug": "unicef"},
    "learning:capacity_entity": lambda: {"entity_slug": "unicef"},
    "learning:trainers_detail": lambda: {"pk": _first(Trainer).pk},
    "learning:trainers_edit": lambda: {"pk": _first(Trainer).pk},
    "learning:trainers_cascade": lambda: {"entity_slug": "unicef"},
    "learning:mentorship_request": lambda: {"pk": _first(MentorOffer, active=True).pk},
    "learning:credentials_verify": lambda: {"public_id": _first(Completion).public_id},
    "learning:credentials_revoke": lambda: {"public_id": _first(Completion).public_id},
    "learning:attendance_ticket": lambda: {"ticket": _ticket()},
    "learning:attendance_checkin_ticket": lambda: {"ticket": _ticket()},
    "learning:attendance_checkin": lambda: {"slug": _event_with_sessions().slug},
    "learning:attendance_list": lambda: {"slug": _event_with_sessions().slug},
    "learning:attendance_import": lambda: {"slug": _event_with_sessions().slug},
    "learning:events_detail": lambda: {"slug": _event_with_sessions().slug},
    "learning:events_edit": lambda: {"slug": _event_with_sessions().slug},
    "learning:events_session_create": lambda: {"slug": _event_with_sessions().slug},
    "learning:events_session_edit": _session,
    "learning:events_entity_registrations": lambda: {"entity_slug": "unicef"},
    "learning:catalogue_module": lambda: {"slug": _first(LearningModule, published=True).slug},
    "learning:catalogue_module_edit": lambda: {"slug": _first(LearningModule).slug},
    "learning:catalogue_path": lambda: {"slug": _first(LearningPath).slug},
    "learning:catalogue_path_edit": lambda: {"slug": _first(LearningPath).slug},
    "governance:petitions_detail": lambda: {"pk": _first(Petition).pk},
    "governance:decisions_detail": lambda: {"pk": _first(Decision).pk},
    "governance:meetings_detail": lambda: {"pk": _board_meeting()},
    "governance:meetings_edit": lambda: {"pk": _board_meeting()},
    "governance:meetings_agenda_create": lambda: {"pk": _board_meeting()},
    "governance:meetings_minutes_edit": lambda: {"pk": _board_meeting()},
    "governance:meetings_actions_create": lambda: {"pk": _board_meeting()},
    "governance:meetings_agenda_edit": lambda: {"pk": _first(AgendaItem).pk},
    "governance:meetings_agenda_vote": lambda: {"pk": _first(AgendaItem).pk},
    "governance:meetings_actions_edit": lambda: {"pk": _first(ActionItem).pk},
    "governance:reviews_detail": lambda: {"pk": _first(FrameworkReviewProposal).pk},
    "governance:frameworks_detail": lambda: {"framework_id": "cpf-rc1"},
    "governance:groups_detail": lambda: {"slug": "licensing"},
    "governance:groups_join": lambda: {"slug": "licensing"},
    "governance:groups_manage": lambda: {"slug": "licensing"},
    "governance:groups_meeting_add": lambda: {"slug": "licensing"},
    "governance:groups_output_add": lambda: {"slug": "licensing"},
    "governance:experts_detail": lambda: {"pk": _first(Expert, status="vetted").pk},
    "governance:experts_vet": lambda: {"pk": _first(Expert, status="applied").pk},
    "governance:consultations_new": lambda: {"pk": _first(Expert, status="vetted").pk},
    "governance:consultations_detail": lambda: {"pk": _first(ConsultationRequest).pk},
    "governance:partners_detail": lambda: {"pk": _first(PartnershipRequest).pk},
    "policies:detail": lambda: {"public_id": _first(Policy, published=True).public_id},
    "policies:library_edit": lambda: {"public_id": _first(Policy, entity__slug="unicef").public_id},
}


def _published_assessments(entity: str) -> list[int]:
    found = Assessment.objects.filter(entity__slug=entity, visibility="published").order_by("pk")
    return list(found.values_list("pk", flat=True))


# URL name -> its query string, for a page that needs one.
QUERY: dict[str, Callable[[], str]] = {
    "assessments:compare": lambda: "before={}&after={}".format(*_published_assessments("unicef")),
}


@dataclass(frozen=True)
class Page:
    """A page to open: a URL pattern of the platform, or an error page."""

    name: str
    route: str
    rules: tuple[str, ...] = ()
    parameters: tuple[str, ...] = ()
    status: int = 200


def _walk(
    entries: list[Any], route: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    for entry in entries:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, route + str(entry.pattern), inner)
        else:
            yield f"{namespace}{entry.name or ''}", route + str(entry.pattern), entry


def _posted_only(view: Callable[..., Any] | None) -> bool:
    """Whether a view (through its decorators) refuses a GET, as require_POST makes it."""
    while view is not None:
        methods = inspect.getclosurevars(view).nonlocals.get("request_method_list")
        if methods is not None:
            return "GET" not in methods
        view = getattr(view, "__wrapped__", None)
    return False


def why_no_page(name: str, route: str, pattern: URLPattern) -> str | None:
    """Why a URL pattern is no page to check, or None for a page."""
    namespace = name.split(":")[0] if ":" in name else ""
    if namespace in OTHER_NAMESPACES:
        return OTHER_NAMESPACES[namespace]
    if name in NOT_PAGES:
        return NOT_PAGES[name]
    if DOWNLOAD.search(route):
        return "a file to download"
    if _posted_only(pattern.callback):
        return "a form's target: POST only"
    return None


def platform_pages() -> list[Page]:
    """Every URL pattern that answers a page, as the resolver lists them, and the error pages."""
    pages = []
    for name, route, pattern in _walk(get_resolver().url_patterns):
        if why_no_page(name, route, pattern) is None:
            rules = tuple(rule.name for rule in getattr(pattern.callback, "access_rules", ()))
            parameters = tuple(_parameters(route))
            pages.append(Page(name, route, rules, parameters))
    return pages + ERROR_PAGES


PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def _parameters(route: str) -> list[str]:
    return [name or regex_name for name, regex_name in PARAMETER.findall(route)]


ERROR_PAGES = [
    Page("404 page", "/no-such-page/", status=404),
    Page("403 page", "/hosting/", rules=("signed_in",), status=403),
    Page("405 page", "/catalog/feedback/1/moderate/", status=405),
]


def viewer_email(page: Page) -> str | None:
    """The demo login that opens a page (None: anonymous)."""
    if page.name in VIEWER_OF_PAGE:
        return VIEWER_OF_PAGE[page.name]
    unknown = [rule for rule in page.rules if rule not in VIEWER_OF_RULE]
    assert not unknown, f"{page.name}: no demo login is named for the rule {unknown[0]!r}"
    strict = [r for r in page.rules if r not in {"public", "signed_in", "contributor"}]
    return VIEWER_OF_RULE[(strict or list(page.rules) or ["public"])[0]]


def viewer(page: Page) -> User | None:
    email = viewer_email(page)
    return None if email is None else User.objects.get(email=email)

"""Every URL pattern, for every role: allowed or denied, as declared here.

A URL pattern without an access rule, or without a line in EXPECTED, fails this test.
"""

import re
from collections.abc import Iterator

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern

from tests.conftest import Cast, client_for

ALL = frozenset(
    {
        "anonymous",
        "external_contributor",
        "un_staff",
        "focal_point",
        "reviewer",
        "entity_representative",
        "ossib_member",
        "platform_admin",
    }
)
SIGNED_IN = ALL - {"anonymous"}
ADMIN = frozenset({"platform_admin"})
NOBODY: frozenset[str] = frozenset()
REPRESENTATIVE = frozenset({"entity_representative", "platform_admin"})

# URL name (or namespace prefix ending in ':') -> roles allowed.
EXPECTED: dict[str, frozenset[str]] = {
    "home": ALL,
    "healthz": ALL,
    "openmetrics": ALL,  # off without OSU_METRICS_TOKEN (404); then its own bearer token
    "set_language": ALL,
    # Notifications (#21): each person's own (#1 does not exist: a 404 after the rule); marking
    # them all read is POST only (a GET answers 405); they come from the platform, not the admin.
    "notifications:list": SIGNED_IN,
    "notifications:open": SIGNED_IN,
    "notifications:read_all": SIGNED_IN,
    "admin:notifications_notification_add": NOBODY,
    "accounts:me": SIGNED_IN,
    "accounts:policies": SIGNED_IN,
    "accounts:api_tokens": SIGNED_IN - {"external_contributor"},
    "accounts:api_token_revoke": SIGNED_IN - {"external_contributor"},
    "accounts:policy_list": ALL,
    "accounts:policy_detail": ALL,
    "accounts:policy_version": ALL,
    "entities:list": ALL,
    "entities:detail": ALL,
    "entities:ossib": ALL,
    "entities:edit": frozenset({"entity_representative", "platform_admin"}),
    "catalog:list": ALL,
    "catalog:detail": ALL,
    "catalog:feedback_submit": SIGNED_IN,  # POST only: a GET answers 405
    "catalog:feedback_reply": frozenset({"focal_point", "platform_admin"}),  # POST only
    "catalog:feedback_moderation": frozenset({"reviewer", "platform_admin"}),
    "catalog:feedback_moderate": frozenset({"reviewer", "platform_admin"}),  # POST only
    "catalog:register": SIGNED_IN - {"external_contributor"},
    "catalog:mine": SIGNED_IN - {"external_contributor"},
    "catalog:edit": frozenset({"focal_point"}),  # the sample project's focal point only
    "catalog:transition": SIGNED_IN,  # POST only: a GET answers 405; the service decides
    "catalog:review_queue": frozenset({"reviewer", "platform_admin"}),
    "catalog:review": frozenset({"reviewer", "platform_admin"}),
    "catalog:review_conflict": frozenset({"reviewer", "platform_admin"}),  # POST only
    "catalog:export_csv": ALL,
    "catalog:export_json": ALL,
    "catalog:project_publiccode": ALL,
    # A project's badges and stored logo: images, public as its page is (a 404 where it is not).
    "catalog:badge": ALL,
    "catalog:logo": ALL,
    "catalog:import": SIGNED_IN - {"external_contributor"},
    # The REST API checks tokens and permissions inside; every URL of it is open to reach.
    "api:": ALL,
    # Scans of a public project are public; requests, retries (POST only: a GET answers 405) and
    # confirmations are for focal points, reviewers and admins, then checked per project.
    "catalog:scan_list": ALL,
    "catalog:scan_detail": ALL,
    "catalog:scan_report": ALL,
    "catalog:scan_panel": ALL,
    "catalog:scan_request": frozenset({"focal_point", "reviewer", "platform_admin"}),
    "catalog:scan_retry": frozenset({"focal_point", "reviewer", "platform_admin"}),
    "catalog:confirm_entry": frozenset({"focal_point", "platform_admin"}),
    # Assessments: published ones are public (the sample, #1, is UNICEF's and published); writes
    # (POST only: a GET answers 405) are for UNICEF's representative, then checked per entity.
    "assessments:entity": ALL,
    "assessments:compare": ALL,
    "assessments:detail": ALL,
    "assessments:summary": ALL,
    "assessments:pdf": ALL,
    "assessments:answers_file": ALL,
    "assessments:file": ALL,
    "assessments:start": REPRESENTATIVE,
    "assessments:import": REPRESENTATIVE,
    "assessments:answers": REPRESENTATIVE,
    "assessments:answer_save": REPRESENTATIVE,
    "assessments:file_add": REPRESENTATIVE,
    "assessments:file_delete": REPRESENTATIVE,
    "assessments:submit": REPRESENTATIVE,
    "assessments:visibility": REPRESENTATIVE,
    "assessments:carry_forward": REPRESENTATIVE,
    "assessments:delete": REPRESENTATIVE,
    # Capacity building (#19), the learning catalogue and paths are public (the sample module and
    # path do not exist: a 404); modules and paths are edited by the capacity team (admins in this
    # cast); publishing and the steps' changes are POST only (a GET answers 405).
    "learning:catalogue_index": ALL,
    "learning:catalogue_module": ALL,
    "learning:catalogue_paths": ALL,
    "learning:catalogue_path": ALL,
    "learning:catalogue_module_create": ADMIN,
    "learning:catalogue_module_edit": ADMIN,
    "learning:catalogue_module_publication": ADMIN,
    "learning:catalogue_path_edit": ADMIN,
    "learning:catalogue_path_step_remove": ADMIN,
    "learning:catalogue_path_step_move": ADMIN,
    # Capacity building (#19), gaps to learning: an entity's capacity page is public (names for
    # its learning managers only); adding suggested evidence to an answer (POST only: a GET
    # answers 405) is for the assessment's representatives, as answering is.
    "learning:capacity_entity": ALL,
    "learning:capacity_evidence_add": REPRESENTATIVE,
    # Capacity building (#19), attendance and credentials: a ticket (a secret: 404 for those who
    # may not see it, the sample is none) and the check-in pages (checked per event: 403 for
    # those who do not organise it, the sample event does not exist) are for signed-in people;
    # the page a phone's camera opens from a ticket is refused (403) to all but the event's
    # organisers, and the sample ticket has none. A credential's verification page, badge and
    # the issuer's key are public, its certificate is the holder's (a 404 for the sample); the
    # capacity team (admins in this cast) marks and revokes completions.
    "learning:attendance_ticket": SIGNED_IN,
    "learning:attendance_checkin_ticket": NOBODY,
    "learning:attendance_checkin": SIGNED_IN,
    "learning:attendance_list": SIGNED_IN,
    "learning:attendance_import": SIGNED_IN,
    "learning:credentials_verify": ALL,
    "learning:credentials_certificate": SIGNED_IN,
    "learning:credentials_badge": ALL,
    "learning:credentials_badge_jwt": ALL,
    "learning:credentials_issuer": ALL,
    "learning:credentials_mine": SIGNED_IN,
    "learning:credentials_list": ADMIN,
    "learning:credentials_mark": ADMIN,
    "learning:credentials_revoke": ADMIN,
    # Capacity building (#19), Train the Trainer and mentorship: trainers, a trainer's page (the
    # sample does not exist: a 404) and an entity's cascade (names for its learning managers
    # only) are public; the capacity team (admins in this cast) records trainers. Offering and
    # requesting mentoring need the current policies accepted (an offer that does not exist is a
    # 404 after the rule); a pair's changes are POST only (a GET answers 405), checked per pair.
    "learning:trainers_list": ALL,
    "learning:trainers_detail": ALL,
    "learning:trainers_new": ADMIN,
    "learning:trainers_edit": ADMIN,
    "learning:trainers_cascade": ALL,
    "learning:mentorship_list": ALL,
    "learning:mentorship_offer": SIGNED_IN,
    "learning:mentorship_request": SIGNED_IN,
    "learning:mentorship_mine": SIGNED_IN,
    "learning:mentorship_accept": SIGNED_IN,
    "learning:mentorship_decline": SIGNED_IN,
    "learning:mentorship_end": SIGNED_IN,
    "learning:mentorship_withdraw": SIGNED_IN,
    # OSPO strategy tools (#19): the calculator and a visible project's replacement value are
    # public; UNICEF's staffing plan is for its representative (and learning focal points) and
    # the capacity team (admins in this cast), then checked per entity.
    "learning:strategy_index": ALL,
    "learning:strategy_tco": ALL,
    "learning:strategy_replacement": ALL,
    "learning:strategy_staffing": REPRESENTATIVE,
    # Capacity building (#19), the OSEE framework: its index, its modules (an unknown module is a
    # 404) and its CASE 1.1 package are public.
    "learning:osee_index": ALL,
    "learning:osee_module": ALL,
    "learning:osee_case": ALL,
    # Capacity building (#19), events: the list, an event's page and the calendars are public (the
    # sample event does not exist: a 404); the capacity team (admins in this cast) creates events,
    # editing and sessions are checked per event (403 for those who neither organise it nor are of
    # the team, the sample is a 404 after the rule); registering and cancelling are POST only (a
    # GET answers 405); an entity's registrations are for its learning focal points and
    # representatives, deciding POST only.
    "learning:events_list": ALL,
    "learning:events_feed": ALL,
    "learning:events_detail": ALL,
    "learning:events_calendar": ALL,
    "learning:events_create": ADMIN,
    "learning:events_edit": SIGNED_IN,
    "learning:events_session_create": SIGNED_IN,
    "learning:events_session_edit": SIGNED_IN,
    "learning:events_session_delete": SIGNED_IN,
    "learning:events_register": SIGNED_IN,
    "learning:events_cancel": SIGNED_IN,
    "learning:events_mine": SIGNED_IN,
    "learning:events_entity_registrations": REPRESENTATIVE,
    "learning:events_entity_decide": REPRESENTATIVE,
    "dashboard:public": ALL,
    "dashboard:chart_data": ALL,
    "dashboard:entity": ALL,
    "dashboard:ossib": frozenset({"ossib_member", "platform_admin"}),
    # Code hosting is configured by admins; a failed provisioning is retried (POST only: a GET
    # answers 405) by focal points and admins, then checked per project.
    "hosting:": ADMIN,
    "forge_webhook": ALL,  # POST only, signed with the forge's webhook secret
    "hosting:project_retry": frozenset({"focal_point", "platform_admin"}),
    # The membership plan of a project's repositories: its focal points see it, admins apply it
    # (POST only: a GET answers 405); forge pages, secrets and audits are the admins'.
    "hosting:membership": frozenset({"focal_point", "platform_admin"}),
    "hosting:membership_apply": ADMIN,
    # OpenID Connect for the forges: authorize is for signed-in users (then the gate, in
    # accounts/oidc.py); the token, userinfo, discovery and key endpoints check the client.
    "oauth2_provider:": ALL,
    "oauth2_provider:authorize": SIGNED_IN,
    "admin:": ADMIN,
    # The audit log, acceptances and 2FA exceptions are records: even admins cannot forge or erase
    # them. Published policy documents (#1 is) stay; users sign up themselves.
    "admin:audit_auditevent_add": NOBODY,
    "admin:audit_auditevent_delete": NOBODY,
    "admin:accounts_policyacceptance_add": NOBODY,
    "admin:accounts_policyacceptance_delete": NOBODY,
    "admin:accounts_twofactorexception_delete": NOBODY,
    "admin:accounts_policydocument_delete": NOBODY,
    "admin:accounts_user_add": NOBODY,
    # Projects come from registration and change through the workflow; scans and feedback are
    # records (feedback is moderated, not erased).
    "admin:catalog_project_add": NOBODY,
    "admin:catalog_scan_add": NOBODY,
    "admin:catalog_scan_delete": NOBODY,
    "admin:catalog_feedback_add": NOBODY,
    "admin:catalog_feedback_delete": NOBODY,
    # The committee's settings are one row, changed and never removed; declared conflicts of
    # interest are records of the reviewers who made them.
    "admin:catalog_committeesettings_delete": NOBODY,
    "admin:catalog_conflictofinterest_add": NOBODY,
    "admin:catalog_conflictofinterest_delete": NOBODY,
    # OpenID Connect codes and tokens are issued by the flow only; django-oauth-toolkit's admin
    # lets admins revoke them (a refresh token by revoking its access token), never make them.
    "admin:oauth2_provider_accesstoken_add": NOBODY,
    "admin:oauth2_provider_accesstoken_delete": NOBODY,
    "admin:oauth2_provider_grant_add": NOBODY,
    "admin:oauth2_provider_idtoken_add": NOBODY,
    "admin:oauth2_provider_refreshtoken_add": NOBODY,
    "admin:oauth2_provider_refreshtoken_delete": NOBODY,
    "admin:autocomplete": NOBODY,  # answers only with its query parameters
    "account_login": ALL,
    "account_logout": ALL,
    "account_inactive": ALL,
    "account_signup": ALL,
    "account_reauthenticate": SIGNED_IN,
    "account_email": SIGNED_IN,
    "account_email_verification_sent": ALL,
    "account_change_password": SIGNED_IN,
    "account_set_password": SIGNED_IN,
    "account_reset_password": ALL,
    "account_confirm_login_code": ALL,
    "account_confirm_email": ALL,
    "account_reset_password_from_key_done": ALL,
    "account_reset_password_from_key": ALL,
    "account_reset_password_done": ALL,
    "mfa_index": SIGNED_IN,
    "mfa_authenticate": ALL,
    "mfa_reauthenticate": SIGNED_IN,
    "mfa_activate_totp": SIGNED_IN,
    "mfa_deactivate_totp": SIGNED_IN,
    "mfa_view_recovery_codes": SIGNED_IN,
    "mfa_generate_recovery_codes": SIGNED_IN,
    "mfa_download_recovery_codes": SIGNED_IN,
    # Licensing (#18), licenses, packages and legal reviews. Packages are edited by the licensing
    # group (admins in this cast); a legal note by the licensing group and the representatives of
    # its entity (note #1 is UNICEF's). UNICEF's reviews are private: a 404 for those not of
    # UNICEF, after the rule; only UNICEF's representative records them (its preference: POST
    # only, a GET answers 405).
    "licensing:licenses": ALL,
    "licensing:license": ALL,
    "licensing:note_add": REPRESENTATIVE,
    "licensing:note_edit": REPRESENTATIVE,
    "licensing:packages": ALL,
    "licensing:package_scan_policy": ALL,
    "licensing:package_create": ADMIN,
    "licensing:package_draft": ADMIN,
    "licensing:package_entry_remove": ADMIN,
    "licensing:package_entry_move": ADMIN,
    "licensing:package_publish": ADMIN,
    "licensing:reviews": ALL,
    "licensing:entity_reviews": ALL,
    "licensing:review_edit": frozenset({"entity_representative"}),
    "licensing:review_preferences": SIGNED_IN,
    # Package versions and legal reviews change through their pages only; history rows never.
    "admin:licensing_packageversion_add": NOBODY,
    "admin:licensing_packageversion_delete": NOBODY,
    "admin:licensing_legalreview_add": NOBODY,
    "admin:licensing_legalreview_delete": NOBODY,
    "admin:licensing_legalreviewchange_add": NOBODY,
    "admin:licensing_legalreviewchange_delete": NOBODY,
    # Licensing (#18): the survey is answered by an entity's representatives (round #1 does not
    # exist: a 404 after the rule), its results and office hours' queue are the licensing group's
    # (admins in this cast); a question is asked by the sample project's focal point only, and
    # withdrawn (POST only: a GET answers 405) by its asker.
    "licensing:survey_list": ALL,
    "licensing:survey_round_new": ADMIN,
    "licensing:survey_answer": REPRESENTATIVE,
    "licensing:survey_results": ADMIN,
    "licensing:survey_results_csv": ADMIN,
    "licensing:survey_summary": ALL,
    "licensing:office_hours": ALL,
    "licensing:office_hours_session_new": ADMIN,
    "licensing:office_hours_queue": ADMIN,
    "licensing:office_hours_ask": frozenset({"focal_point"}),
    "licensing:office_hours_assign": ADMIN,  # POST only
    "licensing:office_hours_answer": ADMIN,
    "licensing:office_hours_withdraw": frozenset({"focal_point", "platform_admin"}),  # POST only
    "licensing:learn": ALL,
    "licensing:learn_topic": ALL,
    # License compatibility: the pair page and a project's page are public; a project the viewer
    # may not see is a 404 after the rule (the sample project is published).
    "licensing:compatibility": ALL,
    "licensing:compatibility_project": ALL,
    # The chooser and its LICENSE files are public (no ?license= answers 400); the merge request
    # adding a LICENSE (POST only: a GET answers 405) is for focal points, checked per project.
    "licensing:chooser": ALL,
    "licensing:chooser_license": ALL,
    "licensing:chooser_merge_request": frozenset({"focal_point", "platform_admin"}),
    # Policy library search (#20): the search, the world map and the exports are public.
    "policies:index": ALL,
    "policies:map": ALL,
    "policies:search_export_csv": ALL,
    "policies:search_export_json": ALL,
    # Policy library (#20): a policy's page and the endorsements are public (the sample policy
    # does not exist: a 404 after the rule). Publishing and editing are for entity
    # representatives (their entity's policies) and editors (admins here), then checked per
    # policy; a lesson (POST only: a GET answers 405) is any contributor's, hiding one an
    # editor's; adding a policy to an assessment's evidence (POST only) a representative's.
    "policies:detail": ALL,
    "policies:library_new": REPRESENTATIVE,
    "policies:library_edit": REPRESENTATIVE,
    "policies:library_lessons_add": SIGNED_IN,
    "policies:library_lessons_hide": ADMIN,
    "policies:endorsements_list": ALL,
    "policies:endorsements_new": REPRESENTATIVE,
    "policies:library_evidence_add": REPRESENTATIVE,
    # Framework reviews (#20): proposals and framework versions are public (proposal #1 does not
    # exist: a 404 after the rule; cpf-rc1 is shipped); board members, the secretariat and
    # representatives propose and withdraw (POST only: a GET answers 405; checked per proposal);
    # the secretariat (admins in this cast) puts to the vote (POST only).
    "governance:reviews_list": ALL,
    "governance:reviews_new": frozenset(
        {"entity_representative", "ossib_member", "platform_admin"}
    ),
    "governance:reviews_detail": ALL,
    "governance:reviews_withdraw": frozenset(
        {"entity_representative", "ossib_member", "platform_admin"}
    ),
    "governance:reviews_put_to_vote": ADMIN,
    "governance:frameworks_list": ALL,
    "governance:frameworks_detail": ALL,
    "governance:frameworks_download": ALL,
    # OSSIB meetings (#20): meetings, their calendars and the open actions are public (meeting
    # #1, agenda item #1 and action #1 do not exist: a 404 after the rule); the secretariat
    # (admins in this cast) keeps them (POST-only ones: a GET answers 405); one's own actions
    # and marking one done (POST only) are for anyone signed in, then checked per action.
    "governance:meetings_list": ALL,
    "governance:meetings_feed": ALL,
    "governance:meetings_detail": ALL,
    "governance:meetings_calendar": ALL,
    "governance:meetings_create": ADMIN,
    "governance:meetings_edit": ADMIN,
    "governance:meetings_cancel": ADMIN,
    "governance:meetings_agenda_create": ADMIN,
    "governance:meetings_agenda_edit": ADMIN,
    "governance:meetings_agenda_move": ADMIN,
    "governance:meetings_agenda_remove": ADMIN,
    "governance:meetings_agenda_vote": ADMIN,
    "governance:meetings_minutes_edit": ADMIN,
    "governance:meetings_minutes_publish": ADMIN,
    "governance:meetings_actions_create": ADMIN,
    "governance:meetings_actions_list": ALL,
    "governance:meetings_actions_mine": SIGNED_IN,
    "governance:meetings_actions_edit": ADMIN,
    "governance:meetings_actions_done": SIGNED_IN,
    # Working groups (#20): the list, the YAML export, a group's page and its calendar are public
    # (the sample slug names no group: a 404); asking to join needs the current policies
    # accepted; managing a group, its meetings and outputs is checked per group (403 for those
    # who neither chair it nor are of the secretariat); deciding requests and removing members
    # are POST only (a GET answers 405); the secretariat (admins in this cast) creates groups,
    # names chairs and sets the status (POST only).
    "governance:groups_list": ALL,
    "governance:groups_export": ALL,
    "governance:groups_create": ADMIN,
    "governance:groups_detail": ALL,
    "governance:groups_calendar": ALL,
    "governance:groups_join": SIGNED_IN,
    "governance:groups_manage": SIGNED_IN,
    "governance:groups_status": ADMIN,
    "governance:groups_member_role": ADMIN,
    "governance:groups_meeting_add": SIGNED_IN,
    "governance:groups_output_add": SIGNED_IN,
    "governance:groups_request_accept": SIGNED_IN,
    "governance:groups_request_decline": SIGNED_IN,
    "governance:groups_member_remove": SIGNED_IN,
    # Partnerships (#20): the accepted public ones and joint projects are public; anyone signed
    # in files a request and sees their own (request #1 does not exist: a 404); the Board
    # (grace and admins in this cast) handles them (POST only: a GET answers 405). Inviting a
    # co-lead and removing a partner are checked per project and partner (POST only); declaring
    # reuse and confirming are for representatives.
    "governance:partners_public": ALL,
    "governance:partners_new": SIGNED_IN,
    "governance:partners_mine": SIGNED_IN,
    "governance:partners_queue": frozenset({"ossib_member", "platform_admin"}),
    "governance:partners_detail": SIGNED_IN,
    "governance:partners_handle": frozenset({"ossib_member", "platform_admin"}),
    "governance:partners_withdraw": SIGNED_IN,
    "governance:joint_projects": ALL,
    "governance:joint_invitations": REPRESENTATIVE,
    "governance:joint_invite": SIGNED_IN,
    "governance:joint_reuse": REPRESENTATIVE,
    "governance:joint_confirm": REPRESENTATIVE,
    "governance:joint_remove": SIGNED_IN,
    # The Board's petitions and decisions (#20): lists, pages and documents are public (petition,
    # document and decision #1 do not exist: a 404 after the rule); representatives file (erin's
    # UNICEF is not a member; an admin representing none is sent back to the list) and withdraw
    # (POST only: a GET answers 405); seat holders vote; the secretariat (admins in this cast)
    # puts to the vote and closes; admins set the quorum and majority.
    "governance:petitions_list": ALL,
    "governance:petitions_new": REPRESENTATIVE,
    "governance:petitions_detail": ALL,
    "governance:petitions_document": ALL,
    "governance:petitions_withdraw": REPRESENTATIVE,
    "governance:petitions_put_to_vote": ADMIN,
    "governance:decisions_list": ALL,
    "governance:decisions_detail": ALL,
    "governance:decisions_vote": frozenset({"ossib_member", "platform_admin"}),
    "governance:decisions_close": ADMIN,
    "governance:board_settings": ADMIN,
    # The roster of experts (#20): UN staff search it and ask an expert (expert #1 does not
    # exist: a 404 after the rule); anyone who accepted the policies applies and withdraws (POST
    # only: a GET answers 405); the Board (grace and admins in this cast) vets; a consultation
    # is its parties' (#1 does not exist: a 404), its changes POST only; committee members ask
    # for an opinion on a review (POST only).
    "governance:experts_roster": SIGNED_IN - {"external_contributor"},
    "governance:experts_detail": SIGNED_IN - {"external_contributor"},
    "governance:experts_apply": SIGNED_IN,
    "governance:experts_withdraw": SIGNED_IN,
    "governance:experts_vetting": frozenset({"ossib_member", "platform_admin"}),
    "governance:experts_vet": frozenset({"ossib_member", "platform_admin"}),
    "governance:consultations_new": SIGNED_IN - {"external_contributor"},
    "governance:consultations_mine": SIGNED_IN,
    "governance:consultations_detail": SIGNED_IN,
    "governance:consultations_accept": SIGNED_IN,
    "governance:consultations_decline": SIGNED_IN,
    "governance:consultations_answer": SIGNED_IN,
    "governance:consultations_withdraw": SIGNED_IN,
    "governance:consultations_opinion": frozenset({"reviewer", "platform_admin"}),
}

SAMPLE_KWARGS = {
    "slug": "unicef",
    "kind": "cla",
    "version": "1.0",
    "key": "not-a-real-key",
    "uidb36": "1",
    "app_label": "accounts",
    "object_id": "1",
    "content_type_id": "1",
    "url": "no-such-page/",
    "pk": "1",
    "file_pk": "1",
    "item_id": "G1",
    "metric_id": "projects",
    "fmt": "csv",
    "forge_id": "1",
    "license_id": "MIT",
    "entity_slug": "unicef",
    "project_slug": "sample-project",
    "topic": "copyleft",
    "module_id": "strategy",
    "ticket": "not-a-real-ticket",
    "public_id": "00000000-0000-4000-8000-000000000001",
    "framework_id": "cpf-rc1",
}
# Sample values that differ in a namespace: catalog URLs name the matrix's sample project.
NAMESPACE_SAMPLES = {
    "catalog:": {"slug": "sample-project"},
    "dashboard:": {"slug": "unicef"},
    "api:": {"slug": "sample-project", "scan_id": "1"},
    "hosting:": {"slug": "sample-project"},
}


@pytest.fixture
def sample_project(cast: Cast):  # type: ignore[no-untyped-def]
    """A published UNICEF project whose focal point is alice: she holds the focal point role,
    and bob (UNDP) may review it."""
    from tests.factories import ProjectFactory

    project = ProjectFactory(
        name="Sample project", slug="sample-project", entity=cast.unicef, status="published",
        focal_points=[cast.alice],
    )  # fmt: skip
    sample_assessment(cast)
    sample_license_note(cast)
    return project


def sample_license_note(cast: Cast) -> None:
    """Legal note #1: UNICEF's legal team's, on MIT."""
    from osunited.licensing.models import LicenseNote

    LicenseNote.objects.create(
        pk=1, license_id="MIT", kind="indemnity", text="A note.", entity=cast.unicef
    )


def sample_assessment(cast: Cast) -> None:
    """Assessment #1: UNICEF's, submitted and published, with one answer and one evidence file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from osunited.assessments.models import Assessment, EvidenceFile, Visibility
    from osunited.assessments.services import answer_save, assessment_submit

    assessment = Assessment.objects.create(pk=1, entity=cast.unicef, framework_id="cpf-rc1")
    answer = answer_save(assessment=assessment, item_id="G1", rating="full", user=cast.erin)
    upload = SimpleUploadedFile("a.txt", b"a")
    EvidenceFile.objects.create(pk=1, answer=answer, file=upload, name="a.txt", size=1)
    assessment_submit(assessment=assessment, user=cast.erin)
    Assessment.objects.filter(pk=1).update(visibility=Visibility.PUBLISHED)


def sample_path(pattern: object, namespace: str = "") -> str:
    """The pattern's text with each parameter replaced by a sample value."""
    samples = {**SAMPLE_KWARGS, **NAMESPACE_SAMPLES.get(namespace, {})}
    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: samples[m.group(1)], text)
        return text.lstrip("^").rstrip("$").replace("\\", "")
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: samples[m.group(1)], text)


def walk(patterns: list, prefix: str = "/", namespace: str = "") -> Iterator:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner_namespace = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            path = prefix + sample_path(entry.pattern, namespace)
            yield from walk(entry.url_patterns, path, inner_namespace)
        else:
            assert isinstance(entry, URLPattern)
            path = prefix + sample_path(entry.pattern, namespace)
            yield f"{namespace}{entry.name or ''}", entry, path


def all_url_patterns() -> list[tuple[str, URLPattern, str]]:
    return list(walk(get_resolver().url_patterns))


def expected_roles(name: str) -> frozenset[str]:
    if name in EXPECTED:
        return EXPECTED[name]
    namespace = name.split(":")[0] + ":" if ":" in name else None
    if namespace in EXPECTED:
        return EXPECTED[namespace]
    raise AssertionError(f"URL {name!r} has no line in the permission matrix")


def test_every_url_pattern_declares_an_access_rule() -> None:
    undeclared = [
        name or str(pattern.pattern)
        for name, pattern, _ in all_url_patterns()
        if not getattr(pattern.callback, "access_rules", None)
    ]
    assert undeclared == []


def test_every_url_pattern_has_a_line_in_the_matrix() -> None:
    for name, _, _ in all_url_patterns():
        expected_roles(name)


def test_the_sample_urls_reach_the_pattern_they_stand_for() -> None:
    for _, pattern, url in all_url_patterns():
        assert resolve(url).func is pattern.callback, url


def is_denied(response) -> bool:
    if response.status_code == 403:
        return True
    location = response.headers.get("Location", "")
    return response.status_code == 302 and location.startswith("/accounts/login/?next=")


def read(client: Client, url: str) -> HttpResponse:
    response = client.get(url)
    if response.streaming:  # a file download holds its file open until read to the end
        b"".join(response.streaming_content)
    return response


# The access rules are the platform's own code: each role's decisions read the same on every
# database, and the run on PostgreSQL leaves this matrix (8 roles times every URL) to the SQLite
# run. What each view asks of the database is checked on both by the test after it.
@pytest.mark.same_on_every_database
@pytest.mark.parametrize("role", sorted(ALL))
def test_each_role_is_allowed_or_denied_on_every_url(
    cast: Cast, sample_project: object, role: str
) -> None:
    client = client_for(cast.by_role()[role])
    mismatches = []
    for name, _, url in all_url_patterns():
        response = read(client, url)
        assert response.status_code < 500, f"{url} failed for {role}"
        allowed = not is_denied(response)
        if allowed != (role in expected_roles(name)):
            mismatches.append(f"{url} ({name}): {'allowed' if allowed else 'denied'}")
    assert not mismatches, "\n".join(mismatches)


def test_every_url_answers_a_role_allowed_on_it_on_this_database(
    cast: Cast, sample_project: object
) -> None:
    """Every view runs its queries, once, as a role allowed on it: the roles take turns, so that
    each one's navigation and page sections are read on every database too."""
    clients = {role: client_for(user) for role, user in cast.by_role().items()}
    failures = []
    for turn, (name, _, url) in enumerate(all_url_patterns()):
        allowed = sorted(expected_roles(name)) or ["platform_admin"]  # nobody's: refused to all
        role = allowed[turn % len(allowed)]
        response = read(clients[role], url)
        if response.status_code >= 500 or is_denied(response) == bool(expected_roles(name)):
            failures.append(f"{url} ({name}) for {role}: {response.status_code}")
    assert not failures, "\n".join(failures)

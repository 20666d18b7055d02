"""The code hosting administration pages: a forge's webhook secret and sign-in client (each
secret shown once), its backup attestation (CH9), each namespace's audits, and the membership
plan of a project's repositories (CH5, CH11), with who may open what."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.test import Client
from django.urls import reverse
from oauth2_provider.models import Application

from osunited.audit.models import AuditEvent
from osunited.catalog.models import Project
from osunited.forges import auditing, provisioning
from osunited.forges.adapters import AccessLevel, ForgeUnavailable
from osunited.forges.models import (
    BackupAttestation,
    Forge,
    ForgeAudit,
    ForgeNamespace,
    HostedRepository,
)
from osunited.forges.services import forge_account_for
from osunited.forges.vault import decrypt_secret
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory
from tests.forges.memory_forge import MemoryForge
from tests.forges.test_provisioning import internal_project

pytestmark = pytest.mark.django_db

CALLBACK = "https://gitlab.example.org/users/auth/openid_connect/callback"


@pytest.fixture
def hosted(cast: Cast, forge: Forge, forge_memory: MemoryForge) -> HostedRepository:
    project = internal_project(cast)
    provisioning.repositories_provision(
        project_id=project.pk, adapter_factory=lambda f: forge_memory
    )
    return HostedRepository.objects.select_related("namespace__forge", "project").get()


@pytest.fixture
def on_memory(monkeypatch: pytest.MonkeyPatch, forge_memory: MemoryForge) -> MemoryForge:
    """The pages reach the in-memory forge instead of the configured one."""
    monkeypatch.setattr("osunited.forges.views.page_adapter", lambda forge: forge_memory)
    return forge_memory


def namespace_of(forge: Forge) -> ForgeNamespace:
    return ForgeNamespace.objects.get(forge=forge)


def admin_only_urls(forge: Forge) -> list[tuple[str, str, dict[str, str]]]:
    namespace = namespace_of(forge)
    repository = HostedRepository.objects.first()  # ids differ from one database to another
    repository_id = str(repository.pk if repository else 1)
    return [
        ("get", reverse("hosting:forge_detail", args=[forge.pk]), {}),
        ("post", reverse("hosting:webhook_rotate", args=[forge.pk]), {}),
        ("post", reverse("hosting:signin_create", args=[forge.pk]), {"redirect_uri": CALLBACK}),
        ("post", reverse("hosting:signin_replace", args=[forge.pk]), {}),
        (
            "post",
            reverse("hosting:backup_attest", args=[forge.pk]),
            {"attested_on": date.today().isoformat(), "note": "restored"},
        ),
        ("get", reverse("hosting:namespace_audits", args=[namespace.pk]), {}),
        ("post", reverse("hosting:namespace_audit", args=[namespace.pk]), {}),
        ("post", reverse("hosting:audits_run_all"), {}),
        (
            "post",
            reverse("hosting:membership_apply", args=["field-survey"]),
            {"repository": repository_id},
        ),
    ]


# Who may open what ---------------------------------------------------------------------------


def test_the_public_signs_in_first_and_staff_and_focal_points_are_refused(
    cast: Cast, forge: Forge, hosted: HostedRepository
) -> None:
    membership = reverse("hosting:membership", args=["field-survey"])
    for method, url, data in [*admin_only_urls(forge), ("get", membership, {})]:
        anonymous = getattr(Client(), method)(url, data)
        assert anonymous.status_code == 302, url
        assert anonymous["Location"].startswith("/accounts/login/?next=")
        assert getattr(client_for(cast.frank), method)(url, data).status_code == 403, url
    for method, url, data in admin_only_urls(forge):
        assert getattr(client_for(cast.alice), method)(url, data).status_code == 403, url
    assert not Application.objects.exists()
    assert not BackupAttestation.objects.exists()
    assert not ForgeAudit.objects.exists()
    assert forge.webhook_secret_encrypted == Forge.objects.get().webhook_secret_encrypted


def test_admins_open_every_page(
    cast: Cast,
    forge: Forge,
    hosted: HostedRepository,
    on_memory: MemoryForge,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: object,
) -> None:
    monkeypatch.setattr("osunited.forges.tasks.audit_namespaces.delay", lambda: None)
    admin = client_for(cast.heidi)
    for method, url, data in admin_only_urls(forge):
        response = getattr(admin, method)(url, data)
        assert response.status_code in (200, 302), (url, response.status_code)
    membership = admin.get(reverse("hosting:membership", args=["field-survey"]))
    assert membership.status_code == 200


def test_a_focal_point_of_the_project_sees_its_membership_and_one_of_another_does_not(
    cast: Cast, hosted: HostedRepository, on_memory: MemoryForge
) -> None:
    ProjectFactory(slug="other", entity=cast.undp, status="published", focal_points=[cast.frank])
    url = reverse("hosting:membership", args=["field-survey"])

    page = client_for(cast.alice).get(url)

    assert page.status_code == 200
    assert "Apply" not in page.content.decode()
    assert client_for(cast.frank).get(url).status_code in (403, 404)


def test_the_project_page_links_the_membership_for_those_allowed_only(
    cast: Cast, hosted: HostedRepository
) -> None:
    project = Project.objects.get(slug="field-survey")
    link = reverse("hosting:membership", args=[project.slug])
    detail = reverse("catalog:detail", args=[project.slug])
    assert link in client_for(cast.alice).get(detail).content.decode()
    assert link in client_for(cast.heidi).get(detail).content.decode()
    assert link not in client_for(cast.bob).get(detail).content.decode()  # a reviewer
    assert link not in Client().get(detail).content.decode()


# The webhook secret --------------------------------------------------------------------------


def test_the_webhook_secret_is_shown_once_with_the_url_and_never_again(
    cast: Cast, forge: Forge
) -> None:
    admin = client_for(cast.heidi)

    response = admin.post(reverse("hosting:webhook_rotate", args=[forge.pk]))

    secret = decrypt_secret(Forge.objects.get().webhook_secret_encrypted)
    page = response.content.decode()
    assert response.status_code == 200
    assert secret in page
    assert f"{settings.SITE_URL}/hosting/webhooks/{forge.pk}/" in page
    assert "Merge request events" in page  # GitLab's instructions
    assert "no-store" in response["Cache-Control"]
    assert secret not in str(dict(admin.session))
    assert (
        secret not in admin.get(reverse("hosting:forge_detail", args=[forge.pk])).content.decode()
    )
    assert secret not in admin.get(reverse("hosting:forges")).content.decode()
    assert all(secret not in str(event.changes) for event in AuditEvent.objects.all())
    assert AuditEvent.objects.filter(action="forge.webhook_secret_rotated").count() == 1


def test_a_github_forge_gets_github_instructions(cast: Cast, forge: Forge) -> None:
    Forge.objects.filter(pk=forge.pk).update(kind="github", base_url="https://api.github.com")

    page = client_for(cast.heidi).post(reverse("hosting:webhook_rotate", args=[forge.pk]))

    assert "Pull requests" in page.content.decode()
    assert "application/json" in page.content.decode()


# The sign-in client --------------------------------------------------------------------------


def test_the_redirect_uri_is_prefilled_from_the_gitlab_address(cast: Cast, forge: Forge) -> None:
    page = client_for(cast.heidi).get(reverse("hosting:forge_detail", args=[forge.pk]))
    assert f'value="{CALLBACK}"' in page.content.decode()


def test_the_sign_in_client_is_created_linked_and_its_secret_shown_once(
    cast: Cast, forge: Forge
) -> None:
    admin = client_for(cast.heidi)

    response = admin.post(
        reverse("hosting:signin_create", args=[forge.pk]), {"redirect_uri": CALLBACK}
    )

    application = Application.objects.get()
    assert Forge.objects.get().oidc_application == application
    assert application.client_type == Application.CLIENT_CONFIDENTIAL
    assert application.authorization_grant_type == Application.GRANT_AUTHORIZATION_CODE
    assert application.algorithm == Application.RS256_ALGORITHM
    assert application.redirect_uris == CALLBACK
    page = response.content.decode()
    secret = page.split('class="one-time-secret" dir="ltr">')[1].split("<")[0]
    assert check_password(secret, application.client_secret)  # kept hashed
    assert application.client_id in page
    assert "no-store" in response["Cache-Control"]

    later = admin.get(reverse("hosting:forge_detail", args=[forge.pk])).content.decode()
    assert application.client_id in later
    assert secret not in later
    assert secret not in str(dict(admin.session))
    assert all(secret not in str(event.changes) for event in AuditEvent.objects.all())
    assert AuditEvent.objects.filter(action="forge.signin_client_created").exists()


def test_replacing_the_secret_shows_a_new_one_once_and_the_old_one_stops(
    cast: Cast, forge: Forge
) -> None:
    admin = client_for(cast.heidi)
    first = admin.post(
        reverse("hosting:signin_create", args=[forge.pk]), {"redirect_uri": CALLBACK}
    ).content.decode()
    old = first.split('class="one-time-secret" dir="ltr">')[1].split("<")[0]

    response = admin.post(reverse("hosting:signin_replace", args=[forge.pk]))

    new = response.content.decode().split('class="one-time-secret" dir="ltr">')[1].split("<")[0]
    application = Application.objects.get()
    assert new != old
    assert check_password(new, application.client_secret)
    assert not check_password(old, application.client_secret)
    assert new not in admin.get(reverse("hosting:forge_detail", args=[forge.pk])).content.decode()
    assert all(new not in str(event.changes) for event in AuditEvent.objects.all())


@pytest.mark.parametrize(
    ("redirect_uri", "message"),
    [
        ("", "Give the forge&#x27;s redirect URI."),
        ("http://gitlab.example.org/users/auth/openid_connect/callback", "https://"),
        ("gitlab.example.org/callback", "https://"),
    ],
)
def test_a_bad_redirect_uri_is_refused_with_a_message_and_changes_nothing(
    cast: Cast, forge: Forge, redirect_uri: str, message: str
) -> None:
    response = client_for(cast.heidi).post(
        reverse("hosting:signin_create", args=[forge.pk]), {"redirect_uri": redirect_uri}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "nothing was saved" in response.content.decode()
    assert not Application.objects.exists()
    assert Forge.objects.get().oidc_application is None
    assert not AuditEvent.objects.filter(action__startswith="forge.signin").exists()


def test_a_second_client_is_refused(cast: Cast, forge: Forge) -> None:
    admin = client_for(cast.heidi)
    url = reverse("hosting:signin_create", args=[forge.pk])
    admin.post(url, {"redirect_uri": CALLBACK})

    response = admin.post(url, {"redirect_uri": CALLBACK})

    assert response.status_code == 400
    assert Application.objects.count() == 1


def test_replacing_a_secret_without_a_client_says_so(cast: Cast, forge: Forge) -> None:
    response = client_for(cast.heidi).post(
        reverse("hosting:signin_replace", args=[forge.pk]), follow=True
    )
    assert "no sign-in client yet" in response.content.decode()


# The backup attestation (CH9) ----------------------------------------------------------------


def test_an_attestation_is_recorded_audited_and_the_latest_shown(cast: Cast, forge: Forge) -> None:
    admin = client_for(cast.heidi)
    url = reverse("hosting:backup_attest", args=[forge.pk])
    admin.post(url, {"attested_on": "2020-01-02", "note": "older"})

    response = admin.post(url, {"attested_on": date.today().isoformat(), "note": "Restored."})

    assert response.status_code == 302
    latest = BackupAttestation.objects.first()
    assert latest is not None
    assert (latest.attested_on, latest.note, latest.attested_by) == (
        date.today(),
        "Restored.",
        cast.heidi,
    )
    page = admin.get(reverse("hosting:forge_detail", args=[forge.pk])).content.decode()
    assert f"Last tested on {date.today():%Y-%m-%d}" in page
    assert AuditEvent.objects.filter(action="forge.backup_attested").count() == 2


@pytest.mark.parametrize(
    ("attested_on", "message"),
    [
        ((date.today() + timedelta(days=1)).isoformat(), "cannot be dated in the future"),
        ("not a date", "Enter a valid date"),
        ("", "This field is required"),
    ],
)
def test_a_bad_attestation_is_refused_with_a_message_and_changes_nothing(
    cast: Cast, forge: Forge, attested_on: str, message: str
) -> None:
    response = client_for(cast.heidi).post(
        reverse("hosting:backup_attest", args=[forge.pk]), {"attested_on": attested_on}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not BackupAttestation.objects.exists()
    assert not AuditEvent.objects.filter(action="forge.backup_attested").exists()


# Audits --------------------------------------------------------------------------------------


def test_the_audit_page_shows_the_latest_report_as_a_table_with_reasons(
    cast: Cast, forge: Forge, hosted: HostedRepository, forge_memory: MemoryForge
) -> None:
    namespace = namespace_of(forge)
    older = auditing.namespace_audit_run(namespace_id=namespace.pk, adapter=forge_memory)
    run = auditing.namespace_audit_run(namespace_id=namespace.pk, adapter=forge_memory)

    page = client_for(cast.heidi).get(reverse("hosting:namespace_audits", args=[namespace.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "unicef/ospo/field-survey" in html
    for n in range(1, 13):
        assert f">CH{n}</abbr>" in html
    assert html.count("<details>") == 12
    assert ">met<" in html
    assert ">not met<" in html
    ch9 = next(g for g in run.report["repositories"][0]["guidelines"] if g["id"] == "CH9")
    assert ch9["reason"] in html or ch9["reason"].replace("'", "&#x27;") in html
    assert f"{older.started_at:%Y-%m-%d %H:%M}" in html  # listed among the earlier ones
    assert f"{run.started_at:%Y-%m-%d %H:%M}" in html


def test_the_audit_page_shows_why_an_audit_could_not_be_done(cast: Cast, forge: Forge) -> None:
    namespace = namespace_of(forge)
    ForgeAudit.objects.create(
        namespace=namespace,
        started_at=namespace.forge.created_at,
        finished_at=namespace.forge.created_at,
        error="GitLab could not be reached (GET /groups/unicef%2Fospo).",
    )

    page = client_for(cast.heidi).get(reverse("hosting:namespace_audits", args=[namespace.pk]))

    assert "GitLab could not be reached (GET /groups/unicef%2Fospo)." in page.content.decode()
    assert "<table" not in page.content.decode()


def test_audit_now_audits_the_namespace_at_once(
    cast: Cast, forge: Forge, hosted: HostedRepository, on_memory: MemoryForge
) -> None:
    namespace = namespace_of(forge)

    response = client_for(cast.heidi).post(
        reverse("hosting:namespace_audit", args=[namespace.pk]), follow=True
    )

    run = ForgeAudit.objects.get()
    assert run.error == ""
    assert run.report["repositories"][0]["repository"] == "unicef/ospo/field-survey"
    assert "The namespace was audited." in response.content.decode()
    assert AuditEvent.objects.filter(action="forge.audit_requested", actor=cast.heidi).exists()


def test_audit_now_records_the_forges_reason(
    cast: Cast, forge: Forge, on_memory: MemoryForge
) -> None:
    on_memory.fail_next("namespace_settings", ForgeUnavailable("GitLab answered 503."))
    namespace = namespace_of(forge)

    response = client_for(cast.heidi).post(
        reverse("hosting:namespace_audit", args=[namespace.pk]), follow=True
    )

    assert ForgeAudit.objects.get().error == "GitLab answered 503."
    assert "GitLab answered 503." in response.content.decode()


def test_every_namespace_is_audited_in_the_background_on_request(
    cast: Cast,
    forge: Forge,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: object,
) -> None:
    enqueued = []
    monkeypatch.setattr(
        "osunited.forges.tasks.audit_namespaces.delay", lambda: enqueued.append(True)
    )

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client_for(cast.heidi).post(reverse("hosting:audits_run_all"))

    assert response.status_code == 302
    assert enqueued == [True]
    assert AuditEvent.objects.filter(action="forge.audits_requested").exists()


# Membership ----------------------------------------------------------------------------------


def test_the_membership_plan_shows_each_change_and_flags_inherited_ones(
    cast: Cast, hosted: HostedRepository, on_memory: MemoryForge
) -> None:
    carol = forge_account_for(forge=hosted.namespace.forge, user=cast.carol).username
    on_memory.repository("unicef/ospo/field-survey").members[carol] = AccessLevel.MAINTAINER
    on_memory.namespaces["unicef/ospo"].members["intruder"] = AccessLevel.OWNER
    on_memory.add_user("intruder")

    page = client_for(cast.heidi).get(reverse("hosting:membership", args=["field-survey"]))

    html = page.content.decode()
    assert carol in html
    assert "maintainers are UN staff only" in html
    assert "intruder" in html
    assert "owners are the hosting team only" in html
    assert "Inherited from the group" in html
    assert ">Apply</button>" in html


def test_apply_changes_the_forge_and_shows_what_was_done(
    cast: Cast, hosted: HostedRepository, on_memory: MemoryForge
) -> None:
    carol = forge_account_for(forge=hosted.namespace.forge, user=cast.carol).username
    remote = on_memory.repository("unicef/ospo/field-survey")
    remote.members[carol] = AccessLevel.MAINTAINER

    page = client_for(cast.heidi).post(
        reverse("hosting:membership_apply", args=["field-survey"]), {"repository": hosted.pk}
    )

    assert page.status_code == 200
    assert carol not in remote.members
    assert "1 change was made on the forge" in page.content.decode()
    assert "nothing to change" in page.content.decode()
    event = AuditEvent.objects.get(action="forge.member_changed")
    assert event.actor == cast.heidi


def test_a_forge_error_is_shown_as_a_sentence(
    cast: Cast, hosted: HostedRepository, on_memory: MemoryForge
) -> None:
    on_memory.fail_next("list_members", ForgeUnavailable("GitLab could not be reached."))

    page = client_for(cast.alice).get(reverse("hosting:membership", args=["field-survey"]))

    assert page.status_code == 200
    assert "The forge could not be asked: GitLab could not be reached." in page.content.decode()


def test_apply_to_an_unknown_repository_is_not_found(
    cast: Cast, hosted: HostedRepository, on_memory: MemoryForge
) -> None:
    url = reverse("hosting:membership_apply", args=["field-survey"])
    admin = client_for(cast.heidi)
    before = dict(on_memory.calls)
    assert admin.post(url, {"repository": "abc"}).status_code == 404
    assert admin.post(url, {"repository": hosted.pk + 100}).status_code == 404
    assert dict(on_memory.calls) == before


def test_no_token_or_secret_in_any_page_or_audit_entry(
    cast: Cast, forge: Forge, hosted: HostedRepository, on_memory: MemoryForge
) -> None:
    admin = client_for(cast.heidi)
    admin.post(reverse("hosting:webhook_rotate", args=[forge.pk]))
    admin.post(reverse("hosting:signin_create", args=[forge.pk]), {"redirect_uri": CALLBACK})
    webhook_secret = decrypt_secret(Forge.objects.get().webhook_secret_encrypted)
    token = "glpat-secret-token-1234"
    namespace = namespace_of(forge)
    pages = [
        admin.get(reverse("hosting:forges")),
        admin.get(reverse("hosting:forge_detail", args=[forge.pk])),
        admin.get(reverse("hosting:namespace_audits", args=[namespace.pk])),
        admin.get(reverse("hosting:membership", args=["field-survey"])),
    ]
    for response in pages:
        body = response.content.decode()
        assert token not in body
        assert webhook_secret not in body
    changes = " ".join(str(event.changes) for event in AuditEvent.objects.all())
    assert token not in changes
    assert webhook_secret not in changes

"""The code hosting pages: platform admins configure forges (the token write-only) and the
entities' namespaces, and check the connection; the project page shows its repository to each
viewer as far as they may see it, with a retry for a failed provisioning."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osunited.audit.models import AuditEvent
from osunited.catalog.models import Project
from osunited.catalog.workflow import ProjectStatus
from osunited.forges import provisioning
from osunited.forges.models import Forge, ForgeNamespace, HostedRepository, HostingState
from osunited.forges.services import connection_of, forge_save, namespace_set
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory, UserFactory
from tests.forges.fake_gitlab import DEVELOPER, FakeGitLab
from tests.forges.memory_forge import MemoryForge
from tests.forges.test_provisioning import internal_project

pytestmark = pytest.mark.django_db

TOKEN = "fake-token-never-shown-5678"


@pytest.fixture
def forge(cast: Cast) -> Forge:
    configured = forge_save(
        actor=cast.heidi,
        name="UN GitLab",
        kind="gitlab",
        base_url="https://gitlab.example.org",
        token=TOKEN,
        hosting_team=["hosting-team"],
    )
    namespace_set(actor=cast.heidi, entity=cast.unicef, forge=configured, path="unicef/ospo")
    return configured


def admin_urls(forge: Forge) -> list[tuple[str, str]]:
    return [
        ("get", reverse("hosting:forges")),
        ("get", reverse("hosting:forge_create")),
        ("get", reverse("hosting:forge_edit", args=[forge.pk])),
        ("post", reverse("hosting:forge_check", args=[forge.pk])),
        ("get", reverse("hosting:namespace_set")),
    ]


# Who may open what ---------------------------------------------------------------------------


def test_the_public_is_sent_to_sign_in_and_staff_who_are_not_admins_are_refused(
    cast: Cast, forge: Forge
) -> None:
    for method, url in admin_urls(forge):
        anonymous = getattr(Client(), method)(url)
        assert anonymous.status_code == 302, url
        assert anonymous["Location"].startswith("/accounts/login/?next=")
        for person in (cast.frank, cast.bob, cast.alice, cast.erin):
            assert getattr(client_for(person), method)(url).status_code == 403, (url, person)


def test_admins_open_every_page(cast: Cast, forge: Forge, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("osunited.forges.services._checking_adapter", lambda forge: MemoryForge())
    admin = client_for(cast.heidi)
    for method, url in admin_urls(forge):
        assert getattr(admin, method)(url).status_code == 200, url


def test_only_admins_see_the_link_to_code_hosting(cast: Cast) -> None:
    link = reverse("hosting:forges")
    assert f'href="{link}"' in client_for(cast.heidi).get("/").content.decode()
    assert f'href="{link}"' not in client_for(cast.bob).get("/").content.decode()


# Forges and namespaces ------------------------------------------------------------------------


def test_the_list_of_forges_takes_the_same_queries_for_more_forges(
    cast: Cast, forge: Forge, django_assert_max_num_queries: Any
) -> None:
    admin = client_for(cast.heidi)
    with CaptureQueriesContext(connection) as one:
        admin.get(reverse("hosting:forges"))
    for n, entity in enumerate((cast.who, cast.undp)):
        more = forge_save(
            actor=cast.heidi,
            name=f"Forge {n}",
            kind="github",
            base_url="https://api.github.com",
            token=TOKEN,
            hosting_team=[],
        )
        namespace_set(actor=cast.heidi, entity=entity, forge=more, path=f"org-{n}")

    with django_assert_max_num_queries(len(one)):
        page = admin.get(reverse("hosting:forges")).content.decode()
    assert 'WHO: <code dir="ltr">org-0</code>' in page


def forge_post(**changes: str) -> dict[str, str]:
    return {
        "name": "UN GitLab 2",
        "kind": "gitlab",
        "base_url": "https://gitlab2.example.org",
        "token": "fake-second-token-9999",
        "hosting_team": "hosting-team\nops-team, platform",
        **changes,
    }


def test_an_admin_adds_a_forge_with_its_token_kept_encrypted(cast: Cast) -> None:
    response = client_for(cast.heidi).post(reverse("hosting:forge_create"), forge_post())

    assert response.status_code == 302
    forge = Forge.objects.get(name="UN GitLab 2")
    assert forge.hosting_team == ["hosting-team", "ops-team", "platform"]
    assert connection_of(forge).token == "fake-second-token-9999"
    assert forge.token_hint == "9999"
    page = client_for(cast.heidi).get(reverse("hosting:forges")).content.decode()
    assert "•••• 9999" in page
    assert "fake-second-token" not in page


def test_the_token_is_never_in_a_page(cast: Cast, forge: Forge) -> None:
    admin = client_for(cast.heidi)
    bodies = [
        admin.get(reverse("hosting:forges")),
        admin.get(reverse("hosting:forge_edit", args=[forge.pk])),
        # A refused form comes back without the token that was typed, and without the stored one.
        admin.post(
            reverse("hosting:forge_edit", args=[forge.pk]),
            forge_post(base_url="http://gitlab.example.org", token=TOKEN),
        ),
        admin.post(reverse("hosting:forge_create"), forge_post(kind="svn", token=TOKEN)),
    ]
    for response in bodies:
        assert TOKEN not in response.content.decode()
        assert TOKEN[-8:] not in response.content.decode()
    assert all(TOKEN not in str(event.changes) for event in AuditEvent.objects.all())
    token_input = 'name="token"'
    edit_page = bodies[1].content.decode()
    assert token_input in edit_page
    assert 'autocomplete="off"' in edit_page


def test_an_edit_with_an_empty_token_keeps_the_stored_one(cast: Cast, forge: Forge) -> None:
    response = client_for(cast.heidi).post(
        reverse("hosting:forge_edit", args=[forge.pk]),
        forge_post(name="UN GitLab", token="", base_url="https://code.example.org"),
    )

    assert response.status_code == 302
    forge.refresh_from_db()
    assert forge.base_url == "https://code.example.org"
    assert connection_of(forge).token == TOKEN


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "svn"}, "Select a valid choice."),
        ({"base_url": "http://gitlab.example.org"}, "must be an https:// address"),
        ({"base_url": "https://user:pw@gitlab.example.org"}, "the token goes in its own field"),
        ({"base_url": "http://[::1"}, "Enter a valid https:// address"),
        ({"token": ""}, "A token is needed to reach the forge."),
        ({"token": "   "}, "A token is needed to reach the forge."),
        ({"name": ""}, "This field is required."),
    ],
)
def test_bad_forge_input_is_shown_on_the_form_and_changes_nothing(
    cast: Cast, changes: dict[str, str], message: str
) -> None:
    response = client_for(cast.heidi).post(reverse("hosting:forge_create"), forge_post(**changes))

    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'aria-invalid="true"' in body  # the message is tied to its field
    assert not Forge.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="forge.").exists()


def test_an_admin_sets_an_entitys_namespace(cast: Cast, forge: Forge) -> None:
    form = client_for(cast.heidi).get(reverse("hosting:namespace_set") + "?entity=who")
    assert 'value="who" selected' in form.content.decode()

    response = client_for(cast.heidi).post(
        reverse("hosting:namespace_set"),
        {"entity": "who", "forge": forge.pk, "path": "who/digital"},
    )

    assert response.status_code == 302
    assert ForgeNamespace.objects.get(entity=cast.who).path == "who/digital"
    assert AuditEvent.objects.filter(action="forge.namespace_set", actor=cast.heidi).count() == 2


def test_a_namespace_set_later_provisions_the_projects_that_waited_for_it(
    cast: Cast, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    memory = MemoryForge()
    memory.add_namespace("unicef/ospo")
    monkeypatch.setattr(provisioning, "adapter_for", lambda connection: memory)
    forge = forge_save(
        actor=cast.heidi,
        name="UN GitLab",
        kind="gitlab",
        base_url="https://gitlab.example.org",
        token=TOKEN,
        hosting_team=[],
    )
    waiting = internal_project(cast)
    assert "Waiting for a namespace of UNICEF" in page_of(cast.alice, waiting)

    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.heidi).post(
            reverse("hosting:namespace_set"),
            {"entity": "unicef", "forge": forge.pk, "path": "unicef/ospo"},
        )

    assert HostedRepository.objects.get(project=waiting).state == HostingState.READY
    assert "Provisioned" in page_of(cast.alice, waiting)


def test_a_refused_edit_shows_the_forge_as_stored(cast: Cast, forge: Forge) -> None:
    response = client_for(cast.heidi).post(
        reverse("hosting:forge_edit", args=[forge.pk]),
        forge_post(name="Renamed", base_url="ftp://gitlab.example.org"),
    )

    assert "<h1>Edit UN GitLab</h1>" in response.content.decode()
    assert Forge.objects.get(pk=forge.pk).name == "UN GitLab"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("unicef/../admin", "Give the group&#x27;s full path"),
        ("..", "Give the group&#x27;s full path"),
        ("", "This field is required."),
    ],
)
def test_a_bad_namespace_is_shown_on_the_form_and_changes_nothing(
    cast: Cast, forge: Forge, path: str, message: str
) -> None:
    response = client_for(cast.heidi).post(
        reverse("hosting:namespace_set"), {"entity": "unicef", "forge": forge.pk, "path": path}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert ForgeNamespace.objects.get(entity=cast.unicef).path == "unicef/ospo"


FUZZ_TEXT = st.text(max_size=40) | st.sampled_from(["", "..", "http://x", "https://", "\x00"])


FUZZ_FIELDS = st.sampled_from(
    ["name", "kind", "base_url", "token", "hosting_team", "entity", "forge", "path"]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.dictionaries(FUZZ_FIELDS, FUZZ_TEXT))
def test_no_input_makes_a_server_error(cast: Cast, forge: Forge, data: dict[str, str]) -> None:
    admin = client_for(cast.heidi)
    for url in (
        reverse("hosting:forge_create"),
        reverse("hosting:forge_edit", args=[forge.pk]),
        reverse("hosting:namespace_set"),
    ):
        assert admin.post(url, data).status_code in {200, 302, 400}, (url, data)
    assert connection_of(Forge.objects.get(pk=forge.pk)).token in {
        TOKEN,
        data.get("token", "").strip(),
    }


# Checking the connection -----------------------------------------------------------------------


@pytest.fixture
def fake_gitlab() -> Iterator[FakeGitLab]:
    with FakeGitLab() as server:
        server.add_group("unicef/ospo")
        server.add_group("who", bot_access=DEVELOPER)
        yield server


def test_checking_the_connection_says_who_the_token_acts_as_or_why_not(
    cast: Cast, fake_gitlab: FakeGitLab
) -> None:
    forge = forge_save(
        actor=cast.heidi,
        name="Local GitLab",
        kind="gitlab",
        base_url=fake_gitlab.url,
        token=fake_gitlab.token,
        hosting_team=[],
    )
    namespace_set(actor=cast.heidi, entity=cast.unicef, forge=forge, path="unicef/ospo")
    namespace_set(actor=cast.heidi, entity=cast.who, forge=forge, path="who")

    response = client_for(cast.heidi).post(
        reverse("hosting:forge_check", args=[forge.pk]), HTTP_HX_REQUEST="true"
    )

    body = response.content.decode()
    assert "UNICEF (unicef/ospo): the token acts as osu-bot, who may manage it." in body
    assert "WHO (who): cannot be managed." in body
    assert "not a maintainer or owner of the group who" in body
    assert "<html" not in body  # htmx gets the fragment
    event = AuditEvent.objects.get(action="forge.connection_checked")
    assert event.actor == cast.heidi
    assert fake_gitlab.token not in str(event.changes)
    assert fake_gitlab.token not in body


def test_a_forge_that_cannot_be_reached_is_said_so_without_waiting(
    cast: Cast, forge: Forge
) -> None:
    forge.base_url = "http://127.0.0.1:9"  # nothing listens on the discard port
    forge.save(update_fields=["base_url"])

    response = client_for(cast.heidi).post(reverse("hosting:forge_check", args=[forge.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "UNICEF (unicef/ospo): cannot be managed." in body
    assert "<html" in body  # without htmx, the whole page with the result in it


def test_a_token_the_platform_can_no_longer_decrypt_is_said_so(
    cast: Cast, forge: Forge, settings: Any
) -> None:
    settings.SECRETS_KEYS = ["a-key-the-token-was-not-saved-with"]

    response = client_for(cast.heidi).post(
        reverse("hosting:forge_check", args=[forge.pk]), HTTP_HX_REQUEST="true"
    )

    assert "cannot be decrypted with the platform&#x27;s keys" in response.content.decode()


# The project page ---------------------------------------------------------------------------


@pytest.fixture
def hosted(cast: Cast, forge: Forge) -> HostedRepository:
    project = internal_project(cast)
    namespace = ForgeNamespace.objects.get(entity=cast.unicef)
    return HostedRepository.objects.create(
        project=project,
        namespace=namespace,
        path="field-survey",
        state=HostingState.FAILED,
        last_error="GitLab answered 403: the token may not create projects in unicef/ospo.",
        notes=["Not yet on the forge, to be made maintainers when they first sign in: alice."],
        web_url="https://gitlab.example.org/unicef/ospo/field-survey",
    )


def page_of(user: Any, project: Project) -> str:
    return client_for(user).get(reverse("catalog:detail", args=[project.slug])).content.decode()


def test_focal_points_reviewers_and_admins_see_the_state_the_reason_and_the_notes(
    cast: Cast, hosted: HostedRepository
) -> None:
    for person in (cast.alice, cast.bob, cast.heidi):
        page = page_of(person, hosted.project)
        assert "Provisioning failed" in page
        assert "the token may not create projects in unicef/ospo" in page
        assert "to be made maintainers when they first sign in: alice" in page
        assert "Private until the committee" in page


def test_the_retry_is_offered_to_focal_points_and_admins_only(
    cast: Cast, hosted: HostedRepository
) -> None:
    retry = reverse("hosting:project_retry", args=[hosted.project.slug])
    assert retry in page_of(cast.alice, hosted.project)
    assert retry in page_of(cast.heidi, hosted.project)
    assert retry not in page_of(cast.bob, hosted.project)


def test_the_public_sees_the_link_only_once_the_repository_is_public(
    cast: Cast, hosted: HostedRepository
) -> None:
    project = hosted.project
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.PUBLISHED)
    HostedRepository.objects.filter(pk=hosted.pk).update(state=HostingState.READY)
    for viewer in (None, cast.frank):
        page = page_of(viewer, project)
        assert "Code hosting" not in page
        assert hosted.web_url not in page

    hosted.refresh_from_db()
    hosted.public = True
    hosted.save(update_fields=["public"])  # a kept anonymous page is renewed

    for viewer in (None, cast.frank):
        page = page_of(viewer, project)
        assert f'href="{hosted.web_url}"' in page
        assert "the token may not create projects" not in page
        assert "to be made maintainers" not in page
        assert "Provisioned" not in page  # the state is for the people with a role on it


def test_an_approved_project_of_an_entity_without_a_namespace_says_it_waits(cast: Cast) -> None:
    project = internal_project(cast)
    page = page_of(cast.alice, project)
    assert "Waiting for a namespace of UNICEF on a forge" in page


def test_projects_hosted_elsewhere_or_not_approved_show_no_hosting(
    cast: Cast, forge: Forge
) -> None:
    external = ProjectFactory(entity=cast.unicef, status="published", focal_points=[cast.alice])
    in_review = ProjectFactory(
        name="Queued",
        entity=cast.unicef,
        hosting="internal",
        status="in_review",
        focal_points=[cast.alice],
    )
    assert "Code hosting" not in page_of(cast.alice, external)
    assert "Code hosting" not in page_of(cast.alice, in_review)


# Retrying ----------------------------------------------------------------------------------------


def test_retry_needs_a_sign_in_and_a_role_on_the_project(
    cast: Cast, hosted: HostedRepository
) -> None:
    retry = reverse("hosting:project_retry", args=[hosted.project.slug])
    anonymous = Client().post(retry)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/?next=")
    assert client_for(cast.frank).post(retry).status_code == 403
    assert client_for(cast.bob).post(retry).status_code == 403  # a reviewer, not a focal point
    other_focal_point = UserFactory(email="olga@unicef.org")
    ProjectFactory(name="Other", entity=cast.unicef, focal_points=[other_focal_point])
    assert client_for(other_focal_point).post(retry).status_code in {403, 404}
    hosted.refresh_from_db()
    assert hosted.state == HostingState.FAILED
    assert not AuditEvent.objects.filter(action="forge.repository_retried").exists()


@pytest.mark.parametrize("who", ["alice", "heidi"])
def test_a_retry_provisions_again_and_is_audited(
    cast: Cast,
    hosted: HostedRepository,
    who: str,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    memory = MemoryForge()
    memory.add_namespace("unicef/ospo")
    memory.add_user("alice")
    monkeypatch.setattr(provisioning, "adapter_for", lambda connection: memory)
    retry = reverse("hosting:project_retry", args=[hosted.project.slug])

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(getattr(cast, who)).post(retry, HTTP_HX_REQUEST="true")

    hosted.refresh_from_db()
    assert (hosted.state, hosted.last_error) == (HostingState.READY, "")
    body = response.content.decode()
    assert "Provisioning was asked for again." in body
    assert "<html" not in body
    event = AuditEvent.objects.get(action="forge.repository_retried")
    assert event.actor == getattr(cast, who)
    assert "may not create projects" in str(event.changes)


def test_a_retry_of_a_repository_that_did_not_fail_is_refused_with_a_message(
    cast: Cast, hosted: HostedRepository
) -> None:
    HostedRepository.objects.filter(pk=hosted.pk).update(state=HostingState.READY)
    retry = reverse("hosting:project_retry", args=[hosted.project.slug])

    response = client_for(cast.alice).post(retry, follow=True)

    assert "Nothing to retry" in response.content.decode()
    hosted.refresh_from_db()
    assert hosted.state == HostingState.READY
    assert not AuditEvent.objects.filter(action="forge.repository_retried").exists()


def test_retry_answers_only_posts(cast: Cast, hosted: HostedRepository) -> None:
    retry = reverse("hosting:project_retry", args=[hosted.project.slug])
    assert client_for(cast.alice).get(retry).status_code == 405

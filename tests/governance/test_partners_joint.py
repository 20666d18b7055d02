"""Joint projects (CPF 4.1.3, SC5): a project's focal point or its entity's representative invites
another entity to co-lead, that entity's representative confirms or declines; an entity's
representative declares reuse; only confirmed partners of published projects are shown."""

import pytest
from django.test import Client
from django.urls import reverse

from osunited.accounts.models import GrantedRole
from osunited.accounts.services import role_grant
from osunited.audit.models import AuditEvent
from osunited.catalog.models import Project
from osunited.governance.models import ProjectPartner, ProjectPartnerRole
from osunited.governance.services.partners import partner_declare_reuse, partner_invite
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

JOINT = reverse("governance:joint_projects")


def _page(project: Project) -> str:
    return reverse("catalog:detail", args=[project.slug])


@pytest.fixture
def project(cast: Cast) -> Project:
    """UNICEF's published project; alice is its focal point."""
    return ProjectFactory(
        name="Rapid Pro", slug="rapid-pro", entity=cast.unicef, status="published",
        focal_points=[cast.alice],
    )  # fmt: skip


@pytest.fixture
def who_representative(cast: Cast):  # type: ignore[no-untyped-def]
    person = UserFactory(email="rep@who.int")
    role_grant(user=person, role=GrantedRole.ENTITY_REPRESENTATIVE, entity=cast.who, actor=None)
    return person


def _invite(client: Client, project: Project, entity_pk: int, note: str = "") -> object:
    url = reverse("governance:joint_invite", args=[project.slug])
    return client.post(url, {"invite-entity": entity_pk, "invite-note": note})


def test_a_focal_point_invites_a_co_lead_shown_once_confirmed(
    cast: Cast, project: Project, who_representative: object
) -> None:
    response = _invite(client_for(cast.alice), project, cast.who.pk, "Leads the health module")

    assert response.status_code == 302
    partner = ProjectPartner.objects.get()
    assert (partner.role, partner.confirmed_at) == (ProjectPartnerRole.CO_LEAD, None)
    assert "Co-led with" not in client_for(None).get(_page(project)).content.decode()
    assert "Rapid Pro" not in client_for(None).get(JOINT).content.decode()

    client_for(who_representative).post(reverse("governance:joint_confirm", args=[partner.pk]))

    partner.refresh_from_db()
    assert partner.confirmed_by == who_representative
    page = client_for(None).get(_page(project)).content.decode()
    assert "Co-led with" in page
    assert "Leads the health module" in page
    joint = client_for(None).get(JOINT).content.decode()
    assert "Rapid Pro" in joint
    assert "WHO" in joint
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"governance.co_lead_invited", "governance.co_lead_confirmed"} <= actions


def test_the_entitys_representative_invites_too(cast: Cast, project: Project) -> None:
    assert _invite(client_for(cast.erin), project, cast.who.pk).status_code == 302
    assert ProjectPartner.objects.filter(entity=cast.who).exists()


def test_someone_else_cannot_invite(cast: Cast, project: Project) -> None:
    for user in (cast.frank, cast.carol, cast.grace):
        response = _invite(client_for(user), project, cast.who.pk)
        assert response.status_code == 403
    assert not ProjectPartner.objects.exists()


def test_an_invitation_is_confirmed_only_by_the_invited_entitys_representative(
    cast: Cast, project: Project
) -> None:
    partner = partner_invite(project=project, entity=cast.who, actor=cast.alice)
    url = reverse("governance:joint_confirm", args=[partner.pk])

    # erin represents UNICEF, the project's entity, not WHO: a forged confirmation
    response = client_for(cast.erin).post(url)

    assert response.status_code == 403
    partner.refresh_from_db()
    assert partner.confirmed_at is None


def test_the_invited_entity_declines(cast: Cast, project: Project, who_representative) -> None:  # type: ignore[no-untyped-def]
    partner = partner_invite(project=project, entity=cast.who, actor=cast.alice)

    client_for(who_representative).post(
        reverse("governance:joint_remove", args=[partner.pk]), {"next": "invitations"}
    )

    assert not ProjectPartner.objects.exists()
    assert AuditEvent.objects.filter(action="governance.project_partner_removed").exists()


def test_invitations_wait_on_the_representatives_page(
    cast: Cast, project: Project, who_representative: object
) -> None:
    partner_invite(project=project, entity=cast.who, actor=cast.alice)

    page = client_for(who_representative).get(reverse("governance:joint_invitations"))

    assert "Waiting for your confirmation" in page.content.decode()
    assert "Rapid Pro" in page.content.decode()


@pytest.mark.parametrize(
    ("entity", "message"),
    [
        ("unicef", "Choose one of the entities listed."),  # the project's own entity
        ("9999", "Choose one of the entities listed."),
        ("x", "Choose one of the entities listed."),
    ],
)
def test_bad_invitations_say_why_and_change_nothing(
    cast: Cast, project: Project, entity: str, message: str
) -> None:
    entity_pk = cast.unicef.pk if entity == "unicef" else entity
    client = client_for(cast.alice)

    response = _invite(client, project, entity_pk)  # type: ignore[arg-type]

    assert response.status_code == 302
    assert message in client.get(_page(project)).content.decode()
    assert not ProjectPartner.objects.exists()


def test_an_entity_is_invited_once(cast: Cast, project: Project) -> None:
    partner_invite(project=project, entity=cast.who, actor=cast.alice)
    client = client_for(cast.alice)

    _invite(client, project, cast.who.pk)

    assert "WHO is already listed" in client.get(_page(project)).content.decode()
    assert ProjectPartner.objects.count() == 1


def test_a_representative_declares_and_withdraws_reuse(cast: Cast) -> None:
    who_project = ProjectFactory(
        name="Go Data", slug="go-data", entity=cast.who, status="published"
    )
    client = client_for(cast.erin)
    url = reverse("governance:joint_reuse", args=[who_project.slug])

    client.post(url, {"reuse-entity": cast.unicef.pk, "reuse-note": "Used in country offices"})

    partner = ProjectPartner.objects.get()
    assert (partner.role, partner.confirmed_by) == (ProjectPartnerRole.REUSE, cast.erin)
    page = client_for(None).get(_page(who_project)).content.decode()
    assert "Reused by" in page
    assert "Used in country offices" in page

    client.post(reverse("governance:joint_remove", args=[partner.pk]))

    assert not ProjectPartner.objects.exists()
    assert "Reused by" not in client_for(None).get(_page(who_project)).content.decode()


def test_a_representative_declares_reuse_only_for_their_own_entity(cast: Cast) -> None:
    who_project = ProjectFactory(
        name="Go Data", slug="go-data", entity=cast.who, status="published"
    )
    url = reverse("governance:joint_reuse", args=[who_project.slug])

    client_for(cast.erin).post(url, {"reuse-entity": cast.undp.pk})  # a forged entity

    assert not ProjectPartner.objects.exists()


def test_another_entity_cannot_withdraw_a_reuse(cast: Cast, project: Project) -> None:
    reuse = partner_declare_reuse(project=project, entity=cast.undp, actor=_undp_rep(cast))

    # the project's own focal point and representative do not remove another entity's reuse
    for user in (cast.alice, cast.erin, cast.frank):
        response = client_for(user).post(reverse("governance:joint_remove", args=[reuse.pk]))
        assert response.status_code == 403
    assert ProjectPartner.objects.filter(pk=reuse.pk).exists()


def _undp_rep(cast: Cast):  # type: ignore[no-untyped-def]
    person = UserFactory(email="rep@undp.org")
    role_grant(user=person, role=GrantedRole.ENTITY_REPRESENTATIVE, entity=cast.undp, actor=None)
    return person


def test_unpublished_projects_have_no_partners(cast: Cast) -> None:
    draft = ProjectFactory(name="Draft", slug="draft", entity=cast.unicef, status="draft",
                           focal_points=[cast.alice])  # fmt: skip
    client = client_for(cast.alice)

    _invite(client, draft, cast.who.pk)

    assert not ProjectPartner.objects.exists()
    assert "Only projects published" in client.get(_page(draft)).content.decode()


def test_a_project_that_is_no_longer_public_leaves_the_joint_list(
    cast: Cast, project: Project
) -> None:
    partner_declare_reuse(project=project, entity=cast.undp, actor=_undp_rep(cast))
    assert "Rapid Pro" in client_for(None).get(JOINT).content.decode()

    Project.objects.filter(pk=project.pk).update(status="draft")

    assert "Rapid Pro" not in client_for(None).get(JOINT).content.decode()


def test_the_joint_list_filters_by_role_in_a_fixed_number_of_queries(
    cast: Cast, project: Project, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    undp_rep = _undp_rep(cast)
    for number in range(5):
        other = ProjectFactory(name=f"Tool {number}", entity=cast.unicef, status="published")
        partner_declare_reuse(project=other, entity=cast.undp, actor=undp_rep)
    partner_invite(project=project, entity=cast.who, actor=cast.alice)

    with django_assert_max_num_queries(8):
        page = client_for(None).get(JOINT, {"role": "reuse"}).content.decode()

    assert page.count("Tool ") == 5
    assert "Rapid Pro" not in page  # its invitation is not confirmed


def test_the_api_lists_a_published_projects_confirmed_partners(
    cast: Cast, project: Project
) -> None:
    partner_declare_reuse(project=project, entity=cast.undp, actor=_undp_rep(cast), note="HR")
    partner_invite(project=project, entity=cast.who, actor=cast.alice)  # not confirmed

    one = client_for(None).get(reverse("api:project", kwargs={"slug": project.slug})).json()
    listed = client_for(None).get(reverse("api:projects")).json()["items"]

    assert one["partners"] == [{"entity": "UNDP", "role": "reuse", "note": "HR"}]
    assert listed[0]["partners"] == one["partners"]

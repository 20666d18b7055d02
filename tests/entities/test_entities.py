"""Public entity pages, and the profile an entity's representatives edit."""

from django.test import Client

from osunited.audit.models import AuditEvent
from osunited.entities.models import Entity, OssibStatus
from tests.conftest import Cast, client_for
from tests.factories import UserFactory

EDIT_URL = "/entities/unicef/edit/"


def profile(entity: Entity) -> tuple[str, str, int | None]:
    entity.refresh_from_db()
    return entity.website, entity.description, entity.liaison_id


def test_the_entity_list_and_detail_are_public(cast: Cast) -> None:
    client = Client()

    listing = client.get("/entities/")
    detail = client.get("/entities/unicef/")

    assert listing.status_code == detail.status_code == 200
    for acronym in ("UNICEF", "WHO", "UNDP"):
        assert f'href="/entities/{acronym.lower()}/">{acronym}</a>' in listing.content.decode()
    assert "UNICEF organization" in detail.content.decode()
    assert "unicef.org" in detail.content.decode()
    assert client.get("/entities/no-such-entity/").status_code == 404


def test_a_representative_edits_the_profile_and_the_change_is_audited(cast: Cast) -> None:
    liaison = UserFactory(email="lia@unicef.org", display_name="Lia")

    response = client_for(cast.erin).post(
        EDIT_URL,
        {
            "website": "https://www.unicef.org/open",
            "description": "Open source at UNICEF.",
            "liaison": liaison.pk,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/entities/unicef/"
    assert profile(cast.unicef) == (
        "https://www.unicef.org/open",
        "Open source at UNICEF.",
        liaison.pk,
    )
    event = AuditEvent.objects.get(action="entity.profile_updated")
    assert (event.actor, event.object_id) == (cast.erin, str(cast.unicef.pk))
    assert event.changes == {
        "website": {"before": "", "after": "https://www.unicef.org/open"},
        "description": {"before": "", "after": "Open source at UNICEF."},
        "liaison": {"before": "", "after": "Lia"},
    }
    assert "Lia" in Client().get("/entities/unicef/").content.decode()


def test_it_rejects_a_liaison_from_another_entity(cast: Cast) -> None:
    before = profile(cast.unicef)

    response = client_for(cast.erin).post(
        EDIT_URL, {"website": "https://www.unicef.org", "liaison": cast.frank.pk}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert profile(cast.unicef) == before
    assert not AuditEvent.objects.filter(action="entity.profile_updated").exists()


def test_it_rejects_an_external_user_as_liaison(cast: Cast) -> None:
    # carol is not UN staff; the liaison choices are UNICEF's own staff only.
    page = client_for(cast.erin).get(EDIT_URL).content.decode()

    assert f'value="{cast.erin.pk}"' in page
    assert f'value="{cast.carol.pk}"' not in page
    assert f'value="{cast.frank.pk}"' not in page


def test_it_rejects_an_invalid_website(cast: Cast) -> None:
    before = profile(cast.unicef)

    response = client_for(cast.erin).post(
        EDIT_URL, {"website": "javascript:alert(1)", "description": "Changed"}
    )

    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert profile(cast.unicef) == before
    assert not AuditEvent.objects.filter(action="entity.profile_updated").exists()


def test_a_representative_cannot_edit_another_entity(cast: Cast) -> None:
    client = client_for(cast.erin)

    assert client.get("/entities/who/edit/").status_code == 403
    assert client.post("/entities/who/edit/", {"description": "Taken over"}).status_code == 403
    cast.who.refresh_from_db()
    assert cast.who.description == ""


def test_the_ossib_page_lists_members_and_petitioners(cast: Cast) -> None:
    cast.undp.ossib_status = OssibStatus.PETITIONED
    cast.undp.save()

    page = Client().get("/ossib/").content.decode()

    assert 'href="/entities/who/">WHO</a>' in page
    assert 'href="/entities/undp/">UNDP</a>' in page
    assert 'href="/entities/unicef/">UNICEF</a>' not in page
    assert "Petition to join under review" in page
    assert str(cast.grace) in page


def test_the_ossib_page_lists_members_before_petitioners(cast: Cast) -> None:
    cast.unicef.ossib_status = OssibStatus.PETITIONED  # UNICEF comes before WHO by acronym
    cast.unicef.save()

    page = Client().get("/ossib/").content.decode()

    assert page.index('href="/entities/who/"') < page.index('href="/entities/unicef/"')


def test_the_description_is_shown_escaped(cast: Cast) -> None:
    client_for(cast.erin).post(
        EDIT_URL, {"website": "", "description": "<script>alert('x')</script>"}
    )
    assert profile(cast.unicef)[1] == "<script>alert('x')</script>"

    page = Client().get("/entities/unicef/").content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page

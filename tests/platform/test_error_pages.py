"""A method an address does not take gets the site's error page (JSON in the API), with the
status 405 and the Allow header, instead of a browser's bare 405."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

MESSAGE = "This page cannot be opened this way"


@pytest.mark.parametrize("name", ["catalog:feedback_submit", "catalog:transition"])
def test_a_get_on_a_post_only_page_shows_the_sites_error_page(cast: Cast, name: str) -> None:
    project = ProjectFactory(status="published", entity=cast.unicef, focal_points=[cast.alice])
    response = client_for(cast.alice).get(reverse(name, args=[project.slug]))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert [t.name for t in response.templates][:2] == ["405.html", "base.html"]
    html = response.content.decode()
    assert f"<h1>{MESSAGE}</h1>" in html
    assert 'class="site-header"' in html
    assert f'href="{reverse("home")}"' in html


def test_the_page_is_in_the_visitors_language(cast: Cast) -> None:
    project = ProjectFactory(status="published", entity=cast.unicef, focal_points=[cast.alice])
    client = client_for(cast.alice)
    url = reverse("catalog:feedback_submit", args=[project.slug])
    response = client.get(url, headers={"Accept-Language": "fr"})
    assert response.status_code == 405
    assert '<html lang="fr"' in response.content.decode()


def test_the_api_answers_a_wrong_method_in_json() -> None:
    response = Client().delete("/api/projects")
    assert response.status_code == 405
    allowed = response["Allow"]
    assert set(allowed.split(", ")) == {"GET", "POST"}
    assert response.json() == {"detail": f"Method not allowed; this address takes {allowed}."}


def test_a_post_on_a_get_only_page_gets_the_page_too(cast: Cast) -> None:
    response = client_for(cast.alice).post(reverse("catalog:list"))
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert MESSAGE in response.content.decode()

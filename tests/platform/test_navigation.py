"""The site's navigation: "Policies" is the policy library; the platform's own terms (Terms of
Use, Acceptable Use Policy, CLA) are a footer link on every page."""

import pytest
from django.urls import reverse

from tests.conftest import Cast, client_for

pytestmark = pytest.mark.django_db


def test_policies_in_the_main_navigation_is_the_policy_library() -> None:
    page = client_for(None).get(reverse("policies:index")).content.decode()

    library = reverse("policies:index")
    assert f'<li><a href="{library}" aria-current="page">Policies</a></li>' in page


def test_the_platforms_terms_are_a_footer_link_on_every_page() -> None:
    page = client_for(None).get(reverse("home")).content.decode()

    footer = page[page.index('<footer class="site-footer">') :]
    assert f'<a href="{reverse("accounts:policy_list")}">Terms and policies</a>' in footer
    header = page[: page.index("</header>")]
    assert reverse("accounts:policy_list") not in header


def test_the_ossib_page_leads_to_the_board_at_work(cast: Cast) -> None:
    anonymous = client_for(None).get(reverse("entities:ossib")).content.decode()
    staff = client_for(cast.frank).get(reverse("entities:ossib")).content.decode()

    for name in ("groups_list", "reviews_list", "frameworks_list", "partners_public"):
        assert f'href="{reverse(f"governance:{name}")}"' in anonymous
    assert f'href="{reverse("governance:joint_projects")}"' in anonymous
    assert f'href="{reverse("governance:experts_apply")}"' in anonymous
    assert f'href="{reverse("governance:experts_roster")}"' not in anonymous
    assert f'href="{reverse("governance:experts_roster")}"' in staff

"""An entity's Train the Trainer cascade: who trained whom, generations counted, cycles ended,
names only for those who manage the entity's learning, one query per generation."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.services import role_grant
from osunited.learning.selectors.trainers import entity_cascade
from tests.conftest import Cast, client_for
from tests.factories import UserFactory
from tests.learning.mentorship_helpers import a_trainer, fake_osee, session_led_by

pytestmark = pytest.mark.usefixtures("fake_osee")
__all__ = ["fake_osee"]

URL = "/learning/entities/unicef/cascade/"


def unicef_person(name: str) -> User:
    return UserFactory(email=f"{name.lower()}@unicef.org", display_name=name)


def names_in(html: str) -> str:
    """The nested list's text, tags reduced to their nesting: `<ul>` and `</ul>` kept."""
    tree = html.split('<ul class="cascade">', 1)[1].rsplit("</ul>", 1)[0]
    tree = re.sub(r'<ul class="cascade">', "[", tree)
    tree = tree.replace("</ul>", "]")
    tree = re.sub(r'<span class="muted">generation \d+</span>', "", tree)
    tree = re.sub(r"<[^>]+>", " ", tree)
    return " ".join(tree.split())


@pytest.fixture
def cascade_of_unicef(cast: Cast) -> dict[str, User]:
    """Tariq (UNICEF's trainer) trained Ana and Ben; Ana, a trainer of no entity, trained Cleo.
    Frank (UNDP) attended Tariq's session too, and is not UNICEF's."""
    people = {name: unicef_person(name) for name in ("Tariq", "Ana", "Ben", "Cleo")}
    a_trainer(people["Tariq"], cast.unicef)
    a_trainer(people["Ana"], None)
    session_led_by(people["Tariq"], people["Ana"], people["Ben"], cast.frank)
    session_led_by(people["Ana"], people["Cleo"])
    return people


def test_the_representative_sees_who_trained_whom_nested_with_generations_counted(
    cast: Cast, cascade_of_unicef: dict[str, User]
) -> None:
    response = client_for(cast.erin).get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert names_in(html) == "Tariq Trainer [ Ana Trainer [ Cleo ] Ben ]"
    assert "4 people in 3 generations." in html
    counts = re.findall(r"<tr><th scope=\"row\">([^<]+)</th><td>(\d+)</td></tr>", html)
    assert counts == [("1 (the entity's first trainers)", "1"), ("2", "2"), ("3", "1")]
    assert "Frank" not in html  # of UNDP, not in UNICEF's cascade


@pytest.mark.parametrize("who", ["anonymous", "frank", "who_learning_focal_point"])
def test_others_see_the_counts_only(
    cast: Cast, cascade_of_unicef: dict[str, User], who: str
) -> None:
    viewer = {"anonymous": None, "frank": cast.frank, "who_learning_focal_point": cast.grace}[who]
    role_grant(user=cast.grace, role=GrantedRole.LEARNING_FOCAL_POINT, entity=cast.who, actor=None)

    html = client_for(viewer).get(URL).content.decode()

    assert "4 people in 3 generations." in html
    assert not any(name in html for name in ("Tariq", "Ana", "Ben", "Cleo"))
    assert "Names are shown to the entity's representatives" in html


@pytest.mark.parametrize("grant", [GrantedRole.LEARNING_FOCAL_POINT, GrantedRole.CAPACITY_TEAM])
def test_unicef_learning_focal_points_and_the_capacity_team_see_the_names(
    cast: Cast, cascade_of_unicef: dict[str, User], grant: GrantedRole
) -> None:
    entity = cast.unicef if grant == GrantedRole.LEARNING_FOCAL_POINT else None
    role_grant(user=cast.frank, role=grant, entity=entity, actor=None)

    html = client_for(cast.frank).get(URL).content.decode()

    assert names_in(html) == "Tariq Trainer [ Ana Trainer [ Cleo ] Ben ]"


def test_a_cycle_of_trainers_training_each_other_ends(cast: Cast) -> None:
    """Uma and Vic, both UNICEF trainers, attended each other's sessions; Vic also trained Wes."""
    uma, vic, wes = unicef_person("Uma"), unicef_person("Vic"), unicef_person("Wes")
    a_trainer(uma, cast.unicef)
    a_trainer(vic, cast.unicef)
    session_led_by(uma, vic)
    session_led_by(vic, uma, wes)

    cascade = entity_cascade(cast.unicef)

    assert cascade.generation_counts == (1, 1, 1)
    html = client_for(cast.erin).get(URL).content.decode()
    assert names_in(html) == (
        "Uma Trainer [ Vic Trainer [ Uma Trainer (also listed elsewhere in this cascade) Wes ] ]"
    )


def test_someone_trained_twice_is_counted_once_in_their_earliest_generation(cast: Cast) -> None:
    tariq, ana, ben = unicef_person("Tariq"), unicef_person("Ana"), unicef_person("Ben")
    a_trainer(tariq, cast.unicef)
    a_trainer(ana, cast.unicef)
    session_led_by(tariq, ana, ben)
    session_led_by(ana, ben)

    cascade = entity_cascade(cast.unicef)

    assert cascade.generation_counts == (1, 2)
    assert [node.name for node in cascade.roots] == ["Tariq"]
    ana_node = cascade.roots[0].trainees[0]
    assert (ana_node.name, ana_node.trainees[0].name) == ("Ana", "Ben")
    assert ana_node.trainees[0].repeated


def test_an_entity_without_trainers_says_so(cast: Cast) -> None:
    html = client_for(cast.erin).get(URL).content.decode()

    assert "No trainer of UNICEF is recorded yet." in html
    assert "0 people" not in html


def test_an_unknown_entity_is_a_404(cast: Cast) -> None:
    assert client_for(None).get("/learning/entities/nowhere/cascade/").status_code == 404


def chain(cast: Cast, generations: int, width: int) -> None:
    """A root trainer of UNICEF, then `generations - 1` generations of `width` people each, the
    first of each a trainer of no entity (so each generation needs its own query)."""
    trainer = unicef_person(f"Root{width}")
    a_trainer(trainer, cast.unicef)
    for level in range(1, generations):
        people = [unicef_person(f"P{width}x{level}x{i}") for i in range(width)]
        session_led_by(trainer, *people)
        trainer = people[0]
        if level < generations - 1:
            a_trainer(trainer, None)


@pytest.mark.parametrize("width", [2, 5])
def test_it_reads_the_cascade_in_one_query_per_generation(cast: Cast, width: int) -> None:
    chain(cast, generations=4, width=width)

    with CaptureQueriesContext(connection) as queries:
        cascade = entity_cascade(cast.unicef)

    assert cascade.generation_counts == (1, width, width, width)
    assert len(queries) <= 4


def test_the_page_reads_as_many_queries_whatever_the_number_of_people(cast: Cast) -> None:
    client = client_for(cast.erin)
    chain(cast, generations=3, width=2)
    client.get(URL)  # sessions, permissions and the like read once

    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    chain(cast, generations=3, width=6)
    with CaptureQueriesContext(connection) as large:
        client.get(URL)

    assert len(large) == len(small)

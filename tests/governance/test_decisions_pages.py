from django.urls import reverse

from osunited.governance.models import (
    Decision,
    DecisionStatus,
    MotionKind,
    Petition,
    PetitionStatus,
)
from osunited.governance.views.board import PAGE_SIZE
from tests.conftest import client_for
from tests.factories import EntityFactory


def _decisions(count):
    Decision.objects.bulk_create(
        Decision(
            kind=MotionKind.OTHER,
            title=f"Motion {number:03}",
            motion="That it be so.",
            status=DecisionStatus.ACCEPTED,
            quorum_percent=50,
            majority_percent=50,
        )
        for number in range(count)
    )


def _petitions(count):
    for number in range(count):
        entity = EntityFactory(acronym=f"E{number:03}", slug=f"e{number:03}")
        Petition.objects.create(
            entity=entity, governance_structure="An OSPO.", status=PetitionStatus.REJECTED
        )


def test_the_decisions_list_comes_in_pages(cast, django_assert_max_num_queries):
    _decisions(PAGE_SIZE + 3)
    url = reverse("governance:decisions_list")
    with django_assert_max_num_queries(8):
        first = client_for(None).get(url)
    assert first.content.decode().count("Motion ") == PAGE_SIZE
    assert len(first.context["decisions"]) == PAGE_SIZE
    assert "Page 1 of 2" in first.content.decode()
    last = client_for(None).get(url, {"page": 2})
    assert len(last.context["decisions"]) == 3
    assert client_for(None).get(url, {"page": "x"}).status_code == 200


def test_the_petitions_list_comes_in_pages(cast, django_assert_max_num_queries):
    _petitions(PAGE_SIZE + 2)
    url = reverse("governance:petitions_list")
    with django_assert_max_num_queries(8):
        first = client_for(None).get(url)
    assert len(first.context["petitions"]) == PAGE_SIZE
    assert "Page 1 of 2" in first.content.decode()
    assert len(client_for(None).get(url, {"page": 2}).context["petitions"]) == 2


def test_the_ossib_page_does_not_query_per_petition_or_decision(
    cast, django_assert_max_num_queries
):
    _decisions(10)
    for number in range(10):
        entity = EntityFactory(acronym=f"P{number:02}", slug=f"p{number:02}")
        Petition.objects.create(entity=entity, governance_structure="An OSPO.")
    with django_assert_max_num_queries(15):
        page = client_for(None).get(reverse("entities:ossib"))
    assert page.status_code == 200


def test_an_open_vote_shows_its_count_only_to_the_board(cast):
    decision = Decision.objects.create(
        kind=MotionKind.OTHER, title="T", motion="M", quorum_percent=50, majority_percent=50
    )
    url = reverse("governance:decisions_detail", args=[decision.pk])
    public = client_for(None).get(url)
    assert public.context["tally"] is None
    assert "seats voted" not in public.content.decode()
    board = client_for(cast.grace).get(url)
    assert board.context["tally"].members == 1
    assert "0 of 1 seats voted" in board.content.decode()

"""Policy pages, publishing policies (entity representatives for their entity, editors for
governments and organisations), versions, replacement, lessons learned and endorsements."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.services import role_grant
from osunited.audit.models import AuditEvent
from osunited.policies.models import (
    Endorsement,
    IssuerKind,
    LessonLearned,
    Origin,
    Policy,
    PolicyVersion,
)
from tests.conftest import Cast, client_for

pytestmark = pytest.mark.django_db


def detail_url(policy: Policy) -> str:
    return reverse("policies:detail", kwargs={"public_id": policy.public_id})


def edit_url(policy: Policy) -> str:
    return reverse("policies:library_edit", kwargs={"public_id": policy.public_id})


def clause_data(*clauses: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "clauses-TOTAL_FORMS": str(len(clauses)),
        "clauses-INITIAL_FORMS": "0",
        "clauses-MIN_NUM_FORMS": "0",
        "clauses-MAX_NUM_FORMS": "50",
    }
    for n, clause in enumerate(clauses):
        data |= {f"clauses-{n}-{name}": value for name, value in clause.items()}
    return data


def unicef_policy_form(cast: Cast, **changes: Any) -> dict[str, Any]:
    form = {
        "issuer_kind": "un_entity",
        "entity": str(cast.unicef.pk),
        "issuer": "",
        "country": "",
        "title": "UNICEF Open Source Policy",
        "region": "global",
        "issuing_area": "secretariat",
        "policy_type": "directive",
        "status": "approved",
        "year": "2024",
        "date": "",
        "oss_specific": "true",
        "action": "procurement_mandatory",
        "term": "oss",
        "summary": "Open source first for new software.",
        "objectives_text": "",
        "notes": "",
        "objectives": ["transparency", "cost"],
        "sources_text": "Executive Directive 2024/3 | https://example.org/ed-2024-3\nBoard minutes",
        "published": "on",
        "change_note": "",
    }
    form |= clause_data(
        {"reference": "Art. 2", "text": "Open source is the default choice.", "items": ["P1.1"]},
        {"reference": "Art. 5", "text": "An OSPO oversees it.", "items": ["G2", "G3"]},
    )
    return form | changes


def publish(cast: Cast, user: User | None = None, **changes: Any) -> Any:
    return client_for(user or cast.erin).post(
        reverse("policies:library_new"), unicef_policy_form(cast, **changes)
    )


def editor(cast: Cast) -> User:
    role_grant(user=cast.frank, role=GrantedRole.POLICY_EDITOR, actor=cast.heidi)
    return cast.frank


def test_a_csis_record_shows_every_field_its_sources_and_the_attribution(cast: Cast) -> None:
    policy = Policy.objects.get(title="2607-D-2007")

    page = client_for(None).get(detail_url(policy)).content.decode()

    for text in (
        "Argentina",
        "South America",
        "Legislative",
        "Support",
        "Failed",
        "2007",
        "Cost, Support for national industry",
        "Procurement - advisory",
        "FLOSS / FOSS",
        "Advises to replace operating systems",
        'href="https://www.hcdn.gob.ar/proyectos/textoCompleto.jsp?exp=2607-D-2007',
        "Source: CSIS, Government Open Source Software Policies (December 2022)",
        "CC BY 4.0",
    ):
        assert text in page, text


def test_a_citation_without_a_link_is_shown_as_text(cast: Cast) -> None:
    policy = Policy.objects.filter(
        sources__citation__startswith="International Trade Administration"
    ).first()
    assert policy is not None

    page = client_for(None).get(detail_url(policy)).content.decode()

    assert "International Trade Administration, U.S. Department of Commerce" in page
    assert 'href="International' not in page


def test_an_unknown_policy_is_a_404(cast: Cast) -> None:
    url = reverse("policies:detail", kwargs={"public_id": "00000000-0000-4000-8000-000000000009"})
    assert client_for(None).get(url).status_code == 404


def test_a_representative_publishes_their_entitys_policy_with_clauses_mapped_to_the_cpf(
    cast: Cast,
) -> None:
    response = publish(cast)

    assert response.status_code == 302
    policy = Policy.objects.get(title="UNICEF Open Source Policy")
    assert (policy.issuer, policy.issuer_kind, policy.entity) == (
        cast.unicef.name,
        IssuerKind.UN_ENTITY,
        cast.unicef,
    )
    assert policy.origin == Origin.PLATFORM
    assert [c.items for c in policy.clauses.all()] == [["P1.1"], ["G2", "G3"]]
    assert [(s.citation, s.url) for s in policy.sources.all()] == [
        ("Executive Directive 2024/3", "https://example.org/ed-2024-3"),
        ("Board minutes", ""),
    ]
    version = policy.versions.get()
    assert version.number == 1
    assert version.snapshot["clauses"][1]["items"] == ["G2", "G3"]
    assert AuditEvent.objects.filter(action="policies.policy_created", actor=cast.erin).exists()
    page = client_for(None).get(response["Location"]).content.decode()
    assert "G2" in page
    assert "Establish a basic open source governance structure" in page
    assert 'href="https://example.org/ed-2024-3"' in page


def test_a_clause_mapped_to_an_unknown_item_saves_nothing(cast: Cast) -> None:
    form = unicef_policy_form(cast) | clause_data({"text": "A clause.", "items": ["G99"]})

    response = client_for(cast.erin).post(reverse("policies:library_new"), form)

    assert response.status_code == 400
    assert "G99 is not one of the available choices" in response.content.decode()
    assert not Policy.objects.filter(origin=Origin.PLATFORM).exists()


def test_a_representative_cannot_publish_for_another_entity(cast: Cast) -> None:
    response = publish(cast, entity=str(cast.who.pk))

    assert response.status_code == 400
    assert not Policy.objects.filter(origin=Origin.PLATFORM).exists()


def test_a_representative_cannot_record_a_governments_policy(cast: Cast) -> None:
    response = publish(cast, issuer_kind="government", entity="", issuer="Ruritania")

    assert response.status_code == 400
    assert not Policy.objects.filter(issuer="Ruritania").exists()


def test_someone_who_publishes_for_nobody_is_refused(cast: Cast) -> None:
    assert client_for(cast.carol).get(reverse("policies:library_new")).status_code == 403
    assert publish(cast, user=cast.carol).status_code == 403
    assert not Policy.objects.filter(origin=Origin.PLATFORM).exists()


def test_an_editor_records_a_governments_policy(cast: Cast) -> None:
    response = publish(
        cast,
        user=editor(cast),
        issuer_kind="government",
        entity="",
        issuer="Ruritania",
        country="ro",
        region="europe",
    )

    assert response.status_code == 302
    policy = Policy.objects.get(issuer="Ruritania")
    assert (policy.issuer_kind, policy.country, policy.entity) == ("government", "RO", None)


def test_an_editor_may_not_edit_an_entitys_policy(cast: Cast) -> None:
    publish(cast)
    policy = Policy.objects.get(title="UNICEF Open Source Policy")

    assert client_for(editor(cast)).get(edit_url(policy)).status_code == 403


def test_each_published_change_keeps_a_version_with_what_changed(cast: Cast) -> None:
    publish(cast)
    policy = Policy.objects.get(title="UNICEF Open Source Policy")
    form = unicef_policy_form(cast, status="replaced") | {"clauses-INITIAL_FORMS": "2"}

    refused = client_for(cast.erin).post(edit_url(policy), form)
    saved = client_for(cast.erin).post(edit_url(policy), form | {"change_note": "Withdrawn"})

    assert refused.status_code == 400
    assert "Say what changed" in refused.content.decode()
    assert saved.status_code == 302
    versions = list(PolicyVersion.objects.filter(policy=policy).order_by("number"))
    notes = [(v.number, v.change_note) for v in versions]
    assert notes == [(1, "First published"), (2, "Withdrawn")]
    assert versions[1].snapshot["status"] == "replaced"
    page = client_for(None).get(detail_url(policy)).content.decode()
    assert "Withdrawn" in page


def test_a_representative_cannot_edit_another_entitys_policy(cast: Cast) -> None:
    publish(cast)
    policy = Policy.objects.get(title="UNICEF Open Source Policy")
    role_grant(user=cast.grace, role=GrantedRole.ENTITY_REPRESENTATIVE, entity=cast.who, actor=None)

    response = client_for(cast.grace).post(edit_url(policy), unicef_policy_form(cast))

    assert response.status_code == 403
    assert Policy.objects.get(pk=policy.pk).versions.count() == 1


def test_a_new_policy_replaces_an_older_one_shown_both_ways(cast: Cast) -> None:
    publish(cast, title="UNICEF Open Source Policy 2020")
    older = Policy.objects.get(title="UNICEF Open Source Policy 2020")

    publish(cast, supersedes=str(older.pk))

    newer = Policy.objects.get(title="UNICEF Open Source Policy")
    older.refresh_from_db()
    assert newer.supersedes == older
    assert older.status == "replaced"
    assert older.title in client_for(None).get(detail_url(newer)).content.decode()
    assert newer.title in client_for(None).get(detail_url(older)).content.decode()


def test_a_representative_cannot_replace_a_government_policy(cast: Cast) -> None:
    government = Policy.objects.get(title="2607-D-2007")

    response = publish(cast, supersedes=str(government.pk))

    assert response.status_code == 400
    assert Policy.objects.get(pk=government.pk).status == "failed"


def test_a_contributor_shares_a_lesson_and_an_editor_hides_an_abusive_one(cast: Cast) -> None:
    policy = Policy.objects.get(title="2607-D-2007")
    url = reverse("policies:library_lessons_add", kwargs={"public_id": policy.public_id})

    response = client_for(cast.frank).post(
        url, {"role": "Migrated the Chamber's desktops", "text": "Train people first."}
    )

    assert response.status_code == 302
    lesson = LessonLearned.objects.get(policy=policy)
    assert (lesson.author, lesson.entity) == (cast.frank, cast.frank.entity)
    assert "Train people first." in client_for(None).get(detail_url(policy)).content.decode()
    hide = reverse(
        "policies:library_lessons_hide", kwargs={"public_id": policy.public_id, "pk": lesson.pk}
    )
    assert client_for(cast.carol).post(hide).status_code == 403
    assert client_for(cast.heidi).post(hide).status_code == 302
    assert "Train people first." not in client_for(None).get(detail_url(policy)).content.decode()
    assert AuditEvent.objects.filter(action="policies.lesson_hidden").exists()


def test_an_empty_lesson_is_refused(cast: Cast) -> None:
    policy = Policy.objects.get(title="2607-D-2007")
    url = reverse("policies:library_lessons_add", kwargs={"public_id": policy.public_id})

    response = client_for(cast.carol).post(url, {"role": "", "text": ""})

    assert response.status_code == 400
    assert not LessonLearned.objects.exists()


def test_a_lesson_on_another_policy_is_not_hidden_through_this_one(cast: Cast) -> None:
    first, second = Policy.objects.order_by("pk")[:2]
    lesson = LessonLearned.objects.create(policy=second, author=cast.carol, role="r", text="t")
    hide = reverse(
        "policies:library_lessons_hide", kwargs={"public_id": first.public_id, "pk": lesson.pk}
    )

    assert client_for(cast.heidi).post(hide).status_code == 404
    assert LessonLearned.objects.get(pk=lesson.pk).hidden_at is None


def endorsement_form(cast: Cast, **changes: Any) -> dict[str, Any]:
    return {
        "entity": str(cast.unicef.pk),
        "organisation": "",
        "organisation_kind": "un_entity",
        "country": "",
        "endorsed_on": "2024-06-01",
        "statement_url": "https://example.org/statement",
    } | changes


def test_a_representative_records_their_entitys_endorsement_listed_with_its_policies(
    cast: Cast,
) -> None:
    publish(cast)
    policy = Policy.objects.get(title="UNICEF Open Source Policy")
    url = reverse("policies:endorsements_new")

    response = client_for(cast.erin).post(url, endorsement_form(cast, policies=[str(policy.pk)]))

    assert response.status_code == 302
    endorsement = Endorsement.objects.get()
    assert (endorsement.organisation, endorsement.entity) == (cast.unicef.name, cast.unicef)
    page = client_for(None).get(reverse("policies:endorsements_list")).content.decode()
    assert cast.unicef.name in page
    assert detail_url(policy) in page
    assert "None published" in page  # UNICEF has no published assessment
    assert AuditEvent.objects.filter(action="policies.endorsement_recorded").exists()


def test_an_endorsement_dated_in_the_future_is_refused(cast: Cast) -> None:
    tomorrow = (date.today() + timedelta(days=2)).isoformat()

    response = client_for(cast.erin).post(
        reverse("policies:endorsements_new"), endorsement_form(cast, endorsed_on=tomorrow)
    )

    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert not Endorsement.objects.exists()


def test_an_endorsement_needs_its_date(cast: Cast) -> None:
    response = client_for(cast.erin).post(
        reverse("policies:endorsements_new"), endorsement_form(cast, endorsed_on="")
    )

    assert response.status_code == 400
    assert not Endorsement.objects.exists()


def test_a_representative_cannot_record_another_entitys_endorsement(cast: Cast) -> None:
    response = client_for(cast.erin).post(
        reverse("policies:endorsements_new"), endorsement_form(cast, entity=str(cast.who.pk))
    )

    assert response.status_code == 400
    assert not Endorsement.objects.exists()


def test_an_editor_records_an_organisations_endorsement_once(cast: Cast) -> None:
    form = endorsement_form(
        cast, entity="", organisation="Ruritanian Digital Agency", organisation_kind="government"
    )
    client = client_for(editor(cast))

    first = client.post(reverse("policies:endorsements_new"), form)
    again = client.post(reverse("policies:endorsements_new"), form)

    assert first.status_code == 302
    assert again.status_code == 400
    assert "already recorded" in again.content.decode()
    assert Endorsement.objects.count() == 1

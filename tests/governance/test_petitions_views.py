import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from osunited.accounts.models import GrantedRole
from osunited.accounts.roles import Role, roles_of
from osunited.accounts.services import role_grant
from osunited.assessments.models import Assessment, Visibility
from osunited.assessments.services import answer_save, assessment_submit
from osunited.audit.models import AuditEvent
from osunited.entities.models import OssibStatus
from osunited.governance.models import (
    BoardSettings,
    DecisionStatus,
    Petition,
    PetitionDocument,
    PetitionStatus,
    Vote,
)
from tests.conftest import client_for

NEW = reverse("governance:petitions_new")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def secretariat(cast):
    role_grant(user=cast.frank, role=GrantedRole.BOARD_SECRETARIAT, actor=None)
    return cast.frank


@pytest.fixture
def unicef_liaison(cast):
    cast.unicef.liaison = cast.alice
    cast.unicef.save(update_fields=["liaison"])
    return cast.alice


def _published_assessment(cast):
    assessment = Assessment.objects.create(entity=cast.unicef, framework_id="cpf-rc1")
    answer_save(
        assessment=assessment, item_id="G1", rating="full", evidence="Liaison named", user=cast.erin
    )
    assessment_submit(assessment=assessment, user=cast.erin)
    Assessment.objects.filter(pk=assessment.pk).update(visibility=Visibility.PUBLISHED)


def _file(client, **extra):
    data = {
        "entity": extra.pop("entity"),
        "liaison_email": "alice@unicef.org",
        "governance_structure": "An OSPO of three, led by the CIO's office.",
        "motivation": "To shape the framework.",
        **extra,
    }
    return client.post(NEW, data)


def test_a_representative_files_a_petition_with_its_evidence(cast, unicef_liaison):
    _published_assessment(cast)
    client = client_for(cast.erin)
    form = client.get(NEW)
    assert form.status_code == 200
    assert form.context["form"].initial["liaison_email"] == "alice@unicef.org"
    response = _file(
        client,
        entity=cast.unicef.pk,
        document_1_title="Open source policy",
        document_1_file=SimpleUploadedFile("policy.pdf", PDF, content_type="application/pdf"),
        document_1_guideline="G3",
        document_2_title="OSPO mandate",
        document_2_url="https://example.org/mandate",
    )
    petition = Petition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:petitions_detail", args=[petition.pk])
    assert (petition.liaison, petition.status) == (cast.alice, PetitionStatus.FILED)
    assert petition.evidence["assessment"]["answers"]["G1"]["rating"] == "full"
    assert petition.documents.count() == 2
    cast.unicef.refresh_from_db()
    assert cast.unicef.ossib_status == OssibStatus.PETITIONED
    assert AuditEvent.objects.filter(action="governance.petition_filed").exists()
    page = client_for(None).get(response["Location"])
    assert "Full alignment" in page.content.decode()
    assert "An OSPO of three" in page.content.decode()
    document = petition.documents.get(title="Open source policy")
    download = client_for(None).get(
        reverse("governance:petitions_document", args=[petition.pk, document.pk])
    )
    assert b"".join(download.streaming_content) == PDF


def test_a_private_assessment_is_not_copied_into_the_public_petition(cast, unicef_liaison):
    _published_assessment(cast)
    Assessment.objects.update(visibility=Visibility.PRIVATE)
    _file(client_for(cast.erin), entity=cast.unicef.pk)
    assert Petition.objects.get().evidence["assessment"] is None


@pytest.mark.parametrize(
    ("name", "content"),
    [("policy.pdf", b"MZ\x90\x00not a pdf"), ("policy.exe", PDF), ("notes.md", b"\xff\xfe\x00")],
)
def test_a_document_that_is_not_pdf_odt_docx_or_markdown_is_refused(cast, name, content):
    response = _file(
        client_for(cast.erin),
        entity=cast.unicef.pk,
        document_1_title="Policy",
        document_1_file=SimpleUploadedFile(name, content),
    )
    assert response.status_code == 400
    assert "Attach a PDF, ODT, DOCX or Markdown" in response.content.decode()
    assert not Petition.objects.exists()
    assert not PetitionDocument.objects.exists()
    cast.unicef.refresh_from_db()
    assert cast.unicef.ossib_status == OssibStatus.NOT_MEMBER


def test_a_liaison_without_an_account_is_a_form_error(cast):
    response = _file(client_for(cast.erin), entity=cast.unicef.pk, liaison_email="no@unicef.org")
    assert response.status_code == 400
    assert "Nobody with this e-mail has an account yet." in response.content.decode()
    assert not Petition.objects.exists()


def test_a_forged_entity_is_a_form_error(cast):
    response = _file(client_for(cast.erin), entity=cast.who.pk)  # erin does not represent WHO
    assert response.status_code == 400
    assert not Petition.objects.exists()


def test_an_entity_with_a_pending_petition_cannot_file_another(cast, unicef_liaison):
    client = client_for(cast.erin)
    _file(client, entity=cast.unicef.pk)
    response = client.get(NEW)
    assert response.status_code == 302
    assert Petition.objects.count() == 1


def test_the_representative_withdraws_a_filed_petition(cast, unicef_liaison):
    client = client_for(cast.erin)
    _file(client, entity=cast.unicef.pk)
    petition = Petition.objects.get()
    client.post(reverse("governance:petitions_withdraw", args=[petition.pk]))
    petition.refresh_from_db()
    cast.unicef.refresh_from_db()
    assert petition.status == PetitionStatus.WITHDRAWN
    assert cast.unicef.ossib_status == OssibStatus.NOT_MEMBER


def _voting_petition(cast, secretariat):
    _file(client_for(cast.erin), entity=cast.unicef.pk)
    petition = Petition.objects.get()
    client_for(secretariat).post(reverse("governance:petitions_put_to_vote", args=[petition.pk]))
    petition.refresh_from_db()
    return petition


def test_an_accepted_petition_makes_the_entity_a_member(cast, unicef_liaison, secretariat):
    petition = _voting_petition(cast, secretariat)
    assert petition.status == PetitionStatus.VOTING
    detail = reverse("governance:petitions_detail", args=[petition.pk])
    vote_url = reverse("governance:decisions_vote", args=[petition.decision.pk])
    client_for(cast.grace).post(vote_url, {"choice": "for", "comment": "Welcome"})
    public = client_for(None).get(detail).content.decode()
    assert "How each seat voted is published when it closes." in public
    assert "Welcome" not in public
    assert "Welcome" in client_for(cast.grace).get(detail).content.decode()
    close_url = reverse("governance:decisions_close", args=[petition.decision.pk])
    client_for(secretariat).post(close_url, {"reasons": "G1 to G3 are met."})
    petition.refresh_from_db()
    cast.unicef.refresh_from_db()
    assert petition.decision.status == DecisionStatus.ACCEPTED
    assert petition.status == PetitionStatus.ACCEPTED
    assert cast.unicef.ossib_status == OssibStatus.MEMBER
    assert cast.unicef.ossib_representative == cast.alice
    assert cast.unicef.ossib_member_since is not None
    assert Role.OSSIB_MEMBER in roles_of(cast.alice)
    public = client_for(None).get(detail).content.decode()
    assert "G1 to G3 are met." in public
    assert "Welcome" in public
    ossib = client_for(None).get(reverse("entities:ossib")).content.decode()
    assert "Petition of UNICEF to join the Board" in ossib  # in the recent decisions


def test_a_rejected_petition_publishes_its_reasons(cast, unicef_liaison, secretariat):
    petition = _voting_petition(cast, secretariat)
    client_for(cast.grace).post(
        reverse("governance:decisions_vote", args=[petition.decision.pk]), {"choice": "against"}
    )
    client_for(secretariat).post(
        reverse("governance:decisions_close", args=[petition.decision.pk]),
        {"reasons": "No governance document yet."},
    )
    cast.unicef.refresh_from_db()
    assert cast.unicef.ossib_status == OssibStatus.NOT_MEMBER
    page = client_for(None).get(reverse("governance:decisions_detail", args=[petition.decision.pk]))
    assert "No governance document yet." in page.content.decode()
    assert "Rejected" in page.content.decode()


def test_the_ossib_page_links_a_petition_under_review(cast, unicef_liaison):
    _file(client_for(cast.erin), entity=cast.unicef.pk)
    petition = Petition.objects.get()
    page = client_for(None).get(reverse("entities:ossib")).content.decode()
    assert reverse("governance:petitions_detail", args=[petition.pk]) in page


def test_only_a_seat_holder_votes(cast, unicef_liaison, secretariat):
    petition = _voting_petition(cast, secretariat)
    vote_url = reverse("governance:decisions_vote", args=[petition.decision.pk])
    response = client_for(cast.heidi).post(vote_url, {"choice": "for"}, follow=True)
    assert "Only the representative of a member entity votes." in response.content.decode()
    response = client_for(cast.grace).post(vote_url, {"choice": "maybe"}, follow=True)
    assert "nothing was recorded" in response.content.decode()
    assert not Vote.objects.exists()


def test_closing_without_reasons_leaves_the_vote_open(cast, unicef_liaison, secretariat):
    petition = _voting_petition(cast, secretariat)
    client_for(secretariat).post(
        reverse("governance:decisions_close", args=[petition.decision.pk]), {"reasons": ""}
    )
    petition.decision.refresh_from_db()
    assert petition.decision.is_open


def test_an_unknown_petition_is_a_404(cast):
    assert (
        client_for(None).get(reverse("governance:petitions_detail", args=[999])).status_code == 404
    )


def test_admins_set_the_quorum_and_majority(cast):
    url = reverse("governance:board_settings")
    client = client_for(cast.heidi)
    assert client.post(url, {"quorum_percent": 60, "majority_percent": 66}).status_code == 302
    assert BoardSettings.objects.get().quorum_percent == 60
    assert AuditEvent.objects.filter(action="governance.board_settings_changed").exists()
    response = client.post(url, {"quorum_percent": 0, "majority_percent": 40})
    assert response.status_code == 400
    assert BoardSettings.objects.get().majority_percent == 66
    page = client_for(None).get(reverse("governance:decisions_list")).content.decode()
    assert "quorum of 60 %" in page

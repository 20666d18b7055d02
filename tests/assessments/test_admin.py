"""Assessments in the admin: what a platform admin changes there lands in the audit log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from osunited.assessments.models import Assessment
from osunited.assessments.services import assessment_start
from osunited.audit.models import AuditEvent
from tests.conftest import Cast, client_for

pytestmark = pytest.mark.django_db


def test_an_admins_change_to_an_assessment_is_audited(cast: Cast) -> None:
    assessment = assessment_start(entity=cast.unicef, framework_id="cpf-rc1", user=cast.erin)
    url = reverse("admin:assessments_assessment_change", args=[assessment.pk])
    page = client_for(cast.heidi).get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: form[name].value() or "" for name in form.fields if form[name].value() is not None
    }
    data.update(
        {
            "answers-TOTAL_FORMS": "0", "answers-INITIAL_FORMS": "0",
            "answers-MIN_NUM_FORMS": "0", "answers-MAX_NUM_FORMS": "1000",
            "visibility": "published" if assessment.visibility != "published" else "private",
        }
    )  # fmt: skip
    response = client_for(cast.heidi).post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert AuditEvent.objects.filter(action="assessment.changed", actor=cast.heidi).exists()
    assert Assessment.objects.get().visibility == data["visibility"]

"""The review page leads to everything a reviewer judges (#21): the project's page, its scans,
the latest scan's findings and its full report."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory, scans_succeeded

pytestmark = pytest.mark.django_db


def test_the_review_page_links_the_project_its_scans_findings_and_report(cast: Cast) -> None:
    project = ProjectFactory(entity=cast.unicef, status="submitted", focal_points=[cast.alice])
    review = reverse("catalog:review", kwargs={"slug": project.slug})
    page = client_for(cast.bob).get(review).content.decode()
    assert reverse("catalog:detail", kwargs={"slug": project.slug}) in page
    assert reverse("catalog:scan_list", kwargs={"slug": project.slug}) in page
    [scan] = scans_succeeded(project)
    page = client_for(cast.bob).get(review).content.decode()
    assert reverse("catalog:scan_detail", kwargs={"slug": project.slug, "pk": scan.pk}) in page
    assert reverse("catalog:scan_report", kwargs={"slug": project.slug, "pk": scan.pk}) in page

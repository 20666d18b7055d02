"""One rule says whether an entry's confirmation is current: the sunset sweep and the stage
readiness suggestion SC4 count the same entries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from osunited.assessments.selectors import suggestions_for
from osunited.catalog.models import Project
from osunited.catalog.sunset import sunset_sweep
from tests.conftest import Cast
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def published(cast: Cast, *, days_ago: int, confirmed_days_ago: int | None = None) -> None:
    now = timezone.now()
    confirmed = now - timedelta(days=confirmed_days_ago) if confirmed_days_ago else None
    project = ProjectFactory(entity=cast.unicef, status="published", confirmed_at=confirmed)
    changed = now - timedelta(days=days_ago)
    Project.objects.filter(pk=project.pk).update(status_changed_at=changed)


def test_an_entry_published_recently_and_never_confirmed_is_current_for_both(
    cast: Cast,
) -> None:
    published(cast, days_ago=60)
    assert sunset_sweep().noticed == []  # current: no notice
    provenance = suggestions_for(cast.unicef)["SC4"].provenance
    assert provenance.startswith("1 of 1 published entries were confirmed"), provenance


def test_an_entry_confirmed_before_it_was_published_again_starts_afresh(cast: Cast) -> None:
    published(cast, days_ago=10, confirmed_days_ago=900)
    assert sunset_sweep().noticed == []
    assert suggestions_for(cast.unicef)["SC4"].provenance.startswith("1 of 1")


def test_an_entry_not_confirmed_in_the_period_is_lapsed_for_both(cast: Cast) -> None:
    published(cast, days_ago=800, confirmed_days_ago=800)
    assert suggestions_for(cast.unicef)["SC4"].provenance.startswith("0 of 1")
    assert len(sunset_sweep().noticed) == 1

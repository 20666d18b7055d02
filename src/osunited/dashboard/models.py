"""Daily snapshots of every dashboard metric, one row per scope and day (docs/metrics.md)."""

from __future__ import annotations

from django.db import models


class MetricSnapshot(models.Model):
    """Every metric of one scope on one day: `values` maps a metric id to a number, or to
    {key: number} for a distribution. Scopes: "all", "e<entity id>", "g<SDG goal>".

    Public figures only: nothing private (an unpublished assessment, a project not public) is
    ever counted into a snapshot, so every snapshot may be shown to anyone."""

    day = models.DateField()
    scope = models.CharField(max_length=16)
    values = models.JSONField(default=dict)
    taken_at = models.DateTimeField()

    class Meta:
        ordering = ("scope", "day")
        constraints = (
            models.UniqueConstraint(fields=("scope", "day"), name="dashboard_snapshot_unique"),
        )

    def __str__(self) -> str:
        return f"{self.scope} {self.day}"

"""The platform's health in the OpenMetrics text format, for Prometheus and its kin."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.openmetrics.exposition import generate_latest
from prometheus_client.registry import Collector, CollectorRegistry

from osunited.platform.selectors import OperatorFigures

if TYPE_CHECKING:
    from osunited.catalog.vulnerabilities import VulnerabilityCoverage


def _seconds(moment: datetime | None) -> float:
    return moment.timestamp() if moment else 0.0


class _Figures(Collector):
    def __init__(self, figures: OperatorFigures) -> None:
        self.figures = figures

    def collect(self) -> Iterator[Metric]:
        f = self.figures
        gauges = (
            ("osu_database_up", "1 while the database answers.", float(f.health.database_ok)),
            (
                "osu_worker_last_heartbeat_timestamp_seconds",
                "When the worker last beat (0: never).",
                _seconds(f.health.worker_last_beat),
            ),
            ("osu_scan_queue_length", "Scans queued or running.", f.scans_waiting),
            (
                "osu_scan_failures_24h",
                "Scans that failed in the last 24 hours.",
                f.scans_failed_24h,
            ),
            (
                "osu_review_queue_length",
                "Projects waiting for the Project Review Committee.",
                f.review_queue,
            ),
            (
                "osu_dashboard_last_snapshot_timestamp_seconds",
                "When the last dashboard snapshot was taken (0: never).",
                _seconds(f.last_snapshot),
            ),
        )
        for name, documentation, value in gauges:
            yield GaugeMetricFamily(name, documentation, value=value)
        yield CounterMetricFamily(
            "osu_scan_failures", "Scans that failed, ever.", value=f.scans_failed_total
        )
        if f.vulnerabilities is not None:
            yield from _vulnerability_families(f.vulnerabilities)


def _vulnerability_families(coverage: VulnerabilityCoverage) -> Iterator[Metric]:
    """Projects counted by whether their known vulnerabilities were measured; the counts by
    severity only over those measured, and no sample at all when none was (unknown, not 0)."""
    states = GaugeMetricFamily(
        "osu_projects_vulnerabilities",
        "Projects past their draft, by whether their latest scan measured known "
        "vulnerabilities (measured, no_vulnerability_database, not_scanned).",
        labels=["state"],
    )
    states.add_metric(["measured"], coverage.measured)
    for reason, count in coverage.not_measured.items():
        states.add_metric([reason.value], count)
    yield states
    if coverage.counts is None:
        return
    known = GaugeMetricFamily(
        "osu_known_vulnerabilities",
        "Known vulnerabilities by severity in the latest scans that measured them.",
        labels=["severity"],
    )
    for severity, count in coverage.counts.items():
        known.add_metric([severity], count)
    yield known


def render_openmetrics(figures: OperatorFigures) -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Figures(figures))
    text: bytes = generate_latest(registry)  # type: ignore[no-untyped-call]
    return text

"""How scans are queued, claimed and held: the task, the lease, the sweep of lost scans.

A running scan holds a lease (docs/catalog-scans.md#leases-no-scan-is-lost): its owner (the
Celery task id, host and process) and a heartbeat that a thread of the worker renews. A scan
whose heartbeat is older than OSU_SCAN_LEASE_SECONDS was lost with its worker; the sweep, and any
new request for its project, queue it again (at most OSU_SCAN_LOST_REQUEUES times) or mark it
failed with the reason. So no scan stays running for ever, and none blocks the next one.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from osunited.audit.services import audit_record
from osunited.catalog.models import Scan, ScanStatus

logger = logging.getLogger(__name__)

LOST_ERROR = (
    "The worker running this scan stopped without finishing it ({lost} times: the server was "
    "restarted, killed or ran out of memory), so it was given up. Retry it once the cause is fixed."
)
# A queued scan whose task was lost with its broker (a restart without persistence) is sent
# again after this long; a duplicate message does no harm (`claim`).
RESEND_QUEUED_AFTER = timedelta(hours=1)


def enqueue_scan(scan_id: int) -> None:
    """Send the scan's task once the transaction commits."""
    from osunited.catalog.tasks import run_scan  # tasks.py imports scanning, which imports this

    transaction.on_commit(lambda: run_scan.delay(scan_id))


def lease_owner_for(task_id: str) -> str:
    """The lease owner of a run: its task id first (what `claimable` matches), then where."""
    return f"{task_id or uuid.uuid4()} on {socket.gethostname()} pid {os.getpid()}"


@dataclass(frozen=True)
class SweepResult:
    """What a sweep did, by scan id."""

    requeued: list[int]
    failed: list[int]
    resent: list[int]


@transaction.atomic
def scan_sweep() -> SweepResult:
    """Every OSU_SCAN_SWEEP_SECONDS and at the start of `osu run`: a running scan whose lease
    expired with its worker is queued again or, past OSU_SCAN_LOST_REQUEUES, failed with the
    reason; a queued scan whose task was lost with the broker is sent again."""
    requeued, failed = release_expired(Scan.objects.all())
    return SweepResult(requeued=requeued, failed=failed, resent=_resend_stale_queued())


def release_expired(scans: QuerySet[Scan]) -> tuple[list[int], list[int]]:
    """(queued again, failed) among `scans` left running by a lost worker. Each is locked and
    checked again, so that a worker that renewed its lease meanwhile keeps its scan."""
    expired = Q(status=ScanStatus.RUNNING) & (
        Q(heartbeat_at__lt=_lease_cutoff()) | Q(heartbeat_at=None)
    )
    requeued: list[int] = []
    failed: list[int] = []
    for scan_id in scans.filter(expired).values_list("pk", flat=True):
        lost = Scan.objects.select_for_update(skip_locked=True).filter(expired, pk=scan_id).first()
        if lost is None:
            continue
        owner = lost.lease_owner
        if _count_lost(lost) is None:
            failed.append(lost.pk)
        else:
            lost.status, lost.lease_owner, lost.heartbeat_at = ScanStatus.QUEUED, "", timezone.now()
            lost.save(update_fields=["status", "lease_owner", "heartbeat_at"])
            enqueue_scan(lost.pk)
            requeued.append(lost.pk)
        audit_record(
            action="scan.lost",
            target=lost.project,
            changes={"scan": lost.pk, "worker": owner, "status": lost.status},
        )
    return requeued, failed


def _resend_stale_queued() -> list[int]:
    cutoff = timezone.now() - RESEND_QUEUED_AFTER
    stale = Scan.objects.filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at=None))
    resent = []
    for scan_id, sent_at in stale.filter(status=ScanStatus.QUEUED).values_list(
        "pk", "heartbeat_at"
    ):
        unchanged = Scan.objects.filter(pk=scan_id, status=ScanStatus.QUEUED, heartbeat_at=sent_at)
        if unchanged.update(heartbeat_at=timezone.now()):
            enqueue_scan(scan_id)
            resent.append(scan_id)
    return resent


def claimable(owner: str) -> Q:
    """Who may claim a scan: queued, left running by a lost worker, or this run's own (the task
    retried after a database error, or redelivered after its worker died)."""
    task = owner.split(" ", 1)[0]
    expired = Q(heartbeat_at__lt=_lease_cutoff()) | Q(heartbeat_at=None)
    mine = Q(lease_owner__startswith=f"{task} ")
    return Q(status=ScanStatus.QUEUED) | Q(status=ScanStatus.RUNNING) & (expired | mine)


def _lease_cutoff() -> datetime:
    return timezone.now() - timedelta(seconds=settings.OSU_SCAN_LEASE_SECONDS)


@transaction.atomic
def claim(scan_id: int, owner: str) -> Scan | None:
    found = (
        # `of`: PostgreSQL cannot lock the nullable side of the join to the repository.
        Scan.objects.select_for_update(of=("self",))
        .select_related("project", "repository")
        .filter(claimable(owner), pk=scan_id)
        .first()
    )
    if found is None:
        return None
    # An attempt left running ended without a result, even this task's own (its worker died,
    # or the database went away): counted, so that a scan that kills its worker stops.
    if found.status == ScanStatus.RUNNING and _count_lost(found) is None:
        return None
    found.status, found.started_at = ScanStatus.RUNNING, timezone.now()
    found.heartbeat_at, found.lease_owner = found.started_at, owner
    found.attempts += 1
    found.save(update_fields=["status", "started_at", "heartbeat_at", "lease_owner", "attempts"])
    return found


def _count_lost(scan: Scan) -> Scan | None:
    """Count an attempt that ended without a result; past OSU_SCAN_LOST_REQUEUES the scan fails
    with the reason (None), otherwise it may run again."""
    scan.lost_attempts += 1
    if scan.lost_attempts > settings.OSU_SCAN_LOST_REQUEUES:
        scan.status, scan.finished_at = ScanStatus.FAILED, timezone.now()
        scan.error = LOST_ERROR.format(lost=scan.lost_attempts)
        scan.save(update_fields=["status", "finished_at", "error", "lost_attempts"])
        logger.error("Scan %s given up: %s", scan.pk, scan.error)
        return None
    scan.save(update_fields=["lost_attempts"])
    return scan


@contextmanager
def holding_lease(scan_id: int, owner: str) -> Iterator[None]:
    """Renew the scan's lease from a thread, a quarter of OSU_SCAN_LEASE_SECONDS apart, while
    the block runs. A database that is briefly away is tried again at the next beat."""
    stop = threading.Event()
    beat = threading.Thread(
        target=_renew_lease,
        args=(scan_id, owner, stop),
        name=f"scan-{scan_id}-lease",
        daemon=True,
    )
    beat.start()
    try:
        yield
    finally:
        stop.set()
        beat.join()


def _renew_lease(scan_id: int, owner: str, stop: threading.Event) -> None:
    interval = max(0.1, settings.OSU_SCAN_LEASE_SECONDS / 4)
    try:
        while not stop.wait(interval):
            try:
                renewed = Scan.objects.filter(
                    pk=scan_id, status=ScanStatus.RUNNING, lease_owner=owner
                ).update(heartbeat_at=timezone.now())
            except DatabaseError as error:
                logger.warning("Scan %s: the lease was not renewed (%s)", scan_id, error)
                connection.close()  # reconnect at the next beat
                continue
            if not renewed:
                logger.warning("Scan %s: the lease was lost; its results will be dropped", scan_id)
                return
    finally:
        connection.close()  # this thread's own connection


def still_holds_lease(claimed: Scan) -> bool:
    """Whether `claimed` is still this run's to finish (locked until the transaction ends): a
    run whose lease expired and was taken over, or given up, stores nothing."""
    held = (
        Scan.objects.select_for_update()
        .filter(pk=claimed.pk, status=ScanStatus.RUNNING, lease_owner=claimed.lease_owner)
        .exists()
    )
    if not held:
        logger.warning(
            "Scan %s: lease lost, results of %s dropped", claimed.pk, claimed.lease_owner
        )
    return held

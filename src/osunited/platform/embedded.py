"""Everything on one machine: the web server with a Celery worker and scheduler in-process."""

import threading
from collections.abc import Callable
from pathlib import Path

from celery.beat import EmbeddedService
from django.conf import settings
from django.core.management import call_command

from osunited.catalog.tasks import sweep_scans
from osunited.platform.celery import app as celery_app
from osunited.platform.services import database_analyze
from osunited.platform.tasks import record_heartbeat


def start_embedded_worker(concurrency: int = 2) -> threading.Thread:
    # WorkController (unlike `celery worker`) installs no signal handlers, so it runs in a thread.
    worker = celery_app.WorkController(
        pool_cls="threads",
        concurrency=concurrency,
        loglevel="INFO",
        without_heartbeat=True,
        without_mingle=True,
        without_gossip=True,
    )
    thread = threading.Thread(target=worker.start, name="celery-worker", daemon=True)
    thread.start()
    return thread


def start_embedded_beat() -> None:
    service = EmbeddedService(
        celery_app, thread=True, schedule_filename=settings.CELERY_BEAT_SCHEDULE_FILENAME
    )
    # thread=True always gives the threaded service, which has start().
    service.start()  # type: ignore[union-attr]


def start_background_work() -> None:
    """The in-process worker and scheduler, and what should not wait for their first period: the
    heartbeat, and the sweep that queues again the scans a killed server left running (their
    file-system broker messages went with it)."""
    start_embedded_worker()
    start_embedded_beat()
    record_heartbeat.delay()  # the first scheduled beat is a minute away
    sweep_scans.delay()


def prepare_database_and_files(*, demo: bool, echo: Callable[[str], None]) -> None:
    for folder in ("broker/queue", "broker/control", "media"):
        (Path(settings.VAR_DIR) / folder).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if demo:
        from osunited.demo.services import demo_load

        prepare_demo_vulndb(echo)
        loaded = demo_load()
        echo(f"Demo data: {'loaded ' + ', '.join(loaded) if loaded else 'already loaded'}.")
    database_analyze()  # the planner's statistics, fresh at each start (and nightly)


def prepare_demo_vulndb(echo: Callable[[str], None]) -> None:
    """The demo's scans look up the shipped OSV snapshot (imported once into VAR_DIR), unless
    OSU_SCAN_VULNDB names another database."""
    from osunited.demo.vulndb import demo_vulndb_ensure, demo_vulndb_path

    path = demo_vulndb_path(Path(settings.VAR_DIR))
    if settings.OSU_SCAN_VULNDB and Path(settings.OSU_SCAN_VULNDB) != path:
        return
    stats = demo_vulndb_ensure(path)
    if stats is not None:
        echo(
            f"Vulnerability database: {stats.imported} advisories of the PyPA Advisory Database "
            f"of 2024-10-10 (CC-BY-4.0) imported into {path}."
        )
    # On a first start the settings were read before the file existed; the worker runs in this
    # process and reads the setting at each scan.
    settings.OSU_SCAN_VULNDB = str(path)


def print_demo_logins(echo: Callable[[str], None]) -> None:
    from osunited.demo.services import DEMO_PASSWORD, DEMO_USERS

    echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for login in DEMO_USERS:
        echo(f"  {login.email:<28} {login.role}")


def run_embedded(
    *, host: str, port: int, threads: int, demo: bool, echo: Callable[[str], None]
) -> None:
    prepare_database_and_files(demo=demo, echo=echo)
    import waitress

    from osunited.platform.wsgi import application  # after collectstatic: WhiteNoise indexes files

    start_background_work()
    shown_host = f"[{host}]" if ":" in host else host
    echo(f"Open Source United is running on http://{shown_host}:{port}/ (Ctrl+C stops it).")
    if demo:
        print_demo_logins(echo)
    # The proxy headers reach Django, which believes them only from OSU_TRUSTED_PROXY.
    waitress.serve(
        application,
        host=host,
        port=port,
        threads=threads,
        ident="osunited",
        clear_untrusted_proxy_headers=False,
    )

import click

from osunited.cli.django_setup import setup_django
from osunited.cli.serve import processes_option
from osunited.loopback import is_loopback_host


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, envvar="PORT", show_default=True, help="Port (or $PORT).")
@processes_option
@click.option("--threads", default=8, show_default=True, help="Threads per web process.")
@click.option("--demo", is_flag=True, help="Load the demo data once and print the demo logins.")
def run(host: str, port: int, processes: int, threads: int, demo: bool) -> None:
    """Run everything on one machine: migrate, then the web server's processes and one process
    with the background worker and scheduler.

    Uses the embedded defaults (SQLite under var/, a file-system broker) unless DATABASE_URL and
    CELERY_BROKER_URL say otherwise. On a loopback address it serves plain HTTP.
    """
    setup_django(OSU_HTTPS="0" if is_loopback_host(host) else "1")
    from osunited.platform.server import run_one_machine

    run_one_machine(
        host=host, port=port, processes=processes, threads=threads, demo=demo, echo=click.echo
    )

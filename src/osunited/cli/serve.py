import os

import click

from osunited.cli.django_setup import setup_django


def default_processes() -> int:
    """One web process per core (each renders on one at a time), and at least two."""
    return max(2, os.cpu_count() or 1)


processes_option = click.option(
    "--processes",
    default=default_processes(),
    envvar="OSU_WEB_PROCESSES",
    show_default="the number of CPUs, at least 2",
    type=click.IntRange(1, 64),
    help="Web server processes (or $OSU_WEB_PROCESSES).",
)


@click.command()
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on.")  # noqa: S104
@click.option("--port", default=8000, envvar="PORT", show_default=True, help="Port (or $PORT).")
@processes_option
@click.option(
    "--threads",
    default=8,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Threads per web process.",
)
def serve(host: str, port: int, processes: int, threads: int) -> None:
    """Serve the web application in production (gunicorn, behind a reverse proxy).

    Run `osu manage migrate` and `osu manage collectstatic` once per release before starting.
    """
    setup_django()
    from osunited.platform.server import serve as serve_platform

    serve_platform(host=host, port=port, processes=processes, threads=threads)

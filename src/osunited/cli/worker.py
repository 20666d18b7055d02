import click

from osunited.cli.django_setup import setup_django


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.option("--concurrency", "-c", default=2, show_default=True, help="Parallel tasks.")
@click.option("--queues", "-Q", default="celery", show_default=True, help="Queues to consume.")
@click.argument("celery_args", nargs=-1, type=click.UNPROCESSED)
def worker(concurrency: int, queues: str, celery_args: tuple[str, ...]) -> None:
    """Run a Celery worker (start as many as the load needs, on any machine)."""
    setup_django()
    from osunited.platform.celery import app

    app.worker_main(
        [
            "worker",
            f"--concurrency={concurrency}",
            f"--queues={queues}",
            "--loglevel=INFO",
            *celery_args,
        ]
    )

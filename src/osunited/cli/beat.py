import click

from osunited.cli.django_setup import setup_django


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("celery_args", nargs=-1, type=click.UNPROCESSED)
def beat(celery_args: tuple[str, ...]) -> None:
    """Run the scheduler of periodic tasks (exactly one per deployment)."""
    setup_django()
    from django.conf import settings

    from osunited.platform.celery import app

    app.start(
        [
            "beat",
            "--loglevel=INFO",
            f"--schedule={settings.CELERY_BEAT_SCHEDULE_FILENAME}",
            *celery_args,
        ]
    )

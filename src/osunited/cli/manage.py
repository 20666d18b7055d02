import click

from osunited.cli.django_setup import setup_django


@click.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.argument("arguments", nargs=-1, type=click.UNPROCESSED)
def manage(arguments: tuple[str, ...]) -> None:
    """Run a Django management command, e.g. `osu manage migrate` or `osu manage shell`."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["osu manage", *arguments])

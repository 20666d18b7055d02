import click

from osunited.cli.django_setup import setup_django


@click.command()
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on.")  # noqa: S104
@click.option("--port", default=8000, envvar="PORT", show_default=True, help="Port (or $PORT).")
@click.option("--threads", default=16, show_default=True, help="Worker threads.")
def serve(host: str, port: int, threads: int) -> None:
    """Serve the web application in production (waitress WSGI server, behind a reverse proxy).

    Run `osu manage migrate` and `osu manage collectstatic` once per release before starting.
    """
    setup_django()
    import waitress

    from osunited.platform.wsgi import application

    # The proxy headers reach Django, which believes them only from OSU_TRUSTED_PROXY.
    waitress.serve(
        application,
        host=host,
        port=port,
        threads=threads,
        ident="osunited",
        clear_untrusted_proxy_headers=False,
    )

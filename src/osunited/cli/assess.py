"""`osu assess`: a stage readiness self-assessment computed offline from an answers file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_UNUSABLE = 2


@click.command()
@click.argument("answers", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    default="text",
    show_default=True,
    type=click.Choice(["text", "md", "json", "pdf"]),
    help="text or md for people, json for tools, pdf for a one-page report.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the report to this file instead of standard output (needed for pdf).",
)
def assess(answers: Path, output_format: str, output: Path | None) -> None:
    """Compute the stage, per-pillar readiness and next steps from ANSWERS, a YAML or JSON file:

    \b
        framework: cpf-rc1
        ratings: {G1: full, P2.4: partial, C1: full}

    Unrated items count as minimal. Exits 2 when the file cannot be used.
    """
    from osunited import framework as fw

    try:
        answers_file = fw.read_answers(answers)
    except fw.AnswersError as exc:
        click.echo(f"osu assess: {exc}", err=True)
        raise SystemExit(EXIT_UNUSABLE) from None
    framework = answers_file.framework
    result = fw.assess(framework, answers_file.answers)
    if output_format == "pdf":
        if output is None:
            click.echo("osu assess: --format pdf needs --output FILE.", err=True)
            raise SystemExit(EXIT_UNUSABLE)
        html = fw.render_html(result, framework, subject=answers_file.entity)
        output.write_bytes(fw.render_pdf(html))
        return
    renderers = {
        "text": lambda: fw.render_text(result, framework),
        "md": lambda: fw.render_markdown(result, framework),
        "json": lambda: fw.render_json(result),
    }
    report = renderers[output_format]()
    if output is None:
        sys.stdout.write(report)
    else:
        output.write_text(report, "utf-8")

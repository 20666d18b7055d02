"""`osu license choose`: the use-case chooser (CPF 4.2.2) on the command line, over the engine's
default candidates: the license to choose, why, and the alternatives. Questions left out are
asked when stdin is a terminal; otherwise their defaults apply (--released is required).
Exit status: 0 a license is recommended, 1 none may hold what is included, 2 bad input."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from osunited.licenses import (
    ChooserAnswers,
    CopyleftPreference,
    Deployment,
    Recommendation,
    Released,
    license_text,
    normalise_expression,
    recommend,
)

RELEASED = [released.value for released in Released]
DEPLOYMENT = [deployment.value for deployment in Deployment]
COPYLEFT = [preference.value for preference in CopyleftPreference]


@click.command(name="choose")
@click.option("--released", type=click.Choice(RELEASED), help="What is released.")
@click.option(
    "--deployment",
    type=click.Choice(DEPLOYMENT),
    multiple=True,
    help="How people get it (repeat for both; default: distributed).",
)
@click.option("--copyleft", type=click.Choice(COPYLEFT), help="Copyleft wanted (default: none).")
@click.option(
    "--patent-grant/--no-patent-grant",
    default=None,
    help="Whether an express patent grant is wanted (default: yes).",
)
@click.option(
    "--includes", multiple=True, metavar="EXPR", help="License of something it includes (repeat)."
)
@click.option(
    "--write-license",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the recommended license's text to this file.",
)
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text")
def choose(
    released: str | None,
    deployment: tuple[str, ...],
    copyleft: str | None,
    patent_grant: bool | None,
    includes: tuple[str, ...],
    write_license: Path | None,
    output: str,
) -> None:
    """Recommend a license for what you release."""
    answers = _answers(released, deployment, copyleft, patent_grant, includes)
    recommendation = recommend(answers)
    if write_license is not None and recommendation.license_id is not None:
        _write_license(write_license, recommendation.license_id)
    if output == "json":
        click.echo(json.dumps(_as_dict(recommendation), indent=2))
    else:
        _print(recommendation, write_license)
    sys.exit(0 if recommendation.license_id else 1)


def _answers(
    released: str | None,
    deployment: tuple[str, ...],
    copyleft: str | None,
    patent_grant: bool | None,
    includes: tuple[str, ...],
) -> ChooserAnswers:
    interactive = _interactive()
    if released is None and not interactive:
        raise click.UsageError("Give --released (one of: " + ", ".join(RELEASED) + ").")
    if interactive:
        released = released or str(
            click.prompt("What do you release?", type=click.Choice(RELEASED))
        )
        deployment = deployment or (
            click.prompt(
                "How do people get it?", type=click.Choice(DEPLOYMENT), default="distributed"
            ),
        )
        copyleft = copyleft or click.prompt(
            "Which copyleft do you want?", type=click.Choice(COPYLEFT), default="none"
        )
        if patent_grant is None:
            patent_grant = click.confirm("Do you want an express patent grant?", default=True)
    try:
        included = tuple(normalise_expression(expression) for expression in includes)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--includes") from None
    assert released is not None  # given, or asked on a terminal
    return ChooserAnswers(
        released=Released(released),
        deployment=frozenset(Deployment(d) for d in deployment or ("distributed",)),
        copyleft=CopyleftPreference(copyleft or "none"),
        patent_grant=True if patent_grant is None else patent_grant,
        included=included,
    )


def _interactive() -> bool:
    return sys.stdin.isatty()


def _write_license(path: Path, license_id: str) -> None:
    text = license_text(license_id)
    if text is None:
        raise click.ClickException(f"The platform has no text of {license_id}.")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise click.ClickException(f"Cannot write {path}: {error.strerror}.") from None


def _print(recommendation: Recommendation, written: Path | None) -> None:
    if recommendation.license_id is None:
        click.echo("No license recommended.")
    else:
        click.echo(f"Recommended: {recommendation.license_id} ({recommendation.family})")
    for reason in recommendation.reasons:
        click.echo(f"  - {reason.text}")
    for conflict in recommendation.conflicts:
        click.echo(f"\n{conflict.included} rules out: {', '.join(conflict.ruled_out)}")
        if conflict.explanation:
            click.echo(f"  {conflict.explanation}")
    if recommendation.alternatives:
        click.echo("\nAlternatives:")
    for alternative in recommendation.alternatives:
        mark = " (ruled out)" if alternative.ruled_out else ""
        click.echo(f"  {alternative.license_id}{mark}")
        for reason in alternative.why_lower:
            click.echo(f"    - {reason.text}")
    if written is not None and recommendation.license_id is not None:
        click.echo(f"\nWrote the text of {recommendation.license_id} to {written}.")


def _as_dict(recommendation: Recommendation) -> dict[str, Any]:
    def reasons(items: Any) -> list[dict[str, str]]:
        return [{"question": r.question.value, "text": r.text} for r in items]

    return {
        "license": recommendation.license_id,
        "family": recommendation.family.value if recommendation.family else None,
        "reasons": reasons(recommendation.reasons),
        "alternatives": [
            {
                "license": a.license_id,
                "family": a.family.value if a.family else None,
                "ruled_out": a.ruled_out,
                "why_lower": reasons(a.why_lower),
            }
            for a in recommendation.alternatives
        ],
        "conflicts": [
            {
                "included": c.included,
                "ruled_out": list(c.ruled_out),
                "compatible": list(c.compatible),
                "explanation": c.explanation,
            }
            for c in recommendation.conflicts
        ],
    }

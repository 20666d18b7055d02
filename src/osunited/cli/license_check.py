"""`osu license check EXPR --with EXPR --use USE`: whether code under one license may be used by a
project under another, by each independent source, with their disagreements; and `osu license
show ID`: one license's facts. Exit status of `check`: 0 compatible, 1 incompatible, 2
compatible only on conditions, or unknown (also for a command line that cannot be read)."""

from __future__ import annotations

import json
import textwrap
from typing import Any

import click

from osunited.licenses import (
    PairCheck,
    Use,
    Verdict,
    check_pair,
    license_facts,
    summary_for,
)

USE_CHOICES = {
    "distinct": (Use.DISTINCT_COMPONENT,),
    "tool": (Use.TOOL,),
    "dynamic-linking": (Use.DYNAMIC_LINKING,),
    "static-linking": (Use.STATIC_LINKING,),
    "merged": (Use.MERGED_SOURCES,),
    "linking": (Use.DYNAMIC_LINKING, Use.STATIC_LINKING),
}
EXIT_STATUS = {
    Verdict.COMPATIBLE: 0,
    Verdict.INCOMPATIBLE: 1,
    Verdict.CONDITIONAL: 2,
    Verdict.UNKNOWN: 2,
}


@click.command(name="check")
@click.argument("inbound", metavar="EXPR")
@click.option("--with", "outbound", required=True, metavar="EXPR", help="The project's license.")
@click.option(
    "--use",
    "use_name",
    type=click.Choice(list(USE_CHOICES)),
    default="linking",
    show_default=True,
    help="How the project uses the code ('linking' checks dynamic and static linking).",
)
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text")
def check(inbound: str, outbound: str, use_name: str, output: str) -> None:
    """May code under EXPR be used by a project under --with EXPR? Each source's verdict and
    explanation. Exit status: 0 compatible, 1 incompatible, 2 conditional or unknown."""
    checks = [check_pair(inbound, outbound, use) for use in USE_CHOICES[use_name]]
    verdict = max((c.verdict for c in checks), key=lambda v: v.caution)
    if output == "json":
        click.echo(
            json.dumps(
                {"verdict": verdict.value, "checks": [_as_dict(c) for c in checks]}, indent=2
            )
        )
    else:
        for pair in checks:
            _print_check(pair)
    raise SystemExit(EXIT_STATUS[verdict])


@click.command(name="show")
@click.argument("license_id", metavar="ID")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text")
def show(license_id: str, output: str) -> None:
    """One license's facts: family, patent terms, what it permits, requires and excludes."""
    facts = license_facts(license_id)
    if facts is None:
        raise click.BadParameter(f"no license {license_id!r} is known.", param_hint="ID")
    if output == "json":
        data = {
            "spdx_id": facts.spdx_id,
            "name": facts.name,
            "family": facts.family.value,
            "patent": facts.patent.value,
            "osi_approved": facts.osi_approved,
            "permissions": list(facts.permissions),
            "conditions": list(facts.conditions),
            "limitations": list(facts.limitations),
            "description": facts.description,
            "summary_source": facts.summary_source,
        }
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"{facts.name} ({facts.spdx_id})")
    click.echo(f"  family: {facts.family.value}")
    click.echo(f"  patents: {facts.patent.value}")
    click.echo(f"  OSI approved: {'yes' if facts.osi_approved else 'no'}")
    for label, tags in (
        ("permits", facts.permissions),
        ("requires", facts.conditions),
        ("excludes", facts.limitations),
    ):
        click.echo(f"  {label}: {', '.join(tags) or '-'}")
    click.echo(_wrapped(facts.description, "  "))
    if summary_for(facts.spdx_id) is not None:
        click.echo("  Summary: choosealicense.com (MIT License).")
    else:
        click.echo(f"  Summary: {facts.summary_source}.")


def _print_check(pair: PairCheck) -> None:
    click.echo(
        f"{pair.inbound} in a project under {pair.outbound}, {pair.use.value}: {pair.verdict.value}"
    )
    for said in pair.verdicts:
        click.echo(f"  {said.source.name}: {said.verdict.value}")
        if said.verdict != Verdict.NOT_COVERED:
            click.echo(_wrapped(said.explanation, "    "))
            if said.reference:
                click.echo(f"    {said.reference}")
    if pair.disagreement:
        named = ", ".join(f"{v.source.key} {v.verdict.value}" for v in pair.covering)
        click.echo(f"  The sources disagree ({named}); the most cautious is shown.")


def _as_dict(pair: PairCheck) -> dict[str, Any]:
    return {
        "inbound": pair.inbound,
        "outbound": pair.outbound,
        "use": pair.use.value,
        "verdict": pair.verdict.value,
        "disagreement": pair.disagreement,
        "sources": [
            {
                "source": v.source.key,
                "name": v.source.name,
                "verdict": v.verdict.value,
                "explanation": v.explanation,
                "reference": v.reference,
            }
            for v in pair.verdicts
        ],
    }


def _wrapped(text: str, indent: str) -> str:
    return textwrap.fill(text, width=100, initial_indent=indent, subsequent_indent=indent)

"""An assessment result as text, Markdown, JSON, HTML or PDF (`osu assess --format`).

The HTML is a one-page report laid out like the framework's synthesis table; PDF is that HTML
through WeasyPrint, which the platform uses for its downloads too.
"""

from __future__ import annotations

import json
from html import escape

from osunited.framework._assess import Result
from osunited.framework._model import Framework

FORMATS = ("text", "md", "json", "html", "pdf")


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{round(value * 100)}%"


def _kind(blocking: bool) -> str:
    return "required" if blocking else "recommended"


def _stage_line(result: Result) -> str:
    if result.stage == 0:
        return "Not yet at Stage 1"
    return f"Stage {result.stage}: {result.stage_name}"


def render_text(result: Result, framework: Framework) -> str:
    lines = [f"{framework.title} ({framework.version})", _stage_line(result), ""]
    lines.append(f"Readiness for Stage {result.target_stage}:")
    for pillar in result.readiness:
        lines.append(
            f"  {pillar.name[:48]:<48} {pillar.level.value:<11} "
            f"{_percent(pillar.readiness):>5}  ({pillar.counted} items)"
        )
    lines += ["", f"Next steps towards Stage {result.target_stage}:"]
    for step in result.next_steps or []:
        lines.append(
            f"  {step.item} ({_kind(step.blocking)}, rated {step.rating.value}): {step.text}"
        )
        lines.append(f"      -> {step.action}")
    if not result.next_steps:
        lines.append("  Nothing left: every item expected at this stage is met.")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(result: Result, framework: Framework) -> str:
    lines = [f"# {_cell(framework.title)}", "", f"**{_stage_line(result)}**", ""]
    lines += [
        f"## Readiness for Stage {result.target_stage}",
        "",
        "| Pillar | Expected at this stage | Readiness | Items counted |",
        "| --- | --- | --- | --- |",
    ]
    for pillar in result.readiness:
        lines.append(
            f"| {_cell(pillar.name)} | {pillar.level.value} | "
            f"{_percent(pillar.readiness)} | {pillar.counted} |"
        )
    lines += ["", f"## Next steps towards Stage {result.target_stage}", ""]
    for step in result.next_steps:
        lines.append(
            f"- **{step.item}** ({_kind(step.blocking)}, rated {step.rating.value}): "
            f"{_cell(step.text)}. {_cell(step.action)}"
        )
    if not result.next_steps:
        lines.append("Nothing left: every item expected at this stage is met.")
    return "\n".join(lines) + "\n"


def render_json(result: Result) -> str:
    return json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n"


_CSS = """
@page { size: A4; margin: 16mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; color: #1a1a1a; }
h1 { font-size: 15pt; margin: 0 0 2mm; } h2 { font-size: 11.5pt; margin: 5mm 0 2mm; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.6pt solid #888; padding: 1.2mm 1.8mm; text-align: start; vertical-align: top; }
th { background: #e8eef5; } .required { font-weight: bold; }
.bar { background: #dde3ea; height: 3mm; width: 40mm; }
.bar span { display: block; height: 3mm; background: #1f5f9e; }
"""


def render_html(result: Result, framework: Framework, *, subject: str = "") -> str:
    """A standalone one-page report (the PDF's source)."""
    title = f"{subject} — " if subject else ""
    rows = "".join(
        f"<tr><td>{escape(p.name)}</td><td class='{p.level.value}'>{p.level.value}</td>"
        f"<td>{_percent(p.readiness)}<div class='bar'><span style='width:"
        f"{round((p.readiness or 0) * 100)}%'></span></div></td>"
        f"<td>{p.counted}</td><td>{p.blocking_unmet}</td></tr>"
        for p in result.readiness
    )
    steps = (
        "".join(
            f"<li><strong>{escape(s.item)}</strong> ({_kind(s.blocking)}, rated {s.rating.value}): "
            f"{escape(s.text)}<br>{escape(s.action)}</li>"
            for s in result.next_steps
        )
        or "<li>Nothing left: every item expected at this stage is met.</li>"
    )
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}Stage readiness</title><style>{_CSS}</style></head><body>"
        f"<h1>{escape(title)}Stage readiness self-assessment</h1>"
        f"<p>{escape(framework.title)}, {escape(framework.version)}</p>"
        f"<p><strong>{escape(_stage_line(result))}</strong></p>"
        f"<h2>Pillars at Stage {result.target_stage}</h2><table><thead><tr><th>Pillar</th>"
        f"<th>Expected</th><th>Readiness</th><th>Items</th><th>Blocking gaps</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        f"<h2>Next steps towards Stage {result.target_stage}</h2><ol>{steps}</ol></body></html>"
    )


def render_pdf(html: str) -> bytes:
    """PDF bytes of a report's HTML. The HTML is ours; WeasyPrint fetches nothing remote."""
    # Imported here: it loads Pango, which only PDFs need.
    from weasyprint import HTML  # type: ignore[import-untyped]

    document: bytes = HTML(string=html, url_fetcher=_no_fetch).write_pdf()
    return document


def _no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    raise ValueError(f"The report fetches nothing; refused {url[:100]}")

"""The readiness bars of the PDF report, rasterised: coloured and sized like the web page's."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from PIL import Image

from osunited.assessments.models import Assessment
from osunited.assessments.selectors import assessment_result
from osunited.assessments.services import (
    answer_save,
    assessment_set_visibility,
    assessment_start,
    assessment_submit,
)
from osunited.framework import blocking_items, load_framework
from tests.conftest import Cast, client_for

pytestmark = pytest.mark.django_db

# site.css: --brand, --error and .chart-track.
BRAND = (0x0B, 0x3D, 0x66)
BLOCKED = (0xA4, 0x16, 0x1A)
TRACK = (0xDD, 0xE3, 0xEA)
Row = list[tuple[int, int, int]]


def published(cast: Cast) -> Assessment:
    """Stage 2 reached: the bars for Stage 3 range from empty and red to half full and blue."""
    assessment = assessment_start(entity=cast.unicef, framework_id="cpf-rc1", user=cast.erin)
    framework = load_framework("cpf-rc1")
    for item in [*blocking_items(framework, 1), *blocking_items(framework, 2)]:
        answer_save(assessment=assessment, item_id=item.id, rating="full", user=cast.erin)
    assessment = assessment_submit(assessment=assessment, user=cast.erin)
    return assessment_set_visibility(assessment=assessment, visibility="published", user=cast.erin)


def first_page(pdf: bytes) -> Image.Image:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise RuntimeError("No pdftoppm: run scripts/install-system-packages.sh (poppler-utils).")
    command = [pdftoppm, "-r", "100", "-f", "1", "-l", "1", "-png", "-singlefile", "-"]
    png = subprocess.run(command, input=pdf, capture_output=True, check=True).stdout
    return Image.open(io.BytesIO(png)).convert("RGB")


def near(pixel: tuple[int, int, int], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 8 for a, b in zip(pixel, colour, strict=True))


def bar_middles(page: Image.Image) -> list[Row]:
    """One row of pixels through the middle of each bar, top to bottom."""
    pixels = page.load()
    assert pixels is not None
    rows: list[Row] = [[pixels[x, y] for x in range(page.width)] for y in range(page.height)]
    barred = [y for y, row in enumerate(rows) if sum(near(p, TRACK) for p in row) > 50]
    bars: list[list[int]] = []
    for y in barred:
        if bars and bars[-1][-1] == y - 1:
            bars[-1].append(y)
        else:
            bars.append([y])
    return [rows[ys[len(ys) // 2]] for ys in bars]


def filled(row: Row, colour: tuple[int, int, int]) -> float:
    """The share of the bar (its fill and its track) drawn in `colour`."""
    fill = sum(near(p, colour) for p in row)
    return fill / (fill + sum(near(p, TRACK) for p in row))


def test_the_pdf_bars_have_the_web_pages_colours_and_lengths(cast: Cast) -> None:
    assessment = published(cast)
    pdf = client_for(None).get(reverse("assessments:pdf", args=[assessment.pk])).content
    readiness = assessment_result(assessment).readiness
    bars = bar_middles(first_page(pdf))
    assert len(bars) == len(readiness)
    assert {r.blocking_unmet > 0 for r in readiness if r.readiness} == {True, False}
    for bar, pillar in zip(bars, readiness, strict=True):
        assert not any(near(p, (0, 0, 0)) for p in bar), pillar.name
        colour = BLOCKED if pillar.blocking_unmet else BRAND
        assert filled(bar, colour) == pytest.approx(pillar.readiness or 0, abs=0.02), pillar.name

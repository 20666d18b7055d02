"""Two people who read one language only, in Chromium: in Arabic, a focal point registers a
project and submits it for review; in Chinese, an entity representative answers an assessment and
submits it. They find every label, button and heading in their own script, as a reader who does
not know English would need; only data (a project's name, a URL, an item's id) stays as it is."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from osunited.assessments.models import Assessment
from osunited.catalog.models import Project
from osunited.demo.repositories import build_repository, demo_repositories
from osunited.framework import blocking_items, load_framework
from osunited.platform.translations import PACKAGE_DIR
from tests.browser.accessibility import serious_violations
from tests.browser.pages import signed_in_page
from tests.conftest import Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARABIC = re.compile(r"[\u0600-\u06ff]")
CHINESE = re.compile(r"[\u4e00-\u9fff]")

# The texts a reader acts on: what names a control, a group, a column or a page section.
INTERFACE_TEXTS = """() => Array.from(document.querySelectorAll(
  'main label, main button, main legend, main h1, main h2, main h3, main th, main caption,'
  + ' main summary, main [role=status], header nav a, header label'
)).filter(e => e.offsetParent !== null && !e.closest('[translate=no], code, [dir=ltr]'))
 .map(e => e.innerText.trim()).filter(Boolean)"""


# Names the UN glossary keeps as they are in every language (OSPO, OSSIB, SPDX).
KEPT_NAMES = [
    term
    for term, forms in yaml.safe_load(
        (PACKAGE_DIR / "platform/data/glossary.yaml").read_text(encoding="utf-8")
    )["terms"].items()
    if all(term in accepted for accepted in forms.values())
]


def words_of_another_script(page: Page, script: re.Pattern[str], data: list[str]) -> list[str]:
    """The interface texts of the page that hold a word of Latin letters and none of `script`,
    once the data (names, URLs, ids) and the names kept in every language are taken out."""
    strays = []
    for text in page.evaluate(INTERFACE_TEXTS):
        rest = text
        for value in [*data, *KEPT_NAMES]:
            rest = rest.replace(value, " ")
        if re.search(r"[A-Za-z]{3,}", rest) and not script.search(rest):
            strays.append(text)
    return strays


def in_language(language: str, english: str, **params: str) -> str:
    """`english` as the platform shows it in `language`; fails if it is not translated."""
    with translation.override(language):
        shown = translation.gettext(english)
    assert shown != english, f"{english!r} is not translated into {language}"
    return shown % params if params else shown


@pytest.fixture
def repository(tmp_path: Path, settings) -> Path:  # type: ignore[no-untyped-def]
    settings.OSU_SCAN_LOCAL_ROOTS = [str(tmp_path)]
    field_survey = demo_repositories("https://code.example.org/un")[0]
    return build_repository(tmp_path, field_survey, now=datetime.now(UTC))


def test_a_reader_of_arabic_registers_a_project_and_submits_it(
    live_server, browser: Browser, cast: Cast, repository: Path
) -> None:
    def ar(english: str, **params: str) -> str:
        return in_language("ar", english, **params)

    # The project's name, its repository, the brand and a file's name (the README's heading).
    data = ["Field Survey", repository.as_uri(), "Open Source United", "README"]
    alice = signed_in_page(browser, live_server.url, cast.alice, locale="ar")
    alice.goto("/catalog/register/")
    expect(alice.locator("html")).to_have_attribute("dir", "rtl")
    expect(alice.get_by_role("heading", level=1)).to_contain_text(ARABIC)
    assert words_of_another_script(alice, ARABIC, data) == []

    alice.get_by_label(ar("Repository URL to prefill from")).fill(repository.as_uri())
    alice.get_by_role("button", name=ar("Prefill from repository")).click()
    expect(alice.locator("#id_name")).to_have_value("Field Survey")
    alice.locator("#id_purpose").fill("استبيانات أسرية دون اتصال للمكاتب الميدانية.")
    alice.get_by_role("checkbox", name=re.compile("القضاء التام على الجوع")).check()
    alice.get_by_label(ar("Evidence for SDG %d") % 2).fill("تقييمات الأمن الغذائي.")
    assert words_of_another_script(alice, ARABIC, data) == []
    assert serious_violations(alice) == []
    alice.get_by_role("button", name=ar("Register project")).click()

    expect(alice.get_by_role("heading", level=1, name="Field Survey")).to_be_visible()
    project = Project.objects.get(name="Field Survey")
    assert project.status == "draft"
    assert words_of_another_script(alice, ARABIC, data) == []

    submit = ar("Submit for review")
    alice.get_by_label(ar("Comment for “%(action)s”", action=submit)).fill("جاهز للجنة.")
    alice.get_by_role("button", name=submit, exact=True).click()
    expect(alice.get_by_text(ar("Submitted")).first).to_be_visible()
    project.refresh_from_db()
    assert project.status == "submitted"
    assert words_of_another_script(alice, ARABIC, data) == []
    assert serious_violations(alice) == []


def test_a_reader_of_chinese_answers_an_assessment_and_submits_it(
    live_server, browser: Browser, cast: Cast
) -> None:
    def zh(english: str, **params: str) -> str:
        return in_language("zh-hans", english, **params)

    framework = load_framework("cpf-rc1", language="zh-hans")
    required = [item.id for item in blocking_items(framework, 1)]
    pillars = {pillar.id: pillar.name for pillar in framework.pillars}
    assert all(CHINESE.search(name) for name in pillars.values()), "pillars in Chinese"
    data = [cast.unicef.name, "UNICEF", "cpf-rc1", "Open Source United", *required]

    erin = signed_in_page(browser, live_server.url, cast.erin, locale="zh-CN")
    erin.goto("/entities/unicef/assessments/")
    expect(erin.locator("html")).to_have_attribute("lang", "zh-hans")
    assert words_of_another_script(erin, CHINESE, data) == []
    erin.get_by_role("button", name=zh("Start a new assessment")).click()
    expect(erin).to_have_url(re.compile(r"/assessments/\d+/answers/"))
    assessment = Assessment.objects.get(entity=cast.unicef)

    nav = erin.get_by_role("navigation", name=zh("Pillars"))
    by_pillar: dict[str, list[str]] = {}
    for item in framework.items:
        if item.id in required:
            by_pillar.setdefault(item.pillar, []).append(item.id)
    for pillar, item_ids in by_pillar.items():
        nav.get_by_role("link", name=pillars[pillar], exact=True).click()
        assert words_of_another_script(erin, CHINESE, data) == []
        for item_id in item_ids:
            article = erin.locator(f'article[id="item-{item_id}"]')
            article.get_by_role("group", name=zh("Rating of %(item)s", item=item_id)).get_by_label(
                zh("Full alignment"), exact=True
            ).check()
            article.get_by_role("button", name=zh("Save %(item)s", item=item_id)).click()
            expect(erin.get_by_role("status")).to_have_text(zh("%(item)s is saved.", item=item_id))
    assert serious_violations(erin) == []

    erin.get_by_role("link", name=zh("See the result and submit")).click()
    assert words_of_another_script(erin, CHINESE, data) == []
    erin.get_by_role("button", name=zh("Submit the assessment")).click()
    expect(
        erin.get_by_text(zh("The assessment is submitted; its answers are frozen."))
    ).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    assert (assessment.stage or 0) >= 1
    assert words_of_another_script(erin, CHINESE, data) == []
    assert serious_violations(erin) == []

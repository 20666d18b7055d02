"""Data texts on the pages, in the reader's language: framework items, OSEE modules, learning
modules and paths, working groups and SDG titles; `lang` on a text shown in a fallback
language, a "translation not reviewed" label on a translation not yet reviewed, the page's
notice while its interface translation is not reviewed; and `osu translations` for data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from django.template import Context, Template
from django.utils import translation

from osunited.assessments.services import assessment_start
from osunited.cli import main as cli
from osunited.framework import load_framework
from osunited.learning.models import LearningModule
from osunited.platform import datatexts
from osunited.texts import DataTexts, Text, forget_sidecars
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory, ProjectSdgFactory

UNREVIEWED = "translation not reviewed"


@pytest.fixture
def sidecars(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every shipped data file's sidecars are read from tmp_path, where the test writes them."""
    for data in datatexts.shipped_data_texts():
        monkeypatch.setattr(data, "path", tmp_path / data.name)
    forget_sidecars()
    yield tmp_path
    forget_sidecars()


def translate(data: DataTexts, language: str, texts: dict[str, object]) -> None:
    path = data.sidecar_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"texts": texts}, allow_unicode=True), encoding="utf-8")
    forget_sidecars()


def render(source: str, language: str, **context: object) -> str:
    with translation.override(language):
        return Template("{% load data_texts %}" + source).render(Context(context))


def test_a_translation_not_reviewed_carries_the_label() -> None:
    text = Text("Un référent est nommé.", language="fr", reviewed=False)
    html = render("{% data_text text %}", "fr", text=text)
    assert html.startswith('Un référent est nommé. <small class="badge data-unreviewed"')
    assert ">traduction non examinée</small>" in html
    assert 'title="Traduction automatique\xa0; pas encore examinée' in html
    english = render("{% data_text text %}", "en", text=text)
    assert f">{UNREVIEWED}</small>" in english
    assert 'title="Machine-translated; not yet reviewed by a UN translator."' in english


def test_a_list_of_translations_not_reviewed_is_labelled_once_before_it() -> None:
    texts = [Text(f"Module {n}", language="fr", reviewed=False) for n in range(3)]
    source = "{% labelled_once %}{% for t in texts %}<li>{% data_text t %}</li>{% endfor %}"
    html = render(source + "{% endlabelled_once %}", "en", texts=texts)
    assert html.count("data-unreviewed") == 2  # the note, and its label
    assert html.startswith('<p class="muted data-unreviewed-note"> <small class="badge')
    assert "The texts below are machine-translated" in html
    assert html.endswith('<li><span lang="fr" dir="ltr">Module 2</span></li>')
    reviewed = [Text("Module", language="fr", reviewed=True)]
    assert "data-unreviewed" not in render(source + "{% endlabelled_once %}", "fr", texts=reviewed)


def test_the_osee_framework_in_arabic_says_once_that_its_translation_is_not_reviewed() -> None:
    page = client_for(None).get("/learning/osee/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    body = page[page.index('<p class="notice">') :]  # after the lead, which names the draft
    assert body.count('class="badge data-unreviewed"') == 1
    assert body.count('class="muted data-unreviewed-note"') == 1


def test_a_reviewed_translation_is_shown_as_it_is() -> None:
    text = Text("Un référent est nommé.", language="fr", reviewed=True)
    assert render("{% data_text text %}", "fr", text=text) == "Un référent est nommé."


def test_a_text_in_a_fallback_language_says_which() -> None:
    html = render("{% data_text text %}", "ar", text=Text("A liaison <is> named."))
    assert html == '<span lang="en" dir="ltr">A liaison &lt;is&gt; named.</span>'


def test_a_text_found_in_the_language_is_the_pages_on_a_page_of_its_script() -> None:
    text = Text("任命联络人。", language="zh", reviewed=True)
    assert render("{% data_text text %}", "zh-hans", text=text) == "任命联络人。"


def test_a_text_people_wrote_on_the_site_claims_no_language() -> None:
    assert render("{% data_text text %}", "ar", text="<b>Ours</b>") == "&lt;b&gt;Ours&lt;/b&gt;"


@pytest.mark.django_db
def test_an_arabic_reader_sees_a_projects_goals_by_their_arabic_titles(cast: Cast) -> None:
    project = ProjectFactory(name="Tracker", slug="tracker", status="published")
    ProjectSdgFactory(project=project, goal=3)
    page = client_for(None).get("/catalog/tracker/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "الصحة الجيدة والرفاه" in page
    english = client_for(None).get("/catalog/tracker/", HTTP_ACCEPT_LANGUAGE="en")
    assert "SDG 3: Good Health and Well-being" in english.content.decode()


@pytest.mark.django_db
def test_the_sdg_filters_and_the_registration_form_name_each_goal() -> None:
    with translation.override("es"):
        assert str(datatexts.sdg_label(6)) == "ODS 6: Agua limpia y saneamiento"
    page = client_for(None).get("/dashboard/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Faim « zéro »" in page


@pytest.mark.django_db
def test_a_page_says_its_interface_translation_is_not_reviewed_yet(cast: Cast) -> None:
    arabic = client_for(None).get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'class="translation-notice" role="note"' in arabic
    english = client_for(None).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "translation-notice" not in english


@pytest.mark.django_db
def test_a_chinese_reader_answers_the_framework_in_chinese(cast: Cast, sidecars: Path) -> None:
    from osunited.framework import framework_data_texts

    translate(
        framework_data_texts("cpf-rc1"),
        "zh-hans",
        {
            "items[G1].text": "指定开源联络人。",
            "pillars[governance].name": {"text": "治理结构", "reviewed": True},
        },
    )
    assessment = assessment_start(entity=cast.unicef, framework_id="cpf-rc1", user=cast.erin)
    client = client_for(cast.erin)
    page = client.get(
        f"/assessments/{assessment.pk}/answers/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    g1 = page[page.index('id="item-G1"') : page.index('id="item-G2"')]
    assert "<p>指定开源联络人。 <small" in g1
    assert ">译文未经审校</small>" in g1  # "translation not reviewed"
    g2 = page[page.index('id="item-G2"') :]
    english = load_framework("cpf-rc1").item("G2").text
    assert f'<span lang="en" dir="ltr">{english}</span>' in g2
    assert 'aria-current="page">治理结构</a>' in page  # reviewed: no label


@pytest.mark.django_db
def test_a_learning_module_is_shown_translated_until_its_team_edits_it(sidecars: Path) -> None:
    from osunited.learning.shipped import CATALOGUE_TEXTS

    translate(CATALOGUE_TEXTS, "fr", {"modules[osee-strategy].title": "OSEE : Stratégie"})
    url = "/learning/modules/osee-strategy/"
    page = client_for(None).get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<h1>OSEE : Stratégie <small" in page
    LearningModule.objects.filter(slug="osee-strategy").update(title="OSEE: Strategy, revised")
    page = client_for(None).get(url, HTTP_ACCEPT_LANGUAGE="fr-ca").content.decode()
    assert "OSEE : Stratégie" not in page
    assert '<h1><span lang="en" dir="ltr">OSEE: Strategy, revised</span></h1>' not in page
    assert "<h1>OSEE: Strategy, revised</h1>" in page


@pytest.mark.django_db
def test_a_working_group_and_an_osee_module_are_shown_in_russian(sidecars: Path) -> None:
    from osunited.governance.shipped import GROUP_TEXTS
    from osunited.osee import osee_data_texts

    translate(GROUP_TEXTS, "ru", {"working_groups[licensing].name": "Рабочая группа"})
    translate(osee_data_texts()[0], "ru", {"modules[strategy].title": "Стратегия"})
    group = client_for(None).get("/ossib/working-groups/licensing/", HTTP_ACCEPT_LANGUAGE="ru")
    assert "<h1>Рабочая группа <small" in group.content.decode()
    module = client_for(None).get("/learning/osee/strategy/", HTTP_ACCEPT_LANGUAGE="ru")
    assert "<h1>Стратегия <small" in module.content.decode()


@pytest.fixture
def one_data_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataTexts:
    data = DataTexts(
        tmp_path / "data/groups.yaml", lambda: {"working_groups[a].name": "A group"}, name="g.yaml"
    )
    monkeypatch.setattr(datatexts, "shipped_data_texts", lambda: [data])
    forget_sidecars()
    return data


def test_osu_translations_exports_and_imports_data_texts(
    tmp_path: Path, one_data_file: DataTexts
) -> None:
    out = tmp_path / "ar"
    exported = CliRunner().invoke(cli, ["translations", "data-export", "ar", str(out)])
    assert exported.exit_code == 0, exported.output
    assert "1 texts to translate in 1 files" in exported.output
    assert json.loads((out / "data-01.json").read_text(encoding="utf-8")) == [
        {"key": 1, "msgid": "A group", "where": ["g.yaml"], "note": "working_groups[a].name"}
    ]
    (out / "data-01.out.json").write_text('[{"key": 1, "msgstr": "مجموعة"}]', encoding="utf-8")
    imported = CliRunner().invoke(cli, ["translations", "data-import", "ar", str(out)])
    assert imported.exit_code == 0, imported.output
    found = one_data_file.lookup("working_groups[a].name", "A group", "ar")
    assert (found, found.language, found.reviewed) == ("مجموعة", "ar", False)


def test_osu_translations_refuses_a_bad_import_with_a_clear_message(
    tmp_path: Path, one_data_file: DataTexts
) -> None:
    result = CliRunner().invoke(cli, ["translations", "data-import", "fr", str(tmp_path)])
    assert result.exit_code == 1
    assert "holds no export (data-NN.json)" in result.output
    assert not one_data_file.sidecar_path("fr").exists()

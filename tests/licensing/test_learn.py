"""Learning resources on licensing (CPF 4.2.2): data complete, a public page per topic."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from osunited.licensing import learning
from osunited.texts import forget_sidecars
from tests.conftest import client_for

TOPICS = {
    "choosing-a-license",
    "compatibility",
    "copyleft",
    "patents",
    "contributor-agreements",
    "content-and-data",
    "privileges-and-immunities",
}


def test_every_topic_the_guidance_names_is_there() -> None:
    assert {topic.slug for topic in learning.topics()} == TOPICS


def test_every_entry_is_complete_and_every_url_is_https() -> None:
    # Read the file itself, not only through the loader: a key the loader ignores is caught too.
    document = yaml.safe_load(learning.DATA.read_text(encoding="utf-8"))
    for entry in document["topics"]:
        for text in ("title", "summary"):  # English; other languages in translations/
            assert entry[text], entry["slug"]
            assert str(entry[text]).strip() == entry[text], entry["slug"]
        assert entry["resources"], entry["slug"]
        for resource in entry["resources"]:
            assert set(resource) == {"kind", "title", "url", "language", "level"}, resource
            assert all(str(value).strip() for value in resource.values()), resource
            assert resource["kind"] in learning.KINDS, resource
            assert resource["level"] in learning.LEVELS, resource
            url = urlsplit(resource["url"])
            assert url.scheme == "https", resource
            assert url.netloc, resource


def test_a_resource_without_https_is_refused() -> None:
    with pytest.raises(ValueError, match="not an https address"):
        learning._resource(
            "t",
            {
                "kind": "reading",
                "title": "x",
                "url": "http://example.org/",
                "language": "en",
                "level": "advanced",
            },
        )


def test_a_text_falls_back_to_french_then_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(learning.TOPIC_TEXTS, "path", tmp_path / "learning.yaml")
    sidecar = learning.TOPIC_TEXTS.sidecar_path("fr")
    sidecar.parent.mkdir(parents=True)
    sidecar.write_text("texts:\n  topics[patents].title: Brevets\n", encoding="utf-8")
    forget_sidecars()
    french = {topic.slug: topic for topic in learning.topics("fr-ca")}
    assert (french["patents"].title, french["patents"].title.language) == ("Brevets", "fr")
    assert (french["patents"].summary.language, french["copyleft"].title.language) == ("en", "en")
    assert learning.topic("patents", "ar").title.language in ("ar", "en")
    forget_sidecars()


@pytest.mark.django_db
def test_the_index_links_every_topic() -> None:
    page = client_for(None).get("/licenses/learn/")
    assert page.status_code == 200
    for slug in TOPICS:
        assert f'href="/licenses/learn/{slug}/"' in page.content.decode()


@pytest.mark.django_db
def test_each_topic_page_lists_its_resources_and_the_platforms_tools() -> None:
    for topic in learning.topics():
        page = client_for(None).get(f"/licenses/learn/{topic.slug}/").content.decode()
        assert topic.title in page
        for resource in topic.resources:
            assert f'href="{resource.url.replace("&", "&amp;")}"' in page
    compatibility = client_for(None).get("/licenses/learn/compatibility/").content.decode()
    assert 'href="/licenses/compatibility/"' in compatibility
    choosing = client_for(None).get("/licenses/learn/choosing-a-license/").content.decode()
    assert 'href="/licenses/choose/"' in choosing


@pytest.mark.django_db
def test_an_unknown_topic_is_not_found() -> None:
    assert client_for(None).get("/licenses/learn/no-such-topic/").status_code == 404

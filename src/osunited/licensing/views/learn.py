"""Learning resources on licensing (CPF 4.2.2): an index of topics and one public page each."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from osunited.accounts.roles import PUBLIC, access
from osunited.licensing import learning
from osunited.platform.datatexts import reader_language

# The platform's own tools, by the name learning.yaml uses; plain paths, as their pages belong
# to the chooser's and the compatibility check's views.
PLATFORM_TOOLS = {
    "chooser": ("/licenses/choose/", _("Choose a license for your project")),
    "compatibility": ("/licenses/compatibility/", _("Check the compatibility of two licenses")),
}
KIND_LABELS = {
    "reading": _("Reading"),
    "course": _("Course"),
    "webinar": _("Webinar"),
    "tool": _("Tool"),
}
LEVEL_LABELS = {
    "introductory": _("Introductory"),
    "intermediate": _("Intermediate"),
    "advanced": _("Advanced"),
}


def _topic_view(topic: learning.Topic) -> dict[str, Any]:
    return {
        "slug": topic.slug,
        "title": topic.title,
        "summary": topic.summary,
        "resources": [
            {
                "resource": resource,
                "kind": KIND_LABELS[resource.kind],
                "level": LEVEL_LABELS[resource.level],
            }
            for resource in topic.resources
        ],
        "tools": [PLATFORM_TOOLS[name] for name in topic.platform_tools],
    }


@access(PUBLIC)
@require_GET
def learn(request: HttpRequest) -> HttpResponse:
    topics = [_topic_view(topic) for topic in learning.topics(reader_language())]
    return render(request, "licensing/learn_index.html", {"topics": topics})


@access(PUBLIC)
@require_GET
def learn_topic(request: HttpRequest, topic: str) -> HttpResponse:
    found = learning.topic(topic, reader_language())
    if found is None:
        raise Http404
    return render(request, "licensing/learn_topic.html", {"topic": _topic_view(found)})


urlpatterns = [
    path("learn/", learn, name="learn"),
    path("learn/<slug:topic>/", learn_topic, name="learn_topic"),
]

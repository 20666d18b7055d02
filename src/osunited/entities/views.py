from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from osunited.accounts.roles import CONTRIBUTOR, ENTITY_REPRESENTATIVE, PUBLIC, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.entities.forms import EntityProfileForm
from osunited.entities.selectors import (
    entity_list,
    get_entity,
    get_entity_for_edit,
    ossib_entities,
)
from osunited.entities.services import entity_update_profile
from osunited.governance.selectors import board as board_selectors
from osunited.governance.selectors.meetings import meetings_with_published_minutes, next_meeting


@access(PUBLIC)
def entity_index(request: HttpRequest) -> HttpResponse:
    return render(request, "entities/entity_list.html", {"entities": entity_list()})


@access(PUBLIC)
def entity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    entity = get_entity(slug=slug)
    may_petition = board_selectors.petitionable_entities(request.user).filter(pk=entity.pk)
    context = {"entity": entity, "may_petition": may_petition.exists()}
    return render(request, "entities/entity_detail.html", context)


@access(ENTITY_REPRESENTATIVE, CONTRIBUTOR)
@require_http_methods(["GET", "POST"])
def entity_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    entity = get_entity_for_edit(user=request.user, slug=slug)
    form = EntityProfileForm(request.POST or None, instance=entity)
    if request.method == "POST" and form.is_valid():
        # The form validated a copy; the service applies and audits the change.
        original = get_entity(slug=slug)
        entity_update_profile(entity=original, actor=request.user, changes=form.cleaned_data)
        messages.success(request, _("The profile of %(entity)s was saved.") % {"entity": entity})
        return redirect(original)
    return render(request, "entities/entity_edit.html", {"entity": entity, "form": form})


@access(PUBLIC)
def ossib(request: HttpRequest) -> HttpResponse:
    context = {
        "entities": board_selectors.with_pending_petition(ossib_entities()),
        "open_petitions": board_selectors.open_petitions(),
        "recent_decisions": board_selectors.recent_decisions(),
        "board_settings": board_selectors.board_settings(),
        "next_meeting": next_meeting(),
        "published_minutes": meetings_with_published_minutes(),
    }
    return render(request, "entities/ossib.html", context)

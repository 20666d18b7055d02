"""The reader's notifications: the list, opening one, marking all read."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from osunited.accounts.roles import SIGNED_IN, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.notifications.kinds import render as render_text
from osunited.notifications.models import Notification
from osunited.notifications.selectors import is_local_path, notifications_of
from osunited.notifications.services import notification_open, notifications_mark_all_read

PAGE_SIZE = 25


@dataclass(frozen=True)
class Shown:
    notification: Notification
    text: str


@access(SIGNED_IN)
@require_GET
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(notifications_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    shown = [Shown(n, render_text(n.kind, n.params)) for n in page]
    return render(request, "notifications/list.html", {"page": page, "shown": shown})


@access(SIGNED_IN)
@require_GET
def notification_go(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Opening a notification marks it read and leads to its page (a path of this site only)."""
    notification = notification_open(user=request.user, pk=pk)
    if is_local_path(notification.url):
        return redirect(notification.url)
    return redirect(reverse("notifications:list"))


@access(SIGNED_IN)
@require_POST
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    marked = notifications_mark_all_read(user=request.user)
    if marked:
        text = ngettext(
            "%(count)d notification marked read.", "%(count)d notifications marked read.", marked
        )
        messages.success(request, text % {"count": marked})
    else:
        messages.info(request, _("Every notification was already read."))
    return redirect(reverse("notifications:list"))

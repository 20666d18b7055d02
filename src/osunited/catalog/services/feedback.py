"""Public feedback on published projects (CPF 4.3.8): moderated, answered by focal points."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited.accounts.models import User
from osunited.audit.services import audit_record
from osunited.catalog.models import (
    Feedback,
    Project,
)
from osunited.catalog.selectors import (
    is_public,
    may_moderate_feedback,
    may_reply_to_feedback,
)

# -- feedback (CPF 4.3.8): moderated, answered by focal points -------------------------------


class FeedbackRateLimited(Exception):
    """The author has posted the hourly maximum (OSU_CATALOG_FEEDBACK_PER_HOUR)."""


def _feedback_quota_key(user: User) -> str:
    hour = timezone.now().strftime("%Y%m%d%H")
    return f"catalog:feedback:{user.pk}:{hour}"


@transaction.atomic
def feedback_submit(*, project: Project, author: User, body: str) -> Feedback:
    """New feedback, pending moderation. Only on public projects; refused with
    FeedbackRateLimited past the hourly quota, and then nothing is stored."""
    if not is_public(project):
        raise PermissionDenied(_("Feedback is for projects published in the catalog."))
    body = body.strip()
    if not body:
        raise ValidationError(_("Write your feedback first."))
    key = _feedback_quota_key(author)
    cache.add(key, 0, timeout=3600)
    if cache.get(key, 0) >= settings.OSU_CATALOG_FEEDBACK_PER_HOUR:
        raise FeedbackRateLimited
    feedback = Feedback(project=project, author=author, body=body)
    feedback.full_clean()
    feedback.save()
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr: this hour starts over
        cache.set(key, 1, timeout=3600)
    audit_record(action="feedback.submitted", actor=author, target=feedback)
    return feedback


@transaction.atomic
def feedback_moderate(*, feedback: Feedback, moderator: User, publish: bool) -> Feedback:
    """Publish or reject pending feedback (the selectors decide who may)."""
    if not may_moderate_feedback(moderator, feedback.project):
        raise PermissionDenied(_("Only reviewers of other entities and platform admins moderate."))
    previous = feedback.moderation
    feedback.moderation = Feedback.Moderation.PUBLISHED if publish else Feedback.Moderation.REJECTED
    feedback.moderated_by = moderator
    feedback.save(update_fields=["moderation", "moderated_by"])
    audit_record(
        action=f"feedback.{'published' if publish else 'rejected'}",
        actor=moderator,
        target=feedback,
        changes={"moderation": [previous, feedback.moderation]},
    )
    return feedback


@transaction.atomic
def feedback_reply(*, feedback: Feedback, user: User, body: str) -> Feedback:
    """A focal point's public answer to published feedback (a new answer replaces the old)."""
    if not may_reply_to_feedback(user, feedback.project):
        raise PermissionDenied(_("Only the project's focal points answer its feedback."))
    if feedback.moderation != Feedback.Moderation.PUBLISHED:
        raise ValidationError(_("Only published feedback can be answered."))
    body = body.strip()
    if not body:
        raise ValidationError(_("Write your answer first."))
    previous = feedback.reply
    feedback.reply, feedback.replied_by, feedback.replied_at = body, user, timezone.now()
    feedback.full_clean()
    feedback.save(update_fields=["reply", "replied_by", "replied_at"])
    audit_record(
        action="feedback.replied",
        actor=user,
        target=feedback,
        changes={"reply": [previous, body]},
    )
    return feedback

"""Adding a suggested piece of learning evidence to an assessment's answer: the representative's
choice, never done by the platform on its own. The text and links come from the suggestion as
the server computes it now, not from the form."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from osunited.accounts.models import User
from osunited.assessments.models import Answer, Assessment
from osunited.assessments.services import MAX_LINKS, answer_save
from osunited.audit.services import audit_record
from osunited.learning.selectors.evidence import EvidenceSuggestion, evidence_suggestions

MAX_EVIDENCE_CHARS = 5000  # what an answer's evidence text holds


def _suggestion(assessment: Assessment, item_id: str, key: str) -> EvidenceSuggestion:
    offered = evidence_suggestions(assessment.entity, [item_id]).get(item_id, [])
    found = next((s for s in offered if s.key == key), None)
    if found is None:
        raise ValidationError(
            _("This suggestion no longer applies to %(item)s; the page shows the current ones.")
            % {"item": item_id}
        )
    return found


def _appended(answer: Answer, suggestion: EvidenceSuggestion) -> tuple[str, list[str]]:
    """The answer's evidence with the suggestion's sentence and links after it; links beyond
    the answer's ten go into the text."""
    links = list(answer.links)
    new = [link for link in suggestion.links if link not in links]
    room = max(MAX_LINKS - len(links), 0)
    kept, spilled = new[:room], new[room:]
    line = " ".join([suggestion.text, *spilled])
    text = f"{answer.evidence}\n\n{line}".strip() if answer.evidence else line
    if len(text) > MAX_EVIDENCE_CHARS:
        raise ValidationError(
            _("The evidence of %(item)s would pass 5,000 characters; shorten it first.")
            % {"item": answer.item_id}
        )
    return text, links + kept


@transaction.atomic
def learning_evidence_add(*, assessment: Assessment, item_id: str, key: str, user: User) -> Answer:
    """Append one suggestion (by its key) to the item's answer, through the assessments'
    answer-saving service; the rating, justification and owner stay as they are."""
    answer = Answer.objects.filter(assessment=assessment, item_id=item_id).first()
    if answer is None:
        raise ValidationError(
            _("Save a rating for %(item)s before adding evidence.") % {"item": item_id}
        )
    suggestion = _suggestion(assessment, item_id, key)
    if suggestion.text in answer.evidence:
        raise ValidationError(_("This is already in the evidence of %(item)s.") % {"item": item_id})
    text, links = _appended(answer, suggestion)
    saved = answer_save(
        assessment=assessment,
        item_id=item_id,
        rating=answer.rating,
        user=user,
        justification=answer.justification,
        evidence=text,
        links=links,
        owner=answer.owner,
    )
    audit_record(
        action="assessment.learning_evidence_added",
        actor=user,
        target=assessment,
        changes={"item": item_id, "suggestion": key, "links": len(links) - len(answer.links)},
    )
    return saved

"""Writes to the catalog, one module per area; every workflow change goes through
`project_transition` (transitions.py), whose guards read guards.py."""

from osunited.catalog.services.feedback import (
    FeedbackRateLimited,
    feedback_moderate,
    feedback_reply,
    feedback_submit,
)
from osunited.catalog.services.guards import (
    actor_for,
    approvals_in_round,
    every_source_scanned,
    guard_facts,
    required_approvals,
    review_conflict,
    review_conflicts,
)
from osunited.catalog.services.projects import (
    EDITABLE_FIELDS,
    FROZEN_STATUSES,
    RESERVED_SLUGS,
    SOURCE_ARCHIVE_MAX_BYTES,
    SOURCE_ARCHIVE_SUFFIXES,
    draft_deletion_refusal,
    draft_deletion_refusals,
    project_create,
    project_delete_draft,
    project_update,
)
from osunited.catalog.services.review import (
    committee_settings_update,
    conflict_declare,
    latest_succeeded_scan,
    project_review_submit,
)
from osunited.catalog.services.transitions import committee_emails, project_transition

__all__ = [
    "EDITABLE_FIELDS",
    "FROZEN_STATUSES",
    "RESERVED_SLUGS",
    "SOURCE_ARCHIVE_MAX_BYTES",
    "SOURCE_ARCHIVE_SUFFIXES",
    "FeedbackRateLimited",
    "actor_for",
    "approvals_in_round",
    "committee_emails",
    "committee_settings_update",
    "conflict_declare",
    "draft_deletion_refusal",
    "draft_deletion_refusals",
    "every_source_scanned",
    "feedback_moderate",
    "feedback_reply",
    "feedback_submit",
    "guard_facts",
    "latest_succeeded_scan",
    "project_create",
    "project_delete_draft",
    "project_review_submit",
    "project_transition",
    "project_update",
    "required_approvals",
    "review_conflict",
    "review_conflicts",
]

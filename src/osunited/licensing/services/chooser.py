"""The chooser's one write: a merge request adding the chosen LICENSE to a project's repository
on the platform's forge (CPF 4.2.2)."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from osunited.accounts.models import User
from osunited.audit.services import audit_record
from osunited.forges.adapters import ForgeAdapter, ForgeError
from osunited.forges.adapters.base import ProposedChange
from osunited.forges.models import Forge, HostedRepository, HostingState
from osunited.forges.services import page_adapter
from osunited.forges.vault import UnreadableSecret
from osunited.licenses import license_facts, license_text

BRANCH_PREFIX = "osu/license-"


def license_merge_request_open(
    *,
    actor: User,
    repository: HostedRepository,
    license_id: str,
    adapter_factory: Callable[[Forge], ForgeAdapter] | None = None,
) -> ProposedChange:
    """Opens (or finds, when asked again) the merge request that adds `license_id`'s LICENSE
    file, and nothing else, to the repository. Not atomic: the forge is called first, and the
    audit is written only once the merge request exists, so that a forge error records nothing.
    ValidationError with a sentence for the user when the license, the repository or the forge
    refuses."""
    if not repository.project.has_focal_point(actor):
        raise PermissionDenied(_("Only the project's focal points add its license."))
    facts = license_facts(license_id)
    text = license_text(facts.spdx_id) if facts is not None else None
    if facts is None or text is None:
        raise ValidationError(
            _("The platform has no text of the license %(license)s.")
            % {"license": license_id[:100]}
        )
    if repository.state != HostingState.READY or not repository.remote_id:
        raise ValidationError(_("This repository is not provisioned on the forge yet."))
    change = _propose(repository, facts.spdx_id, text, adapter_factory or page_adapter)
    _record(actor=actor, repository=repository, license_id=facts.spdx_id, change=change)
    return change


def _propose(
    repository: HostedRepository,
    license_id: str,
    text: str,
    adapter_factory: Callable[[Forge], ForgeAdapter],
) -> ProposedChange:
    try:
        adapter = adapter_factory(repository.namespace.forge)
    except (ForgeError, UnreadableSecret):
        raise ValidationError(
            _("The platform cannot reach this forge now; ask its administrators to check it.")
        ) from None
    try:
        return adapter.propose_change(
            repository.remote_id,
            branch=BRANCH_PREFIX + re.sub(r"[^a-z0-9.]+", "-", license_id.lower()),
            base=None,
            title=_("Add the %(license)s license") % {"license": license_id},
            description=_(
                "This merge request adds the LICENSE file of %(license)s, the license chosen "
                "with the Open Source United Platform's license chooser. Add an SPDX header "
                "(SPDX-License-Identifier: %(license)s) to each source file as well."
            )
            % {"license": license_id},
            files={"LICENSE": text.encode("utf-8")},
        )
    except ForgeError as error:
        raise ValidationError(
            _("The forge did not open the merge request: %(reason)s") % {"reason": error}
        ) from None
    finally:
        getattr(adapter, "close", lambda: None)()


@transaction.atomic
def _record(
    *, actor: User, repository: HostedRepository, license_id: str, change: ProposedChange
) -> None:
    audit_record(
        action="licensing.license_merge_request_opened",
        actor=actor,
        target=repository,
        changes={"license": license_id, "url": change.url, "number": change.number},
    )

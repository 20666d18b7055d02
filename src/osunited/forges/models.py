"""Forges the platform hosts code on, the namespace of each entity on them, and the repositories
it provisioned for approved projects (CPF 4.3.4, 4.3.5, 4.4)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from osunited.catalog.models import Project
from osunited.entities.models import Entity


class ForgeKind(models.TextChoices):
    GITLAB = "gitlab", _("GitLab (self-managed or gitlab.com)")
    GITHUB = "github", _("GitHub (organisations)")


class Forge(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ForgeKind.choices)
    base_url = models.URLField(
        _("API address"),
        max_length=300,
        help_text=_("For example https://gitlab.example.org or https://api.github.com."),
    )
    # Encrypted with forges/vault.py; never shown again once saved, never logged.
    token_encrypted = models.BinaryField(editable=False)
    token_hint = models.CharField(max_length=8, editable=False, blank=True)
    # The secret the forge signs its webhooks with (CLA status on merge requests), encrypted too.
    webhook_secret_encrypted = models.BinaryField(editable=False, default=b"")
    hosting_team = models.JSONField(
        _("hosting team usernames"),
        default=list,
        blank=True,
        help_text=_("The only accounts allowed to be owners (CPF 4.4.6)."),
    )
    # The client the forge signs people in with through the platform (accounts/oidc.py).
    oidc_application = models.OneToOneField(
        "oauth2_provider.Application",
        verbose_name=_("OpenID Connect application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forge",
        help_text=_("The OAuth application this forge signs people in with."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class ForgeNamespace(models.Model):
    """Where an entity's repositories are created: a GitLab group or a GitHub organisation."""

    forge = models.ForeignKey(Forge, on_delete=models.PROTECT, related_name="namespaces")
    entity = models.OneToOneField(Entity, on_delete=models.CASCADE, related_name="forge_namespace")
    path = models.CharField(
        _("group or organisation"),
        max_length=255,
        help_text=_("The GitLab group's full path (unicef/ospo) or the GitHub organisation."),
    )

    def __str__(self) -> str:
        return f"{self.forge}: {self.path}"


class HostingState(models.TextChoices):
    PENDING = "pending", _("Waiting to be provisioned")
    PROVISIONING = "provisioning", _("Being provisioned")
    READY = "ready", _("Provisioned")
    FAILED = "failed", _("Provisioning failed")


class HostedRepository(models.Model):
    """A repository the platform provisions on a forge for an approved project; a microservices
    project has several (CPF 4.3.7), told apart by `component`."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="hosted_repositories"
    )
    component = models.CharField(_("component"), max_length=100, blank=True)
    namespace = models.ForeignKey(
        ForgeNamespace, on_delete=models.PROTECT, related_name="repositories"
    )
    path = models.CharField(_("repository path"), max_length=255)
    state = models.CharField(
        max_length=16, choices=HostingState.choices, default=HostingState.PENDING
    )
    remote_id = models.CharField(max_length=64, blank=True)
    web_url = models.URLField(max_length=500, blank=True)
    public = models.BooleanField(default=False)
    archived = models.BooleanField(default=False)
    steps_done = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)  # what a step could not do, and why
    last_error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # Merge requests, issues and releases of the last 90 days on the forge (ForgeActivity),
    # read by the nightly audit; empty until then.
    activity = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("namespace", "path"), name="forges_repository_path_unique"
            ),
            models.UniqueConstraint(
                fields=("project", "component"), name="forges_repository_component_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self.namespace.path}/{self.path}"


class ForgeAccount(models.Model):
    """A platform user's account on a forge: the username the platform gives them when they sign
    in to the forge through it (OpenID Connect `preferred_username`)."""

    forge = models.ForeignKey(Forge, on_delete=models.CASCADE, related_name="accounts")
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="forge_accounts"
    )
    username = models.CharField(max_length=255)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("forge", "user"), name="forges_account_user_unique"),
            models.UniqueConstraint(
                fields=("forge", "username"), name="forges_account_username_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self.username} on {self.forge}"


class ForgeAudit(models.Model):
    """One audit of a namespace against CH1-CH12 (forges/audit.py), kept as its report."""

    namespace = models.ForeignKey(ForgeNamespace, on_delete=models.CASCADE, related_name="audits")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    report = models.JSONField(default=dict, blank=True)  # NamespaceAudit.to_dict()
    error = models.TextField(blank=True)  # why the audit could not be done

    class Meta:
        ordering = ("-started_at",)
        indexes = (models.Index(fields=("namespace", "-started_at")),)

    def __str__(self) -> str:
        return f"Audit of {self.namespace} at {self.started_at:%Y-%m-%d %H:%M}"


class BackupAttestation(models.Model):
    """The hosting team's statement that the forge's backup and disaster recovery were tested
    (CH9): not observable through a forge's API, so recorded here."""

    forge = models.ForeignKey(Forge, on_delete=models.CASCADE, related_name="backup_attestations")
    attested_on = models.DateField(_("backup and recovery last tested on"))
    attested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("how it was tested"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-attested_on",)

    def __str__(self) -> str:
        return f"Backup of {self.forge} tested on {self.attested_on}"

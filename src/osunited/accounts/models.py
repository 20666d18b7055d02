"""Users, the policy documents they accept, the roles they hold and their 2FA exceptions."""

from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from osunited.accounts.roles import Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class StaffSource(models.TextChoices):
    """Why a user counts as UN staff; an empty value means an external user."""

    NONE = "", _("External user")
    EMAIL_DOMAIN = "email_domain", _("Verified e-mail at a UN entity")
    ADMIN = "admin", _("Designated by an administrator")


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    entity = models.ForeignKey(
        "entities.Entity",
        verbose_name=_("entity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    staff_source = models.CharField(
        _("UN staff status"), max_length=20, choices=StaffSource.choices, blank=True, default=""
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        default="",
        help_text=_("The language of the pages and e-mails; empty: the browser's language."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]
    _osu_roles: "frozenset[Role]"  # set by roles_of(), for the rest of the request

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ("email",)

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def is_un_staff(self) -> bool:
        return self.staff_source != StaffSource.NONE

    def get_full_name(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name or self.email.split("@")[0]


class PolicyKind(models.TextChoices):
    """The documents every user accepts before contributing (CPF 4.4.3)."""

    TERMS = "terms", _("Terms and Conditions")
    USE_POLICY = "use_policy", _("Use Policy")
    CLA = "cla", _("Contributor License Agreement")


class PolicyDocument(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=PolicyKind.choices)
    version = models.CharField(_("version"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Plain text; blank lines separate paragraphs."))
    summary_of_changes = models.TextField(_("summary of changes"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
        ordering = ("kind", "-published_at")
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="policy_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.version}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.body.split("\n\n") if part.strip()]


class PolicyDocumentTranslation(models.Model):
    """A version of a policy document in another language, for reading: the English document
    is the one that binds and the one people accept."""

    document = models.ForeignKey(
        PolicyDocument, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(
        _("language"), max_length=10, choices=[(c, n) for c, n in settings.LANGUAGES if c != "en"]
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Plain text; blank lines separate paragraphs."))
    reviewed = models.BooleanField(
        _("reviewed by a UN translator"),
        default=False,
        help_text=_("Until then the translation is shown labelled “translation not reviewed”."),
    )

    class Meta:
        verbose_name = _("policy document translation")
        verbose_name_plural = _("policy document translations")
        ordering = ("language",)
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"], name="policy_translation_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(language="en"), name="policy_translation_not_english"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} [{self.language}]"

    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.body.split("\n\n") if part.strip()]


class PolicyAcceptance(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_acceptances"
    )
    document = models.ForeignKey(
        PolicyDocument, on_delete=models.PROTECT, related_name="acceptances"
    )
    accepted_at = models.DateTimeField(_("accepted"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("policy acceptance")
        verbose_name_plural = _("policy acceptances")
        constraints = [
            models.UniqueConstraint(fields=["user", "document"], name="acceptance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} accepted {self.document}"


class PolicyReminder(models.Model):
    """That a user was told, once, of a version that takes effect later (CPF 4.4.3: the CLA)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_reminders"
    )
    document = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "document"], name="policy_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} reminded of {self.document}"


class GrantedRole(models.TextChoices):
    """Roles an administrator grants; the others follow from data (see accounts.roles)."""

    REVIEWER = "reviewer", _("Project Review Committee member")
    ENTITY_REPRESENTATIVE = "entity_representative", _("Entity representative")
    OSSIB_MEMBER = "ossib_member", _("OSSIB board member")
    LICENSING_GROUP = "licensing_group", _("Licensing working group member")
    CAPACITY_TEAM = "capacity_team", _("Capacity-building team member")
    LEARNING_FOCAL_POINT = "learning_focal_point", _("Entity learning focal point")
    BOARD_SECRETARIAT = "board_secretariat", _("OSSIB secretariat")
    POLICY_EDITOR = "policy_editor", _("Policy library editor")


ENTITY_ROLES = (GrantedRole.ENTITY_REPRESENTATIVE, GrantedRole.LEARNING_FOCAL_POINT)


class RoleGrant(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(_("role"), max_length=32, choices=GrantedRole.choices)
    entity = models.ForeignKey(
        "entities.Entity",
        verbose_name=_("entity"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_grants",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "entity"], name="role_grant_unique_per_entity"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(entity__isnull=True),
                name="role_grant_unique_global",
            ),
            models.CheckConstraint(
                condition=Q(role__in=ENTITY_ROLES, entity__isnull=False)
                | (~Q(role__in=ENTITY_ROLES) & Q(entity__isnull=True)),
                name="role_grant_entity_only_for_representatives",
            ),
        ]

    def __str__(self) -> str:
        scope = f" ({self.entity})" if self.entity_id else ""
        return f"{self.user}: {self.get_role_display()}{scope}"


class TwoFactorException(models.Model):
    """An administrator's exemption from the 2FA requirement (CPF 4.4.5), always with an expiry."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor_exceptions"
    )
    reason = models.TextField(_("reason"))
    expires_at = models.DateTimeField(_("expires"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("two-factor exception")
        verbose_name_plural = _("two-factor exceptions")
        ordering = ("-granted_at",)

    def __str__(self) -> str:
        return f"{self.user} until {self.expires_at:%Y-%m-%d}"

    def is_active(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class ApiToken(models.Model):
    """A personal token for the REST API's writes. Only a hash is stored; the key is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)  # shown in lists, finds the row
    key_hash = models.CharField(max_length=64, unique=True)  # sha256 of the whole key
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

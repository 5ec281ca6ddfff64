"""Newsletter subscribers, their consent, the suppression list, and the sending engine's rows.

A subscriber is an address, with or without an account. Its preferences (morning newsletter,
breaking-news alerts, topics) live on the row itself: one row per address, read by every
audience query without a join. Every message to every subscriber is a `Delivery` row written
before it is handed to SMTP (see services/sending.py for the protocol).
"""

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_key() -> str:
    return secrets.token_urlsafe(24)


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def wanting_morning(self):
        return self.confirmed().filter(morning=True)

    def wanting_breaking(self):
        return self.confirmed().filter(breaking=True)


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de confirmation")
        CONFIRMED = "confirmed", _("Inscrit")
        UNSUBSCRIBED = "unsubscribed", _("Désinscrit")
        SUPPRESSED = "suppressed", _("Bloqué (rebond ou plainte)")

    # Stored lowercased (services.email_normalize), so unique means unique case aside.
    email = models.EmailField(_("adresse e-mail"), unique=True)
    status = models.CharField(
        _("état"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    # The secret behind every signed link of this subscriber; a new key voids the old links.
    key = models.CharField(max_length=40, unique=True, default=new_key, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newsletter_subscribers",
    )
    morning = models.BooleanField(_("La lettre du matin"), default=True)
    breaking = models.BooleanField(_("Les alertes info"), default=True)
    sections = models.ManyToManyField(
        "news.SectionPage", verbose_name=_("rubriques suivies"), blank=True, related_name="+"
    )
    tags = models.ManyToManyField(
        "taggit.Tag", verbose_name=_("sujets suivis"), blank=True, related_name="+"
    )
    communes = models.ManyToManyField(
        "geo.Commune", verbose_name=_("communes suivies"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("désinscrit le"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("abonné")
        verbose_name_plural = _("abonnés")
        indexes = [models.Index(fields=["status"], name="newsletter_subscriber_status")]

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED


class ConsentRecord(models.Model):
    """What a subscriber agreed to or withdrew, when, where and in which words: the proof."""

    class Action(models.TextChoices):
        REQUESTED = "requested", _("Inscription demandée")
        GIVEN = "given", _("Consentement donné (lien de confirmation)")
        UPDATED = "updated", _("Préférences modifiées")
        WITHDRAWN = "withdrawn", _("Consentement retiré (désinscription)")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    source = models.CharField(_("page d'origine"), max_length=500, blank=True)
    wording = models.TextField(_("texte présenté"), blank=True)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    created_at = models.DateTimeField(_("le"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.subscriber_id} {self.action} {self.created_at:%Y-%m-%d %H:%M}"


class Suppression(models.Model):
    """Addresses never to mail again: hard bounces, complaints, unsubscriptions.

    Only a keyed hash of the address is kept (services.email_hash), so the list outlives the
    erasure of a subscriber's data without keeping the address itself; confirming a new
    sign-up (the owner clicked the link) lifts it.
    """

    class Reason(models.TextChoices):
        HARD_BOUNCE = "hard_bounce", _("Adresse inexistante (rebond définitif)")
        COMPLAINT = "complaint", _("Signalé comme indésirable")
        UNSUBSCRIBE = "unsubscribe", _("Désinscription")

    email_hash = models.CharField(max_length=64, unique=True)
    reason = models.CharField(_("motif"), max_length=12, choices=Reason.choices)
    created_at = models.DateTimeField(_("le"), auto_now=True)

    class Meta:
        verbose_name = _("adresse bloquée")
        verbose_name_plural = _("adresses bloquées")

    def __str__(self):
        return f"{self.reason} {self.email_hash[:12]}…"


class Mailing(models.Model):
    """One message as written once (subject, HTML, text) for many subscribers.

    The bodies hold placeholders (see mail.PLACEHOLDERS) that sending replaces with each
    subscriber's signed links: rendering happens once, personalising is a string replace.
    """

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Confirmation d'inscription")
        ALREADY_SUBSCRIBED = "already", _("Déjà inscrit")
        DIGEST = "digest", _("Lettre du matin")
        BREAKING = "breaking", _("Alerte info")
        TOPIC = "topic", _("Alerte sur un sujet suivi")

    # Sent to whoever asked, whatever their preferences; the others only to confirmed ones.
    TRANSACTIONAL = frozenset({Kind.CONFIRMATION, Kind.ALREADY_SUBSCRIBED})

    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    subject = models.CharField(_("objet"), max_length=200)
    html = models.TextField(_("HTML"))
    text = models.TextField(_("texte"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    queued_at = models.DateTimeField(_("mis en envoi le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("envoi terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject

    @property
    def is_transactional(self) -> bool:
        return self.kind in self.TRANSACTIONAL


class Delivery(models.Model):
    """One mailing to one subscriber: written (committed) before it goes to SMTP."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("En attente")
        SENDING = "sending", _("En cours d'envoi")
        SENT = "sent", _("Envoyé")
        FAILED = "failed", _("Échec")
        SKIPPED = "skipped", _("Non envoyé (désinscrit entre-temps)")

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Which send run holds the row, and until when: past it, another run may take it over.
    claim = models.CharField(max_length=32, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "subscriber"], name="newsletter_delivery_once"
            )
        ]
        indexes = [
            models.Index(fields=["mailing", "status"], name="newsletter_delivery_todo"),
            models.Index(
                fields=["claim"],
                name="newsletter_delivery_claim",
                condition=models.Q(status="sending"),
            ),
        ]

    def __str__(self):
        return f"{self.mailing_id}→{self.subscriber_id} {self.status}"

    @property
    def message_id(self) -> str:
        """The same Message-ID at every attempt: a copy sent twice (see services/sending.py) carries
        the same one, so mailbox providers and anyone auditing can tell it is a duplicate."""
        return f"<newsletter.{self.mailing_id}.{self.pk}@{message_id_domain()}>"


def message_id_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


# --- the morning newsletter (digest.py composes, renders and sends it) -----------------------


class Digest(models.Model):
    """One morning newsletter per date: composed as a draft, edited, then sent once."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SENT = "sent", _("Envoyée")

    date = models.DateField(_("date"), unique=True)
    status = models.CharField(_("état"), max_length=5, choices=Status.choices, default=Status.DRAFT)
    subject = models.CharField(_("objet"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    # Set by the first editor's change: from then on the automatic composition leaves the
    # stories alone, so an editor's choice is never undone by the 07:00 refresh.
    edited = models.BooleanField(_("modifiée par la rédaction"), default=False)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modifiée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("modifiée le"), null=True, blank=True)
    # One digest, one mailing: the unique link is the last guard against a second sending.
    mailing = models.OneToOneField(
        Mailing,
        verbose_name=_("envoi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="digest",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("envoyée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("lettre du matin")
        verbose_name_plural = _("lettres du matin")
        ordering = ["-date"]

    def __str__(self):
        return self.subject

    @property
    def is_sent(self) -> bool:
        return self.status == self.Status.SENT


class DigestItem(models.Model):
    """A story of a digest, in its place, with the editor's title and summary if any."""

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(
        "news.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(
        _("titre"), max_length=255, blank=True, help_text=_("Vide : le titre de l'article.")
    )
    summary = models.TextField(
        _("résumé"), blank=True, help_text=_("Vide : le chapô de l'article.")
    )

    class Meta:
        verbose_name = _("article de la lettre")
        verbose_name_plural = _("articles de la lettre")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "article"], name="newsletter_digest_item_once"
            )
        ]

    def __str__(self):
        return f"{self.digest_id} #{self.position} {self.article_id}"


# --- breaking news and topic alerts, Web Push (services/alerts.py, push.py) ------------------


class Alert(models.Model):
    """The record that a story was alerted: one row per story and kind, so never twice.

    Written in the transaction that publishes the story (unique constraints below settle two
    editors publishing at once); the worker then composes the mailing and the Web Push.
    """

    class Kind(models.TextChoices):
        BREAKING = "breaking", _("Alerte info")
        TOPIC = "topic", _("Alerte sur un sujet suivi")

    kind = models.CharField(_("type"), max_length=8, choices=Kind.choices)
    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    live_entry = models.ForeignKey(
        "live.LiveEntry",
        verbose_name=_("entrée du direct"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    mailing = models.ForeignKey(
        Mailing,
        verbose_name=_("envoi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    # Set once the mail is queued (or found to have nobody to go to), and once every browser
    # was tried: a task run again after a crash skips what is done.
    mailed_at = models.DateTimeField(_("e-mails mis en envoi le"), null=True, blank=True)
    pushed_at = models.DateTimeField(_("notifications envoyées le"), null=True, blank=True)

    class Meta:
        verbose_name = _("alerte")
        verbose_name_plural = _("alertes")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "article"],
                condition=models.Q(article__isnull=False),
                name="newsletter_alert_article_once",
            ),
            models.UniqueConstraint(
                fields=["kind", "live_entry"],
                condition=models.Q(live_entry__isnull=False),
                name="newsletter_alert_live_entry_once",
            ),
            models.CheckConstraint(
                condition=models.Q(article__isnull=True) ^ models.Q(live_entry__isnull=True),
                name="newsletter_alert_one_story",
            ),
        ]

    def __str__(self):
        story = f"article {self.article_id}" if self.article_id else f"direct {self.live_entry_id}"
        return f"{self.kind} {story}"


class PushSubscription(models.Model):
    """A browser that accepted our notifications: where its push service takes them, and the
    keys that encrypt them for that browser alone (RFC 8291)."""

    endpoint = models.URLField(
        _("adresse du service de notification"), max_length=1000, unique=True
    )
    p256dh = models.CharField(max_length=100)
    auth = models.CharField(max_length=50)
    # Set when the browser subscribed from a subscriber's page, so that erasing the
    # subscriber's data takes the browser with it.
    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("abonné"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
    )
    # Set when a logged-in reader subscribed the browser: their saved searches' alerts
    # (rotative.alerts) reach it too.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lecteur"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
    )
    # False for a browser subscribed from « Mes alertes » only: it gets those, not the
    # breaking news.
    breaking_news = models.BooleanField(_("alertes info"), default=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    last_success_at = models.DateTimeField(_("dernier envoi réussi le"), null=True, blank=True)
    # Failures since the last success (a push service down, a refused message); 404 and 410
    # remove the subscription instead.
    failures = models.PositiveIntegerField(_("échecs"), default=0)

    class Meta:
        verbose_name = _("navigateur abonné aux notifications")
        verbose_name_plural = _("navigateurs abonnés aux notifications")

    def __str__(self):
        return urlsplit(self.endpoint).hostname or self.endpoint[:40]

    @property
    def subscription_info(self) -> dict:
        """As pywebpush takes it (the browser's PushSubscription.toJSON())."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}

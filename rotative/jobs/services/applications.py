"""Writes of the applications candidates send to an offer.

Two ways go through the paper: by e-mail (the letter is relayed to the employer's private
address, nothing is kept) and by the site's form (the letter and a PDF CV are kept, read by
the employer who posted the offer alone, and deleted after six months, or sooner with the
offer or the candidate's account).
"""

import logging
import smtplib
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rotative.jobs.cv import cv_problem
from rotative.jobs.models import APPLICATION_KEPT_DAYS, ApplyBy, JobApplication, JobOffer
from rotative.jobs.services.offers import JobsError

logger = logging.getLogger(__name__)

APPLICATION_MAX = 4000
NAME_MAX = 120


def _letter(name: str, message: str) -> tuple[str, str]:
    name, message = " ".join(name.split()), message.strip()
    if not name or not message:
        raise JobsError(_("Indiquez votre nom et votre message."))
    return name[:NAME_MAX], message[:APPLICATION_MAX]


def application_relay(*, offer: JobOffer, candidate, name: str, message: str) -> None:
    """A candidate's letter to an offer applied for by e-mail: mailed to the employer's
    private address once committed, answering to the candidate's own; nothing is kept."""
    if not offer.is_online() or offer.apply_by != ApplyBy.EMAIL or not offer.apply_email:
        raise JobsError(_("Cette offre ne reçoit pas de candidature par le journal."))
    name, message = _letter(name, message)
    from rotative.jobs.tasks import jobs_application_send

    args = (offer.pk, candidate.email, name, message)
    transaction.on_commit(lambda: jobs_application_send.enqueue(*args))


def application_send(*, offer_id: int, email: str, name: str, message: str) -> bool:
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string

    from rotative.core.identity import from_email, mail_context

    offer = JobOffer.objects.select_related("commune").filter(pk=offer_id).first()
    if offer is None or not offer.apply_email:
        return False
    context = {
        "offer": offer,
        "name": name,
        "email": email,
        "message": message,
        "url": settings.SITE_URL + offer.get_absolute_url(),
        **mail_context(),
    }
    EmailMessage(
        subject=_("Candidature : %(title)s") % {"title": offer.title},
        body=render_to_string("emails/jobs_application.txt", context),
        from_email=from_email(),
        to=[offer.apply_email],
        reply_to=[email],
    ).send()
    return True


def already_applied_message() -> str:
    return _("Vous avez déjà postulé à cette offre.")


@transaction.atomic
def application_submit(
    *, offer: JobOffer, candidate, name: str, message: str, cv: bytes
) -> JobApplication:
    """A candidate's letter and CV, kept for the employer, who is told by mail once committed.
    Once per offer and candidate. The CV's bytes are checked here as in the form."""
    if not offer.is_online() or offer.apply_by != ApplyBy.FORM:
        raise JobsError(_("Cette offre ne reçoit pas de candidature par le site."))
    if candidate.pk == offer.posted_by_id:
        raise JobsError(_("Vous ne pouvez pas postuler à votre propre offre."))
    name, message = _letter(name, message)
    problem = cv_problem(cv)
    if problem:
        raise JobsError(problem)
    if JobApplication.objects.filter(offer=offer, candidate=candidate).exists():
        raise JobsError(already_applied_message())
    application = JobApplication(
        offer=offer,
        candidate=candidate,
        name=name,
        email=candidate.email,
        message=message,
        cv_size=len(cv),
    )
    # The name given here is replaced by a random one (models.cv_filename).
    application.cv.save("cv.pdf", ContentFile(cv), save=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # Sent twice at once: the first one stands, the second's file goes.
        application.cv.storage.delete(application.cv.name)
        raise JobsError(already_applied_message()) from None
    except BaseException:
        application.cv.storage.delete(application.cv.name)
        raise
    from rotative.jobs.tasks import jobs_application_notify

    pk = application.pk
    transaction.on_commit(lambda: jobs_application_notify.enqueue(pk))
    return application


def application_notify(*, application_id: int) -> bool:
    """Tell the employer a candidate applied: a link to the offer's applications, never the
    CV (a mail is copied, forwarded, kept). A mail that fails loses nothing: the
    application is stored and listed on the employer's page."""
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string
    from django.urls import reverse

    from rotative.core.identity import from_email, mail_context

    application = (
        JobApplication.objects.select_related("offer__posted_by").filter(pk=application_id).first()
    )
    if application is None or not application.offer.posted_by.email:
        return False
    offer = application.offer
    context = {
        "offer": offer,
        "name": application.name,
        "url": settings.SITE_URL + reverse("jobs:applications", kwargs={"pk": offer.pk}),
        **mail_context(),
    }
    try:
        EmailMessage(
            subject=_("Nouvelle candidature : %(title)s") % {"title": offer.title},
            body=render_to_string("emails/jobs_application_received.txt", context),
            from_email=from_email(),
            to=[offer.posted_by.email],
        ).send()
    except (OSError, smtplib.SMTPException):
        logger.exception("Job application %s: the employer's mail could not be sent.", offer.pk)
        return False
    return True


def applications_seen(*, offer: JobOffer, now: datetime | None = None) -> int:
    """The employer opened the offer's applications: the new ones are new no more."""
    return JobApplication.objects.filter(offer=offer, seen_at__isnull=True).update(
        seen_at=now or timezone.now()
    )


def applications_purge(*, now: datetime | None = None) -> int:
    """Nightly: applications older than six months go, and their CVs with them (each row's
    file is deleted once the deletion is committed: see cv_file_forget)."""
    limit = (now or timezone.now()) - timedelta(days=APPLICATION_KEPT_DAYS)
    deleted, _by_model = JobApplication.objects.filter(created_at__lt=limit).delete()
    return deleted


def cv_file_forget(sender, instance: JobApplication, **kwargs) -> None:
    """post_delete of an application, however it goes (six months, the offer deleted, the
    candidate's account deleted): its CV leaves the storage once the deletion is committed."""
    if not instance.cv.name:
        return
    storage, name = instance.cv.storage, instance.cv.name
    transaction.on_commit(lambda: storage.delete(name))

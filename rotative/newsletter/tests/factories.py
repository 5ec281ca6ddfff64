"""Subscribers made the way readers make them: sign-up, then the confirmation link."""

import factory

from rotative.newsletter import services
from rotative.newsletter.models import Subscriber


class SubscriberFactory(factory.Factory):
    """A confirmed subscriber (confirmed=False: one who has not clicked the link yet)."""

    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"abonne{n}@example.fr")
    source = "/manche/digue/"
    confirmed = True
    morning = True
    breaking = True

    @classmethod
    def _create(cls, model_class, *, email, source, confirmed, morning, breaking):
        subscriber = services.subscriber_signup(email=email, source=source, ip="192.0.2.1")
        if confirmed:
            subscriber = services.subscriber_confirm(subscriber=subscriber, ip="192.0.2.1")
        if (morning, breaking) != (True, True):
            Subscriber.objects.filter(pk=subscriber.pk).update(morning=morning, breaking=breaking)
            subscriber.refresh_from_db()
        return subscriber

    @classmethod
    def _build(cls, model_class, **kwargs):
        raise NotImplementedError("Subscribers are created through the services.")


def mailing(*, kind="breaking", subject="Alerte info : la digue a cédé", body="La digue a cédé."):
    """A mailing as a composer makes it: rendered once, links left as placeholders."""
    from rotative.newsletter import mail
    from rotative.newsletter.models import Mailing

    html = f"<p>{body}</p><p><a href='{mail.UNSUBSCRIBE_URL}'>Se désinscrire</a></p>"
    text = (
        f"{body}\n\nVos choix : {mail.PREFERENCES_URL}\nSe désinscrire : {mail.UNSUBSCRIBE_URL}\n"
    )
    return Mailing.objects.create(kind=kind, subject=subject, html=html, text=text)

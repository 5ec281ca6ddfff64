"""Double opt-in, consent records, suppression and « Mes données », through the services."""

import pytest

from rotative.accounts import services as account_services
from rotative.accounts.tests.factories import ReaderFactory
from rotative.newsletter import services
from rotative.newsletter.models import ConsentRecord, Delivery, Mailing, Subscriber, Suppression
from rotative.newsletter.tests.factories import SubscriberFactory, mailing

pytestmark = pytest.mark.django_db


def test_sign_up_mails_a_confirmation_link_and_nothing_else_until_it_is_followed(
    client, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.subscriber_signup(
            email=" Marie@Example.fr ", source="/manche/digue/", ip="192.0.2.7"
        )
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "marie@example.fr" and subscriber.status == "pending"
    request = subscriber.consents.get()
    assert (request.action, request.source, request.ip_address) == (
        "requested",
        "/manche/digue/",
        "192.0.2.7",
    )
    assert "lettre du matin" in request.wording

    message = smtp_server.wait_for(1)[0]
    assert message["To"] == "marie@example.fr"
    assert message["Subject"] == "Confirmez votre inscription à nos alertes"
    link = smtp_server.first_link("/newsletter/confirmer/", message)

    with django_capture_on_commit_callbacks(execute=True):
        services.subscriber_signup(email="marie@example.fr", source="/", ip=None)
    assert Subscriber.objects.count() == 1  # asked twice, one subscriber

    client.post(link)
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed" and subscriber.confirmed_at is not None
    given = subscriber.consents.filter(action="given").get()
    assert given.source == "/" and given.wording == request.wording


def test_a_confirmed_address_signing_up_again_gets_its_preferences_link_not_a_second_row(
    smtp_server, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(email="paul@example.fr")
    with django_capture_on_commit_callbacks(execute=True):
        services.subscriber_signup(email="PAUL@example.fr", source="/", ip=None)
    assert Subscriber.objects.count() == 1
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"
    message = smtp_server.wait_for(1)[0]
    assert "déjà inscrit" in message["Subject"]
    assert smtp_server.first_link("/newsletter/preferences/", message)


def test_unsubscribing_records_the_withdrawal_and_keeps_only_a_hash(smtp_server):
    subscriber = SubscriberFactory(email="jeanne@example.fr")
    services.subscriber_unsubscribe(subscriber=subscriber, ip="192.0.2.9")
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed" and subscriber.unsubscribed_at
    assert subscriber.consents.last().action == ConsentRecord.Action.WITHDRAWN
    suppression = Suppression.objects.get()
    assert suppression.reason == "unsubscribe"
    assert "jeanne" not in suppression.email_hash

    # Signing up again and confirming brings them back, and lifts the suppression.
    services.subscriber_signup(email="jeanne@example.fr", source="/", ip=None)
    services.subscriber_confirm(subscriber=subscriber)
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"
    assert not Suppression.objects.exists()


def test_a_complaint_silences_the_address_even_against_new_sign_ups(
    smtp_server, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(email="plainte@example.fr")
    assert services.address_suppress(email="Plainte@example.fr", reason="complaint")
    subscriber.refresh_from_db()
    assert subscriber.status == "suppressed"
    services.address_suppress(email="plainte@example.fr", reason="hard_bounce")
    assert Suppression.objects.get().reason == "complaint"  # never downgraded

    with django_capture_on_commit_callbacks(execute=True):
        assert services.subscriber_signup(email="plainte@example.fr", source="/", ip=None) is None
    assert smtp_server.messages == []


def test_preference_changes_are_kept_in_the_history(section):
    from rotative.geo.tests.factories import commune

    subscriber = SubscriberFactory()
    services.subscriber_preferences_update(
        subscriber=subscriber,
        morning=False,
        breaking=True,
        sections=[section],
        tags=[],
        communes=[commune("carantilly")],
    )
    record = subscriber.consents.last()
    assert record.action == "updated"
    assert record.wording == (
        "Lettre du matin : non. Alertes info : oui. Sujets suivis : Manche, Carantilly (50570)."
    )


def test_erasing_a_subscriber_removes_consents_and_history(smtp_server):
    subscriber = SubscriberFactory(email="efface@example.fr")
    alert = mailing()
    Delivery.objects.create(mailing=alert, subscriber=subscriber, status="sent")
    services.subscriber_erase(subscriber=subscriber)
    assert not Subscriber.objects.exists()
    assert not ConsentRecord.objects.exists() and not Delivery.objects.exists()
    assert list(Mailing.objects.all()) == [alert]  # the confirmation made for them went too
    assert Suppression.objects.get().email_hash == services.email_hash("efface@example.fr")


def test_my_data_exports_then_erases_the_newsletter_of_an_account(smtp_server, home):
    reader = ReaderFactory(email="lectrice@example.fr", display_name="Marie L.")
    subscriber = services.account_subscriber_ensure(user=reader, email="lectrice@example.fr")
    Delivery.objects.create(mailing=mailing(), subscriber=subscriber, status="sent")

    export = account_services.account_export(user=reader)["newsletter"]
    assert [s["email"] for s in export] == ["lectrice@example.fr"]
    assert [c["action"] for c in export[0]["consents"]] == ["requested", "given"]
    assert export[0]["consents"][0]["source"] == services.SOURCE_ACCOUNT
    assert [d["subject"] for d in export[0]["deliveries"]] == ["Alerte info : la digue a cédé"]

    account_services.account_delete(user=reader)
    assert not Subscriber.objects.exists() and not ConsentRecord.objects.exists()

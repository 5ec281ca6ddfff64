"""One bad record never stops a batch: a subscriber's address or a subject with a line break,
a lost image in the morning letter; the others still get their mail, and the admin sees why
the bad one did not."""

import pytest

from rotative.newsletter.models import Delivery, Subscriber
from rotative.newsletter.services import sending
from rotative.newsletter.tests.conftest import soup, text_of
from rotative.newsletter.tests.factories import SubscriberFactory, mailing

pytestmark = pytest.mark.django_db

INJECTED = "Bcc: victime@example.org"


def queue(mailing_, subscribers, capture):
    with capture(execute=True):
        return sending.mailing_queue(mailing=mailing_, subscriber_ids=[s.pk for s in subscribers])


def test_a_subject_with_a_line_break_reaches_everyone_on_one_line(
    smtp_server, django_capture_on_commit_callbacks
):
    readers = [SubscriberFactory(email=e) for e in ("a@example.fr", "b@example.fr")]
    alert = mailing(subject=f"Alerte info : la digue a cédé\r\n{INJECTED}")
    queue(alert, readers, django_capture_on_commit_callbacks)

    received = smtp_server.wait_for(2)
    assert sorted(m["To"] for m in received) == ["a@example.fr", "b@example.fr"]
    assert {m["Subject"] for m in received} == {f"Alerte info : la digue a cédé {INJECTED}"}
    assert all(m["Bcc"] is None for m in received)
    assert set(alert.deliveries.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_a_subscriber_whose_address_is_broken_fails_alone_and_the_admin_sees_why(
    client, smtp_server, django_capture_on_commit_callbacks
):
    first = SubscriberFactory(email="a@example.fr")
    # Written before the form's checks (an old import): what the engine must survive.
    broken = Subscriber.objects.create(
        email=f"casse@example.fr\r\n{INJECTED}", status=Subscriber.Status.CONFIRMED
    )
    last = SubscriberFactory(email="b@example.fr")
    alert = mailing()
    queue(alert, [first, broken, last], django_capture_on_commit_callbacks)

    received = smtp_server.wait_for(2)
    assert sorted(m["To"] for m in received) == ["a@example.fr", "b@example.fr"]
    assert all("victime@example.org" not in str(m) for m in received)
    failed = alert.deliveries.get(subscriber=broken)
    assert failed.status == Delivery.Status.FAILED
    assert alert.deliveries.filter(status=Delivery.Status.SENT).count() == 2
    alert.refresh_from_db()
    assert alert.finished_at is not None  # nothing left waiting on the broken one

    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("redaction", "redaction@example.fr", "x")
    client.force_login(admin)
    page = text_of(soup(client.get(f"/admin/abonnes/{broken.pk}/")).select_one("main"))
    assert "Échec : ValueError" in page


def test_a_lost_image_keeps_its_story_out_of_the_picture_not_the_letter(home, section):
    from rotative.news.tests.factories import ArticlePageFactory
    from rotative.newsletter.digest import digest_stories
    from rotative.newsletter.models import Digest, DigestItem

    image = _image()
    broken = ArticlePageFactory(parent=section, title="La digue", slug="digue", lead_image=image)
    fine = ArticlePageFactory(parent=section, title="Le port", slug="port")
    image.file.storage.delete(image.file.name)  # the file is gone from the storage
    digest = Digest.objects.create(date="2026-12-06", subject="La lettre")
    for position, article in enumerate((broken, fine), start=1):
        DigestItem.objects.create(digest=digest, article=article, position=position)

    stories = digest_stories(digest=digest)

    assert [s["title"] for s in stories] == ["La digue", "Le port"]
    assert stories[0]["image_url"] == ""


def _image():
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage

    from rotative.core.models import CustomImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 600), (20, 60, 120)).save(buffer, "JPEG")
    image = CustomImage(title="Digue")
    image.file = ImageFile(buffer, name="digue.jpg")
    image.save()
    return image


def test_an_alert_that_cannot_be_composed_does_not_keep_the_next_one_from_going(
    section, smtp_server, django_capture_on_commit_callbacks
):
    from rotative.live.models import LiveEntry
    from rotative.news.tests.factories import ArticlePageFactory
    from rotative.newsletter import tasks
    from rotative.newsletter.models import Alert

    SubscriberFactory(email="a@example.fr")
    # A malformed record: its channel names no live blog id.
    broken = LiveEntry.objects.create(channel="blog-inconnu", body="<p>Digue rompue</p>")
    article = ArticlePageFactory(parent=section, title="Le port rouvre", slug="port")
    alerts = [
        Alert.objects.create(kind=Alert.Kind.BREAKING, live_entry=broken),
        Alert.objects.create(kind=Alert.Kind.BREAKING, article=article),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        outcome = tasks.send_alerts.call([alert.pk for alert in alerts])

    (message,) = smtp_server.wait_for(1)
    assert message["Subject"] == "Alerte info : Le port rouvre"
    assert outcome == {"dispatched": 1, "failed": [alerts[0].pk]}

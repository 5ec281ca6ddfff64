"""Applying with a CV through the site's form: the candidate sends a letter and a PDF, the
employer alone reads them from « Mes offres », told by a mail that never carries the CV."""

import smtplib
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from rotative.accounts.tests.factories import ReaderFactory
from rotative.jobs.models import JobApplication
from rotative.jobs.tests import factories
from rotative.jobs.tests.test_apply import letter

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(data: bytes = PDF, name: str = "cv.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def offer(boss):
    with time_machine.travel(NOW, tick=False):
        return factories.offer(by=boss, title="Fromager H/F", apply_by="site")


@pytest.fixture
def candidate(db):
    return ReaderFactory(email="jeanne@example.fr", display_name="Jeanne")


def apply(client, offer, **fields):
    data = letter(name="Jeanne Martin", message="Dix ans d'affinage à Isigny.")
    data.update(fields)
    data.setdefault("cv", pdf())
    return client.post(f"/emploi/{offer.pk}/postuler/", data)


def test_new_offers_take_applications_by_the_site_form_by_default(client, boss):
    client.force_login(boss)
    page = client.get("/emploi/deposer/").content.decode()
    assert 'value="site" required id="id_apply_by_0" checked' in page
    assert "Par le formulaire du site (CV)" in page


@time_machine.travel(NOW, tick=False)
def test_a_candidate_applies_with_a_cv_and_the_employer_reads_it(
    client, offer, candidate, boss, smtp_server, django_capture_on_commit_callbacks
):
    client.force_login(candidate)
    page = client.get(offer.get_absolute_url()).content.decode()
    assert 'enctype="multipart/form-data"' in page and "Votre CV (PDF, 5 Mo au plus)" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, offer, cv=pdf(name="Jeanne-Martin-fromagere.pdf"))
    assert response.status_code == 302
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "Vous avez postulé le 1 mars 2027." in page
    assert "Envoyer ma candidature" not in page

    (application,) = JobApplication.objects.all()
    # A random name in the private storage, never the candidate's own.
    stored = application.cv.name.rsplit("/", 1)[-1].lower()
    assert "jeanne" not in stored and "martin" not in stored
    assert application.cv.name.endswith(".pdf") and len(application.cv.name) > 30
    assert storages["job_applications"].open(application.cv.name).read() == PDF
    assert application.email == "jeanne@example.fr"

    # The employer is told by mail: a link to the applications, no CV attached.
    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == boss.email
    assert str(mail["Subject"]).strip() == "Nouvelle candidature : Fromager H/F"
    assert not mail.is_multipart()
    body = smtp_server.text(mail)
    assert f"/emploi/mes-offres/{offer.pk}/candidatures/" in body
    assert "%PDF" not in body and "Dix ans d'affinage" not in body

    client.force_login(boss)
    mine = client.get("/emploi/mes-offres/").content.decode()
    assert f'href="/emploi/mes-offres/{offer.pk}/candidatures/"' in mine
    assert 'aria-label="Voir les candidatures reçues : 1">1</a>' in mine
    assert "1 nouvelle" in mine
    response = client.get(f"/emploi/mes-offres/{offer.pk}/candidatures/")
    page = response.content.decode()
    assert "Jeanne Martin" in page and "Dix ans d&#x27;affinage à Isigny." in page
    assert "Reçue le 1 mars 2027 à 10h00" in page and "Télécharger le CV" in page
    assert response["Cache-Control"] == "private, no-store"
    cv = client.get(f"/emploi/candidatures/{application.pk}/cv/")
    assert b"".join(cv.streaming_content) == PDF
    assert cv["Content-Type"] == "application/pdf"
    assert cv["Content-Disposition"] == 'attachment; filename="cv-jeanne-martin.pdf"'
    assert cv["X-Content-Type-Options"] == "nosniff"
    assert cv["Cache-Control"] == "private, no-store"
    assert "1 nouvelle" not in client.get("/emploi/mes-offres/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_only_the_employer_who_posted_the_offer_gets_the_cv(client, offer, candidate):
    application = _applied(client, offer, candidate)
    cv_url = f"/emploi/candidatures/{application.pk}/cv/"
    list_url = f"/emploi/mes-offres/{offer.pk}/candidatures/"
    client.logout()
    assert client.get(cv_url).status_code == 404
    assert client.get(list_url).status_code == 404
    staff = factories.moderator()  # a superuser: moderates the offer, never reads a CV
    for someone in (candidate, factories.employer("Autre SARL"), ReaderFactory(), staff):
        client.force_login(someone)
        assert client.get(cv_url).status_code == 404, someone
        assert client.get(list_url).status_code == 404, someone
    assert client.get("/emploi/candidatures/999999/cv/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_private_file_is_not_reachable_under_media(client, offer, candidate):
    application = _applied(client, offer, candidate)
    name = application.cv.name
    assert not storages["job_applications"].location.startswith(str(storages["default"].location))
    for path in (
        storages["job_applications"].url(name),  # what a careless template would link to
        f"/media/{name}",
        f"/media/job-applications/{name}",
        f"/media/../private/job-applications/{name}",
        f"/media/%2e%2e/private/job-applications/{name}",
    ):
        response = client.get(path)
        # 404, or 400 for a path that climbs out of MEDIA_ROOT: never the file.
        assert response.status_code in (400, 404), path


@time_machine.travel(NOW, tick=False)
def test_a_renamed_program_is_refused_and_the_letter_is_kept(client, offer, candidate):
    client.force_login(candidate)
    program = pdf(b"MZ\x90\x00\x03" + b"\x00" * 400, name="cv.pdf")
    response = apply(client, offer, cv=program, message="Mon expérience en fromagerie.")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ce fichier n&#x27;est pas un PDF lisible : joignez votre CV au format PDF." in page
    assert "Mon expérience en fromagerie." in page and 'value="Jeanne Martin"' in page
    assert "joignez à nouveau votre CV" in page
    assert not JobApplication.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_pdf_header_without_its_end_is_refused(client, offer, candidate):
    client.force_login(candidate)
    response = apply(client, offer, cv=pdf(b"%PDF-1.7\n" + b"x" * 5000, name="cv.pdf"))
    assert response.status_code == 400
    assert "n&#x27;est pas un PDF lisible" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_cv_over_5_mo_is_refused_with_the_limit(client, offer, candidate):
    client.force_login(candidate)
    big = PDF[:-7] + b"0" * (6 * 1024 * 1024) + b"\n%%EOF\n"
    response = apply(client, offer, cv=pdf(big))
    assert response.status_code == 400
    assert "Votre CV dépasse 5 Mo : envoyez un PDF plus léger." in response.content.decode()
    assert not JobApplication.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_missing_cv_or_a_bot_is_refused(client, offer, candidate):
    client.force_login(candidate)
    data = letter(name="Jeanne", message="Bonjour")
    response = client.post(f"/emploi/{offer.pk}/postuler/", data)
    assert response.status_code == 400
    assert "Joignez votre CV au format PDF." in response.content.decode()
    response = apply(client, offer, website="http://spam.example")
    assert response.status_code == 400
    assert not JobApplication.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_candidate_applies_once_per_offer(client, offer, candidate):
    _applied(client, offer, candidate)
    response = apply(client, offer, message="Encore moi.")
    assert response.status_code == 302
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "Vous avez déjà postulé à cette offre." in page
    assert JobApplication.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_failing_mail_loses_no_application(
    client, offer, candidate, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("le serveur de mail est en panne")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    client.force_login(candidate)
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, offer)
    assert response.status_code == 302
    assert JobApplication.objects.filter(candidate=candidate, offer=offer).exists()


@time_machine.travel(NOW, tick=False)
def test_the_employer_cannot_apply_to_their_own_offer_nor_to_a_link_offer(
    client, offer, boss, candidate
):
    client.force_login(boss)
    assert apply(client, offer).status_code == 403
    linked = factories.offer(title="Soudeur H/F")
    client.force_login(candidate)
    assert apply(client, linked).status_code == 404
    assert not JobApplication.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_applications_are_rate_limited(client, boss, candidate, settings):
    from rotative.jobs import views

    client.force_login(candidate)
    offers = [
        factories.offer(by=boss, title=f"Fromager {n} H/F", apply_by="site")
        for n in range(views.APPLICATIONS_PER_DAY + 1)
    ]
    for one in offers[:-1]:
        assert apply(client, one).status_code == 302
    response = apply(client, offers[-1])
    assert response.status_code == 429
    assert "beaucoup de candidatures aujourd&#x27;hui" in response.content.decode()


def _applied(client, offer, candidate) -> JobApplication:
    client.force_login(candidate)
    assert apply(client, offer).status_code == 302
    return JobApplication.objects.get(offer=offer, candidate=candidate)

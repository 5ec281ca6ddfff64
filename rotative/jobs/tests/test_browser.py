"""An offer's life in a real browser, from posting to the CV in the employer's hands: posted
by a verified employer, validated in the admin, found by a reader who applies with a PDF,
read by the employer, refused to anyone else."""

import shutil
import time

import pytest
from django.db import connection

from rotative.accounts.services import account_email_confirm
from rotative.accounts.tests.factories import PASSWORD, ReaderFactory
from rotative.core.tests.browser import logged_in_page
from rotative.geo.tests.factories import commune
from rotative.jobs.models import JobApplication
from rotative.jobs.tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]

CV = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_post_validate_find_apply_with_a_cv_and_read_it(
    chromium, home, live_server, settings, smtp_server, tmp_path
):
    from django.contrib.auth import get_user_model

    settings.SITE_URL = live_server.url
    settings.COMMENTS_MIN_FILL_SECONDS = 1
    commune("carantilly")
    boss = factories.employer("Fromagerie du Bocage", email="rh@fromagerie.example.fr")
    candidate = ReaderFactory(email="jeanne@example.fr", display_name="Jeanne")
    stranger = ReaderFactory(email="curieux@example.fr", display_name="Curieux")
    moderator = get_user_model().objects.create_superuser(
        "moderation", "moderation@example.fr", PASSWORD
    )
    account_email_confirm(user=moderator)
    base = live_server.url

    # The employer posts an offer; the site's form with a CV is the way offered first.
    employer = logged_in_page(chromium, base, boss)
    employer.goto(f"{base}/emploi/deposer/")
    employer.get_by_label("Intitulé du poste").fill("Fromager affineur H/F")
    employer.locator("#id_contract").select_option("cdi")
    employer.get_by_label("Temps plein").check()
    employer.get_by_label("Commune du poste").fill("Carantilly (50570)")
    employer.get_by_label("Salaire minimum (€ brut)").fill("2100")
    employer.get_by_label("Salaire maximum (€ brut)").fill("2500")
    employer.locator("#id_salary_period").select_option("mois")
    employer.get_by_label("Description du poste").fill("Affinage de camemberts au lait cru.")
    employer.get_by_label("Profil recherché").fill("CAP crémier-fromager apprécié.")
    assert employer.get_by_label("Par le formulaire du site (CV)").is_checked()
    employer.get_by_role("button", name="Envoyer pour validation").click()
    assert "dès qu'un modérateur l'aura validée" in employer.locator(".messages").inner_text()

    # A moderator validates it in the admin's « Emploi » queue.
    admin = logged_in_page(chromium, base, moderator)
    admin.goto(f"{base}/admin/emploi/")
    row = admin.locator("tr", has_text="Fromager affineur")
    row.get_by_role("button", name="Valider").click()
    admin.locator(".messages", has_text="Offre validée").wait_for()

    # A reader finds it by a word (accents ignored) and applies with a PDF.
    reader = logged_in_page(chromium, base, candidate)
    reader.goto(f"{base}/emploi/")
    reader.get_by_label("Mots").fill("fromager affineur")
    reader.locator("form.jobs-filters").get_by_role("button", name="Chercher").click()
    reader.locator(".jobs-card").get_by_role("link", name="Fromager affineur H/F").click()
    reader.get_by_label("Vos nom et prénom").fill("Jeanne Martin")
    reader.get_by_label("Votre message").fill("Dix ans d'affinage en Pays d'Auge.")
    cv = tmp_path / "mon-cv.pdf"
    cv.write_bytes(CV)
    reader.get_by_label("Votre CV (PDF, 5 Mo au plus)").set_input_files(str(cv))
    time.sleep(1.1)  # a human takes more than a second to write
    reader.get_by_role("button", name="Envoyer ma candidature").click()
    assert "Votre candidature est envoyée" in reader.locator(".messages").inner_text()
    assert "Vous avez postulé le" in reader.locator(".jobs-applied").inner_text()

    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == "rh@fromagerie.example.fr" and not mail.is_multipart()

    # The employer opens the applications from « Mes offres » and downloads the CV.
    employer.goto(f"{base}/emploi/mes-offres/")
    employer.locator("tr", has_text="Fromager affineur").get_by_role(
        "link", name="Voir les candidatures reçues : 1"
    ).click()
    assert "Jeanne Martin" in employer.locator(".jobs-application").inner_text()
    with employer.expect_download() as download:
        employer.get_by_role("link", name="Télécharger le CV").click()
    assert download.value.suggested_filename == "cv-jeanne-martin.pdf"
    with open(download.value.path(), "rb") as handle:
        assert handle.read() == CV

    # Anyone else, the candidate included, gets the same 404 as a missing file.
    cv_url = f"{base}/emploi/candidatures/{JobApplication.objects.get().pk}/cv/"
    other = logged_in_page(chromium, base, stranger)
    for page in (other, reader):
        response = page.request.get(cv_url)
        assert response.status == 404 and CV not in response.body()
    for page in (employer, admin, reader, other):
        page.context.close()
    connection.close()  # Playwright's greenlet has its own connection: give it back now

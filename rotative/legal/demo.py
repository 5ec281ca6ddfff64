"""The legal pages of the demo paper: original French text for an invented publisher.

Loaded by `manage.py load_demo` (and by the tests' fixtures); loading again changes nothing.
The privacy and cookie texts say what the code keeps: read them again when that changes.
"""

from datetime import date

from rotative.core.demo.registry import DemoRun
from rotative.home.models import HomePage
from rotative.legal.models import ContactPage, LegalPage

UPDATED_ON = date(2026, 12, 1)

MENTIONS = """
<h2>Éditeur</h2>
<p>Le site du Phare normand est édité par les Éditions du Phare normand, société par actions
simplifiée (SAS) au capital de 150 000 €, immatriculée au registre du commerce et des sociétés
de Coutances sous le numéro 000 000 000 (numéro fictif), dont le siège est situé 12, quai du
Port, 50200 Coutances. Téléphone : 02 33 00 00 00. Courriel : redaction@phare-normand.example.</p>
<h2>Directrice de la publication</h2>
<p>Madame Anne Lemarchand, présidente des Éditions du Phare normand.</p>
<h2>Hébergeur</h2>
<p>Nuage Cotentin SARL, 4, rue des Tisserands, 50100 Cherbourg-en-Cotentin.
Téléphone : 02 33 99 99 99.</p>
<h2>Propriété intellectuelle</h2>
<p>Les articles, photographies et illustrations publiés sur ce site sont protégés par le droit
d'auteur. Les dépêches de l'Agence France-Presse sont reproduites avec son autorisation ; toute
reprise sans accord préalable est interdite.</p>
<p><em>Site de démonstration : la société, les personnes et les numéros ci-dessus sont
inventés.</em></p>
"""

PRIVACY = """
<h2>Responsable du traitement</h2>
<p>Les Éditions du Phare normand, 12, quai du Port, 50200 Coutances. Délégué à la protection
des données : dpo@phare-normand.example, ou par courrier à l'adresse du siège.</p>
<h2>Ce que nous conservons, et combien de temps</h2>
<ul>
<li><b>Votre compte lecteur</b> : adresse e-mail, nom affiché, mot de passe (haché, jamais
lisible) et, si vous l'activez, la double authentification. Tant que le compte existe ; vous
le supprimez vous-même depuis « Mon compte ».</li>
<li><b>Vos commentaires</b> : publiés sous l'article, conservés avec lui. À la suppression du
compte, ils sont retirés ou publiés sans signature, selon la règle affichée dans l'espace des
commentaires.</li>
<li><b>Vos petites annonces et vos messages</b> : une annonce reste en ligne 60 jours,
renouvelable ; annonces, photos, messages échangés et alertes de recherche sont effacés avec
votre compte.</li>
<li><b>Lettre du matin et alertes info</b> : votre adresse, vos choix de rubriques, et la preuve
de votre consentement (date, page d'inscription, texte accepté, adresse IP). Après une
désinscription, nous gardons seulement une empreinte chiffrée de l'adresse, pour ne plus
jamais vous écrire.</li>
<li><b>Sessions de connexion</b> : 30 jours sans visite, ou 90 jours après la connexion, mettent
fin à une session ; la liste de vos sessions est dans « Mon compte ».</li>
<li><b>Journaux de sécurité</b> : connexions, échecs, limitations, avec l'adresse IP et une
empreinte de l'adresse e-mail (jamais l'adresse elle-même), conservés un an au plus.</li>
<li><b>Formulaire de contact</b> : votre message est transmis par courriel à la rédaction et
n'est pas conservé sur le site.</li>
</ul>
<p>Nous ne vendons ni ne louons aucune donnée ; aucune n'est transmise à des fins
publicitaires.</p>
<h2>Vos droits</h2>
<p>Vous pouvez accéder à vos données, les rectifier, les effacer, en limiter l'usage, vous
opposer à leur traitement et les emporter : « Mes données » dans « Mon compte » vous les remet
en un fichier, et « Supprimer mon compte » les efface. Pour toute autre demande, écrivez à notre
délégué à la protection des données. Si vous estimez que vos droits ne sont pas respectés, vous
pouvez adresser une réclamation à la CNIL (www.cnil.fr).</p>
"""

COOKIES = """
<h2>Les cookies que ce site dépose</h2>
<ul>
<li><b>sessionid</b> : vous garde connecté(e) ; posé à la connexion, il expire au plus tard
après 30 jours sans visite.</li>
<li><b>csrftoken</b> : protège les formulaires (connexion, commentaires, contact) contre leur
envoi par un autre site ; un an.</li>
<li><b>messages</b> : transmet un message de confirmation (« Vous êtes connecté ») à la page
suivante ; effacé dès qu'il est lu.</li>
</ul>
<p>Ces cookies sont strictement nécessaires au service que vous demandez : ils ne requièrent
pas votre consentement. Aucun cookie publicitaire, de mesure d'audience tierce ou de réseau
social n'est déposé, et aucun bandeau ne vous le demande donc.</p>
<h2>Notifications</h2>
<p>Si vous acceptez les alertes info dans votre navigateur, celui-ci garde un abonnement aux
notifications ; vous le retirez depuis les réglages du navigateur ou la page des alertes.</p>
"""

ACCESSIBILITY = """
<p>Les Éditions du Phare normand s'engagent à rendre leur site accessible conformément à
l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration s'applique au site du
Phare normand et à toutes ses rubriques : articles, En direct, petites annonces, emploi, agenda
des sorties, pronostics, comptes des lecteurs.</p>
<h2>État de conformité</h2>
<p>Le site du Phare normand est <b>non conforme</b> avec le référentiel général d'amélioration
de l'accessibilité (RGAA), version 4.1 : il n'a pas encore fait l'objet d'un audit complet.
Cette mention changera à la publication de l'audit.</p>
<h2>Ce qui est déjà vérifié</h2>
<ul>
<li>Chaque type de page (la Une, une rubrique, un article, En direct, les annonces, l'emploi,
l'agenda, les pages de compte et de lettre d'information) est contrôlé à chaque modification
du site par l'outil automatique axe-core, dans le navigateur Chromium, sur un écran de
téléphone et sur un écran d'ordinateur : aucune erreur aux niveaux A et AA.</li>
<li>Tout le site se parcourt au clavier, et l'élément atteint est toujours entouré d'un cadre
visible, y compris sur les bandeaux foncés.</li>
<li>Les pages restent lisibles sans défilement horizontal sur un écran de 320 pixels de large.</li>
<li>Les couleurs des textes contrastent au moins à 4,5 pour 1 avec leur fond ; la rédaction ne
peut pas choisir pour une étiquette du direct une couleur plus pâle.</li>
<li>L'alerte info n'est lue par les lecteurs d'écran qu'une fois, quand elle paraît.</li>
</ul>
<h2>Contenus non accessibles</h2>
<ul>
<li>Les photographies des dépêches d'agence arrivent avec une légende mais sans description :
leur texte alternatif reprend alors leur titre.</li>
<li>Les photos des petites annonces sont décrites par le titre de l'annonce, pas par leur
contenu, que l'annonceur ne renseigne pas.</li>
</ul>
<h2>Établissement de cette déclaration</h2>
<p>Cette déclaration a été établie en décembre 2026. Technologies utilisées pour la
réalisation du site : HTML5, CSS, JavaScript, WAI-ARIA. Outils de vérification : axe-core 4.12
dans Chromium, navigation au clavier.</p>
<h2>Retour d'information et contact</h2>
<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez-nous à
accessibilite@phare-normand.example ou par courrier aux Éditions du Phare normand, 12, quai du
Port, 50200 Coutances : nous vous répondrons et vous transmettrons l'information sous une
autre forme.</p>
<h2>Voies de recours</h2>
<p>Si vous nous avez signalé un défaut d'accessibilité sans obtenir de réponse satisfaisante,
vous pouvez saisir le Défenseur des droits : par son formulaire en ligne, en rencontrant l'un
de ses délégués dans votre département, ou par courrier gratuit, sans affranchissement, à
Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</p>
"""

PAGES = [
    (
        "Mentions légales",
        "mentions-legales",
        "Qui édite ce site, qui en dirige la publication et qui l'héberge.",
        MENTIONS,
    ),
    (
        "Politique de confidentialité",
        "confidentialite",
        "Ce que nous savons de vous, pourquoi, combien de temps, et vos droits.",
        PRIVACY,
    ),
    ("Cookies", "cookies", "Les seuls cookies de ce site, et à quoi ils servent.", COOKIES),
    (
        "Déclaration d'accessibilité",
        "accessibilite",
        "Ce que chacun, quel que soit son handicap, peut faire sur ce site, et ce qui reste "
        "à faire.",
        ACCESSIBILITY,
        "Accessibilité : non conforme",  # in the footer, as RGAA words it
    ),
]


def demo_legal_load(run: DemoRun) -> None:
    legal_pages_create(home=HomePage.objects.get())


def legal_pages_create(*, home: HomePage) -> int:
    """The legal pages under the home page, shown in the footer; those already there stay."""
    created = 0
    existing = set(home.get_children().values_list("slug", flat=True))
    for title, slug, intro, body, *footer_label in PAGES:
        if slug in existing:
            continue
        page = LegalPage(
            title=title,
            slug=slug,
            intro=intro,
            body=body.strip(),
            updated_on=UPDATED_ON,
            footer_label="".join(footer_label),
        )
        page.show_in_menus = True
        home.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    if "contact" not in existing:
        page = ContactPage(
            title="Nous contacter",
            slug="contact",
            intro=(
                "<p>Une information, une correction, une question sur un article ? "
                "Écrivez à la rédaction : nous lisons tous les messages.</p>"
            ),
        )
        page.show_in_menus = True
        home.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    return created

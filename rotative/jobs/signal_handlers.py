"""What l'emploi does when another part announces something (core.signals)."""

from rotative.jobs import services


def on_professional_unverified(sender, professional, **kwargs):
    # Offers are published under the business's name: without the mark, they go offline.
    services.offers_suspend(employer_id=professional.pk)

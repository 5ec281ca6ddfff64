from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "rotative.agenda"
    label = "agenda"
    verbose_name = "Agenda des sorties"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from rotative.core.site_parts import Link, registry

        # The reference page's footer sends readers to « L'agenda des sorties ».
        for link in (
            Link(_("Agenda des sorties"), "agenda:listing"),
            Link(_("Les concerts"), "agenda:concerts"),
        ):
            if link not in registry.footer_links:
                registry.footer_links.append(link)
        # After En direct and the ads (their apps come first in INSTALLED_APPS).
        registry.add_to_slot("sidebar", "agenda/side_slot.html")
        registry.add_to_slot("home", "agenda/home_slot.html")
        registry.add_to_slot("article_end", "agenda/article_slot.html")

        from rotative.agenda.sitemaps import EventSitemap, VenueSitemap

        registry.sitemaps.setdefault("sorties", EventSitemap)
        registry.sitemaps.setdefault("lieux", VenueSitemap)

        from rotative.accounts import data
        from rotative.agenda import personal_data

        data.register_exporter(
            "agenda", personal_data.agenda_export, covers=["agenda.Event.organiser"]
        )

        from rotative.agenda.saved_searches import AGENDA
        from rotative.alerts.kinds import search_kind_register

        search_kind_register(AGENDA)

        from rotative.agenda.tasks import NIGHT, agenda_nightly
        from rotative.core.scheduling import RecurringJob, recurring_job_declare

        recurring_job_declare(RecurringJob(name="agenda.nightly", task=agenda_nightly, at=NIGHT))

        from rotative.agenda import demo
        from rotative.core.demo.registry import demo_part_register

        demo_part_register(
            name="agenda", order=75, load=demo.demo_agenda_load, loaded=demo.demo_agenda_loaded
        )

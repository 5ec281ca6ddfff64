from django.apps import AppConfig


class ClassifiedsConfig(AppConfig):
    name = "rotative.classifieds"
    label = "classifieds"
    verbose_name = "Petites annonces"

    def ready(self):
        from rotative.core.site_parts import registry

        registry.add_to_slot("sidebar", "classifieds/sidebar_slot.html")

        from rotative.classifieds.sitemaps import AdSitemap

        registry.sitemaps.setdefault("annonces", AdSitemap)

        from rotative.accounts import data
        from rotative.classifieds import personal_data

        data.register_exporter(
            "petites_annonces", personal_data.classifieds_export, covers=personal_data.COVERS
        )

        from rotative.alerts.kinds import search_kind_register
        from rotative.classifieds.saved_searches import ADS

        search_kind_register(ADS)

        from rotative.classifieds.tasks import MORNING, classifieds_daily
        from rotative.core.scheduling import RecurringJob, recurring_job_declare

        recurring_job_declare(
            RecurringJob(name="classifieds.daily", task=classifieds_daily, at=MORNING)
        )

        from rotative.classifieds import demo
        from rotative.core.demo.registry import demo_part_register

        demo_part_register(name="classifieds", order=70, load=demo.demo_ads_load)

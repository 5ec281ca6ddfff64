from datetime import timedelta

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "rotative.jobs"
    label = "jobs"
    verbose_name = "L'emploi"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from rotative.core.site_parts import Link, registry

        # The reference page's footer sends readers to « L'emploi ».
        link = Link(_("L'emploi"), "jobs:search")
        if link not in registry.footer_links:
            registry.footer_links.append(link)
        # After the agenda's blocks (agenda comes first in INSTALLED_APPS).
        registry.add_to_slot("article_end", "jobs/article_slot.html")
        registry.add_to_slot("home", "jobs/home_slot.html")

        from rotative.jobs.sitemaps import JobOfferSitemap

        registry.sitemaps.setdefault("emploi", JobOfferSitemap)

        from rotative.core.signals import professional_unverified
        from rotative.jobs.signal_handlers import on_professional_unverified

        professional_unverified.connect(
            on_professional_unverified, dispatch_uid="jobs.professional_unverified"
        )

        from rotative.accounts import data
        from rotative.jobs import personal_data

        data.register_exporter(
            "emploi", personal_data.jobs_export, covers=["jobs.JobOffer.posted_by"]
        )
        data.register_exporter(
            "candidatures",
            personal_data.applications_export,
            covers=["jobs.JobApplication.candidate"],
        )

        from django.db.models.signals import post_delete

        from rotative.jobs.models import JobApplication
        from rotative.jobs.services import cv_file_forget

        # However an application goes (six months, its offer, the candidate's account),
        # its CV leaves the private storage.
        post_delete.connect(cv_file_forget, sender=JobApplication, dispatch_uid="jobs-cv-forget")

        from rotative.alerts.kinds import search_kind_register
        from rotative.jobs.saved_searches import JOBS

        search_kind_register(JOBS)

        from rotative.core.scheduling import RecurringJob, recurring_job_declare
        from rotative.jobs.tasks import NIGHT, jobs_applications_purge, jobs_expire

        recurring_job_declare(
            RecurringJob(name="jobs.expire", task=jobs_expire, every=timedelta(minutes=15))
        )
        recurring_job_declare(
            RecurringJob(name="jobs.applications_purge", task=jobs_applications_purge, at=NIGHT)
        )

        from rotative.core.demo.registry import demo_part_register
        from rotative.jobs import demo

        demo_part_register(
            name="emploi", order=78, load=demo.demo_jobs_load, loaded=demo.demo_jobs_loaded
        )

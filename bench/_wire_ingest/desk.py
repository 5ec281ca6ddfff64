"""Django for the wire bench (base settings, tasks run inline) and the desk it ingests into."""

from __future__ import annotations

import sys
from pathlib import Path

from _common import BASE_SETTINGS
from _common.db import bench_environment, django_setup

from _wire_ingest.feed import MEDIA_TOPICS

BENCH_SETTINGS = "rotative_wire_bench_settings"


def wire_environment(db_url: str, var_dir: Path, settings_dir: Path) -> dict:
    """Environment for migrate and for this process: bench DB, temporary var/, inline tasks."""
    (settings_dir / f"{BENCH_SETTINGS}.py").write_text(
        '"""Written by bench/wire_ingest.py: the base settings, tasks run inline."""\n\n'
        f"from {BASE_SETTINGS} import *  # noqa: F403\n\n"
        'TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}\n',
        encoding="utf-8",
    )
    return bench_environment(db_url, var_dir, settings=BENCH_SETTINGS, paths=(settings_dir,))


def wire_django_setup(env: dict, settings_dir: Path) -> dict:
    """Django in this process; stops unless tasks run inline. Returns what the report says."""
    django_setup(env, paths=(settings_dir,))
    from django.conf import settings
    from django_tasks import task_backends

    backend = (
        type(task_backends["default"]).__module__ + "." + type(task_backends["default"]).__name__
    )
    if not backend.endswith("ImmediateBackend"):
        sys.exit(f"tasks backend is {backend}, expected the ImmediateBackend")
    return {
        "tasks_backend": backend,
        "media_root": str(settings.MEDIA_ROOT),
        "debug": settings.DEBUG,
        "cache": settings.CACHES["default"]["BACKEND"],
        "search": settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],
    }


def desk_setup(with_tags: bool, feed_dir: Path):
    """Section under the home page, folder source, publish-everything rule, topic mappings."""
    from rotative.home.services import home_page_ensure
    from rotative.news.models import SectionPage
    from rotative.wire.models import PublishingRule, TopicMapping, WireSource

    home = home_page_ensure()
    section = home.add_child(
        instance=SectionPage(
            title="Fil des agences", slug="fil-des-agences", description="Dépêches publiées."
        )
    )
    section.save_revision().publish()
    # Created disabled, then enabled without post_save: the signal handler would otherwise
    # start the polling task at once (inline with the ImmediateBackend) on this folder.
    source = WireSource.objects.create(
        name="AFP (banc d'essai)",
        kind=WireSource.Kind.FOLDER,
        path=str(feed_dir),
        enabled=False,
        default_section=section,
    )
    WireSource.objects.filter(pk=source.pk).update(enabled=True)
    source.refresh_from_db()
    PublishingRule.objects.create(
        name="Tout publier", source=source, max_urgency=9, section=section, enabled=True
    )
    if with_tags:
        for qcode, label, tag in MEDIA_TOPICS:
            TopicMapping.objects.create(qcode=qcode, label=label, section=None, tags=tag)
    return section, source


def db_counts(prefix: str, name_prefix: str):
    from django.db.models import Count

    from rotative.news.models import ArticlePage
    from rotative.wire.models import Dispatch, QuarantinedFile

    dispatches = Dispatch.objects.filter(guid__startswith=prefix)
    article_ids = dispatches.exclude(article=None).values("article_id")
    articles = ArticlePage.objects.filter(pk__in=article_ids)
    return {
        "dispatches": dispatches.count(),
        "dispatches_by_status": dict(
            dispatches.values_list("status").annotate(n=Count("pk")).order_by("status")
        ),
        "updates_published": dispatches.filter(version=2, status="published").count(),
        "articles": articles.count(),
        "articles_live": articles.filter(live=True).count(),
        "quarantined_files": QuarantinedFile.objects.filter(
            filename__startswith=name_prefix
        ).count(),
    }

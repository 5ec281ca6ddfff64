"""The site's En direct feed for the bench: the news fill writes none, and `GET /direct`
on an empty feed would measure nothing."""

from __future__ import annotations

import datetime as dt

ENTRIES = 150


def fill_live(rng, log, entries: int = ENTRIES) -> int:
    """`entries` visible entries of the site's channel over the last hours (a few labelled,
    one in ten linked to an article), each with its `created` event as the desk's services
    record it. Written in bulk: no alert is sent. Returns how many the feed holds."""
    from django.utils import timezone

    from rotative.live.models import SITE_CHANNEL, LiveEntry, LiveEvent, LiveLabel
    from rotative.news.models import ArticlePage

    existing = LiveEntry.objects.in_channel(SITE_CHANNEL).count()
    if existing:
        return existing
    labels = [
        LiveLabel.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in (("trafic", "Trafic"), ("meteo", "Météo"), ("sport", "Sport"))
    ]
    article_ids = list(ArticlePage.objects.order_by("-pk").values_list("pk", flat=True)[:500])
    now = timezone.now()
    rows = []
    for i in range(entries):
        rows.append(
            LiveEntry(
                body=f"<p>Point n<sup>o</sup> {i} : la circulation reste <b>difficile</b> sur "
                "la RN13 entre Caen et Cherbourg, prudence sur les routes mouillées.</p>",
                label=rng.choice(labels) if i % 3 == 0 else None,
                article_id=rng.choice(article_ids) if article_ids and i % 10 == 0 else None,
                published_at=now - dt.timedelta(minutes=5 * (entries - i)),
            )
        )
    created = LiveEntry.objects.bulk_create(rows)
    LiveEvent.objects.bulk_create(
        [LiveEvent(channel=SITE_CHANNEL, entry=entry, action="created") for entry in created]
    )
    log(f"live: {len(created)} entries written in the site's feed")
    return len(created)

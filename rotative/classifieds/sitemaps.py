"""Les petites annonces in the sitemaps (`/sitemap-annonces.xml?p=N`): the ads online now
(published, not expired); drafts, pending, refused, sold, deleted and expired ads are left out.

Millions of rows: a page is a slice of ids, not an OFFSET. Page N lists the online ads whose id
is in [first + (N-1)·IDS_PER_PAGE, first + N·IDS_PER_PAGE): a range scan of the primary key,
bounded whatever the page, where OFFSET would walk every earlier row and sort all online ads
on each page. A page thus holds at most IDS_PER_PAGE addresses (the protocol allows 50,000),
fewer where old ads have expired; the page count comes from the smallest and largest id, read
off the primary key. The index gives no lastmod for this sitemap: the newest change among
millions of ads would mean reading them all (each address carries its own)."""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max, Min

from rotative.classifieds.models import Ad
from rotative.core.sitemaps import SiteSitemap

IDS_PER_PAGE = 10_000


class IdRangePage:
    def __init__(self, object_list):
        self.object_list = object_list


class IdRangePaginator:
    """What Django's sitemap views ask of a paginator (`num_pages`, `page(n).object_list`)."""

    def __init__(self, queryset, per_page):
        self.queryset = queryset
        self.per_page = per_page
        bounds = Ad.objects.aggregate(first=Min("pk"), last=Max("pk"))
        self.first = bounds["first"] or 0
        last = bounds["last"]
        self.num_pages = 1 if last is None else (last - self.first) // per_page + 1

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger from None
        if not 1 <= number <= self.num_pages:
            raise EmptyPage
        start = self.first + (number - 1) * self.per_page
        return IdRangePage(
            self.queryset.filter(pk__gte=start, pk__lt=start + self.per_page).order_by("pk")
        )


class AdSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return Ad.objects.online().only("pk", "title", "updated_at")

    @property
    def paginator(self):
        return IdRangePaginator(self.items(), IDS_PER_PAGE)

    def lastmod(self, ad):
        return ad.updated_at

    def get_latest_lastmod(self):
        return None

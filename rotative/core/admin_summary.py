"""« What waits » on the admin's home page: one count per queue, with a link to it.

Each app registers its own item (comments, classifieds, wire) in its wagtail_hooks.py through
Wagtail's `construct_homepage_summary_items` hook, counted by its own selector. An item is shown
only to the staff holding the permission its screen checks; each costs one COUNT query.
"""

from collections.abc import Callable

from wagtail.admin.site_summary import SummaryItem


class WaitingSummaryItem(SummaryItem):
    template_name = "wagtailadmin/home/waiting_summary_item.html"

    def __init__(
        self,
        request,
        *,
        count: Callable[[], int],
        label: Callable[[int], str],
        url: str,
        permission: str,
        icon: str,
        order: int,
    ):
        super().__init__(request)
        self.count, self.label, self.url = count, label, url
        self.permission, self.icon, self.order = permission, icon, order

    def is_shown(self):
        return self.request.user.has_perm(self.permission)

    def get_context_data(self, parent_context):
        count = self.count()
        return {"count": count, "text": self.label(count), "url": self.url, "icon": self.icon}

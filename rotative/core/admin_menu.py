"""The admin menu items of the site's own screens (moderation queues, desks, letters)."""

from wagtail.admin.menu import MenuItem


class PermissionMenuItem(MenuItem):
    """Shown only to the staff holding `permission`, the one its screen checks."""

    def __init__(self, label, url, *, permission: str, **kwargs):
        super().__init__(label, url, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)

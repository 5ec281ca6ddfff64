"""What every admin page gets from the site: the stylesheet of our staff screens."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def staff_stylesheet():
    # A file served from 'self': our screens need no 'unsafe-inline' in the admin's style-src.
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))

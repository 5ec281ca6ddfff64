from rotative.home import selectors


def front_chrome(request):
    """What every public page shows above its content: the menu, En ce moment, the banner."""
    if request.path.startswith(("/admin/", "/django-admin/")):
        return {}
    return {
        "nav_sections": selectors.navigation_sections(),
        "en_ce_moment": selectors.en_ce_moment(),
        "breaking": selectors.breaking_banner(request=request),
    }

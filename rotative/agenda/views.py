"""The agenda's public pages: validation at the edge, reads through selectors, writes
through services. An event shows only to whom its state allows, else the same 404 as an id
that never existed."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from rotative.accounts.selectors import account_email_confirmed
from rotative.agenda import ical, selectors, services
from rotative.agenda.forms import ConcertSearchForm, EventForm, SearchForm, search_criteria
from rotative.agenda.jsonld import event_jsonld
from rotative.agenda.models import Event, Venue
from rotative.agenda.recurrence import PARIS
from rotative.core.images_reencode import PhotoError
from rotative.core.ratelimit import client_ip, rate_limit_allows
from rotative.core.utils import parse_id

SUBMISSIONS_PER_DAY = 20
SUBMISSIONS_REFUSAL = gettext_lazy(
    "Vous avez proposé beaucoup de sorties aujourd'hui : réessayez demain."
)


def submission_allowed(request) -> bool:
    """Counts one proposal by this reader from this address: the site's form and the app's API
    share the count."""
    return rate_limit_allows(
        scope="agenda-submit",
        key=f"{request.user.pk}:{client_ip(request)}",
        limit=SUBMISSIONS_PER_DAY,
        window=86400,
    )


ICS_MAX = 500


def _search(request, form_class=SearchForm):
    return search_criteria(request.GET or None, now=timezone.now(), form_class=form_class)


def _search_page(request, *, template: str, form_class=SearchForm):
    """A page of the agenda's search (the listing, « Les concerts »)."""
    form, window, filters = _search(request, form_class)
    page = selectors.events_between(
        start=window.start, end=window.end, page=parse_id(request.GET.get("page")) or 1, **filters
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        template,
        {"form": form, "page": page, "window": window, "query": query.urlencode()},
    )


@require_safe
def listing(request):
    return _search_page(request, template="agenda/listing.html")


@require_safe
def listing_ics(request):
    return _search_ics(request, name=_("Agenda des sorties"), filename="agenda.ics")


def _search_ics(request, *, name: str, filename: str, form_class=SearchForm) -> HttpResponse:
    """A search's dates as a calendar, the search read as its page reads it."""
    form, window, filters = _search(request, form_class)
    rows = selectors.occurrences_between(start=window.start, end=window.end, **filters)[:ICS_MAX]
    data = ical.occurrences_ics(
        name=name,
        occurrences=rows,
        url_of=lambda event: request.build_absolute_uri(event.get_absolute_url()),
        stamp=timezone.now(),
    )
    return _calendar_response(data, filename)


def _visible_event_or_404(request, pk) -> Event:
    event = get_object_or_404(Event.objects.select_related("venue__commune"), pk=pk)
    if not event.visible_to(request.user):
        raise Http404
    return event


@require_safe
def event(request, pk, slug):
    event = _visible_event_or_404(request, pk)
    if slug != event.slug:
        return redirect(event, permanent=True)
    now = timezone.now()
    dates = selectors.event_next_dates(event=event, now=now)
    url = request.build_absolute_uri(event.get_absolute_url())
    image_url = request.build_absolute_uri(event.image.url) if event.image else ""
    return render(
        request,
        "agenda/event.html",
        {
            "event": event,
            "dates": dates,
            "is_organiser": request.user.is_authenticated and request.user.pk == event.organiser_id,
            "jsonld": event_jsonld(
                event=event, occurrence=dates[0] if dates else None, url=url, image_url=image_url
            ),
        },
    )


@require_safe
def event_ics(request, pk, slug):
    event = _visible_event_or_404(request, pk)
    data = ical.event_ics(
        event=event,
        url=request.build_absolute_uri(event.get_absolute_url()),
        stamp=timezone.now(),
    )
    return _calendar_response(data, f"{event.slug}.ics")


@require_safe
def venue(request, slug):
    place = get_object_or_404(Venue.objects.select_related("commune"), slug=slug)
    return render(
        request,
        "agenda/venue.html",
        {"venue": place, "dates": selectors.venue_next(venue=place, now=timezone.now())},
    )


@require_http_methods(["GET", "POST"])
def submit(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not account_email_confirmed(user=request.user):
        return render(request, "agenda/submit.html", {"unconfirmed": True}, status=403)
    today = timezone.now().astimezone(PARIS).date()
    if request.method == "GET":
        return render(request, "agenda/submit.html", {"form": EventForm(today=today)})
    form = EventForm(request.POST, request.FILES, today=today)
    if not form.is_valid():
        return render(request, "agenda/submit.html", {"form": form}, status=400)
    if not submission_allowed(request):
        form.add_error(None, SUBMISSIONS_REFUSAL)
        return render(request, "agenda/submit.html", {"form": form}, status=429)
    try:
        with transaction.atomic():
            place = services.venue_find_or_create(
                name=form.cleaned_data["venue_name"],
                address=form.cleaned_data.get("venue_address", ""),
                commune=form.commune,
            )
            made = services.event_create(
                organiser=request.user, venue=place, image=form.image_upload, **form.event_fields()
            )
    except (services.AgendaError, PhotoError) as error:
        form.add_error(None, error.message)
        return render(request, "agenda/submit.html", {"form": form}, status=400)
    messages.success(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            _("Merci ! Votre sortie sera publiée dès qu'un modérateur l'aura validée."),
            reverse("agenda:mine"),
            _("Suivre mes sorties"),
        ),
    )
    return redirect(made)


def _calendar_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def concerts(request):
    """« Les concerts »: the agenda's search, its category fixed, by style."""
    return _search_page(request, template="agenda/concerts.html", form_class=ConcertSearchForm)


@require_safe
def concerts_ics(request):
    return _search_ics(
        request, name=_("Les concerts"), filename="concerts.ics", form_class=ConcertSearchForm
    )

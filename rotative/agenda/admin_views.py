"""The agenda in the Wagtail admin: the moderators' queue of the events organisers propose,
and the editors' events and venues (published at once), with the venue chooser."""

from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.views.generic import models as model_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from rotative.agenda import selectors, services
from rotative.agenda.forms import image_upload_checked
from rotative.agenda.models import Event, Venue
from rotative.agenda.recurrence import PARIS, RecurrenceError, rule_check
from rotative.core.utils import parse_id
from rotative.geo.choosers import commune_chooser_viewset
from rotative.geo.forms import commune_from_text

MODERATE = "agenda.change_event"


@permission_required(MODERATE, raise_exception=True)
def queue(request):
    pending = selectors.moderation_queue()
    return render(
        request,
        "agenda/admin/queue.html",
        {"events": Paginator(pending, 50).get_page(request.GET.get("p")), "count": pending.count()},
    )


@require_POST
@permission_required(MODERATE, raise_exception=True)
def moderate(request, pk):
    event = get_object_or_404(Event, pk=pk)
    try:
        if request.POST.get("action") == "publish":
            services.event_moderate(moderator=request.user, event=event, publish=True)
            messages.success(request, _("Sortie validée : elle est publiée dans l'agenda."))
        else:
            services.event_moderate(
                moderator=request.user,
                event=event,
                publish=False,
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("Sortie refusée."))
    except services.AgendaError as error:
        messages.error(request, error.message)
    return redirect("agenda_moderation")


# --- editors' events and venues: created and changed in the admin, published at once --------
# Every save goes through the services, so that an event's dates are made again from its
# rule and a venue's position reaches its events' dates (a bare ModelForm save would not).


EXTRA_DATE_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %Hh%M", "%d/%m/%Y")


class VenueFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=gettext_lazy("Nom du lieu ou commune"),
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Nom du lieu ou commune")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = " ".join((self.cleaned_data.get("q") or "").split())
        self.is_searching, self.search_query = bool(query), query
        if query:
            objects = objects.filter(Q(name__icontains=query) | Q(commune__name__icontains=query))
        return objects.select_related("commune")


class VenueQuickForm(forms.Form):
    """The chooser's « Nouveau lieu » tab: the commune typed (« Carantilly », « 50570 »), as
    in the organisers' form, since a chooser cannot open inside the chooser's own window."""

    name = forms.CharField(label=gettext_lazy("Nom"), max_length=120)
    address = forms.CharField(label=gettext_lazy("Adresse"), max_length=200, required=False)
    commune_text = forms.CharField(
        label=gettext_lazy("Commune ou code postal"),
        max_length=120,
        help_text=gettext_lazy("Par exemple : Carantilly (50570), ou 50570."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.pop("instance", None)
        kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)
        self.commune = None

    def clean_commune_text(self):
        self.commune = commune_from_text(self.cleaned_data["commune_text"])
        return self.commune.label

    def save(self):
        return services.venue_find_or_create(
            name=self.cleaned_data["name"],
            address=self.cleaned_data.get("address", ""),
            commune=self.commune,
        )


class _VenueSearch:
    filter_form_class = VenueFilterForm
    ordering = ("name", "pk")


class VenueChooseView(_VenueSearch, chooser_views.ChooseView):
    pass


class VenueChooseResultsView(_VenueSearch, chooser_views.ChooseResultsView):
    pass


class VenueChosenView(chooser_views.ChosenView):
    def get_object(self, pk):
        if parse_id(str(pk)) is None:
            raise Venue.DoesNotExist  # a 404, never int()'s 500
        return super().get_object(pk)


class VenueChosenMultipleView(chooser_views.ChosenMultipleView):
    def get_objects(self, pks):
        return super().get_objects([pk for pk in map(parse_id, pks) if pk is not None])


class VenueChooserCreateView(chooser_views.CreateView):
    def save_form(self, form):
        return form.save()


class VenueChooserViewSet(ChooserViewSet):
    model = Venue
    icon = "site"
    choose_one_text = gettext_lazy("Choisir un lieu")
    choose_another_text = gettext_lazy("Choisir un autre lieu")
    edit_item_text = gettext_lazy("Modifier ce lieu")
    create_action_label = gettext_lazy("Créer ce lieu")
    creation_tab_label = gettext_lazy("Nouveau lieu")
    search_tab_label = gettext_lazy("Chercher")
    creation_form_class = VenueQuickForm
    choose_view_class = VenueChooseView
    choose_results_view_class = VenueChooseResultsView
    create_view_class = VenueChooserCreateView
    chosen_view_class = VenueChosenView
    chosen_multiple_view_class = VenueChosenMultipleView
    per_page = 20


venue_chooser_viewset = VenueChooserViewSet(
    "agenda_venue_chooser", url_prefix="agenda/choisir-lieu"
)


class VenueAdminForm(WagtailAdminModelForm):
    class Meta(WagtailAdminModelForm.Meta):  # its formfield_callback: the admin widgets
        model = Venue
        fields = ["name", "address", "commune", "latitude", "longitude"]
        widgets = {"commune": commune_chooser_viewset.widget_class}
        help_texts = {
            "latitude": gettext_lazy("Laissez vide pour prendre la position de la commune."),
        }

    def save(self, commit=True):
        data = self.cleaned_data
        values = {
            "name": data["name"],
            "address": data.get("address") or "",
            "commune": data["commune"],
            "latitude": data.get("latitude"),
            "longitude": data.get("longitude"),
        }
        if self.instance.pk is None:
            self.instance = services.venue_create(**values)
        else:
            self.instance = services.venue_update(venue=self.instance, **values)
        return self.instance


class VenueDeleteView(model_views.DeleteView):
    """A venue still holding events stays (they point at it): the editor is told why."""

    def form_valid(self, form):
        count = self.object.events.count()
        if count:
            messages.error(
                self.request,
                ngettext(
                    "Ce lieu accueille %(count)s sortie : changez-en le lieu avant de le "
                    "supprimer.",
                    "Ce lieu accueille %(count)s sorties : changez-en le lieu avant de le "
                    "supprimer.",
                    count,
                )
                % {"count": count},
            )
            return redirect(self.get_success_url())
        return super().form_valid(form)


class VenueViewSet(ModelViewSet):
    model = Venue
    icon = "site"
    menu_label = gettext_lazy("Lieux")
    add_to_admin_menu = False
    form_fields = ["name", "address", "commune", "latitude", "longitude"]
    list_display = ["name", "commune", "address"]
    search_fields = ["name", "commune__name"]
    search_backend_name = None
    ordering = ["name"]
    copy_view_enabled = False
    delete_view_class = VenueDeleteView

    def get_form_class(self, for_update=False):
        return VenueAdminForm


class EventAdminForm(WagtailAdminModelForm):
    image_upload = forms.FileField(
        label=gettext_lazy("Image (JPEG, PNG ou WebP)"),
        required=False,
        help_text=gettext_lazy("Laissez vide pour garder l'image actuelle."),
    )
    extra_dates_text = forms.CharField(
        label=gettext_lazy("Autres dates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Une date par ligne, par exemple : 14/07/2027 21:00"),
    )

    class Meta(WagtailAdminModelForm.Meta):  # its formfield_callback: the admin widgets
        model = Event
        fields = [
            "title",
            "category",
            "performers",
            "music_style",
            "description",
            "venue",
            "starts_at",
            "duration",
            "all_day",
            "recurrence",
            "status",
            "previous_starts_at",
            "is_free",
            "price",
            "age",
            "for_children",
            "accessibility",
            "ticket_url",
        ]
        widgets = {"venue": venue_chooser_viewset.widget_class}
        help_texts = {
            "duration": gettext_lazy("Par exemple 2:30:00 pour deux heures et demie."),
            "recurrence": gettext_lazy(
                "Règle iCalendar, vide pour une seule date. Chaque samedi jusqu'au 30 juin : "
                "FREQ=WEEKLY;BYDAY=SA;UNTIL=20270630T235959 ; le premier dimanche du mois : "
                "FREQ=MONTHLY;BYDAY=1SU"
            ),
            "previous_starts_at": gettext_lazy("Pour une sortie reportée : la date annoncée."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.image_upload_data = None
        if self.instance.pk and self.instance.extra_dates:
            self.initial["extra_dates_text"] = "\n".join(
                f"{datetime.fromisoformat(text):%d/%m/%Y %H:%M}"
                for text in self.instance.extra_dates
            )

    def clean_recurrence(self):
        try:
            return rule_check(self.cleaned_data.get("recurrence") or "")
        except RecurrenceError as error:
            raise forms.ValidationError(error.message) from None

    def clean_image_upload(self):
        self.image_upload_data = image_upload_checked(self.cleaned_data.get("image_upload"))
        return None

    def clean_extra_dates_text(self):
        found = []
        for line in (self.cleaned_data.get("extra_dates_text") or "").splitlines():
            line = " ".join(line.split())
            if not line:
                continue
            for pattern in EXTRA_DATE_FORMATS:
                try:
                    moment = datetime.strptime(line, pattern)
                    break
                except ValueError:
                    continue
            else:
                raise forms.ValidationError(
                    _("« %(line)s » n'est pas une date (jj/mm/aaaa hh:mm).") % {"line": line}
                )
            found.append(moment.replace(tzinfo=PARIS).isoformat())
        return found

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("is_free") and not cleaned.get("price"):
            self.add_error("price", _("Indiquez les tarifs, ou cochez « Gratuit »."))
        return cleaned

    def save(self, commit=True):
        # The model fields the panels show, as the services take them.
        names = services.EVENT_FIELDS & set(self._meta.fields)
        fields = {name: self.cleaned_data.get(name) for name in names}
        for name in (
            "price",
            "age",
            "accessibility",
            "ticket_url",
            "recurrence",
            "performers",
            "music_style",
        ):
            fields[name] = fields[name] or ""
        fields["extra_dates"] = self.cleaned_data.get("extra_dates_text") or []
        if self.instance.pk is None:
            # An editor's event: published at once, no organiser to wait for.
            self.instance = services.event_create(image=self.image_upload_data, **fields)
        else:
            self.instance = services.event_update(
                event=self.instance, by=self.for_user, image=self.image_upload_data, **fields
            )
        return self.instance


class EventViewSet(ModelViewSet):
    model = Event
    icon = "date"
    menu_label = gettext_lazy("Sorties")
    add_to_admin_menu = False
    list_display = ["title", "category", "venue", "starts_at", "status", "moderation"]
    list_filter = ["moderation", "status", "category"]
    search_fields = ["title"]
    search_backend_name = None
    ordering = ["-created_at"]
    copy_view_enabled = False
    panels = [
        FieldPanel("title"),
        FieldPanel("category"),
        FieldRowPanel([FieldPanel("performers"), FieldPanel("music_style")]),
        FieldPanel("description"),
        FieldPanel("venue"),
        MultiFieldPanel(
            [
                FieldPanel("starts_at"),
                FieldRowPanel([FieldPanel("duration"), FieldPanel("all_day")]),
                FieldPanel("recurrence"),
                FieldPanel("extra_dates_text"),
            ],
            heading=gettext_lazy("Dates"),
        ),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("previous_starts_at")],
            heading=gettext_lazy("Statut"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("is_free"), FieldPanel("price")]),
                FieldRowPanel([FieldPanel("for_children"), FieldPanel("age")]),
                FieldPanel("accessibility"),
                FieldPanel("ticket_url"),
                FieldPanel("image_upload"),
            ],
            heading=gettext_lazy("Pour le public"),
        ),
    ]

    def get_edit_handler(self):
        from wagtail.admin.panels import ObjectList

        return ObjectList(self.panels, base_form_class=EventAdminForm).bind_to_model(self.model)

    def get_queryset(self, request):
        return Event.objects.select_related("venue__commune")

"""The fixtures and results of a season from a CSV file (services.fixtures_import): the
editor uploads it and reads, line by line, what was refused and why."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render

from rotative.pronostics import services
from rotative.pronostics.admin_views.forms import CSV_MAX_BYTES, ImportForm

IMPORT = "pronostics.add_match"

EXAMPLE = (
    "journée;date;heure;domicile;extérieur;lieu;score\n"
    "1;15/08/2026;18:00;US Granville;FC Saint-Lô Manche;Stade Louis-Dior;2-1\n"
    "1;15/08/2026;20:00;AS Cherbourg;Stade Briochin;Stade Maurice-Postaire;\n"
    "2;22/08/2026;18:00;FC Saint-Lô Manche;AS Cherbourg;Stade Louis-Villemer;\n"
)


@permission_required(IMPORT, raise_exception=True)
@permission_required("pronostics.change_match", raise_exception=True)
def fixtures_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = services.fixtures_import(
            season=form.cleaned_data["season"], csv_text=form.cleaned_data["file"], by=request.user
        )
        form = ImportForm(initial={"season": form.cleaned_data["season"]})
    return render(
        request,
        "pronostics/admin/import.html",
        {"form": form, "report": report, "max_kb": CSV_MAX_BYTES // 1000},
    )


@permission_required(IMPORT, raise_exception=True)
def fixtures_example(request):
    # With a byte order mark: a spreadsheet opens it with its accents right.
    response = HttpResponse("\ufeff" + EXAMPLE, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pronostics-exemple.csv"'
    return response

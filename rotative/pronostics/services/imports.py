"""Fixtures and results from the federation's or the editor's spreadsheet, saved as CSV.

Columns, by their header (any order, accents and capitals ignored; `;` or `,` between them):
journée, date (JJ/MM/AAAA), heure (HH:MM, Paris time), domicile, extérieur, lieu, and an
optional score (« 2-1 »). Each line is imported on its own: a refused line is reported with
its number and the reason, and the others go in. A match is known by its match day and its
two clubs, so importing the same file again changes nothing, and a corrected file moves a
kick-off or records a result (through match_result_set, whose task scores the predictions).
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rotative.core.utils import search_fold
from rotative.pronostics.models import MAX_GOALS, PARIS, Match, Season
from rotative.pronostics.services.errors import PronosticsError
from rotative.pronostics.services.fixtures import (
    club_find_or_create,
    match_create,
    match_day_get_or_create,
    match_result_set,
)
from rotative.pronostics.services.scores import tallies_kickoff_moved

COLUMNS = {
    "journee": "match_day",
    "date": "date",
    "heure": "time",
    "domicile": "home",
    "exterieur": "away",
    "lieu": "venue",
    "score": "score",
}
REQUIRED = ("match_day", "date", "time", "home", "away")
LABELS = {
    "match_day": "journée",
    "date": "date",
    "time": "heure",
    "home": "domicile",
    "away": "extérieur",
}
SCORE = re.compile(r"^\s*(\d{1,2})\s*[-–:]\s*(\d{1,2})\s*$")
MAX_LINES = 5000  # a season of a big league is 380 matches


@dataclass
class LineError:
    line: int
    message: str

    def __str__(self):
        return _("Ligne %(line)s : %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    results: int = 0
    clubs_created: list[str] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)


def _header(row: list[str]) -> dict[str, int]:
    found = {}
    for index, name in enumerate(row):
        key = COLUMNS.get(search_fold(name.strip().strip("\ufeff")))
        if key:
            found.setdefault(key, index)
    return found


def _kickoff(date_text: str, time_text: str) -> datetime:
    try:
        naive = datetime.strptime(f"{date_text.strip()} {time_text.strip()}", "%d/%m/%Y %H:%M")
    except ValueError:
        raise PronosticsError(
            _("date ou heure illisible (« %(date)s %(time)s » : attendu JJ/MM/AAAA et HH:MM)")
            % {"date": date_text.strip(), "time": time_text.strip()}
        ) from None
    kickoff = naive.replace(tzinfo=PARIS)
    # 02:30 on the night clocks go forward does not exist in Paris.
    if kickoff.astimezone(UTC).astimezone(PARIS).replace(tzinfo=None) != naive:
        raise PronosticsError(_("cette heure n'existe pas à Paris ce jour-là (changement d'heure)"))
    return kickoff


def _score(text: str) -> tuple[int, int] | None:
    if not text.strip():
        return None
    found = SCORE.match(text)
    if not found:
        raise PronosticsError(
            _("score illisible (« %(score)s » : attendu par exemple 2-1, de 0 à %(max)s buts)")
            % {"score": text.strip(), "max": MAX_GOALS}
        )
    return int(found[1]), int(found[2])


def _import_line(*, season: Season, values: dict[str, str], by, now, report: ImportReport):
    try:
        number = int(values["match_day"])
        if not 1 <= number <= 999:
            raise ValueError
    except ValueError:
        raise PronosticsError(
            _("numéro de journée illisible (« %(value)s »)") % {"value": values["match_day"]}
        ) from None
    kickoff = _kickoff(values["date"], values["time"])
    home_name, away_name = values["home"].strip(), values["away"].strip()
    if not home_name or not away_name:
        raise PronosticsError(_("il manque un des deux clubs"))
    if search_fold(home_name) == search_fold(away_name):
        raise PronosticsError(
            _("le même club à domicile et à l'extérieur (%(club)s)") % {"club": home_name}
        )
    score = _score(values.get("score", ""))
    if score is not None and now < kickoff:
        raise PronosticsError(_("un score pour un match qui n'a pas encore été joué"))
    venue = " ".join(values.get("venue", "").split())
    day = match_day_get_or_create(season=season, number=number)
    clubs = []
    for name in (home_name, away_name):
        club, created = club_find_or_create(name=name)
        if created:
            report.clubs_created.append(club.name)
        clubs.append(club)
    home, away = clubs
    if home.pk == away.pk:
        raise PronosticsError(
            _("le même club à domicile et à l'extérieur (%(club)s)") % {"club": home.name}
        )
    match = Match.objects.filter(match_day=day, home=home, away=away).first()
    if match is None:
        match = match_create(match_day=day, home=home, away=away, kickoff=kickoff, venue=venue)
        report.created += 1
    elif match.kickoff != kickoff and (
        match.status in (Match.Status.POSTPONED, Match.Status.CANCELLED)
        or match.kickoff <= now < kickoff
    ):
        # A postponement is the editors' act (match_postpone), and a match under way moved
        # later would reopen its predictions after readers saw it start.
        raise PronosticsError(
            _(
                "ce match est prévu le %(date)s et a commencé, ou il est reporté ou annulé : "
                "changez sa date dans l'administration"
            )
            % {"date": timezone.localtime(match.kickoff, PARIS).strftime("%d/%m/%Y à %H:%M")}
        )
    elif (match.kickoff, match.venue) != (kickoff, venue):
        before = match.kickoff
        match.kickoff, match.venue = kickoff, venue
        match.save(update_fields=["kickoff", "venue"])
        tallies_kickoff_moved(match=match, before=before)  # a played match's month may change
        report.updated += 1
    else:
        report.unchanged += 1
    if score is not None and not (match.status == Match.Status.PLAYED and match.result == score):
        match_result_set(by=by, match=match, home_score=score[0], away_score=score[1], now=now)
        report.results += 1


def fixtures_import(*, season: Season, csv_text: str, by=None, now=None) -> ImportReport:
    """Import every good line of the file; the report says what was done and which lines were
    refused, why. `by` is the editor who sent it (None: the site itself)."""
    now = now or timezone.now()
    report = ImportReport()
    sample = csv_text[:2000]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    rows = csv.reader(io.StringIO(csv_text), delimiter=delimiter)
    header = None
    for row in rows:
        line_number = rows.line_num  # a quoted cell may hold a line break
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = _header(row)
            missing = [LABELS[key] for key in REQUIRED if key not in header]
            if missing:
                report.errors.append(
                    LineError(
                        line_number,
                        _("colonnes manquantes : %(names)s (la première ligne nomme les colonnes)")
                        % {"names": ", ".join(missing)},
                    )
                )
                return report
            continue
        if line_number > MAX_LINES + 1:
            report.errors.append(
                LineError(
                    line_number,
                    _("fichier trop long : %(max)s matchs au plus") % {"max": MAX_LINES},
                )
            )
            break
        values = {key: (row[index] if index < len(row) else "") for key, index in header.items()}
        clubs_before = len(report.clubs_created)
        counts_before = (report.created, report.updated, report.unchanged, report.results)
        try:
            with transaction.atomic():  # a refused line leaves nothing behind
                _import_line(season=season, values=values, by=by, now=now, report=report)
        except PronosticsError as error:
            del report.clubs_created[clubs_before:]
            report.created, report.updated, report.unchanged, report.results = counts_before
            report.errors.append(LineError(line_number, error.message))
    return report

"""The API's JSON bodies, with every NUL character taken out of their strings: PostgreSQL
takes none in any text (SQLite stores it), no field of the site has a use for one, and the
rest of what the reader typed is kept. One rule here for every endpoint; query strings are
refused whole by core's ImpossibleInputMiddleware, before any view."""

import json

from ninja.parser import Parser


def _without_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    return value


class JsonParser(Parser):
    def parse_body(self, request):
        return _without_nul(json.loads(request.body))

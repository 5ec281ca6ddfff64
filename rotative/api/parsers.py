"""The API's JSON bodies, refused whole when a string holds a NUL character: PostgreSQL takes
none in any text (SQLite stores it), and no field of the site has a use for one. Query
strings are already refused by core's ImpossibleInputMiddleware."""

import json

from ninja.parser import Parser


class NulCharacterError(ValueError):
    pass


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


class JsonParser(Parser):
    def parse_body(self, request):
        body = json.loads(request.body)
        if _has_nul(body):
            raise NulCharacterError("NUL character in a JSON string")
        return body

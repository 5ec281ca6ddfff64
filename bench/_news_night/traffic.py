"""The readers of the night, as asyncio virtual users speaking to Varnish the way the TLS
terminator does (Host, X-Forwarded-Proto: https, X-Forwarded-For from a trusted address):
anonymous readers, logged-in readers who comment, a sign-up now and then, and readers
holding the En direct stream open."""

from __future__ import annotations

import asyncio
import random
import re
import time
from http.cookies import SimpleCookie
from urllib.parse import quote

import aiohttp

HOST = "www.example.fr"
SITE = f"https://{HOST}"
STREAM = "/en-direct/flux/?canal=site"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STAMP = re.compile(r'name="rendered" value="([^"]+)"')
# The reason a page gives for a refusal: a form's errors, a notice.
REASON = re.compile(
    r'class="(?:form-errors|field-error|errorlist|comments__notice)[^"]*"[^>]*>\s*(?:<p>|<li>)?'
    r"([^<]{1,120})"
)
# What an anonymous reader does, and how often (weights).
READER_MIX = {
    "article": 50,
    "home": 14,
    "section": 10,
    "tag": 5,
    "live_page": 4,
    "live_poll": 5,
    "search": 6,
    "ad_search": 6,
}


class Recorder:
    """Every request: (start, endpoint, seconds, status, outcome); outcome is "ok", "error"
    or "refused" (a refusal the site promises: rate limits, sign-up while Redis is down)."""

    def __init__(self, began: float):
        self.began = began
        self.rows: list[tuple] = []
        self.notes: dict[str, int] = {}
        self.stream = {"connections": 0, "drops": 0, "events": 0}

    def add(self, endpoint: str, started: float, status: int, outcome: str, note: str = ""):
        self.rows.append(
            (started - self.began, endpoint, time.monotonic() - started, status, outcome)
        )
        if note:
            key = f"{endpoint} {status} {outcome}: {note}"
            self.notes[key] = self.notes.get(key, 0) + 1


class Reader:
    """One browser: its address, its cookies (kept by hand, as they are `Secure` and the hop
    to Varnish is plain HTTP), and a request that records itself."""

    def __init__(self, session, base: str, recorder: Recorder, rng: random.Random, number: int):
        self.session, self.base, self.recorder, self.rng = session, base, recorder, rng
        self.number = number
        self.cookies: dict[str, str] = {}
        self.new_address()

    def new_address(self):
        """Another reader arrives (a fresh address from a documentation range)."""
        self.ip = f"198.18.{self.rng.randrange(256)}.{self.rng.randrange(1, 255)}"

    async def request(self, endpoint, method, path, *, data=None, expect=(200,), refusals=()):
        """(status, text) of one request; recorded as ok, refused or error."""
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.ip,
            "User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0",
            "Accept-Encoding": "gzip",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Origin"], headers["Referer"] = SITE, SITE + path
        started = time.monotonic()
        try:
            async with self.session.request(
                method, self.base + path, data=data, headers=headers, allow_redirects=False
            ) as response:
                text = await response.text(errors="replace")
                status = response.status
                for header in response.headers.getall("Set-Cookie", []):
                    for name, morsel in SimpleCookie(header).items():
                        if morsel.value and morsel["max-age"] != "0":
                            self.cookies[name] = morsel.value
                        else:
                            self.cookies.pop(name, None)
        except (aiohttp.ClientError, TimeoutError) as error:
            self.recorder.add(endpoint, started, 0, "error", type(error).__name__)
            return 0, ""
        if status in expect:
            self.recorder.add(endpoint, started, status, "ok")
        elif status in refusals:
            self.recorder.add(endpoint, started, status, "refused", _message(text))
        else:
            self.recorder.add(endpoint, started, status, "error", _message(text))
        return status, text


def _message(text: str) -> str:
    found = REASON.search(text)
    if found:
        return found.group(1).strip()
    title = re.search(r"<title>([^<]{0,100})", text)
    return title.group(1).strip() if title else text[:80].strip()


def pick_article(rng, catalogue) -> tuple[int, str]:
    """Tonight's stories are read far more than the archive (Zipf-like on recency)."""
    articles = catalogue["articles"]
    rank = min(len(articles) - 1, int(rng.paretovariate(1.1)) - 1)
    return articles[rank] if rng.random() < 0.8 else rng.choice(articles)


async def anonymous(reader: Reader, catalogue, stop: float, think: float):
    rng = reader.rng
    actions, weights = list(READER_MIX), list(READER_MIX.values())
    served = 0
    while time.monotonic() < stop:
        action = rng.choices(actions, weights)[0]
        if action == "article":
            pk, path = pick_article(rng, catalogue)
            status, _ = await reader.request("article", "GET", path)
            if status == 200:  # the page's script counts the read
                await reader.request("view_beacon", "POST", f"/vues/{pk}/", expect=(204,))
        elif action == "home":
            await reader.request("home", "GET", "/")
        elif action == "section":
            await reader.request("section", "GET", rng.choice(catalogue["sections"]))
        elif action == "tag":
            await reader.request("tag", "GET", rng.choice(catalogue["tags"]))
        elif action == "live_page":
            await reader.request("live_page", "GET", "/en-direct/")
        elif action == "live_poll":  # the fallback of pages without a push connection
            await reader.request(
                "live_poll",
                "GET",
                f"/en-direct/evenements.json?canal=site&depuis={rng.randrange(50)}",
            )
        elif action == "search":
            query = quote(rng.choice(catalogue["searches"]))
            await reader.request("search", "GET", f"/recherche/?q={query}")
        else:
            category = rng.choice(list(catalogue["ad_words"]))
            words = quote(rng.choice(catalogue["ad_words"][category]))
            town = quote(rng.choice(catalogue["ad_towns"]))
            price = f"&prix_max={rng.choice([5000, 20000, 300000])}" if rng.random() < 0.4 else ""
            where = f"&ou={town}&rayon=20" if rng.random() < 0.5 else ""
            await reader.request(
                "ad_search", "GET", f"/annonces/{category}/?q={words}{where}{price}"
            )
        served += 1
        if served % 40 == 0:
            reader.new_address()
        await asyncio.sleep(rng.expovariate(1 / think))


async def log_in(reader: Reader, email: str, password: str) -> bool:
    status, page = await reader.request("login_form", "GET", "/compte/connexion/")
    token = TOKEN.search(page) if status == 200 else None
    if token is None:
        return False
    fields = {"csrfmiddlewaretoken": token.group(1), "login": email, "password": password}
    status, _ = await reader.request(
        "login", "POST", "/compte/connexion/", data=fields, expect=(302,), refusals=(429, 503)
    )
    return status == 302


async def commenter(reader: Reader, catalogue, email, stop: float, every: float, think: float):
    """A logged-in reader (every page passes Varnish): reads, and comments now and then
    (the site allows one comment per 20 s and ten an hour per reader)."""
    rng = reader.rng
    await asyncio.sleep(rng.uniform(0, 5))
    if not await log_in(reader, email, catalogue["reader_password"]):
        return
    next_comment = time.monotonic() + rng.uniform(5, every)
    while time.monotonic() < stop:
        pk, path = pick_article(rng, catalogue)
        await reader.request("article_logged_in", "GET", path)
        if time.monotonic() >= next_comment:
            next_comment = time.monotonic() + every * rng.uniform(0.9, 1.2)
            await comment(reader, pk, rng)
        await asyncio.sleep(rng.expovariate(1 / think))


async def comment(reader: Reader, pk: int, rng) -> None:
    path = f"/commentaires/article/{pk}/"
    # 403: the story's comments are closed (or held for moderation): the page says so.
    status, page = await reader.request("comment_form", "GET", path, refusals=(403,))
    token, stamp = TOKEN.search(page), STAMP.search(page)
    if status != 200 or token is None or stamp is None:
        return  # comments closed on that story: the page says so
    await asyncio.sleep(3.5)  # typing: a form sent within 3 s is a bot's
    moment, number = time.strftime("%H:%M:%S"), rng.randrange(10**6)
    body = f"Merci pour cet article, lecture faite à {moment} (n° {number})."
    fields = {
        "csrfmiddlewaretoken": token.group(1),
        "body": body,
        "rendered": stamp.group(1),
        "website": "",
        "parent": "",
    }
    # 400: the form again with the rule that refused it (pace, Redis down: fail closed).
    await reader.request("comment_post", "POST", path, data=fields, expect=(302,), refusals=(400,))


async def signups(reader: Reader, stop: float, every: float):
    """Newcomers creating an account, each from their own address (the site allows 5 a
    minute per address); the confirmation mail goes to the SMTP sink."""
    rng, number = reader.rng, 0
    while time.monotonic() < stop:
        await asyncio.sleep(rng.expovariate(1 / every))
        reader.cookies.clear()
        reader.new_address()
        number += 1
        status, page = await reader.request(
            "signup_form", "GET", "/compte/inscription/", refusals=(503,)
        )
        token = TOKEN.search(page) if status == 200 else None
        if token is None:
            continue
        fields = {
            "csrfmiddlewaretoken": token.group(1),
            "email": f"nuit-{reader.number}-{number}-{rng.randrange(10**6)}@example.org",
            "display_name": f"Noctambule {reader.number}-{number}-{rng.randrange(10**4)}",
            "password1": "Goélands-sur-la-digue-9",
            "password2": "Goélands-sur-la-digue-9",
        }
        await reader.request(
            "signup",
            "POST",
            "/compte/inscription/",
            data=fields,
            expect=(302,),
            refusals=(429, 503),
        )


async def stream_holder(reader: Reader, stop: float):
    """A reader with the En direct stream open (piped through Varnish), reconnecting with
    Last-Event-ID as the browser's EventSource does when the stream ends."""
    stats = reader.recorder.stream
    last_id = ""
    while time.monotonic() < stop:
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": reader.ip}
        if last_id:
            headers["Last-Event-ID"] = last_id
        started = time.monotonic()
        try:
            async with reader.session.get(
                reader.base + STREAM,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=None, sock_read=60),
            ) as response:
                ok = response.status == 200
                reader.recorder.add(
                    "live_stream", started, response.status, "ok" if ok else "error"
                )
                if not ok:
                    await asyncio.sleep(3)
                    continue
                stats["connections"] += 1
                async for line in response.content:
                    if line.startswith(b"id:"):
                        last_id = line[3:].strip().decode()
                        stats["events"] += 1
                    if time.monotonic() >= stop:
                        return
        except (aiohttp.ClientError, TimeoutError) as error:
            if time.monotonic() >= stop:
                return
            reader.recorder.add("live_stream", started, 0, "error", type(error).__name__)
        stats["drops"] += 1
        await asyncio.sleep(reader.rng.uniform(1, 3))  # EventSource's retry


async def drive(base: str, catalogue: dict, recorder: Recorder, args, stop: float):
    """Every virtual user of the night until `stop` (time.monotonic())."""
    rng = random.Random(args.seed)
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as session:

        def reader(n):
            return Reader(session, base, recorder, random.Random(rng.random()), n)

        tasks = [anonymous(reader(n), catalogue, stop, args.think) for n in range(args.readers)]
        emails = catalogue["readers"][: args.commenters]
        tasks += [
            commenter(reader(1000 + n), catalogue, email, stop, args.comment_every, args.think)
            for n, email in enumerate(emails)
        ]
        tasks += [signups(reader(2000), stop, args.signup_every)]
        tasks += [stream_holder(reader(3000 + n), stop) for n in range(args.streams)]
        await asyncio.gather(*tasks)

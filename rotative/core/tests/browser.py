"""What the security browser tests share: a watch on Content-Security-Policy violations and
page errors, and browser contexts logged in without going through a login form."""

from django.conf import settings

# Runs before any script of the page: records each violation the browser reports.
VIOLATION_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `(${event.sourceFile || document.location.href}:${event.lineNumber})`
  );
});
"""


class PageWatch:
    """Collects, for one page, console errors (Chromium logs each refusal there, frames
    included), uncaught script errors and `securitypolicyviolation` events."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        page.add_init_script(VIOLATION_RECORDER)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def _console(self, message):
        # A missing resource (the favicon, the 404 page itself) is not a refusal: Chromium
        # logs those as "Refused to …".
        # Wagtail's accessibility checker (in the editors' bar) logs its findings as errors.
        text = message.text
        if message.type == "error" and "status of 404" not in text and "axe.run" not in text:
            self.problems.append(f"console: {text} ({self.page.url})")

    def visit(self, url: str, *, settle_ms: int = 300) -> None:
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.status < 500, url
        self.page.wait_for_timeout(settle_ms)  # deferred scripts, late fetches
        self.collect()

    def collect(self) -> None:
        for frame in self.page.frames:
            try:
                found = frame.evaluate("window.__cspViolations || []")
            except Exception:  # noqa: S112 - a frame gone or cross-origin has nothing to tell
                continue
            self.problems += [f"CSP: {violation}" for violation in found]
            frame.evaluate("window.__cspViolations = []")


def logged_in_page(chromium, base_url: str, user):
    """A browser page whose session belongs to `user` (made server-side, as the test client
    does), so that these tests do not depend on how the login forms look."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = chromium.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    return context.new_page()

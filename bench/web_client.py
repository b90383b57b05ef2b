"""A small HTTP client for the benchmarks: logged-in sessions that post the site's real forms."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

CSRF_TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are answers to check (a 302 after a form is a success), not to follow."""

    def redirect_request(self, *args, **kwargs):
        return None


def send(client: urllib.request.OpenerDirector, url: str, data: dict | None = None,
         timeout: float = 60) -> tuple[int, str]:
    """(status, body) of a GET, or of a POST when ``data`` is given; redirects are not followed."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with client.open(url, data=body, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def logged_in(base: str, email: str, password: str, *,
              user_agent: str | None = None) -> tuple[urllib.request.OpenerDirector, str, str]:
    """A client logged in as ``email``: (client, CSRF token of its session, Cookie header value)."""
    jar = http.cookiejar.CookieJar()
    client = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    if user_agent:
        client.addheaders = [("User-Agent", user_agent)]
    token = CSRF_TOKEN.search(send(client, base + "/compte/connexion")[1]).group(1)
    status, _ = send(client, base + "/compte/connexion", {"csrf_token": token, "email": email, "password": password})
    assert status == 302 and any(c.name == "session" for c in jar), (email, status)
    # Logging in starts a new session, with a new CSRF token: the first page stores it in the
    # session cookie, which a browser keeps — so the Cookie header is read after that page.
    token = CSRF_TOKEN.search(send(client, base + "/mon-espace")[1]).group(1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return client, token, cookie

"""Browser protections on every response, in development as in production (OWASP ASVS 5.0,
chapter V3 Web Frontend Security)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SHIFTREADY_ENV": "production",
    "SECRET_KEY": "k3y-" + "".join(chr(97 + (i * 7) % 26) for i in range(70)),
    "ALLOWED_HOSTS": "testserver",
    "SITE_URL": "https://testserver",
}


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


# ASVS 5.0 V3.4.3: a Content-Security-Policy with object-src 'none', base-uri 'none' and an
# allowlist, limiting the execution of injected JavaScript.
@pytest.mark.django_db
def test_every_page_carries_a_policy_that_refuses_inline_script(client_for, engineer):
    for response in (client_for(engineer).get(reverse("training:my_training")), client_for(engineer).get("/admin/")):
        directives = policy(response)
        assert directives["script-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert directives["base-uri"] == ["'none'"]
        assert "'unsafe-inline'" not in directives["style-src"]
        # Only style *attributes* may be inline: the progress bars' width.
        assert directives["style-src-attr"] == ["'unsafe-inline'"]


@pytest.mark.django_db
def test_the_login_page_is_covered_too(client):
    assert policy(client.get(reverse("account_login")))["default-src"] == ["'self'"]


# ASVS 5.0 V3.4 Browser Security Mechanism Headers: the page may not be framed by another site
# (CSP frame-ancestors and X-Frame-Options), no MIME sniffing (V3.4.4), a Referrer-Policy.
@pytest.mark.django_db
def test_pages_cannot_be_framed_or_sniffed_and_keep_their_address_to_themselves(client):
    response = client.get(reverse("account_login"))
    assert policy(response)["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_no_template_contains_an_inline_script():
    import re

    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", text, re.S):
            if "src=" not in match.group(1) or match.group(2).strip():
                offenders.append(str(path.relative_to(ROOT)))
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{path.relative_to(ROOT)} (event handler attribute)")
    assert not offenders, offenders


def production(code):
    """Run ``code`` in a fresh interpreter with production settings; it prints JSON."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="training.site.settings")
    script = "import django, json; django.setup()\n" + code
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_answers_with_hsts_secure_host_cookies_and_redirects_plain_http():
    # ASVS 5.0 V3.4.1 (HSTS, at least a year, all subdomains); V3.3.1 (cookies Secure and named
    # with the __Host- prefix); V3.3 Cookie Setup (HttpOnly on the session cookie, SameSite).
    seen = production(
        "from django.test import Client, override_settings\n"
        "from django.conf import settings as s\n"
        "# No collectstatic here: the manifest storage would refuse to name the files.\n"
        "override_settings(STORAGES={**s.STORAGES, 'staticfiles': {\n"
        "  'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}).enable()\n"
        "c = Client()\n"
        "plain = c.get('/accounts/login/')\n"
        "r = c.get('/accounts/login/', secure=True)\n"
        "cookie = r.cookies['__Host-csrftoken']\n"
        "print(json.dumps({'plain': [plain.status_code, plain['Location']], 'hsts': r['Strict-Transport-Security'],\n"
        "  'csp': r['Content-Security-Policy'], 'csrf': [cookie['secure'], cookie['httponly'], cookie['path'],\n"
        "  cookie['domain'], cookie['samesite']]}))\n"
    )
    assert seen["plain"] == [301, "https://testserver/accounts/login/"]
    max_age = int(seen["hsts"].split(";")[0].split("=")[1])
    assert max_age >= 365 * 24 * 3600
    assert "includeSubDomains" in seen["hsts"]
    assert "upgrade-insecure-requests" in seen["csp"]
    assert seen["csrf"] == [True, True, "/", "", "Lax"]


def test_production_session_cookie_is_secure_httponly_and_host_only():
    seen = production(
        "from django.conf import settings as s\n"
        "print(json.dumps([s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,\n"
        "  s.SESSION_COOKIE_DOMAIN, s.SESSION_COOKIE_PATH, s.SESSION_COOKIE_SAMESITE, s.DEBUG]))\n"
    )
    assert seen == ["__Host-sessionid", True, True, None, "/", "Lax", False]

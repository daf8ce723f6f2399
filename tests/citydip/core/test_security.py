"""Safe in public: production settings, security headers, lock-out, permissions, hostile input."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings

from articles.models import Article, Author, Topic
from initiatives.models import (
    Body,
    City,
    Initiative,
    InitiativeSource,
    Membership,
    MembershipSource,
    Network,
    ParticipationSource,
)
from tests.paths import ROOT

pytestmark = pytest.mark.django_db
ROOT = ROOT
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3y-" + "x9Qz!" * 12,
    "DJANGO_ALLOWED_HOSTS": "citydip.example.org",
}
PRODUCTION_SETTINGS = {
    "DEBUG": False, "SECURE_SSL_REDIRECT": True, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
    "SECURE_HSTS_SECONDS": 31536000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
}


def test_production_settings_pass_check_deploy():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | PRODUCTION
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def observatory_score(response, cookies):
    """The Mozilla HTTP Observatory's deductions for the headers it grades."""
    score = 100
    csp = response.get("Content-Security-Policy", "")
    if not csp:
        score -= 25
    else:
        script_src = next((d for d in csp.split(";") if d.strip().startswith(("script-src", "default-src"))), "")
        if "'unsafe-inline'" in script_src or "'unsafe-eval'" in script_src:
            score -= 20
    hsts = response.get("Strict-Transport-Security", "")
    if "max-age=" not in hsts or int(hsts.split("max-age=")[1].split(";")[0]) < 15768000:
        score -= 20
    if response.get("X-Frame-Options", "").upper() not in ("DENY", "SAMEORIGIN") and "frame-ancestors" not in csp:
        score -= 20
    if response.get("X-Content-Type-Options", "").lower() != "nosniff":
        score -= 5
    for cookie in cookies.values():
        if cookie.key in ("sessionid", "csrftoken") and not cookie["secure"]:
            score -= 40
            break
    if response.get("Referrer-Policy") in ("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"):
        score += 5
    return score


@override_settings(**PRODUCTION_SETTINGS)
@pytest.mark.parametrize("url", ["/", "/cities/los-angeles/", "/admin/login/", "/search/?q=x", "/nowhere/"])
def test_headers_score_100_or_more_as_the_observatory_counts(url):
    client = Client()
    response = client.get(url, secure=True)
    assert observatory_score(response, client.cookies) >= 100


@override_settings(**PRODUCTION_SETTINGS)
def test_hsts_lasts_a_year_with_subdomains_and_http_redirects_to_https():
    response = Client().get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")
    assert Client().get("/").status_code == 301


@override_settings(**PRODUCTION_SETTINGS, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_the_ssl_redirect_trusts_the_proxy_header():
    assert Client().get("/", HTTP_X_FORWARDED_PROTO="https").status_code == 200


@pytest.mark.parametrize("url", ["/", "/articles/", "/healthz/", "/static/css/site.css", "/admin/login/", "/nowhere/"])
def test_security_headers_on_every_response_in_development_too(client, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_need_no_inline_script_or_style(client):
    for url in ["/", "/articles/can-cities-fix-a-post-pandemic-world-order/", "/cities/los-angeles/", "/map/", "/graph/", "/initiatives/timeline/"]:
        page = client.get(url).content.decode()
        scripts = page.count("<script")
        assert scripts == page.count('<script type="application/ld+json">'), url
        assert " style=" not in page, url


def test_five_failed_logins_lock_out_for_a_quarter_of_an_hour_with_a_429_page_that_says_when(settings):
    from datetime import timedelta

    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME, "a finite cool-off"
    User.objects.create_user("maria", password="the-right-password-1", is_staff=True)
    client = Client()
    statuses = [client.post("/admin/login/?next=/admin/", {"username": "maria", "password": "wrong"}).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429], "the fifth failure locks the account"
    locked = client.post("/admin/login/?next=/admin/", {"username": "maria", "password": "the-right-password-1"})
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert "You can try again at" in locked.content.decode() and 0 < int(locked["Retry-After"]) <= 15 * 60


def test_a_lock_out_holds_one_name_at_one_address_only():
    """A team behind one NAT: one colleague's typos do not lock the others out, and nobody elsewhere can lock
    a known editor out by guessing at their name."""
    User.objects.create_user("maria", password="the-right-password-1", is_staff=True)
    User.objects.create_user("someone", password="the-right-password-2", is_staff=True)
    office = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        office.post("/admin/login/", {"username": "maria", "password": "wrong"})
    assert office.post("/admin/login/", {"username": "maria", "password": "the-right-password-1"}).status_code == 429
    colleague = Client(REMOTE_ADDR="203.0.113.9")
    assert colleague.post("/admin/login/", {"username": "someone", "password": "the-right-password-2"}).status_code == 302
    home = Client(REMOTE_ADDR="198.51.100.7")
    assert home.post("/admin/login/", {"username": "maria", "password": "the-right-password-1"}).status_code == 302


def test_anonymous_visitors_only_read(client):
    for method in ("post", "put", "delete", "patch"):
        response = getattr(client, method)("/cities/los-angeles/")
        assert response.status_code == 405
        assert "can only be read" in response.content.decode()
    assert client.post("/admin/initiatives/city/add/", {"name": "X"}).status_code == 302
    assert not City.objects.filter(name="X").exists()


def test_editors_cannot_manage_users_groups_or_permissions(editor_client):
    for url in ["/admin/auth/user/", "/admin/auth/user/add/", "/admin/auth/group/", "/admin/auth/group/1/change/"]:
        assert editor_client.get(url).status_code == 403
    response = editor_client.post("/admin/auth/user/add/", {"username": "evil", "password1": "x-long-pass-123", "password2": "x-long-pass-123"})
    assert response.status_code == 403
    assert not User.objects.filter(username="evil").exists()


PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'><svg onload=alert(3)>'


def test_hostile_text_in_every_editable_field_is_shown_as_text(client):
    topic = Topic.objects.create(name="T" + PAYLOAD[:80], slug="hostile-topic", description=PAYLOAD)
    author = Author.objects.create(name="A" + PAYLOAD[:80], slug="hostile-author", role=PAYLOAD, bio=PAYLOAD)
    article = Article.objects.get(slug="toward-city-diplomacy-20")
    for field in ("title", "subtitle", "summary", "note", "publication", "reposted_in"):
        setattr(article, field, (PAYLOAD + field)[:200])
    article.save()
    article.topics.add(topic)
    article.authorships.create(author=author, position=9)
    paragraph = article.paragraphs.first()
    paragraph.text = PAYLOAD + " Los Angeles"
    paragraph.save()
    city = City.objects.create(name="C" + PAYLOAD[:80], slug="hostile-city", country=PAYLOAD[:90], region="europe", aliases=PAYLOAD)
    network = Network.objects.create(name="N" + PAYLOAD[:80], slug="hostile-network", acronym="<b>", focus=PAYLOAD[:190], description=PAYLOAD)
    body = Body.objects.create(name="B" + PAYLOAD[:80], slug="hostile-body", kind="fund", description=PAYLOAD, aliases=PAYLOAD)
    membership = Membership.objects.create(city=city, network=network)
    MembershipSource.objects.create(membership=membership, paragraph=paragraph, quote=PAYLOAD)
    initiative = Initiative.objects.create(name="I" + PAYLOAD[:80], slug="hostile-initiative", kind="event", summary=PAYLOAD, aliases=PAYLOAD)
    InitiativeSource.objects.create(initiative=initiative, paragraph=paragraph, quote=PAYLOAD)
    participation = initiative.participations.create(city=city, role="lead")
    ParticipationSource.objects.create(participation=participation, paragraph=paragraph, quote=PAYLOAD)
    initiative.networks.add(network)
    initiative.bodies.add(body)
    from articles.signals import article_saved
    article_saved.send(sender=Article, article=article)
    urls = [
        article.get_absolute_url(), "/articles/", author.get_absolute_url(), "/authors/", city.get_absolute_url(),
        "/cities/", network.get_absolute_url(), "/networks/", initiative.get_absolute_url(), "/initiatives/",
        body.get_absolute_url(), "/bodies/", topic.get_absolute_url(), "/topics/", "/", "/map/", "/graph/",
        "/initiatives/timeline/", "/search/?q=alert", "/feeds/articles/", "/sitemap.xml",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        for fragment in ("<script>alert", "<img src=x", "<svg onload", "<b>"):
            assert fragment not in content, (url, fragment)


def test_the_lock_out_ends_after_its_cool_off():
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    User.objects.create_user("maria", password="the-right-password-1", is_staff=True)
    client = Client()
    for _ in range(5):
        client.post("/admin/login/", {"username": "maria", "password": "wrong"})
    assert client.post("/admin/login/", {"username": "maria", "password": "the-right-password-1"}).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert client.post("/admin/login/", {"username": "maria", "password": "the-right-password-1"}).status_code == 302

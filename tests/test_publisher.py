"""The publisher and the feedback address, from kennosto.yaml, in every page's footer."""

from __future__ import annotations

from helpers import copy_fixture, kennosto

PUBLISHER = """
publisher:
  name: {fi: Testi Oy, sv: Test Ab, en: Test Ltd}
  url: https://example.fi/
  feedback_email: palaute@example.fi
  note: {fi: Koottu julkisista lähteistä., sv: Sammanställd ur offentliga källor., en: Compiled from public sources.}
"""


def test_every_page_names_the_publisher_and_where_feedback_goes(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    with (root / "kennosto.yaml").open("a", encoding="utf-8") as settings:
        settings.write(PUBLISHER)
    out = tmp_path / "site"
    result = kennosto("build", "--root", root, "--out", out, "--no-search", "-q")
    assert result.exit_code == 0, result.stderr
    pages = sorted(out.glob("*/**/index.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert 'href="mailto:palaute@example.fi"' in html, page
    english = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.fi/">Test Ltd</a>' in english
    assert "Compiled from public sources." in english
    # the suggested citation names who publishes the site, not the region it describes
    data = (out / "sv" / "data" / "index.html").read_text(encoding="utf-8")
    assert "<blockquote><p>Test Ab: " in data


def test_a_publisher_needs_a_name(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    with (root / "kennosto.yaml").open("a", encoding="utf-8") as settings:
        settings.write("publisher: {feedback_email: palaute@example.fi}\n")
    result = kennosto("check", "--root", root)
    assert result.exit_code == 1
    assert "missing required field 'name' in 'publisher'" in result.stderr


def test_a_redirect_keeps_an_old_service_address_working(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    with (root / "kennosto.yaml").open("a", encoding="utf-8") as settings:
        settings.write("redirects:\n  vanha: alku\n")
    out = tmp_path / "site"
    result = kennosto("build", "--root", root, "--out", out, "--no-search", "-q")
    assert result.exit_code == 0, result.stderr
    page = (out / "fi" / "services" / "vanha" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../alku/">' in page
    assert 'href="../alku/"' in page


def test_a_redirect_must_lead_to_a_service_and_not_hide_one(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    with (root / "kennosto.yaml").open("a", encoding="utf-8") as settings:
        settings.write("redirects:\n  loppu: alku\n  vanha: puuttuu\n")
    result = kennosto("check", "--root", root)
    assert result.exit_code == 1
    assert "redirects: 'loppu' is still a service" in result.stderr
    assert "unknown service 'puuttuu'" in result.stderr

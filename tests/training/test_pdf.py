"""The PDF module: templates to A4 PDFs, fetching the project's static files and nothing else."""

import io
import os
from unittest import mock

import pytest
from pypdf import PdfReader

from tests.training.factories import Org
from training import pdf
from training.pdf import FetchRefused
from training.pdf.engine import StaticFilesFetcher
from training.reports import onboarding
from training.tracks.models import StepKind
from training.workflow import services

pytestmark = pytest.mark.django_db
HOSTILE = '<img src="file:///etc/passwd"><img src="https://attacker.example/pixel.png?leak=1">'


@pytest.fixture
def fetched():
    """Every URL WeasyPrint asks the fetcher for, with what became of it."""
    calls = []
    original = StaticFilesFetcher.fetch

    def spy(self, url, headers=None):
        try:
            response = original(self, url, headers)
        except Exception as exc:
            calls.append((url, type(exc).__name__))
            raise
        calls.append((url, response.content_type))
        return response

    with mock.patch.object(StaticFilesFetcher, "fetch", spy):
        yield calls


def text_of(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


class TestFetcher:
    @pytest.mark.parametrize("url", [
        "file:///etc/passwd",
        "http://attacker.example/x.png",
        "https://attacker.example/static/img/favicon.svg",
        "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>",
        "ftp://attacker.example/x",
        "https://shiftready.invalid/etc/passwd",
        "https://shiftready.invalid/static/../training/settings.py",
        "https://shiftready.invalid/static/%2e%2e/training/settings.py",
        "https://shiftready.invalid/static/css/../../manage.py",
        "https://shiftready.invalid/static//etc/passwd",
        "https://shiftready.invalid/static/.hidden.css",
        "https://shiftready.invalid/static/js/quiz-timer.js",  # a static file, but not an image, font or CSS
        "https://shiftready.invalid/static/img/missing.png",
        "https://shiftready.invalid.attacker.example/static/css/pdf.css",
    ])
    def test_refuses_everything_but_the_static_files(self, url):
        with pytest.raises(FetchRefused):
            StaticFilesFetcher().fetch(url)

    def test_serves_a_static_stylesheet_and_image(self):
        css = StaticFilesFetcher().fetch(pdf.static_base() + "css/pdf.css")
        assert css.content_type == "text/css" and b"@page" in css.read()
        image = StaticFilesFetcher().fetch(pdf.static_base() + "img/favicon.svg")
        assert image.content_type == "image/svg+xml" and image.read().startswith(b"<svg")


class TestRendering:
    def test_a_static_image_loads_and_file_and_external_urls_fetch_nothing(self, fetched):
        html = (f'<p>Logo</p><img src="{pdf.static_base()}img/favicon.svg">'
                '<img src="file:///etc/passwd"><img src="https://attacker.example/pixel.png">'
                '<link rel="stylesheet" href="http://attacker.example/x.css">')
        data = pdf.html_to_pdf(html)
        outcome = dict(fetched)
        assert outcome[pdf.static_base() + "img/favicon.svg"] == "image/svg+xml"
        assert outcome["file:///etc/passwd"] == "FetchRefused"
        assert outcome["https://attacker.example/pixel.png"] == "FetchRefused"
        assert outcome["http://attacker.example/x.css"] == "FetchRefused"
        assert "root:" not in text_of(data)

    def test_markup_in_a_name_is_printed_as_text_and_never_fetched(self, fetched):
        org = Org()
        org.engineer.first_name, org.engineer.last_name = "Mallory", HOSTILE
        org.engineer.save()
        services.shadow_shift_log(progress=org.progress(StepKind.SHADOW), by=org.engineer,
                                  date=org.enrollment.start_date, hours=2, host=org.host, notes=HOSTILE)
        data = onboarding.shadowing_log_pdf(org.enrollment)
        urls = [url for url, _ in fetched]
        assert urls and all(url.startswith(pdf.static_base()) for url in urls)
        assert not any("passwd" in url or "attacker" in url for url in urls)
        assert "file:///etc/passwd" in text_of(data)  # shown as the text it is

    def test_pages_are_a4_with_running_header_and_page_numbers(self):
        org = Org()
        data = onboarding.engineer_report_pdf(onboarding.engineer_report(org.enrollment))
        reader = PdfReader(io.BytesIO(data))
        first = reader.pages[0]
        assert (round(float(first.mediabox.width)), round(float(first.mediabox.height))) == (595, 842)
        text = first.extract_text()
        assert "Onboarding report" in text and org.engineer.get_full_name() in text
        assert f"Page 1 of {len(reader.pages)}" in text

    def test_the_pdfs_use_dejavu_fonts(self):
        data = onboarding.engineer_report_pdf(onboarding.engineer_report(Org().enrollment))
        fonts = set()
        for page in PdfReader(io.BytesIO(data)).pages:
            for font in page["/Resources"]["/Font"].values():
                fonts.add(str(font.get_object()["/BaseFont"]))
        assert fonts and all("DejaVu" in name for name in fonts)


class TestKeptBetweenRenders:
    def test_a_stylesheet_is_read_once_and_again_once_edited(self, fetched, tmp_path, settings):
        """Fonts and linked stylesheets are kept between renders; editing a stylesheet shows."""
        css = tmp_path / "css" / "kept.css"
        css.parent.mkdir()
        settings.STATICFILES_DIRS = [tmp_path]
        html = f'<link rel="stylesheet" href="{pdf.static_base()}css/kept.css"><p>Kept</p>'

        def page_size():
            first = PdfReader(io.BytesIO(pdf.html_to_pdf(html))).pages[0]
            return round(float(first.mediabox.width)), round(float(first.mediabox.height))

        css.write_text("@page { size: A5 }")
        assert page_size() == page_size() == (420, 595)
        assert [url for url, _ in fetched].count(pdf.static_base() + "css/kept.css") == 1
        css.write_text("@page { size: A4 landscape }")
        os.utime(css, ns=(css.stat().st_atime_ns, css.stat().st_mtime_ns + 1_000_000_000))
        assert page_size() == (842, 595)
        assert [url for url, _ in fetched].count(pdf.static_base() + "css/kept.css") == 2

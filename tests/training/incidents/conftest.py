# The browser tests' fixtures (tests/browser/conftest.py): Chromium, the demo, logged-in pages
# checked with axe-core.
from tests.browser.conftest import browser, demo, open_page  # noqa: F401

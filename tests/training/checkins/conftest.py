# The browser tests' fixtures (tests/browser/conftest.py): Chromium, the demo, logged-in pages
# checked with axe-core.
from tests.browser.conftest import demo  # noqa: F401 (the browser tests are in tests/browser/: one Chromium per run)

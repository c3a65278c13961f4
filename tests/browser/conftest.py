"""Harness for the Chromium tests: Debian's browser, never a downloaded one.

Every test in this folder is marked `browser`. Without /usr/bin/chromium the tests are
skipped with a reason, except under CI (CI=true), where a missing browser fails the run.
"""

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Response

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_DIR = Path(__file__).parent

# Playwright runs an event loop in the test thread, and Django refuses ORM calls from a
# thread with a running loop unless told this is safe (it is: the test is synchronous).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# Never let Playwright fetch its own browser build; this machine cannot reach it.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

PHONE_VIEWPORT = {"width": 390, "height": 844}
DESKTOP_VIEWPORT = {"width": 1366, "height": 900}


def pytest_collection_modifyitems(config, items):
    """Mark this folder's tests `browser`; skip them (or fail under CI) without Chromium."""
    ours = [item for item in items if BROWSER_DIR in Path(str(item.fspath)).parents]
    for item in ours:
        item.add_marker(pytest.mark.browser)
    if ours and not CHROMIUM.exists() and os.environ.get("CI") != "true":
        skip = pytest.mark.skip(
            reason=f"{CHROMIUM} not installed (apt-get install chromium fonts-noto-cjk)"
        )
        for item in ours:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _chromium_required_in_ci():
    """Fail, never skip, a browser test under CI when Chromium is missing."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing and CI=true: browser tests must run in CI; "
            "install Debian's chromium and fonts-noto-cjk (apt-get install -y ...).",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium, quiet: no GPU, sandbox or calls home."""
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Browse as a Chinese user would: zh-CN Accept-Language and Beijing time."""
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


def pytest_configure(config):
    """Register the marker a test uses when it opens a refused page on purpose."""
    config.addinivalue_line(
        "markers",
        "allow_http_errors: the test opens a page that answers 403/404 on purpose, so that "
        "answer is not a failure (script errors, CSP violations and 5xx still are)",
    )


@pytest.fixture
def new_context(new_context, request) -> Callable[..., BrowserContext]:
    """Return pytest-playwright's context factory, watching every page each context opens.

    Any of these on any page a test visits fails the test at teardown, naming the page: a
    console error, an uncaught script error, a Content-Security-Policy violation, a 5xx
    answer, a missing script, style or picture, and a page that answers 403/404 (a dead
    link) unless the test is marked allow_http_errors. A form sent back with its errors
    (400) is an answer the site gives on purpose; the browser's console line for a failed
    load repeats what the response check already judged, so it is not counted twice.
    """
    problems: list[str] = []
    allow_refused = request.node.get_closest_marker("allow_http_errors") is not None

    def on_console(message: ConsoleMessage) -> None:
        text = message.text
        if message.type != "error" and "Content Security Policy" not in text:
            return
        if text.startswith("Failed to load resource"):
            return
        where = message.page.url if message.page else "?"
        problems.append(f"{where}: console {message.type}: {text}")

    def on_response(response: Response) -> None:
        status = response.status
        document = response.request.resource_type == "document"
        if status >= 500 or (status >= 400 and not document):
            problems.append(f"{response.url}: HTTP {status}")
        elif document and status in (403, 404) and not allow_refused:
            problems.append(f"{response.url}: HTTP {status} (dead link?)")

    def watched(**kwargs) -> BrowserContext:
        context = new_context(**kwargs)
        context.on("console", on_console)
        context.on("response", on_response)
        context.on("weberror", lambda error: problems.append(f"script error: {error.error}"))
        return context

    yield watched
    assert not problems, "The browser reported problems:\n" + "\n".join(problems)


@pytest.fixture
def phone_viewport() -> dict[str, int]:
    """Return a phone-sized viewport (an iPhone 12-ish 390x844)."""
    return dict(PHONE_VIEWPORT)


@pytest.fixture
def desktop_viewport() -> dict[str, int]:
    """Return a desktop-sized viewport (1366x900)."""
    return dict(DESKTOP_VIEWPORT)


@pytest.fixture
def phone_page(new_context, phone_viewport) -> Page:
    """Return a page in a fresh context with a phone viewport and touch."""
    context = new_context(viewport=phone_viewport, is_mobile=True, has_touch=True)
    return context.new_page()


@pytest.fixture
def desktop_page(new_context, desktop_viewport) -> Page:
    """Return a page in a fresh context with a desktop viewport."""
    return new_context(viewport=desktop_viewport).new_page()


def _login(page: Page, live_server, username: str, password: str) -> None:
    """Submit the real login form as `username` and wait for the next page to load."""
    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="登录", exact=True).click()


@pytest.fixture
def login() -> Callable[[Page, object, str, str], None]:
    """Return the helper `login(page, live_server, username, password)`."""
    return _login


SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def screenshot(tmp_path) -> Callable[..., Path]:
    """Return `screenshot(page, name)`, saving a full-page PNG and returning its path.

    The committed pictures in docs/screenshots are rewritten only when UPDATE_SCREENSHOTS=1,
    so an ordinary test run leaves the work tree clean; otherwise they go to a temp folder.
    """
    folder = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path

    def take(page: Page, name: str, *, full_page: bool = True) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=path, full_page=full_page, animations="disabled")
        return path

    return take

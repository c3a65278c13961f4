"""Hostile input for the bad-input sweep, and the helper that posts it through a real form.

A form is read from its page as a browser would submit it (valid values everywhere), then
a few of its fields are replaced by hostile values: long strings, control characters, NUL,
emoji, SQL and HTML/JS payloads, huge numbers, impossible dates, several values for one
field, or the field left out. The server must answer without a 5xx, and no page it
renders (the answer or the page it redirects to) may contain the markup unescaped.
"""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from ops.load.html import form_fields

# The markers are what must never come back unescaped: an injected script or event handler.
SCRIPT = "<script>xss()</script>"
IMG = '"><img src=x onerror=xss()>'
MARKERS = ("<script>xss()", "<img src=x onerror")

HOSTILE = [
    SCRIPT,
    IMG,
    "javascript:xss()",
    "'; DROP TABLE children_child; --",
    "' OR '1'='1",
    '" OR ""="',
    "\x00",
    "名\x00字",
    "\x07\x08\x1b[31m\x7f",
    "\u202eevil\u202c",
    "\ufeff",
    "😀👨‍👩‍👧‍👦🧒🏽",
    "\r\n\t",
    "　",
    "{{ 7|add:7 }}{% debug %}",
    "%s%s%n",
    "../../etc/passwd",
    "-1",
    "0",
    "1e309",
    "NaN",
    "-Infinity",
    "99999999999999999999999999999999",
    "-99999999999999999999",
    "3.14159265358979323846264338327950288",
    "0x7fffffff",
    "9999-12-31",
    "0000-00-00",
    "2025-02-30",
    "10000-01-01",
    "1-1-1",
    "true",
    "[]",
    "{}",
    "长" * 3000,
    "A" * 10_000,
]

# Surrogates cannot be sent in a form at all, so they are left out of random text.
_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=200)

hostile_value = st.one_of(
    st.sampled_from(HOSTILE),
    _text,
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats().map(str),
    st.sampled_from(HOSTILE).map(lambda s: f"正常文字{s}"),
)

# One field's new content: a hostile value, several values, or the field left out.
DROP = object()
field_mutation = st.one_of(
    hostile_value,
    hostile_value,
    hostile_value,
    st.lists(hostile_value, min_size=2, max_size=3),
    st.just(DROP),
)

FUZZ = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


NAVBAR_FORMS = ("/accounts/logout/", "/i18n/setlang/")


def page_fields(client, url: str, **match: str) -> list[tuple[str, str]]:
    """Return the fields a browser would submit for the page's (first or matched) POST form."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    page = response.content.decode()
    fields = form_fields(page, **match, skip=NAVBAR_FORMS, post_only=True)
    assert fields, f"no form found on {url}"
    return fields


def mutate(data, fields: list[tuple[str, str]], *, extra: tuple[str, ...] = ()) -> dict:
    """Return the form's data with one to four fields replaced by hostile values."""
    payload: dict[str, list[str]] = {}
    for name, value in fields:
        payload.setdefault(name, []).append(value)
    names = sorted(set(payload) - {"csrfmiddlewaretoken"} | set(extra))
    # Draw positions, not names: a page's fields can change as examples store data, and
    # hypothesis needs the same draws to replay an example.
    picks = data.draw(st.lists(st.integers(0, 10**6), min_size=1, max_size=4))
    chosen = sorted({names[i % len(names)] for i in picks})
    for name in chosen:
        change = data.draw(field_mutation)
        if change is DROP:
            payload.pop(name, None)
        else:
            payload[name] = change if isinstance(change, list) else [change]
    return payload


def assert_escaped(body: str, where: str) -> None:
    """Fail if an injected script or event handler appears unescaped in `body`."""
    for marker in MARKERS:
        assert marker not in body, f"unescaped {marker!r} in {where}"


def assert_handled(client, response, where: str) -> None:
    """Assert the answer is not a 5xx and shows nothing unescaped; follow a redirect once."""
    assert response.status_code < 500, (where, response.status_code)
    if response.get("Content-Type", "").startswith("text/html"):
        assert_escaped(response.content.decode(), where)
    if response.status_code in (301, 302, 303):
        page = client.get(response["Location"])
        assert page.status_code < 500, (response["Location"], page.status_code)
        if page.get("Content-Type", "").startswith("text/html"):
            assert_escaped(page.content.decode(), response["Location"])


def post_mutated(client, url: str, data, fields: list[tuple[str, str]], **kw) -> object:
    """Post a mutated copy of `fields` to `url`; assert it was handled; return the answer."""
    response = client.post(url, mutate(data, fields, **kw))
    assert_handled(client, response, url)
    return response

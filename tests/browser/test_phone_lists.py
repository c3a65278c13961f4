"""Every page of every role at 390 px: no table squeezed, nothing off screen, dates shown.

The measure is what a teacher sees on a phone: no visible table cell narrower than two
characters, no cell or page running past the screen's right edge, every date input that
has a value showing it (a value the browser rejected reads empty), figures ("110,850.00")
on one line inside their card, chart labels >= 10 px.
"""

import pytest
from playwright.sync_api import Page

from tests.browser.county import PASSWORD, ROLES, build_county
from tests.browser.pages import page_urls

MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  // Visually hidden (screen-reader only) content: clipped to a pixel, not seen on screen.
  const hidden = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      const tiny = style.overflow === "hidden" && node.clientWidth <= 1;
      if (style.clip !== "auto" || tiny) return true;
    }
    return false;
  };
  for (const cell of document.querySelectorAll("main table td, main table th")) {
    const box = cell.getBoundingClientRect();
    if (!box.width || !box.height || !cell.offsetParent || hidden(cell)) continue;
    const em = parseFloat(getComputedStyle(cell).fontSize);
    const text = cell.textContent.trim().slice(0, 20);
    if (box.width < 2 * em) problems.push(`cell ${Math.round(box.width)}px wide: "${text}"`);
    if (box.right > width + 1) {
      problems.push(`cell off screen at ${Math.round(box.right)}px: "${text}"`);
    }
  }
  if (document.documentElement.scrollWidth > width + 1) {
    // Name the innermost elements that run past the edge, so the failure says what to fix.
    const wide = [...document.querySelectorAll("body *")].filter((el) =>
      el.getBoundingClientRect().right > width + 1 && !hidden(el)
      && ![...el.children].some((c) => c.getBoundingClientRect().right > width + 1));
    const names = wide.slice(0, 3).map((el) => el.tagName.toLowerCase()
      + (el.id ? "#" + el.id : "")
      + (el.className ? "." + String(el.className).split(" ")[0] : ""));
    problems.push(`page ${document.documentElement.scrollWidth}px wide: ${names.join(", ")}`);
  }
  for (const input of document.querySelectorAll('input[type="date"]')) {
    if (input.getAttribute("value") && !input.value) {
      problems.push(`date input ${input.name} rejected "${input.getAttribute("value")}"`);
    }
  }
  for (const figure of document.querySelectorAll(".stat-card .stat-value")) {
    const lines = figure.getClientRects().length;
    if (figure.offsetParent && (figure.scrollWidth > figure.clientWidth + 1 || lines > 1)) {
      problems.push(`figure "${figure.textContent.trim()}" wraps or overflows its card`);
    }
  }
  for (const label of document.querySelectorAll("svg.dashboard-chart text")) {
    const box = label.getBoundingClientRect();
    if (!box.height || !label.closest("svg").getBoundingClientRect().width) continue;
    const size = parseFloat(getComputedStyle(label).fontSize)
      * label.closest("svg").getBoundingClientRect().width
      / label.closest("svg").viewBox.baseVal.width;
    if (size < 10) problems.push(`chart label ${size.toFixed(1)}px: "${label.textContent}"`);
  }
  return problems;
}"""


@pytest.fixture
def county():
    return build_county()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_of_the_role_reads_on_a_phone(
    role, county, new_context, phone_viewport, live_server, login
):
    user = county.users[role]
    urls = page_urls(county, user)
    assert len(urls) >= 3, urls
    page: Page = new_context(viewport=phone_viewport, is_mobile=True, has_touch=True).new_page()
    login(page, live_server, user.username, PASSWORD)
    found = {}
    for url in urls:
        page.goto(live_server.url + url)
        problems = page.evaluate(MEASURE)
        if problems:
            found[url] = problems
    assert found == {}

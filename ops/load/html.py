"""Reading what a browser would submit from a page: a form's fields and the links to follow."""

import re
from html.parser import HTMLParser

CHILD_LINK = re.compile(r'href="/children/(\d+)/"')
CONTACT_ACTION = re.compile(r'action="/care/children/(\d+)/contact/"')


class FormReader(HTMLParser):
    """Collect the successful controls of one form as a browser would.

    The form is the first one whose id (or action) matches, or the page's first form;
    `skip` names actions never to match (the navbar's logout and language forms), and
    `post_only` ignores search forms.
    """

    def __init__(
        self,
        form_id: str | None = None,
        *,
        action: str | None = None,
        skip: tuple[str, ...] = (),
        post_only: bool = False,
    ):
        super().__init__(convert_charrefs=True)
        self.form_id, self.action, self.skip, self.post_only = form_id, action, skip, post_only
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._done = False
        self._select: str | None = None
        self._select_options: list[tuple[str, bool]] = []
        self._select_multiple = False
        self._option_value: str | None = None
        self._option_selected = False
        self._option_text = ""
        self._textarea: str | None = None
        self._textarea_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open the form, or record an input, select, option or textarea inside it."""
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self._done and not self._in_form:
            self._in_form = (
                (self.form_id is None or a.get("id") == self.form_id)
                and (self.action is None or a.get("action") == self.action)
                and a.get("action") not in self.skip
                and (not self.post_only or a.get("method", "").lower() == "post")
            )
            return
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "image", "file", "reset"):
                self.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select, self._select_options = name, []
            self._select_multiple = "multiple" in a
        elif tag == "option" and self._select is not None:
            self._option_value = a.get("value")
            self._option_selected = "selected" in a
            self._option_text = ""
        elif tag == "textarea" and name:
            self._textarea, self._textarea_text = name, ""

    def handle_data(self, data: str) -> None:
        """Keep the text of an option or textarea."""
        if self._textarea is not None:
            self._textarea_text += data
        elif self._select is not None and self._option_value is None:
            self._option_text += data

    def handle_endtag(self, tag: str) -> None:
        """Close the form, or finish a select, option or textarea."""
        if not self._in_form:
            return
        if tag == "form":
            self._in_form, self._done = False, True
        elif tag == "option" and self._select is not None:
            value = self._option_value if self._option_value is not None else self._option_text
            self._select_options.append((value.strip(), self._option_selected))
            self._option_value = None
        elif tag == "select" and self._select is not None:
            chosen = [v for v, selected in self._select_options if selected]
            if not chosen and not self._select_multiple and self._select_options:
                chosen = [self._select_options[0][0]]
            self.fields.extend((self._select, v) for v in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the one newline that follows <textarea>.
            self.fields.append((self._textarea, self._textarea_text.removeprefix("\n")))
            self._textarea = None


def form_fields(page: str, form_id: str | None = None, **match) -> list[tuple[str, str]]:
    """Return the (name, value) pairs a browser would submit for the form on `page`."""
    reader = FormReader(form_id, **match)
    reader.feed(page)
    reader.close()
    return reader.fields


def csrf_token(page: str) -> str:
    """Return the page's CSRF form token, or "" if it has none."""
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return match.group(1) if match else ""


def replace_field(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    """Return `fields` with every value of `name` replaced by one `value`."""
    return [(k, v) for k, v in fields if k != name] + [(name, value)]

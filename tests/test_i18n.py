"""The English translation: complete, faithful to its placeholders, compiled, and shown.

Chinese is the source language (the msgids); English comes from locale/en. The pages are
checked where the interface speaks (navigation, headings, labels, buttons): the register's
own data (children's, schools' and places' names) stays Chinese in any language.
"""

import datetime
import gettext
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from accounts.models import User
from children.models import Carer, Child
from config.errors import database_unavailable
from core.periods import half_year, term
from reports.dashboards.selectors import dashboard_figures
from reports.models import HalfYearReport
from reports.selectors import report_content
from schools.models import County, School, Town, Village
from tests.factories import ChildFactory

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
PLACEHOLDER = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdif]|\{[A-Za-z_][A-Za-z0-9_]*\}"
)
# Where the interface speaks; the data inside these is removed before looking for Chinese.
UI_TAGS = {"nav", "h1", "h2", "h3", "h4", "h5", "h6", "title", "th", "label", "button", "legend"}


@pytest.fixture(autouse=True)
def _restore_language():
    """Leave the test thread in the language it had: a request with the cookie activates it."""
    language = translation.get_language()
    yield
    translation.activate(language)


# --- the .po file -------------------------------------------------------------------------


def _unquote(line: str) -> str:
    return (
        line[line.index('"') + 1 : line.rindex('"')]
        .encode()
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8")
    )


def read_po(path: Path) -> list[dict]:
    """Return the entries of a .po file: msgctxt, msgid, msgid_plural, msgstr(s) and flags."""
    entries: list[dict] = []
    entry: dict = {}
    key = None

    def close():
        nonlocal entry
        if "msgid" in entry:
            entries.append(entry)
        entry = {}

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            close()
            key = None
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if "msgid" in entry:
                close()
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            entry[key] += _unquote(line)
            continue
        word = line.split(" ", 1)[0]
        if word in ("msgctxt", "msgid") and "msgstr" in str(entry.keys()):
            close()
        key = word
        entry[key] = _unquote(line)
    close()
    return entries


@pytest.fixture(scope="module")
def po_entries() -> list[dict]:
    """Return the English .po's entries, the header left out."""
    return [e for e in read_po(PO_PATH) if e["msgid"]]


def _msgstrs(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def test_po_file_declares_english_and_its_two_plural_forms():
    header = next(e for e in read_po(PO_PATH) if e["msgid"] == "")
    assert "Language: en\\n" in header["msgstr"].replace("\n", "\\n")
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"]
    assert "fuzzy" not in header.get("flags", set())


def test_po_file_has_hundreds_of_messages(po_entries):
    assert len(po_entries) > 1000


def test_every_msgid_has_a_nonempty_translation_and_none_is_fuzzy(po_entries):
    untranslated = [e["msgid"] for e in po_entries if not all(s.strip() for s in _msgstrs(e))]
    fuzzy = [e["msgid"] for e in po_entries if "fuzzy" in e.get("flags", set())]
    obsolete = [line for line in PO_PATH.read_text().splitlines() if line.startswith("#~")]
    assert untranslated == []
    assert fuzzy == []
    assert obsolete == []


def test_plural_entries_have_both_english_forms(po_entries):
    plurals = [e for e in po_entries if "msgid_plural" in e]
    assert plurals
    for entry in plurals:
        assert set(k for k in entry if k.startswith("msgstr")) == {"msgstr[0]", "msgstr[1]"}


def test_translations_keep_every_placeholder_of_their_msgid(po_entries):
    wrong = []
    for entry in po_entries:
        expected = sorted(PLACEHOLDER.findall(entry["msgid"]))
        for text in _msgstrs(entry):
            if sorted(PLACEHOLDER.findall(text)) != expected:
                wrong.append((entry["msgid"], text))
    assert wrong == []


def test_translations_are_english_not_copies_of_the_chinese(po_entries):
    # A few msgids name a Chinese form of words the user types ("是", "三年级"): those keep
    # it in quotes; none may be mostly Chinese.
    copied = []
    for entry in po_entries:
        for text in _msgstrs(entry):
            if len(CJK.findall(text)) * 2 > len(text.replace(" ", "")):
                copied.append((entry["msgid"], text))
    assert copied == []


def test_committed_mo_file_holds_exactly_the_po_translations(po_entries):
    with MO_PATH.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    stale = []
    for entry in po_entries:
        msgid = entry["msgid"]
        if "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if "msgid_plural" in entry:
            for n in (0, 1):
                if catalog.get((msgid, n)) != entry[f"msgstr[{n}]"]:
                    stale.append(msgid)
        elif catalog.get(msgid) != entry["msgstr"]:
            stale.append(msgid)
    assert stale == [], "run `make messages` and commit locale/en/LC_MESSAGES/django.mo"
    assert MO_PATH.stat().st_size > 0


def test_validator_message_keeps_its_check_digit_placeholder():
    with translation.override("en"):
        text = translation.gettext("身份证号码校验位错误：最后一位应为 %(c)s，请核对号码。")
    assert text % {"c": "X"} == (
        "Wrong check digit: the last character should be X. Please check the number."
    )


def test_english_plural_forms_follow_the_count():
    message = "有 %(counter)s 条强制报告尚未处理，请尽快跟进。"
    with translation.override("en"):
        one = translation.ngettext(message, message, 1) % {"counter": 1}
        many = translation.ngettext(message, message, 3) % {"counter": 3}
    assert one == "1 concern is still open. Please follow it up soon."
    assert many == "3 concerns are still open. Please follow them up soon."


# --- the pages ----------------------------------------------------------------------------


class _InterfaceText(HTMLParser):
    """Collect the text inside navigation, headings, labels, buttons and table headers."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        # A language's own name ("简体中文") is written in that language on purpose.
        native = tag != "html" and attrs.get("lang") is not None
        self.stack.append((tag, native))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if any(native for _tag, native in self.stack):
            return
        if any(tag in UI_TAGS for tag, _native in self.stack):
            self.parts.append(data)


def interface_text(html: str) -> str:
    """Return the interface text of a page, with the register's data (names) removed."""
    parser = _InterfaceText()
    parser.feed(html)
    text = " ".join(parser.parts)
    names = [
        str(o)
        for model in (County, Town, Village, School, Child, Carer, User)
        for o in model.objects.all()
    ]
    names += [c.name for c in Child.objects.all()] + [c.name for c in Carer.objects.all()]
    names += [v.name for v in Village.objects.all()] + [u.full_name for u in User.objects.all()]
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        text = text.replace(name, "")
    return text


def _page(client, user, url: str, *, english: bool) -> str:
    if user is not None:
        client.force_login(user)
    if english:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    return response.content.decode()


def _pages(request) -> list[tuple[str, object, str]]:
    """Return (name, user, url) of every page the translation is checked on."""
    child = request.getfixturevalue("paired_child")
    fixtures = (
        "school_staff",
        "mentor",
        "town_officer",
        "federation_officer",
        "coordination_member",
        "administrator",
    )
    users = {name: request.getfixturevalue(name) for name in fixtures}
    ChildFactory(school=child.school, village=child.village, name="王小芳", sex="F")
    staff, federation = users["school_staff"], users["federation_officer"]
    pages = [("login", None, reverse("accounts:login"))]
    pages += [(f"home:{name}", user, reverse("home")) for name, user in users.items()]
    pages += [
        ("register", staff, reverse("children:list")),
        ("child file", staff, child.get_absolute_url()),
        ("child form", staff, reverse("children:create")),
        ("dashboard", federation, reverse("dashboards:index")),
        ("reports", federation, reverse("reports:list")),
        ("activities", staff, reverse("activities:list")),
        ("donations", federation, reverse("donations:list")),
        ("my children", users["mentor"], reverse("care:mine")),
    ]
    return pages


@pytest.mark.django_db
def test_pages_in_english_show_no_chinese_interface_text(client, request):
    leftovers = {}
    for name, user, url in _pages(request):
        client.logout()
        text = interface_text(_page(client, user, url, english=True))
        assert text.strip(), name
        chinese = sorted(set(re.findall(r"[\u3400-\u9fff]+", text)))
        if chinese:
            leftovers[name] = chinese
    assert leftovers == {}


@pytest.mark.django_db
def test_pages_in_chinese_by_default_show_chinese_interface_text(client, request):
    for name, user, url in _pages(request):
        client.logout()
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
        html = _page(client, user, url, english=False)
        assert '<html lang="zh-hans">' in html, name
        assert CJK.search(interface_text(html)), name


@pytest.mark.django_db
def test_english_register_names_the_register_and_the_categories(client, school_staff, child_a):
    html = _page(client, school_staff, reverse("children:list"), english=True)
    assert '<html lang="en">' in html
    assert ">Register<" in html
    assert "Left-behind" in html
    assert "Add child" in html
    assert "台账" not in interface_text(html)


@pytest.mark.django_db
def test_chinese_register_names_the_register_in_chinese(client, school_staff, child_a):
    html = _page(client, school_staff, reverse("children:list"), english=False)
    assert ">台账<" in html
    assert "留守" in html
    assert ">Register<" not in html


@pytest.mark.django_db
def test_login_page_in_english(client):
    html = _page(client, None, reverse("accounts:login"), english=True)
    assert "Log in with your work account" in html
    assert "Username" in html
    assert "Password" in html


@pytest.mark.django_db
def test_language_switch_posts_to_setlang_and_sticks(client, school_staff):
    client.force_login(school_staff)
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("children:list")}
    )
    assert response.status_code == 302
    assert response.url == reverse("children:list")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get(reverse("children:list")).content.decode()
    assert ">Register<" in html
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert ">台账<" in client.get(reverse("children:list")).content.decode()


@pytest.mark.django_db
def test_child_form_carries_its_script_messages_translated(client, school_staff):
    html = _page(client, school_staff, reverse("children:create"), english=True)
    assert 'data-msg-id-length="A resident ID has 18 characters; this one has {n}."' in html
    assert 'data-msg-male="Male"' in html
    assert 'data-msg-left-behind="Left-behind"' in html
    assert "{categories}" in html
    script = (Path(settings.BASE_DIR) / "static" / "js" / "child_form.js").read_text()
    assert not CJK.search(script)


def test_no_script_holds_chinese_user_facing_text():
    scripts = sorted((Path(settings.BASE_DIR) / "static" / "js").glob("*.js"))
    assert scripts
    for script in scripts:
        code = "\n".join(
            line for line in script.read_text().splitlines() if not line.strip().startswith("//")
        )
        assert not CJK.search(code), script.name


# --- the half-year report stays Chinese ----------------------------------------------------


@pytest.mark.django_db
def test_report_text_stays_chinese_when_the_interface_is_english(federation_officer, child_a):
    report = HalfYearReport.objects.create(
        county=federation_officer.county, year=2026, period="H1", created_by=federation_officer
    )
    with translation.override("zh-hans"):
        chinese = report_content(report, today=report.created_at.date())
    with translation.override("en"):
        english_ui = report_content(report, today=report.created_at.date())
        assert translation.get_language() == "en"
    assert english_ui == chinese
    text = " ".join(block["text"] for block in english_ui[1])
    assert "关爱留守儿童工作情况汇报" in text
    assert not re.search(r"\b(Middle school|Central primary|First half|Teacher)\b", text)


@pytest.mark.django_db
def test_report_download_is_named_in_chinese_for_an_english_reader(client, federation_officer):
    report = HalfYearReport.objects.create(
        county=federation_officer.county, year=2026, period="H1", created_by=federation_officer
    )
    client.force_login(federation_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("reports:docx", args=[report.pk]))
    assert response.status_code == 200
    assert "%E4%B8%8A%E5%8D%8A%E5%B9%B4" in response["Content-Disposition"]  # 上半年
    assert "First" not in response["Content-Disposition"]
    listing = client.get(reverse("reports:list")).content.decode()
    assert "2026 First half report" in listing


# --- labels built in code follow the interface language -----------------------------------


def test_period_labels_follow_the_interface_language():
    with translation.override("zh-hans"):
        assert term(2025, "spring").label == "2025年春季学期"
        assert half_year(2025, 1).label == "2025年上半年"
    with translation.override("en"):
        assert term(2025, "spring").label == "Spring 2025"
        assert half_year(2025, 2).label == "Second half of 2025"


@pytest.mark.django_db
def test_dashboard_cache_keeps_each_language_apart(federation_officer):
    today = datetime.date(2025, 5, 1)
    period = term(2025, "spring")
    with translation.override("en"):
        english = dashboard_figures(federation_officer, period=period, today=today)
    with translation.override("zh-hans"):
        chinese = dashboard_figures(federation_officer, period=period, today=today)
    assert "Spring 2025" in english["trend_terms"]
    assert "2025年春季学期" in chinese["trend_terms"]


# --- the register spreadsheet stays in the import's language ------------------------------


def _workbook_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return " ".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


@pytest.mark.django_db
def test_import_template_offers_the_chinese_values_the_import_reads(client, school_staff):
    client.force_login(school_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("imports:template"))
    assert response.status_code == 200
    text = _workbook_text(response.getvalue())
    assert "男" in text and "省外务工" in text
    assert "Male" not in text and "Working out of the province" not in text


@pytest.mark.django_db
def test_register_export_for_an_english_reader_can_be_imported_again(client, school_staff, child_a):
    client.force_login(school_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("imports:export"), {"format": "csv"})
    assert response.status_code == 200
    text = b"".join(response).decode("utf-8-sig")
    assert child_a.name in text
    with translation.override("en"):
        assert str(child_a.get_sex_display()) not in text  # "Male" or "Female"
    with translation.override("zh-hans"):
        assert str(child_a.get_sex_display()) in text


# --- error pages ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_error_pages_speak_the_reader_language(client, school_staff):
    client.force_login(school_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/no-such-page/")
    assert english.status_code == 404
    assert '<html lang="en">' in english.content.decode()
    assert "Page not found" in english.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    chinese = client.get("/no-such-page/")
    assert "页面不存在" in chinese.content.decode()
    with translation.override("en"):
        outage = database_unavailable().content.decode()
    assert "The database is temporarily unavailable" in outage
    assert not CJK.search(interface_text(outage))


APPS = ("accounts", "activities", "audit", "children", "config", "core", "demo", "donations",
        "home", "ops", "reports", "schools", "survey")  # fmt: skip
GETTEXT_IN_FSTRING = re.compile(r"""\{\s*(?:_|gettext|pgettext|ngettext)\(\s*["']""")


def test_no_translated_word_is_called_inside_an_f_string():
    """xgettext (makemessages) cannot see a gettext call inside an f-string: the word would
    drop out of the catalogue at the next `make messages` and show in Chinese in English."""
    root = Path(settings.BASE_DIR)
    found = [
        f"{path.relative_to(root)}:{n}"
        for app in APPS
        for path in (root / app).rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if GETTEXT_IN_FSTRING.search(line)
    ]
    assert found == []

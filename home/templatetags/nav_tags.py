"""The site's navigation bar, written in Python.

Every page draws it: through the template engine its thirty-odd conditions, URL look-ups
and translated words cost more than a millisecond a page, which the child's file (whose
SQL takes a few) pays on every visit. The markup is that of the former
templates/partials/nav.html and language_switcher.html, their whitespace between tags
aside (tests/home/test_nav.py compares the two for every role, page and language); every
value that is not ours (names, scopes, the path) is escaped.
"""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.roles import Kind, Level, scope_of

register = template.Library()

# Which entries a role sees is read from the role table (accounts.roles), never listed here:
# a link shows where the user sees its records or their counts.
LINKED = (
    (Kind.HOMES, "activities:home_list", _lazy("阵地")),
    (Kind.ACTIVITIES, "activities:list", _lazy("活动")),
    (Kind.AID, "donations:list", _lazy("捐赠")),
    (Kind.RECORDS, "reports:records:meeting_list", _lazy("联席会议")),
)


def _url(name: str) -> str:
    """Return the URL of `name`, or "" where it is not routed (as `{% url … as var %}`)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _item(url: str, label: str, *, active: bool, current: bool = False, extra: str = "") -> str:
    """Return one entry: a link marked active (and `aria-current`, if `current`)."""
    marked = " active" if active else ""
    aria = ' aria-current="page"' if active and current else ""
    return (
        f'\n<li class="nav-item"><a class="nav-link{marked}" href="{conditional_escape(url)}"'
        f"{aria}{extra}>{label}</a></li>"
    )


def _entries(user, path: str) -> list[str]:
    """Return the entries `user`'s role sees, the one of `path` marked."""
    if not user.is_authenticated:
        return []
    scope, items = scope_of(user), []
    home = reverse("home")
    items.append(_item(home, _("首页"), active=path == home, current=True))
    if user.sees_children:
        mentor = scope.level(Kind.CHILDREN) == Level.OWN  # a mentor: their paired children
        register_url = _url("care:mine" if mentor else "children:list")
        if register_url:
            label = _("我的结对儿童") if mentor else _("台账")
            items.append(_item(register_url, label, active=path == register_url, current=True))
        if scope.sees(Kind.CARE) and scope.level(Kind.CARE) != Level.OWN:
            carers = _url("care:carer_list")
            items.append(_item(carers, _("帮扶人"), active=path == carers, current=True))
        if scope.sees(Kind.SURVEYS):
            survey = _url("survey:index")
            items.append(_item(survey, _("摸底"), active=survey in path))
        # The shortcut is for those who register children themselves (school, village).
        if scope.writes(Kind.CHILDREN) and scope.level(Kind.CHILDREN) in (
            Level.SCHOOL,
            Level.VILLAGE,
        ):
            create = _url("children:create")
            if create:
                items.append(_item(create, _("新增儿童"), active=path == create, current=True))
    for kind, name, label in LINKED:
        url = _url(name) if scope.counts(kind) else ""
        if url:
            items.append(_item(url, str(label), active=path == url))
    if scope.counts(Kind.REPORTS):
        reports = _url("reports:list")
        items.append(_item(reports, _("半年报告"), active=path == reports, current=True))
    if scope.counts(Kind.DASHBOARDS):
        dashboard = _url("dashboards:index")
        if dashboard:
            items.append(_item(dashboard, _("数据看板"), active=dashboard in path))
    if scope.writes(Kind.USERS):
        users = _url("accounts:user_list")
        items.append(_item(users, _("账号管理"), active=users in path))
        admin = _url("admin:index")
        if admin:
            items.append(_item(admin, _("系统管理"), active=False))
        review = reverse("accounts:emergency_review")
        items.append(_item(review, _("紧急查看审核"), active=False))
    help_url = _url("help")
    items.append(
        _item(help_url, _("使用说明"), active=path == help_url, extra=' data-testid="help-link"')
    )
    return items


def _language_switcher(request, csrf: str) -> str:
    """Return the form that switches the interface's language, the current one pressed."""
    current = get_language()
    buttons = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        code, on = conditional_escape(info["code"]), info["code"] == current
        buttons.append(
            f'\n      <button type="submit" name="language" value="{code}" lang="{code}"'
            f' class="btn {"btn-light active" if on else "btn-outline-light"}"'
            f' aria-pressed="{"true" if on else "false"}">'
            f"{conditional_escape(info['name_local'])}</button>"
        )
    label, next_url = _("界面语言"), request.get_full_path()
    return (
        f'\n<form method="post" action="{reverse("set_language")}"'
        f' class="language-switcher d-inline-flex" aria-label="{label}">\n  {csrf}'
        f'\n  <input type="hidden" name="next" value="{conditional_escape(next_url)}">'
        f'\n  <div class="btn-group btn-group-sm" role="group" aria-label="{label}">'
        f"{''.join(buttons)}\n  </div>\n</form>"
    )


def _user_menu(user, csrf: str) -> str:
    """Return the signed-in user's menu: name, role, scope, password and sign-out."""
    scope = user.scope_label
    scope_item = (
        '\n<li><span class="dropdown-item-text small text-body-secondary scope-label">'
        f"{conditional_escape(scope)}</span></li>"
        if scope
        else ""
    )
    return (
        '\n<div class="dropdown">'
        '\n<button class="btn btn-sm btn-outline-light dropdown-toggle user-badge text-nowrap"'
        ' type="button" data-bs-toggle="dropdown" aria-expanded="false"'
        ' data-testid="current-user">'
        f'\n<span class="fw-semibold">{conditional_escape(user)}</span>'
        f'\n<span class="badge text-bg-light ms-1">{conditional_escape(user.get_role_display())}'
        "</span>\n</button>"
        f'\n<ul class="dropdown-menu dropdown-menu-end">{scope_item}'
        f'\n<li><a class="dropdown-item" href="{reverse("accounts:password_change")}">'
        f"" + _("修改密码") + f"</a></li>"
        '\n<li><hr class="dropdown-divider"></li>'
        f'\n<li>\n<form method="post" action="{reverse("accounts:logout")}">\n{csrf}'
        f'\n<button type="submit" class="dropdown-item">'
        + _("退出登录")
        + "</button>\n</form>\n</li>"
        "\n</ul>\n</div>"
    )


@register.simple_tag(takes_context=True)
def main_nav(context: template.Context) -> SafeString:
    """Return the navigation bar for the request's user: the entries of their role, the
    child search, the language switcher and their menu (signed-in users only)."""
    request, user = context["request"], context["user"]
    token = context.get("csrf_token")
    csrf = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{conditional_escape(token)}">'
        if token and token != "NOTPROVIDED"  # noqa: S105 - Django's marker, not a secret
        else ""
    )
    expand = "xxl" if get_language() == "en" else "xl"
    search = ""
    if user.is_authenticated and user.sees_children:
        search = (
            f'\n<form class="nav-search" method="get" action="{reverse("children:search")}"'
            f' role="search" aria-label="' + _("查找儿童") + '">'
            '\n<label class="visually-hidden" for="nav-search-q">'
            "" + _("查找儿童：姓名、身份证号或电话后4位") + "</label>"
            '\n<input class="form-control form-control-sm" type="search" name="q"'
            ' id="nav-search-q" placeholder="' + _("查找儿童") + '"'
            ' title="'
            + _("姓名、身份证号后4位或电话后4位")
            + '" data-testid="nav-search">\n</form>'
        )
    menu = _user_menu(user, csrf) if user.is_authenticated else ""
    html = (
        f'\n<nav class="navbar navbar-expand-{expand} navbar-dark app-navbar"'
        f' aria-label="' + _("主导航") + f'">'
        '\n<div class="container-fluid app-navbar-inner">'
        f'\n<a class="navbar-brand fw-semibold" href="{reverse("home")}">'
        f"" + _("留守儿童关爱服务平台") + "</a>"
        '\n<button class="navbar-toggler" type="button" data-bs-toggle="collapse"'
        ' data-bs-target="#main-nav" aria-controls="main-nav" aria-expanded="false"'
        ' aria-label="'
        + _("展开菜单")
        + f'">\n<span class="navbar-toggler-icon"></span>\n</button>'
        '\n<div class="collapse navbar-collapse" id="main-nav">'
        f'\n<ul class="navbar-nav me-auto mb-2 mb-{expand}-0">'
        f"{''.join(_entries(user, request.path))}\n</ul>"
        f'\n<div class="d-flex flex-wrap flex-{expand}-nowrap align-items-center gap-2 py-2'
        f' py-{expand}-0">{search}{_language_switcher(request, csrf)}{menu}\n</div>'
        "\n</div>\n</div>\n</nav>\n"
    )
    return mark_safe(html)  # noqa: S308 - every value that is not ours escaped above

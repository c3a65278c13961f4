"""Turning cached dashboard figures into what a page shows: cards, charts, tables, links.

Two audiences: officers, whose figures link to the lists behind them in their scope, and
the coordination group, whose page shows counts of children below SMALL_CELL as "<5" and
links to nothing about a child.
"""

from urllib.parse import urlencode

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.periods import Period, calendar_year, half_year_of, term_of
from core.suppression import SMALL_CELL, hidden_cells

from . import refresh
from .cards import CATEGORY_LABELS, CardsMixin
from .charts import Chart, Series
from .concerns import concern_tables

# The counts of children in each row of the breakdown table, in column order.
ROW_COUNTS = ("registered", "registered_prev", "left_behind", "overdue", "concerns")
SORTS = ("label", "registered", "registered_prev", "left_behind", "mentor_share", "overdue")
SORTS += ("concerns",)
# The parts of a dashboard drawn from its figures alone (cards, tables, charts), by name.
SECTIONS = {
    "children": "dashboards/_children_cards.html",
    "work": "dashboards/_work.html",
    "quality": "dashboards/_quality_cards.html",
    "stale": "dashboards/_stale_schools.html",
}


def url_or_blank(name: str) -> str:
    """Return the URL named `name`, or "" while that page does not exist yet."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


class Presenter(CardsMixin):
    """Shows a dashboard's figures, with links (officers) or with small cells hidden."""

    def __init__(self, figures: dict, *, period: Period, links: bool, suppress: bool):
        self.f = figures
        self.period = period
        self.suppress = suppress
        self.register = url_or_blank("children:list") if links else ""
        self.activities = url_or_blank("activities:list") if links else ""
        self.homes = url_or_blank("activities:home_list") if links else ""
        self.donations = url_or_blank("donations:list") if links else ""
        # The breakdown's counts, in the figures' own order, and (suppressed pages) the cells
        # each column hides: every column adds up to a card's total, so a hidden cell must
        # not be that total minus the others. Table and chart hide the same cells.
        self._row_counts = [[r[key] for key in ROW_COUNTS] for r in figures.get("rows", [])]
        self._hidden_rows = hidden_cells(self._row_counts, by_rows=False) if suppress else {}

    # Values and links

    def hidden(self, n: int | None) -> bool:
        """Return whether a count of children is too small to show here."""
        return self.suppress and n is not None and 0 < n < SMALL_CELL

    def children(self, n: int | None) -> str:
        """Return a count of children as shown: "<5" when small on a suppressed page."""
        return "<5" if self.hidden(n) else intcomma(n or 0)

    def value(self, n: int | None) -> float | None:
        """Return a count of children for a chart: None when it must not be shown."""
        return None if self.hidden(n) else (n or 0)

    def share(self, part: int, whole: int) -> str:
        """Return part/whole as a percentage, or "—" for no children or a small group."""
        if not whole or self.hidden(whole) or self.hidden(part) or self.hidden(whole - part):
            return "—"
        return f"{round(100 * part / whole)}%"

    def register_link(self, **filters: str) -> str:
        """Return the register list narrowed by `filters`, or "" without links."""
        if not self.register:
            return ""
        return f"{self.register}?{urlencode(filters)}" if filters else self.register

    def list_link(self, base: str) -> str:
        """Return an activities/donations list filtered to the period, or "" without one."""
        if not base:
            return ""
        return f"{base}?{self.period.query()}"

    # Cards

    def card(
        self,
        key: str,
        label: str,
        shown: str,
        link: str = "",
        note: str = "",
        tone="",
        note_link: str = "",
    ):
        """Return one figure card; `link` opens the list the figure counts, `note_link` the
        list its note counts."""
        return {
            "key": key,
            "label": label,
            "value": shown,
            "link": link,
            "note": note,
            "note_link": note_link,
            "tone": tone,
        }

    # Table of towns / schools / classes

    def rows(self, sort: str) -> list[dict]:
        """Return the breakdown table sorted by `sort` (a column, "-" first for descending)."""
        column = sort.lstrip("-")
        column = column if column in SORTS else "label"
        order = sorted(
            range(len(self.f["rows"])),
            key=lambda i: (
                (self.f["rows"][i][column] is None, self.f["rows"][i][column] or 0)
                if column != "label"
                else (str(self.f["rows"][i]["label"] or ""),)
            ),
            reverse=sort.startswith("-"),
        )
        level = self.f["scope"].level
        counts, hidden = self._row_counts, self._hidden_rows

        def cell(i: int, j: int) -> str:
            return hidden.get((i, j)) or intcomma(counts[i][j] or 0)

        return [
            {
                "label": self.row_label(r),
                "link": self.row_link(level, r),
                "cells": [
                    cell(i, 0),
                    cell(i, 1),
                    cell(i, 2),
                    self.share(r["with_mentor"], r["open"]),
                    cell(i, 3),
                    cell(i, 4),
                ],
            }
            for i, r in ((i, self.f["rows"][i]) for i in order)
        ]

    def row_label(self, row: dict) -> str:
        """Return a row's name: town, school or grade and class."""
        if self.f["scope"].level == "school":
            grade = _("%(g)s 年级") % {"g": row["key"]} if row["key"] else _("未填年级")
            return f"{grade} {row['label'] or ''}".strip()
        return row["label"] or _("未在校")

    def row_link(self, level: str, row: dict) -> str:
        """Return the register list of a row's children, or "" where no filter names it."""
        if not row["key"]:
            return ""
        if level == "county":
            return self.register_link(town=row["key"])
        if level == "town":
            return self.register_link(school=row["key"])
        links = {"school": self.f["scope"].school_id, "grade": row["key"]}
        if row.get("label"):
            links["class_name"] = row["label"]
        return self.register_link(**links)

    def row_columns(self, sort: str) -> list[dict]:
        """Return the table's sortable columns: key, heading, the sort a click asks for."""
        columns = [
            (
                "label",
                {"county": _("乡镇"), "town": _("学校"), "school": _("年级班级")}[
                    self.f["scope"].level
                ],
            ),
            ("registered", _("在册（本期）")),
            ("registered_prev", _("上期")),
            ("left_behind", _("留守儿童")),
            ("mentor_share", _("有帮扶教师")),
            ("overdue", _("逾期未联系")),
            ("concerns", _("有待处理报告")),
        ]
        return [
            {
                "key": key,
                "heading": heading,
                "next": f"-{key}" if sort == key else key,
                "aria": "ascending" if sort == key else "descending" if sort == f"-{key}" else "",
            }
            for key, heading in columns
        ]

    # Charts

    def charts(self) -> list[Chart]:
        """Return the page's charts, each with the numbers its table repeats."""
        f = self.f
        keys = [k for k, _label in CATEGORY_LABELS]
        categories = Chart(
            "categories",
            _("各类儿童：本期与上期"),
            [_(label) for _k, label in CATEGORY_LABELS],
            [
                self.series(_("本期"), [f[k] for k in keys]),
                self.series(_("上期"), [f[f"{k}_prev"] for k in keys]),
            ],
            links=[self.register_link(category=k) for k in keys],
        )
        trend = Chart(
            "trend",
            _("在册儿童趋势（按学期）"),
            [label.replace("学期", "") for label in f["trend_terms"]],
            [self.series(_("在册儿童"), _trend(f))],
        )
        rows = self.f["rows"]
        by_place = Chart(
            "breakdown",
            {
                "county": _("各乡镇在册儿童"),
                "town": _("各学校在册儿童"),
                "school": _("各班在册儿童"),
            }[f["scope"].level],
            [self.row_label(r) for r in rows],
            [self.row_series(_("本期"), 0), self.row_series(_("上期"), 1)],
            horizontal=True,
            links=[self.row_link(f["scope"].level, r) for r in rows],
        )
        homes = Chart(
            "homes",
            _("留守儿童之家与活动室：规划与建成"),
            [_("留守儿童之家"), _("模式一"), _("模式二"), _("活动室")],
            [
                Series(
                    _("规划"),
                    [f["homes_planned"], None, None, f["rooms_planned"]],
                    [str(f["homes_planned"]), "", "", str(f["rooms_planned"])],
                ),
                Series(
                    _("建成"),
                    [f["homes_built"], f["homes_mode_1"], f["homes_mode_2"], f["rooms_built"]],
                ),
            ],
        )
        kinds = f["activity_kinds"]
        activities = Chart(
            "activities",
            _("本期活动（按类型）"),
            [k["label"] for k in kinds] or [_("暂无活动")],
            [Series(_("活动次数"), [k["n"] for k in kinds] or [0])],
            horizontal=True,
        )
        return [categories, trend, by_place, homes, activities]

    def row_series(self, name: str, column: int) -> Series:
        """Return one column of the breakdown as a series, hiding what the table hides."""
        counts = [row[column] or 0 for row in self._row_counts]
        hidden = [self._hidden_rows.get((i, column)) for i in range(len(counts))]
        return Series(
            name,
            [None if h else n for n, h in zip(counts, hidden, strict=True)],
            [h or intcomma(n) for n, h in zip(counts, hidden, strict=True)],
        )

    def series(self, name: str, counts: list[int]) -> Series:
        """Return a series of children counts, small ones hidden on a suppressed page."""
        return Series(name, [self.value(n) for n in counts], [self.children(n) for n in counts])


def _trend(figures: dict) -> list[int]:
    """Return the trend counts, oldest term first."""
    return [
        figures[k]
        for k in sorted(
            (k for k in figures if k.startswith("term_")), key=lambda k: int(k.split("_")[1])
        )
    ]


def period_options(today, current: Period) -> list[dict]:
    """Return the preset periods of the selector (recent terms, half-years, years)."""
    this_term, this_half, this_year = term_of(today), half_year_of(today), calendar_year(today.year)
    presets = [this_term, this_term.previous(), this_half, this_half.previous()]
    presets += [this_year, this_year.previous()]
    return [{"label": p.label, "query": p.query(), "active": p == current} for p in presets]


def figure_sections(show: Presenter, *, sort: str) -> dict[str, str]:
    """Return the page's SECTIONS drawn from `show`'s figures, cached beside them.

    They depend on nothing else: the figure set (scope, period and the time it was
    computed), the reader's language, links or suppression, and the table's sort. So a
    reader of cached figures gets their drawing cached too; new figures have a new
    `as_of`, hence new sections. Counts and place names only, like the figures.
    """
    f = show.f
    key = ":".join(
        str(part)
        for part in (
            "dashboards:sections:v1",
            f["scope"].key,
            f["counts_aid"],
            show.period.key,
            f["as_of"].isoformat(),
            translation.get_language(),
            bool(show.register),
            show.suppress,
            sort,
        )
    )
    sections = cache.get(key)
    if sections is None:
        context = {
            "figures": f,
            "show": show,
            "period": show.period,
            "rows": show.rows(sort),
            "columns": show.row_columns(sort),
            "concern_tables": concern_tables(f["concern_rows"], show),
        }
        sections = {name: render_to_string(t, context) for name, t in SECTIONS.items()}
        cache.set(key, sections, refresh.KEEP_SECONDS)
    return sections


def duplicate_items(pairs: list[tuple[dict | None, dict | None]]) -> SafeString:
    """Return the <li> items of the possible duplicates (`duplicate_list`'s pairs): each
    child the reader may see as a link to their file with their school, the others as
    "a child registered at another school". Written here, not by the template engine, as
    it is drawn on every visit (it names children, so it is never cached).
    """

    def child(row: dict | None) -> SafeString:
        if row is None:
            return format_html("{}", _("外校登记的儿童"))
        url = reverse("children:detail", kwargs={"pk": row["pk"]})
        return format_html('<a href="{}">{}</a>（{}）', url, row["name"], row["school__name"] or "")

    return format_html_join("\n", "<li>{} ↔ {}</li>", ((child(a), child(b)) for a, b in pairs))

"""The report's Excel annex: the tables behind its figures, each with a totals row.

Written through core.spreadsheets, so every text cell is escaped against formulas.
The rows come from the report's figures (stored when filed), so the annex of a filed
report never changes either, and its totals equal the figures the text states.
"""

from decimal import Decimal

from core.spreadsheets import workbook_bytes

TOTAL = "合计"
MODES = {"1": "模式一", "2": "模式二"}


def _summary(figures: dict) -> list[list]:
    ov, ch, homes = figures["overview"], figures["children"], figures["homes"]
    money, net = figures["money"], figures["network"]
    acts = figures["school_activities"]
    return [
        ["期间", figures["period"]["label"]],
        ["范围", ov["scope"]],
        ["学校（所）", ov["schools"]["total"]],
        ["在校学生（人）", ov["pupils"]],
        ["登记在册儿童（人）", ch["registered"]],
        ["留守儿童（人）", ch["left_behind"]],
        ["流动儿童（人）", ch["migrant"]],
        ["规划留守儿童之家（个）", homes["planned"]],
        ["建成留守儿童之家（个）", homes["built"]],
        ["本期建成留守儿童之家（个）", homes["built_in_period"]],
        ["模式一留守儿童之家（个）", homes["mode_1"]],
        ["模式二留守儿童之家（个）", homes["mode_2"]],
        ["建有留守儿童之家的学校（所）", homes["built_schools"]],
        ["活动室（个）", figures["rooms"]["rooms"]],
        ["学校关爱活动（次）", acts["count"]],
        *[[f"其中{k['label']}（次）", k["n"]] for k in acts["by_kind"]],
        ["家长会（次）", net["parent_meetings"]],
        ["接收捐赠（笔）", money["donation_count"]],
        ["接收捐赠（元）", Decimal(money["donation_amount"])],
        ["发放资助（元）", Decimal(money["aid_amount"])],
        ["资助儿童（人）", money["aided_children"]],
        ["家庭教育报告会（场）", net["lectures"]],
        ["报告会受众（人）", net["lecture_audience"]],
    ]


def _with_total(rows: list[list], *, label_columns: int) -> list[list]:
    """Return `rows` and a totals row summing every numeric column after the labels."""
    if not rows:
        return [[TOTAL]]
    width = max(len(r) for r in rows)
    total: list = [TOTAL] + [""] * (label_columns - 1)
    for col in range(label_columns, width):
        values = [r[col] for r in rows if col < len(r)]
        numeric = [v for v in values if isinstance(v, int | Decimal) and not isinstance(v, bool)]
        total.append(sum(numeric) if len(numeric) == len(values) else "")
    return [*rows, total]


BY_TOWN = ["乡镇", "登记在册", "留守儿童", "流动儿童", "困境儿童"]
BY_SCHOOL = ["乡镇", "学校", "类型", "在校学生", "留守儿童", "流动儿童", "本期活动"]
HOMES = ["类型", "名称", "乡镇", "学校", "模式", "规划年份", "建成年份", "建成月份"]
HOMES += ["合用", "建立档案", "开放时间"]
ACTIVITIES = ["日期", "类型", "活动名称", "主办单位", "学校", "阵地", "参加儿童", "参加家长"]
ACTIVITIES += ["受众人数"]
DONATIONS = ["接收日期", "捐赠方", "形式", "接收单位", "接收学校", "金额（元）"]


def _home_rows(rows: list[list]) -> list[list]:
    """Return the homes table with the mode in words and empty years left blank."""
    return [
        [
            *row[:4],
            row[4] and f"模式{'一' if row[4] == '1' else '二'}",
            row[5],
            row[6] or "",
            row[7] or "",
            *row[8:],
        ]
        for row in rows
    ]


def _donation_rows(rows: list[list]) -> list[list]:
    """Return the donations table with the amount last, as a number."""
    return [[r[0], r[1], r[2], r[4], r[5], Decimal(r[3])] for r in rows]


def report_annex(figures: dict) -> bytes:
    """Return the .xlsx annex of a report's figures: summary and five tables with totals."""
    tables = figures["tables"]
    return workbook_bytes(
        [
            ("汇总", ["项目", "数值"], _summary(figures)),
            ("按乡镇", BY_TOWN, _with_total(tables["by_town"], label_columns=1)),
            ("按学校", BY_SCHOOL, _with_total(tables["by_school"], label_columns=3)),
            ("留守儿童之家", HOMES, _home_rows(tables["homes"])),
            ("活动", ACTIVITIES, _with_total(tables["activities"], label_columns=6)),
            ("捐赠", DONATIONS, _with_total(_donation_rows(tables["donations"]), label_columns=5)),
        ]
    )

"""The dashboard's figure cards: the children, the work done, and the data's quality.

A mixin of `display.Presenter`, which provides `card`, `children`, `share` and the links.
"""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _

CATEGORY_LABELS = (
    ("left_behind", "留守儿童"),
    ("migrant", "流动儿童"),
    ("in_difficulty", "困境儿童"),
    ("unsupported", "事实无人抚养儿童"),
)


class CardsMixin:
    """The three groups of cards a dashboard shows above its table."""

    def children_cards(self) -> list[dict]:
        """Return the cards about the children: register, categories, mentors, contacts."""
        f = self.f
        prev = _("上期 %(n)s") % {"n": self.children(f["registered_prev"])}
        cards = [
            self.card(
                "registered",
                _("在册儿童"),
                self.children(f["registered"]),
                self.register_link(),
                prev,
            )
        ]
        for key, label in CATEGORY_LABELS:
            note = _("上期 %(n)s") % {"n": self.children(f[f"{key}_prev"])}
            cards.append(
                self.card(
                    key, _(label), self.children(f[key]), self.register_link(category=key), note
                )
            )
        cards += [
            self.card(
                "mentor_share",
                _("有帮扶教师的比例"),
                self.share(f["with_mentor"], f["open"]),
                # A share is no list: the card opens nothing, its note the children it
                # names ("尚无帮扶教师"), never the opposite of what the figure says.
                note=_("尚无帮扶教师 %(n)s 人") % {"n": self.children(f["without_mentor"])},
                note_link=self.register_link(no_mentor="on"),
            ),
            self.card(
                "contacts_30d",
                _("近 30 天联系次数"),
                intcomma(f["contacts_30d"]),
                "",
                _("联系儿童 %(n)s 人") % {"n": self.children(f["children_contacted_30d"])},
            ),
            self.card(
                "overdue",
                _("逾期未联系儿童"),
                self.children(f["overdue"]),
                self.register_link(overdue="on"),
                _("超过 %(d)s 天未联系") % {"d": f["contact_days"]},
                "warning",
            ),
            self.card(
                "open_concerns",
                _("待处理强制报告"),
                self.children(f["open_concerns"]),
                self.register_link(concern="on"),
                _("需报警 %(n)s 条，逾期未移交 %(o)s 条")
                % {
                    "n": self.children(f["urgent_concerns"]),
                    "o": self.children(f["overdue_concerns"]),
                },
                "danger",
            ),
        ]
        return cards

    def work_cards(self) -> list[dict]:
        """Return the cards about homes, activities, donations and aid in the period."""
        f = self.f
        homes = self.homes
        cards = [
            self.card(
                "homes",
                _("留守儿童之家（建成/规划）"),
                f"{f['homes_built']} / {f['homes_planned']}",
                homes,
                _("模式一 %(a)s 个，模式二 %(b)s 个")
                % {"a": f["homes_mode_1"], "b": f["homes_mode_2"]},
            ),
            self.card(
                "rooms",
                _("妇联活动室（建成/规划）"),
                f"{f['rooms_built']} / {f['rooms_planned']}",
                homes,
            ),
            self.card(
                "activities",
                _("开展活动"),
                intcomma(f["activities"]),
                self.list_link(self.activities),
                _("参加儿童 %(c)s 人次，家长 %(p)s 人次，受众 %(a)s 人次")
                % {
                    "c": self.children(f["activity_children"]),
                    "p": intcomma(f["activity_parents"]),
                    "a": intcomma(f["activity_audience"]),
                },
            ),
        ]
        if not f.get("counts_aid", True):
            return cards
        return [
            *cards,
            self.card(
                "donations",
                _("接收捐赠（元）"),
                intcomma(f"{f['donated_amount']:.2f}"),
                self.list_link(self.donations),
                _("%(n)s 笔，来自 %(d)s 个捐赠方") % {"n": f["donations"], "d": f["donors"]},
            ),
            self.card(
                "aid",
                _("发放资助（元）"),
                intcomma(f"{f['aid_amount']:.2f}"),
                "",
                _("受助儿童 %(n)s 人") % {"n": self.children(f["children_aided"])},
            ),
        ]

    def quality_cards(self) -> list[dict]:
        """Return the data-quality panel's counts."""
        f = self.f
        return [
            self.card(
                "q_no_mentor",
                _("尚无帮扶教师"),
                self.children(f["without_mentor"]),
                self.register_link(no_mentor="on"),
                tone="warning",
            ),
            self.card(
                "q_no_phone",
                _("缺监护人电话"),
                self.children(f["no_guardian_phone"]),
                self.register_link(no_phone="on"),
                tone="warning",
            ),
            self.card(
                "q_aged_16",
                _("已满 16 周岁仍在册"),
                self.children(f["aged_16"]),
                self.register_link(due_to_close="on"),
                tone="warning",
            ),
            self.card(
                "q_duplicates",
                _("疑似重复登记（对）"),
                intcomma(len(f["duplicates"])),
                tone="warning",
            ),
            self.card(
                "q_stale",
                _("本学期未更新台账的学校"),
                intcomma(len(f["stale_schools"])),
                tone="warning",
            ),
        ]

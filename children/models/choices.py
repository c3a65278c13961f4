"""Coded values of the child's record, following the national 2016 registration form."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class HouseholdType(models.TextChoices):
    RURAL = "rural", _("农业户口")
    URBAN = "urban", _("非农业户口")


class SchoolingStatus(models.TextChoices):
    KINDERGARTEN = "kindergarten", _("学前教育")
    NOT_ENROLLED = "not_enrolled", _("未入学")
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中")
    VOCATIONAL = "vocational", _("中职")
    DROPPED_OUT = "dropped_out", _("辍学")
    NOT_IN_SCHOOL = "not_in_school", _("未在校")


class Health(models.TextChoices):
    HEALTHY = "healthy", _("健康")
    DISABLED = "disabled", _("残疾")
    SERIOUSLY_ILL = "ill", _("患重病")


class DisabilityKind(models.TextChoices):
    VISUAL = "visual", _("视力残疾")
    HEARING = "hearing", _("听力残疾")
    SPEECH = "speech", _("言语残疾")
    PHYSICAL = "physical", _("肢体残疾")
    INTELLECTUAL = "intellectual", _("智力残疾")
    MENTAL = "mental", _("精神残疾")
    MULTIPLE = "multiple", _("多重残疾")


class DisabilityGrade(models.TextChoices):
    GRADE_1 = "1", _("一级")
    GRADE_2 = "2", _("二级")
    GRADE_3 = "3", _("三级")
    GRADE_4 = "4", _("四级")


class ParentStatus(models.TextChoices):
    AT_HOME = "at_home", _("在家")
    AWAY_IN_PROVINCE = "away_in", _("省内务工")
    AWAY_OUT_OF_PROVINCE = "away_out", _("省外务工")
    DECEASED = "deceased", _("死亡")
    MISSING = "missing", _("失踪（失联）")
    SERIOUSLY_ILL = "ill", _("重病，无监护能力")
    DISABLED = "disabled", _("重残，无监护能力")
    DETAINED = "detained", _("服刑在押或被限制人身自由")
    # A register that names a parent but says nothing of where they are (a data-quality item).
    UNKNOWN = "unknown", _("情况不详")


PARENT_AWAY = frozenset({ParentStatus.AWAY_IN_PROVINCE, ParentStatus.AWAY_OUT_OF_PROVINCE})
# A parent in one of these states cannot look after the child.
PARENT_UNABLE = frozenset(
    {
        ParentStatus.DECEASED,
        ParentStatus.MISSING,
        ParentStatus.SERIOUSLY_ILL,
        ParentStatus.DISABLED,
        ParentStatus.DETAINED,
    }
)


class GuardianRelation(models.TextChoices):
    GRANDPARENT_PATERNAL = "paternal_gp", _("祖父母")
    GRANDPARENT_MATERNAL = "maternal_gp", _("外祖父母")
    SIBLING = "sibling", _("兄姐")
    RELATIVE = "relative", _("其他亲属")
    FRIEND = "friend", _("朋友或邻居")
    PARENT = "parent", _("父亲或母亲")
    OTHER = "other", _("其他")


class GuardianHealth(models.TextChoices):
    HEALTHY = "healthy", _("健康")
    FAIR = "fair", _("一般")
    POOR = "poor", _("较差")


class GuardianshipGrade(models.TextChoices):
    NONE = "none", _("无人监护")
    PARENT_INCAPABLE = "parent_incapable", _("父或母无监护能力")
    GUARDIAN_WEAK = "guardian_weak", _("受委托监护人监护能力不足")
    ORDINARY = "ordinary", _("一般")
    GOOD = "good", _("较好")


class IncomeSource(models.TextChoices):
    WAGES = "wages", _("务工收入")
    FARMING = "farming", _("农业收入")
    BUSINESS = "business", _("经营收入")
    PENSION = "pension", _("养老金")
    WELFARE = "welfare", _("社会救助")
    OTHER = "other", _("其他")


class HelpReceived(models.TextChoices):
    DIBAO = "dibao", _("低保")
    TEMPORARY = "temporary", _("临时救助")
    MEDICAL = "medical", _("医疗救助")
    HOUSING = "housing", _("住房救助")
    OTHER = "other", _("其他")


class Poverty(models.TextChoices):
    NONE = "none", _("非贫困")
    EXTREME = "extreme", _("特困")
    REGISTERED = "registered", _("建档立卡贫困户")


# A left-behind child is under 16 (State Council 2016): at 16 the case closes.
LEFT_BEHIND_AGE_LIMIT = 16


class CaseStatus(models.TextChoices):
    OPEN = "open", _("在册")
    CLOSED = "closed", _("已结案")


class CloseReason(models.TextChoices):
    PARENTS_BACK = "parents_back", _("父母返乡")
    TURNED_16 = "turned_16", _("年满 16 周岁")
    MOVED_AWAY = "moved_away", _("迁出本县")
    GRADUATED = "graduated", _("毕业")
    OTHER = "other", _("其他")


# The 56 ethnic groups, in the order and names of GB/T 3304 (the national form's 民族).
ETHNIC_GROUPS = tuple(
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 "
    "哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 "
    "柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 "
    "塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 "
    "鄂伦春族 赫哲族 门巴族 珞巴族 基诺族".split()
)
_ETHNIC_NAMES = frozenset(ETHNIC_GROUPS)


def ethnic_group(text: str) -> str:
    """Return the ethnic group's full name for what a register writes ("汉" -> "汉族",
    "维吾尔" -> "维吾尔族"); anything else as written, spaces removed."""
    name = "".join((text or "").split())
    if name not in _ETHNIC_NAMES and f"{name}族" in _ETHNIC_NAMES:
        return f"{name}族"
    return name

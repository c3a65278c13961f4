"""Names, places and tables the demo county is drawn from."""

from accounts.models import Role
from activities.models import Activity
from children.models import Contact
from donations.models import Donor

SEED = "liushou-demo-county-2011"
DEMO_COUNTY_NAME = "示范县"
DEMO_COUNTY_CODE = "340223"
DEMO_PASSWORD = "demo-2026"  # noqa: S105 - a published demo password, by design
DEFAULT_CHILDREN = 3000
BATCH = 1000

# Shares of the open children, so that every count follows from N alone.
MENTOR_SHARE = 0.90
PROXY_SHARE = 0.30
CARING_MOTHER_SHARE = 0.03
OVERDUE_SHARE = 0.10
AID_SHARE = 0.11
CLOSED_PER_OPEN = 150

TOWNS = (
    "湾沚镇",
    "六郎镇",
    "陶辛镇",
    "红杨镇",
    "花桥镇",
    "东河镇",
    "西河镇",
    "三元镇",
    "十连镇",
    "和平镇",
    "清水镇",
    "红花镇",
)
NINE_YEAR_SCHOOLS = (("湾沚镇", "天民学校"), ("和平镇", "和平学校"), ("红花镇", "红花学校"))
EXTRA_MIDDLE_SCHOOLS = (
    ("湾沚镇", "示范县实验中学"),
    ("湾沚镇", "湾沚二中"),
    ("六郎镇", "六郎二中"),
    ("花桥镇", "花桥二中"),
    ("三元镇", "三元二中"),
)
# Towns whose nine-year school teaches their junior pupils: they have no separate 中学.
TOWNS_WITHOUT_MIDDLE = ("和平镇", "红花镇")
VILLAGE_HEADS = "东西南北新老大小上下前后高白黄青马龙凤金长石杨朱陈许何汪双三"
VILLAGE_TAILS = "湖桥塘山岗圩冲埂庄坝河湾墩林岭店铺集庙亭"
STREET_COMMUNITIES = ("老街社区", "新街社区", "城东社区", "城南社区", "滨河社区")

COMMON_SURNAMES = "王张李陈刘汪吴杨周徐"
SURNAMES = COMMON_SURNAMES * 2 + "朱胡孙陶方许程何马高黄赵夏钱俞丁葛沈唐谢潘鲍董江蒋魏章邢秦倪"
BOY_CHARS = "浩宇轩子俊杰博文涛鑫磊晨阳睿泽明伟强鹏辉天志嘉梓皓然航豪凯铭宸逸恒昊宏"
GIRL_CHARS = "欣怡梓涵雨萱佳静婷雪悦琪诗思彤妍可馨语晴若梦婧慧颖瑶蕾璐菲丽芳雅"
MAN_CHARS = "建军国华伟强明勇峰涛斌刚辉平东林波海龙成春兵亮"
WOMAN_CHARS = "红霞丽娟芳燕玲敏静秀英梅兰萍琴凤云娜艳"
GRANDFATHER_NAMES = (
    "德胜 国华 长生 永福 建国 志明 福林 金山 宝山 有才 德明 春生 忠义 正华 玉林 水生 根生 来福"
).split()
GRANDMOTHER_NAMES = (
    "桂英 秀兰 玉梅 凤英 桂兰 秀英 玉兰 翠花 金凤 月娥 素珍 兰英 秀珍 春兰 菊英 冬梅"
).split()
MOBILE_PREFIXES = (
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 "
    "177 180 181 182 183 185 186 187 188 189 199"
).split()

AWAY_OUT_OF_PROVINCE = (
    ("江苏省", "苏州市"),
    ("江苏省", "南京市"),
    ("江苏省", "无锡市"),
    ("江苏省", "常州市"),
    ("浙江省", "杭州市"),
    ("浙江省", "宁波市"),
    ("浙江省", "温州市"),
    ("浙江省", "湖州市"),
    ("上海市", "上海市"),
    ("上海市", "上海市"),
    ("广东省", "东莞市"),
    ("广东省", "深圳市"),
    ("广东省", "广州市"),
    ("福建省", "厦门市"),
    ("北京市", "北京市"),
)
AWAY_IN_PROVINCE = (("安徽省", "合肥市"), ("安徽省", "芜湖市"), ("安徽省", "马鞍山市"))
MIGRANT_HOMES = (
    ("411525", "河南省信阳市固始县"),
    ("341221", "安徽省阜阳市临泉县"),
    ("511725", "四川省达州市渠县"),
    ("341282", "安徽省阜阳市界首市"),
    ("341321", "安徽省宿州市砀山县"),
    ("411624", "河南省周口市沈丘县"),
)
ILLNESSES = ("先天性心脏病", "白血病", "肾病综合征", "癫痫", "再生障碍性贫血")

CONTACT_NOTES = {
    Contact.Kind.HOME_VISIT: (
        "到家中走访，了解近期学习和生活情况，与监护人交流家庭教育方法。",
        "家访，查看居住环境和用电用火安全，提醒注意防溺水。",
        "家访，孩子作业完成较好，祖辈反映孩子在家比较听话。",
        "节假日集中家访，送去学习用品，叮嘱监护人关注孩子情绪。",
    ),
    Contact.Kind.TALK: (
        "课后谈心，孩子说想念在外打工的父母，已给予安慰和鼓励。",
        "谈心，了解到孩子与同学相处融洽，数学成绩有进步。",
        "午间谈心，孩子近期情绪低落，约定每周再聊一次。",
        "谈心，帮助孩子制定假期学习计划。",
    ),
    Contact.Kind.PARENT_CALL: (
        "在留守儿童之家拨打亲情电话，孩子与父母通话约十分钟。",
        "与孩子父母电话沟通，反馈在校表现，提醒多与孩子联系。",
        "亲情电话，家长询问期中考试情况。",
    ),
    Contact.Kind.VIDEO_CALL: (
        "帮助孩子与在外务工的父母视频通话，孩子很开心。",
        "视频通话，父母承诺春节回家过年。",
    ),
}

HOME_RULES = "\n".join(
    (
        "留守儿童之家管理制度",
        "值班制度",
        "亲情电话使用制度",
        "图书借阅制度",
        "心理辅导制度",
        "档案管理制度",
    )
)
ROOM_RULES = "\n".join(
    (
        "活动室管理制度",
        "书刊借阅制度",
        "体育器材使用制度",
        "议事联络制度",
        "关爱活动制度",
        "信息收集制度",
        "资料管理制度",
    )
)
ROOM_EQUIPMENT = (
    ("书柜", 2, 4),
    ("书刊", 600, 1200),
    ("光盘", 80, 200),
    ("乒乓球拍", 8, 20),
    ("篮球", 4, 10),
    ("足球", 4, 10),
    ("棋类", 6, 16),
)

DONORS = (
    ("恒升集团", Donor.Kind.ENTERPRISE),
    ("江森云鹤汽车座椅有限公司", Donor.Kind.ENTERPRISE),
    ("示范县农村商业银行", Donor.Kind.ENTERPRISE),
    ("安徽绿源米业有限公司", Donor.Kind.ENTERPRISE),
    ("示范县供电公司", Donor.Kind.ENTERPRISE),
    ("县助学金桥志愿者协会", Donor.Kind.ORGANISATION),
    ("县光彩事业促进会", Donor.Kind.ORGANISATION),
    ("县慈善协会", Donor.Kind.ORGANISATION),
    ("县红十字会", Donor.Kind.ORGANISATION),
    ("县公安局", Donor.Kind.GOVERNMENT),
    ("县民政局", Donor.Kind.GOVERNMENT),
    ("县商务局", Donor.Kind.GOVERNMENT),
    ("县委组织部", Donor.Kind.GOVERNMENT),
    ("本土歌手陈磊", Donor.Kind.PERSON),
    ("爱心人士周女士", Donor.Kind.PERSON),
)
# (donor, yuan, receiving school or "" for the federation, goods or "", purpose)
DONATIONS = (
    ("恒升集团", 30000, "", "", "资助特困留守儿童"),
    ("恒升集团", 6000, "六郎中心小学", "", "资助特困留守儿童"),
    ("江森云鹤汽车座椅有限公司", 20000, "", "", "“手拉手关爱留守儿童”活动"),
    ("江森云鹤汽车座椅有限公司", 8000, "", "书包、文具 200 套", "“手拉手关爱留守儿童”活动"),
    ("示范县农村商业银行", 25000, "", "", "爱心助学"),
    ("示范县农村商业银行", 10000, "", "", "春节慰问"),
    ("安徽绿源米业有限公司", 12000, "", "大米、食用油 300 份", "春节慰问"),
    ("示范县供电公司", 10000, "", "", "爱心助学"),
    ("县助学金桥志愿者协会", 8000, "", "", "爱心助学"),
    ("县助学金桥志愿者协会", 5000, "和平学校", "", "资助和平学校贫困学生"),
    ("县光彩事业促进会", 15000, "", "", "光彩助学"),
    ("县光彩事业促进会", 10000, "三元中学", "", "光彩助学"),
    ("县慈善协会", 20000, "", "", "困境儿童救助"),
    ("县慈善协会", 8000, "", "", "大病医疗救助"),
    ("县红十字会", 10000, "", "过冬衣物 250 套", "冬季送温暖"),
    ("县公安局", 6000, "", "", "爱心资助"),
    ("县公安局", 4000, "湾沚中学", "", "爱心资助"),
    ("县民政局", 15000, "", "", "困难学生资助"),
    ("县民政局", 5000, "陶辛中学", "", "困难学生资助"),
    ("县商务局", 8000, "", "", "困难学生资助"),
    ("县委组织部", 10000, "", "", "看望慰问留守学生"),
    ("县委组织部", 3000, "三元中学", "", "看望慰问留守学生"),
    ("本土歌手陈磊", 5000, "", "", "爱心助学"),
    ("爱心人士周女士", 3000, "", "", "爱心助学"),
    ("县慈善协会", 6000, "", "", "六一儿童节慰问"),
)

POLICY_DOCUMENTS = (
    ("关于成立{county}留守儿童之家建设领导组的通知", "县教育局", "示教", 640),
    ("{county}农村留守儿童之家建设和管理考核细则", "县教育局", "示教", 560),
    ("关于建立{county}农村留守儿童之家工作信息报送制度的通知", "县教育局", "示教", 470),
    (
        "关于建立{county}农村留守儿童之家建设与管理包保责任制和责任追究制的通知",
        "县教育局",
        "示教",
        380,
    ),
    ("{county}农村留守流动儿童活动室建设实施办法", "县妇联", "示妇", 260),
    ("{county}农村留守流动儿童活动室建设考核办法", "县妇联", "示妇", 150),
)
MEETING_DECISIONS = (
    "通报上半年关爱留守儿童工作情况；部署暑期防溺水安全教育和留守儿童之家开放值班。",
    "研究年度留守儿童之家建设计划；要求各校完成秋季学期留守儿童摸底登记并建立台账。",
    "部署春节期间返乡家长座谈会和集中家访；落实困境儿童临时救助。",
    "审议活动室建设考核办法；明确各成员单位包保责任和责任追究。",
    "通报结对帮扶落实情况，要求帮扶教师每月至少联系一次结对儿童。",
    "研究社会捐助资金使用方案，向特困留守儿童倾斜。",
)
JOINT_MEETING_ATTENDEES = (
    "县委办、县政府办、县教育局、县妇联、县民政局、县公安局、县财政局、团县委、县关工委"
)

# (kind, how many, organiser kinds to draw from, titles to draw from)
ACTIVITY_PLAN: tuple[tuple[str, int, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        Activity.Kind.PARENT_MEETING,
        24,
        (Activity.Organiser.SCHOOL,),
        ("留守儿童家长会", "春节返乡家长座谈会", "家校共建家长会"),
    ),
    (
        Activity.Kind.SAFETY_LECTURE,
        24,
        (Activity.Organiser.SCHOOL, Activity.Organiser.SCHOOL, Activity.Organiser.FEDERATION),
        ("防溺水安全教育讲座", "交通安全知识讲座", "冬季消防安全讲座", "自我保护安全知识讲座"),
    ),
    (
        Activity.Kind.THEME_CLASS,
        24,
        (Activity.Organiser.SCHOOL,),
        ("“同在阳光下快乐成长”主题中队会", "“感恩父母”主题班会", "“我的梦想”主题班会"),
    ),
    (
        Activity.Kind.HOLIDAY,
        20,
        (Activity.Organiser.SCHOOL, Activity.Organiser.FEDERATION),
        ("留守假日小队活动", "暑期留守儿童读书活动", "寒假留守儿童手工制作活动"),
    ),
    (
        Activity.Kind.TRIP,
        8,
        (Activity.Organiser.SCHOOL,),
        ("参观县青少年科教基地", "走进县老年大学——县青少年科教基地"),
    ),
    (
        Activity.Kind.COMPETITION,
        8,
        (Activity.Organiser.GUANGONGWEI, Activity.Organiser.FEDERATION),
        ("“迎中秋、庆国庆、爱家乡”知识竞答", "评选“留守儿童之星”"),
    ),
    (
        Activity.Kind.VOLUNTEER,
        10,
        (Activity.Organiser.COMPANY,),
        ("“手拉手关爱留守儿童”活动",),
    ),
    (
        Activity.Kind.HEALTH_TALK,
        8,
        (Activity.Organiser.OTHER, Activity.Organiser.FEDERATION),
        ("健康知识讲座", "青春期健康知识讲座"),
    ),
    (
        Activity.Kind.DONATION_CEREMONY,
        5,
        (Activity.Organiser.FEDERATION, Activity.Organiser.EDUCATION),
        ("光彩助学捐赠仪式", "爱心助学金发放仪式"),
    ),
    (
        Activity.Kind.OTHER,
        6,
        (Activity.Organiser.FEDERATION, Activity.Organiser.SCHOOL),
        ("两地书信亲子情活动", "“留守儿童之家建设”党员奉献日活动"),
    ),
)
FAMILY_EDUCATION_LECTURES = 13
FAMILY_EDUCATION_AUDIENCE = 6500
ORGANISER_NAMES = {
    Activity.Organiser.FEDERATION: ("县妇联",),
    Activity.Organiser.GUANGONGWEI: ("县关工委", "县教育局关工委"),
    Activity.Organiser.EDUCATION: ("县教育局",),
    Activity.Organiser.COMPANY: ("江森云鹤汽车座椅有限公司志愿者",),
    Activity.Organiser.OTHER: ("市妇幼保健院",),
}
PARTICIPANT_KINDS = frozenset(
    {
        Activity.Kind.THEME_CLASS,
        Activity.Kind.HOLIDAY,
        Activity.Kind.TRIP,
        Activity.Kind.VOLUNTEER,
        Activity.Kind.COMPETITION,
    }
)

# (username, role, full name); scopes are chosen from the data once it exists.
DEMO_USERS = (
    ("school_staff", Role.SCHOOL_STAFF, "陈静"),
    ("mentor", Role.MENTOR, ""),  # the name of the teacher's carer record
    ("village_director", Role.VILLAGE_DIRECTOR, "汪德明"),
    ("town_officer", Role.TOWN_OFFICER, "周红梅"),
    ("federation", Role.FEDERATION, "李秀芳"),
    ("education", Role.EDUCATION, "张建国"),
    ("coordination", Role.COORDINATION, "王志强"),
    ("admin", Role.ADMIN, "刘洋"),
)

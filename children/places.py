"""Where a parent works, as registers write it: a gazetteer of China's provinces and cities.

`locate("浙江杭州")` returns the province and prefecture-level city a register's work
place names ("江苏苏州", "上海", "广东东莞", "沪", "义乌", "浙江省杭州市萧山区"); words
for home ("本县", "在家") and abroad ("国外", "日本") are recognised too. Province codes
are the first two digits of GB/T 2260 (and of a county's 6-digit code), so a county knows
which province is its own.
"""

from dataclasses import dataclass

# code: (formal name, stem as people write it, short forms)
PROVINCES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "11": ("北京市", "北京", ("京",)),
    "12": ("天津市", "天津", ("津",)),
    "13": ("河北省", "河北", ("冀",)),
    "14": ("山西省", "山西", ("晋",)),
    "15": ("内蒙古自治区", "内蒙古", ("蒙", "内蒙")),
    "21": ("辽宁省", "辽宁", ("辽",)),
    "22": ("吉林省", "吉林", ("吉",)),
    "23": ("黑龙江省", "黑龙江", ("黑",)),
    "31": ("上海市", "上海", ("沪", "申")),
    "32": ("江苏省", "江苏", ("苏",)),
    "33": ("浙江省", "浙江", ("浙",)),
    "34": ("安徽省", "安徽", ("皖",)),
    "35": ("福建省", "福建", ("闽",)),
    "36": ("江西省", "江西", ("赣",)),
    "37": ("山东省", "山东", ("鲁",)),
    "41": ("河南省", "河南", ("豫",)),
    "42": ("湖北省", "湖北", ("鄂",)),
    "43": ("湖南省", "湖南", ("湘",)),
    "44": ("广东省", "广东", ("粤",)),
    "45": ("广西壮族自治区", "广西", ("桂",)),
    "46": ("海南省", "海南", ("琼",)),
    "50": ("重庆市", "重庆", ("渝",)),
    "51": ("四川省", "四川", ("川", "蜀")),
    "52": ("贵州省", "贵州", ("黔", "贵")),
    "53": ("云南省", "云南", ("滇", "云")),
    "54": ("西藏自治区", "西藏", ("藏",)),
    "61": ("陕西省", "陕西", ("陕", "秦")),
    "62": ("甘肃省", "甘肃", ("甘", "陇")),
    "63": ("青海省", "青海", ("青",)),
    "64": ("宁夏回族自治区", "宁夏", ("宁",)),
    "65": ("新疆维吾尔自治区", "新疆", ("新",)),
    "71": ("台湾省", "台湾", ("台",)),
    "81": ("香港特别行政区", "香港", ("港",)),
    "82": ("澳门特别行政区", "澳门", ("澳",)),
}
MUNICIPALITIES = frozenset({"11", "12", "31", "50", "81", "82"})

# Prefecture-level divisions by province; the name is stored as written here ("市" added
# when it carries no suffix of its own).
CITIES: dict[str, str] = {
    "13": "石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水",
    "14": "太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁",
    "15": "呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 兴安盟 "
    "锡林郭勒盟 阿拉善盟",
    "21": "沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛",
    "22": "长春 吉林 四平 辽源 通化 白山 松原 白城 延边州",
    "23": "哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 大兴安岭地区",
    "32": "南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁",
    "33": "杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水",
    "34": "合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城",
    "35": "福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德",
    "36": "南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶",
    "37": "济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽",
    "41": "郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 "
    "周口 驻马店 济源",
    "42": "武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施州 仙桃 潜江 天门 "
    "神农架林区",
    "43": "长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 湘西州",
    "44": "广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 "
    "东莞 中山 潮州 揭阳 云浮",
    "45": "南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左",
    "46": "海口 三亚 三沙 儋州",
    "51": "成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 "
    "巴中 资阳 阿坝州 甘孜州 凉山州",
    "52": "贵阳 六盘水 遵义 安顺 毕节 铜仁 黔西南州 黔东南州 黔南州",
    "53": "昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 楚雄州 红河州 文山州 西双版纳州 大理州 "
    "德宏州 怒江州 迪庆州",
    "54": "拉萨 日喀则 昌都 林芝 山南 那曲 阿里地区",
    "61": "西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛",
    "62": "兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 临夏州 甘南州",
    # 海南州 is left out: "海南" means the province.
    "63": "西宁 海东 海北州 黄南州 果洛州 玉树州 海西州",
    "64": "银川 石嘴山 吴忠 固原 中卫",
    "65": "乌鲁木齐 克拉玛依 吐鲁番 哈密 昌吉州 博尔塔拉州 巴音郭楞州 阿克苏地区 克孜勒苏州 "
    "喀什地区 和田地区 伊犁州 塔城地区 阿勒泰地区 石河子",
}
# County-level cities and districts that registers name instead of their prefecture.
TOWNS_OF_NOTE: dict[str, str] = {
    "义乌": "金华",
    "永康": "金华",
    "东阳": "金华",
    "萧山": "杭州",
    "余杭": "杭州",
    "慈溪": "宁波",
    "余姚": "宁波",
    "诸暨": "绍兴",
    "温岭": "台州",
    "乐清": "温州",
    "瑞安": "温州",
    "昆山": "苏州",
    "常熟": "苏州",
    "张家港": "苏州",
    "太仓": "苏州",
    "江阴": "无锡",
    "宜兴": "无锡",
    "晋江": "泉州",
    "石狮": "泉州",
    "虎门": "东莞",
    "顺德": "佛山",
    "浦东": "上海",
}
HOME_WORDS = frozenset({"", "本县", "在家", "本地", "家", "家中", "本村", "本镇", "本乡", "务农"})
IN_PROVINCE_WORDS = frozenset({"本省", "省内", "本市"})
ABROAD = frozenset(
    {"国外", "境外", "出国", "日本", "韩国", "新加坡", "美国", "意大利", "西班牙", "澳大利亚"}
)
SUFFIXES = ("特别行政区", "维吾尔自治区", "回族自治区", "壮族自治区", "自治区", "省", "市")
CITY_SUFFIXES = ("地区", "林区", "市", "州", "盟")


@dataclass(frozen=True)
class Place:
    """A work place read from a register: province code and names, or home or abroad."""

    province_code: str = ""
    province: str = ""
    city: str = ""
    home: bool = False
    abroad: bool = False
    in_province: bool = False  # "本省", "本市": inside the county's province, unnamed


def _stem(name: str) -> str:
    for suffix in CITY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _build() -> tuple[dict[str, tuple[str, str]], list[tuple[str, str, str]]]:
    """Return {city stem: (province code, city name)} and province stems, longest first."""
    cities: dict[str, tuple[str, str]] = {}
    for code, names in CITIES.items():
        for name in names.split():
            stem = _stem(name)
            cities[stem] = (code, name if name != stem else f"{name}市")
    for code in MUNICIPALITIES:
        formal, stem, _short = PROVINCES[code]
        cities[stem] = (code, formal)
    for town, prefecture in TOWNS_OF_NOTE.items():
        cities[town] = cities[prefecture]
    stems = sorted(
        ((stem, code, formal) for code, (formal, stem, _s) in PROVINCES.items()),
        key=lambda item: -len(item[0]),
    )
    return cities, stems


CITY_INDEX, PROVINCE_STEMS = _build()
SHORT_FORMS = {short: code for code, (_f, _s, shorts) in PROVINCES.items() for short in shorts}
CITY_STEMS = sorted(CITY_INDEX, key=len, reverse=True)


def _city_at_start(text: str, province_code: str = "") -> tuple[str, str] | None:
    for stem in CITY_STEMS:
        if text.startswith(stem):
            code, name = CITY_INDEX[stem]
            if not province_code or code == province_code:
                return code, name
    return None


def _province_prefix(text: str) -> tuple[str, str] | None:
    """Return (province code, the text after the province's name) if the text starts so."""
    for stem, code, formal in PROVINCE_STEMS:
        if text.startswith(formal):
            return code, text[len(formal) :]
        if text.startswith(stem):
            rest = text[len(stem) :]
            for suffix in SUFFIXES:
                if rest.startswith(suffix) and (code in MUNICIPALITIES or suffix != "市"):
                    rest = rest[len(suffix) :]
                    break
            return code, rest
    return None


def _place(code: str, city: str = "") -> Place:
    formal = PROVINCES[code][0]
    if code in MUNICIPALITIES:
        city = formal
    return Place(province_code=code, province=formal, city=city)


def locate(text: str) -> Place | None:
    """Return the place a register's work-place cell names, or None if it names none known."""
    text = "".join(str(text or "").split())
    if text in HOME_WORDS:
        return Place(home=True)
    if text in IN_PROVINCE_WORDS:
        return Place(in_province=True)
    if text in ABROAD or any(text.startswith(word) for word in ABROAD):
        return Place(province=text[:20], abroad=True)
    found = _province_prefix(text)
    if found:
        code, rest = found
        city = _city_at_start(rest, code)
        return _place(code, city[1] if city else "")
    city = _city_at_start(text)
    if city:
        return _place(*city)
    if text[:1] in SHORT_FORMS:
        code = SHORT_FORMS[text[:1]]
        rest = text[1:]
        city = _city_at_start(rest, code)
        if not rest or city:
            return _place(code, city[1] if city else "")
    return None


def province_of_county(county_code: str) -> str:
    """Return the province code (two digits) of a county's 6-digit division code."""
    return (county_code or "")[:2]

"""Reference data of the generated scenarios: 赵县 (Shijiazhuang, Hebei) as in the source plan.

Everything here is fixed data; the generator draws from it with its own seeded random source.
"""

from __future__ import annotations

from dataclasses import dataclass

from shuangsui.models.enums import CreditRisk, Tier

COUNTY = "赵县"

# The 11 townships of 赵县, weighted by where enterprises sit (赵州镇 is the county seat).
TOWNSHIPS: dict[str, float] = {
    "赵州镇": 3.0,
    "范庄镇": 1.4,
    "北王里镇": 1.0,
    "新寨店镇": 1.1,
    "韩村镇": 1.0,
    "南柏舍镇": 0.9,
    "沙河店镇": 1.2,
    "前大章乡": 0.8,
    "谢庄乡": 0.8,
    "高村乡": 0.8,
    "王西章乡": 0.9,
}
COUNTY_SEAT = "赵州镇"

# 随机抽查事项清单: item_id -> (name, specialty, legal basis).
ITEMS: dict[str, tuple[str, str, str]] = {
    "HJ-01": (
        "排污许可执行情况（废气）",
        "大气",
        "《中华人民共和国大气污染防治法》第十九条；《排污许可管理条例》第十七条",
    ),
    "HJ-02": (
        "排污许可执行情况（废水）",
        "水",
        "《中华人民共和国水污染防治法》第二十一条；《排污许可管理条例》第十七条",
    ),
    "HJ-03": ("环境影响评价制度执行情况", "大气", "《中华人民共和国环境影响评价法》第二十五条"),
    "HJ-04": (
        "建设项目环境保护设施“三同时”及竣工验收",
        "水",
        "《建设项目环境保护管理条例》第十五条、第十九条",
    ),
    "HJ-05": ("挥发性有机物污染防治", "大气", "《中华人民共和国大气污染防治法》第四十五条"),
    "HJ-06": ("工业企业无组织排放管控", "大气", "《中华人民共和国大气污染防治法》第四十八条"),
    "HJ-07": ("加油站油气回收治理", "大气", "《中华人民共和国大气污染防治法》第四十七条"),
    "HJ-08": (
        "自动监测设备安装联网及运行情况",
        "大气",
        "《中华人民共和国大气污染防治法》第二十四条；《中华人民共和国水污染防治法》第二十三条",
    ),
    "HJ-09": (
        "水污染物排放及排污口规范化",
        "水",
        "《中华人民共和国水污染防治法》第十条、第二十二条",
    ),
    "HJ-10": ("城镇污水集中处理设施运行情况", "水", "《中华人民共和国水污染防治法》第五十条"),
    "HJ-11": ("畜禽规模养殖污染防治", "水", "《畜禽规模养殖污染防治条例》第十三条"),
    "HJ-12": (
        "危险废物规范化管理",
        "固废",
        "《中华人民共和国固体废物污染环境防治法》第七十七条、第七十八条、第七十九条",
    ),
    "HJ-13": (
        "一般工业固体废物管理",
        "固废",
        "《中华人民共和国固体废物污染环境防治法》第三十六条",
    ),
    "HJ-14": (
        "医疗废物管理",
        "固废",
        "《中华人民共和国固体废物污染环境防治法》第九十条；《医疗废物管理条例》",
    ),
    "HJ-15": (
        "辐射安全许可执行情况",
        "辐射",
        "《中华人民共和国放射性污染防治法》第二十八条；《放射性同位素与射线装置安全和防护条例》第五条",
    ),
    "HJ-16": ("噪声污染防治", "噪声", "《中华人民共和国噪声污染防治法》第三十六条"),
    "HJ-17": (
        "土壤污染重点监管单位隐患排查",
        "土壤",
        "《中华人民共和国土壤污染防治法》第二十一条",
    ),
    "HJ-18": (
        "突发环境事件应急预案管理",
        "水",
        "《中华人民共和国环境保护法》第四十七条；《突发环境事件应急管理办法》",
    ),
    "HJ-19": ("物料堆场扬尘污染防治", "大气", "《中华人民共和国大气污染防治法》第七十二条"),
}
RADIATION = "辐射"
XRAY_ITEM = "HJ-15"
# Items that must be checked on site (必须现场检查, contract v2): 核与辐射安全 (source plan §(六):
# 核安全检查 is an on-site matter).
ONSITE_ITEMS = frozenset({XRAY_ITEM})
MEDICAL_WASTE_ITEM = "HJ-14"
MAX_ITEMS = 3


@dataclass(frozen=True)
class Industry:
    """An industry of the object directory and how its enterprises look."""

    name: str
    names: tuple[str, ...]  # name templates: {p} prefix, {z} 字号, {t} township
    items: tuple[tuple[str, float], ...]  # (item_id, probability); probability 1.0 = always
    offsite: float  # share with complete off-site facilities (online monitoring, 用电监控...)
    partners: tuple[str, ...]  # departments that also supervise such enterprises
    weights: tuple[float, float, float, float]  # relative frequency in special, key, general, positive

    def weight(self, tier: Tier) -> float:
        return self.weights[TIER_ORDER.index(tier)]


TIER_ORDER = (Tier.SPECIAL, Tier.KEY, Tier.GENERAL, Tier.POSITIVE)
HOSPITAL = "医院"

INDUSTRIES: tuple[Industry, ...] = (
    Industry(
        "果品加工",
        (
            "{p}{z}果品有限公司",
            "{p}{z}梨业有限公司",
            "{p}{z}果业有限公司",
            "{p}{z}果汁饮品有限公司",
        ),
        (("HJ-02", 1.0), ("HJ-03", 0.4), ("HJ-16", 0.3), ("HJ-13", 0.2)),
        0.30,
        ("市场监管",),
        (1, 2, 14, 5),
    ),
    Industry(
        "果品冷藏",
        ("{p}{z}果品冷藏有限公司", "{p}{z}冷链物流有限公司", "{p}{z}恒温库有限公司"),
        (("HJ-18", 1.0), ("HJ-16", 0.4), ("HJ-03", 0.3)),
        0.20,
        ("应急管理", "市场监管"),
        (1, 1, 12, 3),
    ),
    Industry(
        "制药设备",
        ("{p}{z}制药设备有限公司", "{p}{z}制药机械有限公司", "{p}{z}药机科技有限公司"),
        (("HJ-05", 1.0), ("HJ-01", 0.4), ("HJ-16", 0.3), ("HJ-12", 0.3)),
        0.35,
        ("市场监管",),
        (1, 2, 6, 3),
    ),
    Industry(
        "化工",
        ("{p}{z}化工有限公司", "{p}{z}精细化工有限公司", "{p}{z}化学科技有限公司"),
        (("HJ-01", 1.0), ("HJ-02", 0.6), ("HJ-12", 0.5), ("HJ-17", 0.3), ("HJ-18", 0.3)),
        0.60,
        ("应急管理",),
        (3, 8, 3, 1),
    ),
    Industry(
        "建材",
        (
            "{p}{z}建材有限公司",
            "{p}{z}水泥制品有限公司",
            "{p}{z}商品混凝土有限公司",
            "{p}{z}新型墙体材料有限公司",
        ),
        (("HJ-06", 1.0), ("HJ-19", 0.5), ("HJ-01", 0.3), ("HJ-16", 0.3)),
        0.35,
        ("住建", "自然资源"),
        (2, 3, 9, 1),
    ),
    Industry(
        "畜禽养殖",
        ("{p}{z}牧业有限公司", "{p}{z}养殖有限公司", "{p}{z}畜禽养殖有限公司"),
        (("HJ-11", 1.0), ("HJ-03", 0.3), ("HJ-09", 0.3)),
        0.20,
        ("农业农村",),
        (2, 3, 10, 1),
    ),
    Industry(
        "汽车维修",
        ("{p}{z}汽车维修有限公司", "{p}{z}汽车销售服务有限公司", "{p}{z}汽修服务有限公司"),
        (("HJ-05", 1.0), ("HJ-12", 0.6), ("HJ-16", 0.3)),
        0.15,
        ("交通运输", "市场监管"),
        (1, 0, 9, 1),
    ),
    Industry(
        "包装印刷",
        ("{p}{z}包装印刷有限公司", "{p}{z}彩印有限公司", "{p}{z}纸制品有限公司"),
        (("HJ-05", 1.0), ("HJ-01", 0.4), ("HJ-12", 0.4), ("HJ-03", 0.2)),
        0.35,
        ("市场监管",),
        (1, 2, 5, 2),
    ),
    Industry(
        HOSPITAL,
        (
            "{p}{z}医院有限公司",
            "赵县{z}中医医院有限公司",
            "赵县{z}口腔门诊部有限公司",
            "赵县{z}骨科医院有限公司",
        ),
        (("HJ-14", 1.0), ("HJ-15", 0.7), ("HJ-09", 0.4)),
        0.10,
        ("卫生健康",),
        (1, 2, 4, 0),
    ),
    Industry(
        "污水处理厂",
        ("赵县{z}污水处理有限公司", "{p}{z}水务有限公司", "{p}{z}环保科技有限公司"),
        (("HJ-10", 1.0), ("HJ-08", 0.6), ("HJ-13", 0.3), ("HJ-18", 0.3)),
        0.90,
        ("住建", "水利"),
        (1, 4, 1, 0),
    ),
    Industry(
        "铸造",
        ("{p}{z}铸造有限公司", "{p}{z}铸业有限公司", "{p}{z}精密铸造有限公司"),
        (("HJ-01", 1.0), ("HJ-06", 0.5), ("HJ-12", 0.4), ("HJ-16", 0.3), ("HJ-17", 0.2)),
        0.40,
        ("应急管理",),
        (3, 5, 6, 1),
    ),
    Industry(
        "家具制造",
        ("{p}{z}家具有限公司", "{p}{z}木业有限公司", "{p}{z}家居制造有限公司"),
        (("HJ-05", 1.0), ("HJ-16", 0.4), ("HJ-12", 0.3), ("HJ-19", 0.2)),
        0.30,
        ("市场监管",),
        (1, 1, 8, 2),
    ),
    Industry(
        "加油站",
        (
            "中国石化销售股份有限公司河北石家庄赵县{z}加油站",
            "中国石油天然气股份有限公司河北石家庄销售分公司赵县{z}加油站",
            "赵县{z}加油站有限公司",
        ),
        (("HJ-07", 1.0), ("HJ-12", 0.4), ("HJ-18", 0.3)),
        0.70,
        ("应急管理", "市场监管"),
        (1, 1, 6, 2),
    ),
    Industry(
        "热力供应",
        ("{p}{z}热力有限公司", "{p}{z}供热有限公司"),
        (("HJ-01", 1.0), ("HJ-08", 1.0), ("HJ-13", 0.3)),
        0.90,
        ("住建",),
        (0, 3, 1, 0),
    ),
    Industry(
        "金属制品",
        ("{p}{z}金属制品有限公司", "{p}{z}五金制品有限公司", "{p}{z}机械制造有限公司"),
        (("HJ-01", 1.0), ("HJ-05", 0.4), ("HJ-12", 0.4), ("HJ-16", 0.3)),
        0.30,
        ("应急管理",),
        (1, 2, 8, 2),
    ),
    Industry(
        "塑料制品",
        ("{p}{z}塑料制品有限公司", "{p}{z}塑业有限公司"),
        (("HJ-05", 1.0), ("HJ-16", 0.4), ("HJ-13", 0.3)),
        0.30,
        ("市场监管",),
        (1, 1, 6, 1),
    ),
    Industry(
        "食品加工",
        ("{p}{z}食品有限公司", "{p}{z}面粉有限公司", "{p}{z}淀粉制品有限公司"),
        (("HJ-02", 1.0), ("HJ-16", 0.3), ("HJ-04", 0.2)),
        0.25,
        ("市场监管",),
        (1, 1, 7, 3),
    ),
)
INDUSTRY_BY_NAME = {industry.name: industry for industry in INDUSTRIES}

# Where an enterprise is registered, as it shows in its name.
NAME_PREFIXES: dict[str, float] = {"赵县": 7.0, "石家庄": 1.5, "河北": 1.5}
# 字号: trade-name syllables, with some local colour (安济桥, 永通桥, 柏林禅寺, 洨河, 雪花梨).
TRADE_NAME_PARTS = (
    "安济", "永通", "柏林", "洨河", "雪花", "梨乡", "赵州", "恒泰", "鑫源", "瑞丰", "华盛", "宏兴",
    "德隆", "昌达", "通利", "祥福", "安顺", "嘉信", "诚永", "润宝", "金天", "海强", "佳和", "康立",
    "博正", "明光", "远辉", "晨旭", "冀中", "禾丰", "鸿运", "凯腾", "耀益", "晟骏", "鼎峰", "万通",
    "利民", "富农", "新华", "广源", "众诚", "兴业", "弘毅", "天成", "聚鑫", "荣盛", "汇丰", "北方",
    "燕赵", "石安", "长城", "惠民", "乐康", "福瑞", "顺达", "中科", "华北", "同心", "百川", "盛世",
)  # fmt: skip

# Credit-risk mix of the directory, per tier (share of A, B, C, D): mostly A/B, special more C/D.
CREDIT_MIX: dict[Tier, dict[CreditRisk, float]] = {
    Tier.SPECIAL: {CreditRisk.A: 0.05, CreditRisk.B: 0.25, CreditRisk.C: 0.35, CreditRisk.D: 0.35},
    Tier.KEY: {CreditRisk.A: 0.25, CreditRisk.B: 0.55, CreditRisk.C: 0.15, CreditRisk.D: 0.05},
    Tier.GENERAL: {CreditRisk.A: 0.25, CreditRisk.B: 0.58, CreditRisk.C: 0.13, CreditRisk.D: 0.04},
    Tier.POSITIVE: {CreditRisk.A: 0.70, CreditRisk.B: 0.30, CreditRisk.C: 0.0, CreditRisk.D: 0.0},
}
# Share of each tier in the directory (general is the rest).
TIER_SHARE = {Tier.SPECIAL: 0.024, Tier.KEY: 0.06, Tier.POSITIVE: 0.04}
TIER_MINIMUM = {Tier.SPECIAL: 5, Tier.KEY: 5, Tier.POSITIVE: 2}
# Share of a tier's objects that list partner departments.
PARTNER_SHARE = {Tier.SPECIAL: 0.30, Tier.KEY: 0.30, Tier.GENERAL: 0.08, Tier.POSITIVE: 0.05}
CLUE_SHARE = {Tier.SPECIAL: 0.15, Tier.KEY: 0.08, Tier.GENERAL: 0.03, Tier.POSITIVE: 0.02}
CONFIDENTIAL_SHARE = 0.01

# 问题线索 that make a drawn object an on-site check.
CLUES = (
    "投诉举报：群众反映夜间生产噪声扰民",
    "投诉举报：群众反映厂区周边有刺激性异味",
    "领导交办：县领导批示核查废水外排问题",
    "上级部门转办交办：市局转办信访件",
    "其他部门移送：应急管理局移送危险废物贮存线索",
    "数据分析推送：在线监测数据异常",
    "非现场监管设施推送：用电监控显示治污设施停运",
    "突发环境事件：2024年12月发生物料泄漏",
)

# 业务条线 of the bureau and the specialties their staff have (specialty -> probability).
ENFORCEMENT = "执法大队"
MONITORING = "监测站"
RADIATION_UNIT = "辐射管理股"
SOLID_WASTE_UNIT = "固废管理股"
UNIT_SPECIALTIES: dict[str, tuple[tuple[str, float], ...]] = {
    ENFORCEMENT: (("大气", 0.8), ("水", 0.8), ("噪声", 0.5), ("固废", 0.35), ("土壤", 0.15)),
    MONITORING: (("大气", 0.7), ("水", 0.7), ("噪声", 0.6), ("土壤", 0.5)),
    RADIATION_UNIT: (("辐射", 1.0), ("固废", 0.5), ("噪声", 0.5)),
    SOLID_WASTE_UNIT: (("固废", 1.0), ("土壤", 0.7), ("水", 0.3)),
}
SPECIALTY_ORDER = ("大气", "水", "固废", "噪声", "土壤", "辐射")
# Share of the inspector directory per unit (enforcement is the rest) and minimum head count.
UNIT_SHARE = {MONITORING: 0.16, RADIATION_UNIT: 0.10, SOLID_WASTE_UNIT: 0.12}
UNIT_MINIMUM = {MONITORING: 2, RADIATION_UNIT: 2, SOLID_WASTE_UNIT: 2}

SURNAMES = (
    "王", "李", "张", "刘", "赵", "杨", "陈", "郭", "马", "孙", "高", "田", "韩", "贾", "冯", "史",
    "董", "吕", "魏", "白", "霍", "谷", "范", "许", "崔", "耿", "翟", "齐", "苏", "尹",
)  # fmt: skip
GIVEN_NAME_CHARS = (
    "建", "国", "志", "军", "伟", "强", "磊", "洋", "勇", "静", "丽", "敏", "燕", "娜", "涛", "鹏",
    "超", "明", "华", "红", "霞", "峰", "辉", "杰", "博", "宇", "晓", "雪", "梅", "新", "亮", "彬",
    "凯", "浩", "倩", "颖", "欣", "琳", "斌", "昊",
)  # fmt: skip

CONFLICT_REASONS = (
    "亲属关系：近亲属在该单位任职",
    "曾在该单位任职",
    "亲属关系：配偶持有该单位股份",
    "其他利害关系：曾为该单位提供技术服务",
)


@dataclass(frozen=True)
class DirectedTemplate:
    """A [[directed]] block the generator can add (count is per 500 objects)."""

    name: str
    industries: tuple[str, ...]
    townships: tuple[str, ...]
    tiers: tuple[Tier, ...]
    count_per_500: int


DIRECTED_TEMPLATES = (
    DirectedTemplate("涉VOCs行业专项", ("汽车维修", "包装印刷"), (), (), 5),
    DirectedTemplate(
        "重点乡镇涉气行业专项",
        ("铸造", "建材"),
        ("赵州镇", "沙河店镇", "范庄镇", "新寨店镇"),
        (Tier.KEY, Tier.GENERAL),
        3,
    ),
    DirectedTemplate("梨果加工冷藏行业专项", ("果品加工", "果品冷藏"), (), (Tier.GENERAL,), 4),
)

BUREAU = "石家庄市生态环境局赵县分局"  # the issuer of the source plan (zhaoxian-2025-implementation-plan.txt)

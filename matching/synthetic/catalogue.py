"""Name and template catalogues for the synthetic days of :mod:`matching.synthetic.generate`.

Plain data only: Heshan's streets and towns, syllables for invented community and
compound names, city departments with their lead topics, kinds of resident unit
with the skills of their members and services, and the need templates (simple
needs cleared today, complex petitions clarified today).
"""

from __future__ import annotations

import random

__all__ = [
    "COMPLEX_NEEDS", "COMPOUND_SUFFIXES", "COUNT_SKILLS", "DAYTIME", "DEPARTMENTS", "EVENING", "GIVEN",
    "GRID_WORKER_SKILLS", "HESHAN_STREETS", "LEVELS", "MATERIALS", "MEMBER_EXTRA_SKILLS", "METRO_ROOT_NAME",
    "MORNING", "NAME_HEADS", "NAME_TAILS", "NEED_WINDOWS", "NUMERALS", "OFFICE_HOURS", "ROOT_NAME",
    "SHAPING_COMMUNITIES", "SIMPLE_NEEDS", "SPECIAL_COMPOUNDS", "STAFF_HOURS", "STAFF_SKILLS", "SURNAMES",
    "UNIT_KINDS", "VOLUNTEER_SKILLS", "chinese_number", "compound_name", "invent_place", "person_name",
]

LEVELS = ("city", "street", "community", "grid", "micro")

ROOT_NAME = "鹤山市"
METRO_ROOT_NAME = "大湾都市（合成）"

HESHAN_STREETS = (
    "沙坪街道", "雅瑶镇", "古劳镇", "龙口镇", "桃源镇", "鹤城镇",
    "共和镇", "址山镇", "宅梧镇", "双合镇", "云乡",
)
"""Heshan's street and towns, in the order the city tier uses them (沙坪 first: the demo street)."""

SHAPING_COMMUNITIES = ("桂林", "中山", "人民", "越塘", "玉桥", "西门", "东坑", "新华", "沙坪", "茶山")
"""Short names for 沙坪街道's communities (桂林社区 first; the rest invented)."""

NAME_HEADS = tuple("东西南北新金龙凤华荷桂石沙白云江海青岭松竹梅兰福安康宁和平兴隆永泰丰盛锦绣翠玉荔榕")
NAME_TAILS = tuple("湖城岗塘洲田冲围坑岭山桥湾坪村园溪源头岭埔涌圳港林苑")

COMPOUND_SUFFIXES = ("花园", "小区", "新村", "大厦", "苑", "公寓", "雅居", "楼")
SPECIAL_COMPOUNDS = ("公租房小区", "商业街", "老旧小区", "职工宿舍", "城中村片区")

SURNAMES = tuple("陈李黄张梁林何吴周罗冯谭邓叶伍区刘杨赵钟麦郑胡容朱徐")
GIVEN = tuple("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华文辉玲")

NUMERALS = "零一二三四五六七八九"


def chinese_number(value: int) -> str:
    """Chinese numeral for 1..99 (``12`` → ``十二``), as in 第十二网格."""
    if value < 10:
        return NUMERALS[value]
    tens, ones = divmod(value, 10)
    head = "" if tens == 1 else NUMERALS[tens]
    return head + "十" + (NUMERALS[ones] if ones else "")


def invent_place(rng: random.Random, used: set[str]) -> str:
    """A two-character place name not in ``used`` (a numeral is added when none is found)."""
    for _ in range(20):
        name = rng.choice(NAME_HEADS) + rng.choice(NAME_TAILS)
        if name not in used and name + "街道" not in used:
            return name
    return name + chinese_number(len(used) % 99 + 1)


def compound_name(rng: random.Random) -> str:
    """A compound's name (a micro-grid), such as 荔湾花园 or 公租房小区."""
    if rng.random() < 0.2:
        return rng.choice(SPECIAL_COMPOUNDS)
    return rng.choice(NAME_HEADS) + rng.choice(NAME_TAILS) + rng.choice(COMPOUND_SUFFIXES)


def person_name(rng: random.Random, title: str) -> str:
    """A person's title and name, such as ``志愿楼长 陈丽``."""
    return f"{title} {rng.choice(SURNAMES)}{rng.choice(GIVEN)}"


COUNT_SKILLS = ("vehicle", "tools")
"""Skills measured in uses (``measure: count``); every other skill is in hours."""

# Time windows --------------------------------------------------------------------------------

STAFF_HOURS = [["08:30", "12:00"], ["14:00", "17:30"]]
OFFICE_HOURS = [["08:30", "17:30"]]
EVENING = [["18:00", "21:00"]]
MORNING = [["08:00", "12:00"]]
DAYTIME = [["08:00", "18:00"]]

NEED_WINDOWS = (
    (["17:00", "21:00"], 4), (["08:00", "12:00"], 3), (["14:00", "18:00"], 2),
    (["09:00", "11:00"], 1), (["19:00", "21:00"], 1), (["12:00", "14:00"], 1),
)
"""Windows for the needs that have one, with relative weights (some miss every staff hour)."""

# Skills by kind of resource (weighted choices) -------------------------------------------

STAFF_SKILLS = (("elderly_care", 4), ("counselling", 3), ("legal", 1), ("escort", 2), ("cleaning", 1))
GRID_WORKER_SKILLS = (("escort", 3), ("inspection", 3), ("repair", 2), ("cleaning", 2), ("elderly_care", 2))
VOLUNTEER_SKILLS = (("escort", 3), ("elderly_care", 4), ("repair", 2), ("tutoring", 2), ("cleaning", 3),
                    ("counselling", 1))
MEMBER_EXTRA_SKILLS = (("escort", 3), ("cleaning", 2), ("elderly_care", 2), ("repair", 1))

DEPARTMENTS = (
    # name, lead topic, extra skills, share of the department teams, street branch (metro)
    ("市住建局", "housing", ("repair", "inspection"), 5, "住建所"),
    ("市城管局", "urban", ("cleaning", "inspection"), 4, "城管中队"),
    ("市民政局", "civil", ("elderly_care", "counselling"), 3, "民政办"),
    ("市卫健局", "health", ("medical",), 3, "卫生监督所"),
    ("市司法局", "justice", ("legal", "counselling"), 3, "司法所"),
    ("市生态环境局", "environment", ("inspection",), 2, "环保站"),
)
"""City departments; each team has ``lead:<topic>`` and one or two of the extra skills."""

UNIT_KINDS = (
    # kind, name stems, member skills, (service name, service skills, measure), weight
    ("hospital", ("人民医院", "卫生院", "中医院", "妇幼保健院"), ("medical", "elderly_care", "counselling"),
     ("社区诊疗队", ("medical", "elderly_care"), "hours"), 3),
    ("school", ("中学", "小学", "职业技术学校", "实验学校"), ("tutoring", "counselling"),
     ("课后服务队", ("tutoring",), "hours"), 3),
    ("law", ("律师事务所", "人民法庭", "公证处"), ("legal", "counselling"),
     ("法律服务站", ("legal",), "hours"), 2),
    ("agency", ("税务分局", "供电所", "自来水公司", "邮政支局"), ("escort", "inspection"),
     ("便民服务队", ("inspection", "repair"), "hours"), 2),
    ("enterprise", ("五金厂", "建筑公司", "物业公司", "电器厂"), ("repair", "cleaning"),
     ("维修队", ("repair", "cleaning"), "hours"), 3),
    ("transport", ("公交公司", "客运站"), ("escort",), ("爱心班车", ("vehicle",), "count"), 1),
)
"""Kinds of resident unit (驻区单位)."""

MATERIALS = (("街道公务车", "vehicle"), ("社区电动巡逻车", "vehicle"), ("维修工具箱", "tools"),
             ("应急工具包", "tools"), ("疏通机", "tools"))

# Need templates ----------------------------------------------------------------------------

SIMPLE_NEEDS = (
    # title, category, skill, amounts, optional second requirement (skill, probability), weight
    ("楼道安装扶手", "housing", "repair", (1.5, 2, 3), None, 3),
    ("更换楼道灯泡", "housing", "repair", (0.5, 1), None, 3),
    ("疏通下水道", "housing", "repair", (1, 1.5, 2), ("tools", 0.6), 3),
    ("独居老人上门探访", "elderly", "elderly_care", (0.5, 1, 1.5), None, 5),
    ("高龄老人助餐送餐", "elderly", "elderly_care", (1, 1.5), None, 3),
    ("陪同就医", "health", "escort", (1.5, 2, 3), ("vehicle", 0.5), 4),
    ("上门测血压血糖", "health", "medical", (0.5, 1), None, 3),
    ("慢病随访", "health", "medical", (1, 1.5), None, 2),
    ("课业辅导", "education", "tutoring", (1, 1.5, 2), None, 3),
    ("留守儿童陪伴", "education", "tutoring", (1, 2), ("counselling", 0.3), 2),
    ("法律咨询", "legal", "legal", (0.5, 1, 1.5), None, 3),
    ("家庭矛盾调解", "legal", "counselling", (1, 2), None, 2),
    ("心理疏导", "health", "counselling", (1, 1.5), None, 2),
    ("楼道杂物清理", "environment", "cleaning", (1, 2, 3), None, 3),
    ("卫生死角清理", "environment", "cleaning", (1.5, 2), ("tools", 0.3), 2),
    ("消防隐患排查", "safety", "inspection", (0.5, 1), None, 3),
    ("燃气安全检查", "safety", "inspection", (0.5, 1), None, 2),
    ("残疾人出行接送", "elderly", "vehicle", (1,), ("escort", 0.8), 1),
)
"""Simple needs (cleared today)."""

COMPLEX_NEEDS = (
    # title, category = lead topic, weight
    ("违建信访", "housing", 3), ("物业纠纷信访", "housing", 3), ("房屋漏水纠纷信访", "housing", 2),
    ("占道经营信访", "urban", 3), ("违规停车信访", "urban", 1),
    ("低保申请信访", "civil", 2), ("养老补贴信访", "civil", 2),
    ("医疗纠纷信访", "health", 2),
    ("邻里纠纷信访", "justice", 3), ("拖欠工资信访", "justice", 2),
    ("噪音扰民信访", "environment", 3), ("油烟污染信访", "environment", 1),
)
"""Complex needs (petitions 信访, clarified today): ``lead:<category>`` plus a liaison."""

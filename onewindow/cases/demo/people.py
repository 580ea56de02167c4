"""Made-up applicants for the demo history: names, valid identity numbers, form answers.

Everything here is drawn from a seeded random.Random, so the same seed gives the same
people. Identity numbers carry correct check characters (GB 11643, GB 32100) because
the case pages and the applicant service validate them.
"""

import random
from datetime import date, timedelta

from onewindow.accounts.models import ApplicantKind
from onewindow.lib.identity import USCC_ALPHABET, resident_id_check_char, uscc_check_char

from ..models import Applicant

# Common surnames first: earlier ones are drawn more often.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林郑梁谢唐宋许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤冉"
)
MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林阳建国志文德兵川松峰晨博"
FEMALE = "芳娜敏静丽艳娟霞燕玲婷雪琳慧倩颖洁欣佳怡梦悦晶蓉萍红梅兰秀英琴月露瑶璐丹薇嘉"
# Birthplace codes: mostly the demo district, some neighbours and other provinces.
BIRTHPLACES = (
    ("500199", 70), ("500101", 5), ("500103", 5), ("500112", 5), ("500235", 4),
    ("510104", 4), ("510502", 2), ("420102", 2), ("430102", 1), ("520102", 2),
)  # fmt: skip
TOWNS = (
    "清江街道",
    "龙溪街道",
    "双凤街道",
    "桂花街道",
    "白鹤街道",
    "石门镇",
    "青龙镇",
    "大兴镇",
    "茶园镇",
)
ROADS = (
    "清江大道", "滨江路", "文星路", "望江路", "桂园路", "龙溪路", "松石大道", "红锦路", "凤鸣路",
    "双凤桥街", "桂花街", "新湖路", "白鹤路", "云峰路", "石门正街", "青龙街", "大兴路", "茶园路",
)  # fmt: skip
TRADE_NAMES = (
    "山城", "渝味", "清江", "嘉禾", "鑫源", "宏达", "恒泰", "锦程", "华宇", "天和", "金桥", "龙溪",
    "凤鸣", "桂香", "白鹤", "石门", "顺达", "永兴", "博远", "汇川", "巴渝", "长江", "新湖", "云峰",
)  # fmt: skip
INDUSTRIES = (
    "餐饮管理", "商贸", "建筑工程", "科技", "物流", "医药连锁", "房地产开发", "农业开发",
    "文化传媒", "酒店管理", "食品", "环保科技", "装饰工程", "汽车服务", "教育咨询", "物业管理",
)  # fmt: skip
SHOPS = ("面馆", "小吃店", "火锅店", "便利店", "超市", "药房", "茶馆", "烧烤店", "水果店", "五金店")
HOSPITALS = ("清江区人民医院", "清江区妇幼保健院", "清江区中医院", "龙溪街道社区卫生服务中心")


def person_name(rng: random.Random, male: bool | None = None) -> str:
    male = rng.random() < 0.5 if male is None else male
    pool = MALE if male else FEMALE
    surname = SURNAMES[min(int(rng.expovariate(1 / 18)), len(SURNAMES) - 1)]
    given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.6 else "")
    return surname + given


def resident_id(rng: random.Random, *, male: bool, born: date) -> str:
    place = rng.choices([p for p, _ in BIRTHPLACES], [w for _, w in BIRTHPLACES])[0]
    # The 17th digit is odd for men and even for women.
    order = rng.randrange(0, 50) * 20 + rng.randrange(0, 5) * 2 + (1 if male else 0)
    body = f"{place}{born:%Y%m%d}{order:03d}"
    return body + resident_id_check_char(body)


def credit_code(rng: random.Random, individual: bool) -> str:
    """91 = enterprise, 92 = individual business; MA… is how new registrations read."""
    tail = "".join(rng.choice(USCC_ALPHABET) for _ in range(7))
    body = f"{'92' if individual else '91'}500199MA{tail}"
    return body + uscc_check_char(body)


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def address(rng: random.Random) -> str:
    return f"清江区{rng.choice(TOWNS)}{rng.choice(ROADS)}{rng.randint(1, 300)}号"


def make_applicants(
    rng: random.Random, persons: int, organisations: int, *, when, taken: set[str]
) -> list[Applicant]:
    """Unsaved applicants with identity numbers distinct from each other and from `taken`;
    `when` is their registration time."""
    out, seen = [], set(taken)
    today = when.date()
    while len(out) < persons:
        male = rng.random() < 0.5
        born = today - timedelta(days=rng.randint(18 * 365, 82 * 365))
        number = resident_id(rng, male=male, born=born)
        if number in seen:
            continue
        seen.add(number)
        out.append(Applicant(kind=ApplicantKind.PERSON, name=person_name(rng, male),
                             id_number=number, phone=mobile(rng), address=address(rng),
                             created_at=when))  # fmt: skip
    while len(out) < persons + organisations:
        individual = rng.random() < 0.3
        number = credit_code(rng, individual)
        if number in seen:
            continue
        seen.add(number)
        boss = person_name(rng)
        trade = rng.choice(TRADE_NAMES)
        if individual:
            name = f"清江区{boss[0]}记{rng.choice(SHOPS)}"
        else:
            name = f"重庆{trade}{rng.choice(INDUSTRIES)}有限公司"
        out.append(Applicant(kind=ApplicantKind.ORGANISATION, name=name, id_number=number,
                             phone=f"023-67{rng.randrange(10**6):06d}", address=address(rng),
                             legal_representative=boss, created_at=when))  # fmt: skip
    return out


def _born(id_number: str) -> str:
    return f"{id_number[6:10]}-{id_number[10:12]}-{id_number[12:14]}"


def form_answers(fields, applicant: Applicant, rng: random.Random, today: date) -> dict:
    """Plausible answers to every field of a form (dicts or catalog MergedField objects).

    The answers pass onewindow.cases.formcheck, so demo-user cases can be submitted
    through the real service with them. Answers are made only for the fields asked.
    """
    is_person = applicant.kind == ApplicantKind.PERSON
    person = applicant.name if is_person else applicant.legal_representative or "王强"
    pid = applicant.id_number if is_person else resident_id(rng, male=True, born=date(1980, 5, 1))
    company = applicant.name if not is_person else f"重庆{rng.choice(TRADE_NAMES)}商贸有限公司"
    r = rng
    known = {
        "applicant_name": lambda: person, "id_number": lambda: pid, "legal_rep": lambda: person,
        "phone": lambda: applicant.phone or mobile(r), "address": lambda: applicant.address or address(r),
        "household_address": lambda: address(r), "birth_date": lambda: _born(pid),
        "company_name": lambda: company, "employer": lambda: company,
        "uscc": lambda: credit_code(r, False) if is_person else applicant.id_number,
        "shop_name": lambda: f"{r.choice(TRADE_NAMES)}{r.choice(SHOPS)}",
        "business_address": lambda: address(r), "business_area": lambda: str(r.randint(20, 400)),
        "business_scope": lambda: "餐饮服务；食品销售；日用百货销售",
        "registered_capital": lambda: str(r.choice((10, 50, 100, 500))),
        "employee_count": lambda: str(r.randint(2, 60)),
        "property_address": lambda: f"{address(r)}{r.randint(1, 12)}栋{r.randint(1, 30)}{r.randint(1, 4):02d}",
        "property_cert_no": lambda: f"渝（{today.year - r.randint(1, 10)}）清江区不动产权第{r.randrange(10**7):07d}号",
        "building_area": lambda: f"{r.uniform(45, 160):.1f}", "deal_price": lambda: str(r.randint(40, 260) * 10000),
        "buyer_name": lambda: person_name(r), "seller_name": lambda: person_name(r),
        "project_name": lambda: f"清江区{r.choice(TRADE_NAMES)}{r.choice(('产业园', '安置房', '商业综合体', '标准厂房'))}项目",
        "project_address": lambda: address(r), "total_investment": lambda: str(r.randint(5, 500) * 100),
        "baby_name": lambda: person_name(r), "baby_birth_date": lambda: (today - timedelta(days=r.randint(3, 40))).isoformat(),
        "birth_hospital": lambda: r.choice(HOSPITALS), "mother_name": lambda: person_name(r, False),
        "father_name": lambda: person_name(r, True),
        "mother_id_number": lambda: resident_id(r, male=False, born=date(1993, 3, 8)),
        "father_id_number": lambda: resident_id(r, male=True, born=date(1991, 9, 1)),
        "retire_date": lambda: (today + timedelta(days=20)).isoformat(),
        "bank_account": lambda: f"6217{r.randrange(10**15):015d}", "town": lambda: r.choice(TOWNS),
        "reason": lambda: "按规定申请办理。",
    }  # fmt: skip
    by_type = {
        "number": lambda: "1", "date": lambda: today.isoformat(), "phone": known["phone"],
        "idnumber": lambda: pid, "textarea": lambda: "详见申请材料。", "text": lambda: "详见申请材料",
    }  # fmt: skip
    answers = {}
    for f in fields:
        spec = f if isinstance(f, dict) else vars(f)
        key, kind = spec["key"], spec.get("type") or "text"
        if kind == "select":
            answers[key] = r.choice(spec.get("options") or [""])
        else:
            answers[key] = known.get(key, by_type.get(kind, by_type["text"]))()
    return answers

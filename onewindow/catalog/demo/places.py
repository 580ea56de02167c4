"""Where applications are taken: the hall, town centres, village stations and outlets."""

from typing import NamedTuple

from ..choices import ServicePointKind
from .common import DISTRICT_CODE, HALL_ADDRESS, HALL_NAME
from .regions import STATION_VILLAGES, TOWNS


class Point(NamedTuple):
    code: str
    name: str
    kind: str
    region: str  # Region.code
    address: str
    phone: str
    opening_hours: str = "工作日 9:00-12:00，13:30-17:00"


class Desk(NamedTuple):
    number: str
    name: str
    domain: bool = False
    themes: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    standby: bool = False


HALL = Point(
    "QJ-HALL", HALL_NAME, ServicePointKind.MAIN_HALL, DISTRICT_CODE, HALL_ADDRESS, "023-67100000",
    "工作日 9:00-12:00，13:30-17:30；周六 9:00-12:00（不动产登记、社保医保窗口）",
)  # fmt: skip

HALL_DESKS = (
    # 1-9 take any matter (无差别受理); 10 stands by for peaks and lunch-time relief.
    *(Desk(str(n), "综合受理窗口") for n in range(1, 10)),
    Desk("10", "综合受理窗口（备岗）", standby=True),
    Desk("11", "不动产登记窗口", True, ("zhufang",), ("BDC", "SWJ")),
    Desk("12", "公安户政出入境窗口", True, ("huji", "zhengjian", "churujing"), ("GAFJ",)),
    Desk("13", "社保医保窗口", True,
         ("shehui-baozhang", "yiliao-weisheng", "tuixiu-yanglao", "jiuye-chuangye"), ("RSJ", "YBJ")),
    Desk("14", "市场准入窗口", True, ("sheli-biangeng", "zhunying-zhunban", "zhuxiao-tuichu"),
         ("SCJGJ", "YCJ", "XFJY", "SWW")),
    Desk("15", "工程建设项目审批窗口", True, ("gongcheng-jianshe", "touzi-shenpi"),
         ("FGW", "ZJW", "GHZYJ", "STHJJ", "SLJ")),
    Desk("16", "税务窗口", True, ("shuishou-caiwu",), ("SWJ",)),
    Desk("17", "住房公积金窗口", True, ("zhufang",), ("GJJ",)),
    Desk("18", "交通运输窗口", True, ("zhunying-zhunban",), ("JTW",)),
    # Hands over every department's results, so it takes no domain's applications.
    Desk("19", "综合出件窗口", True),
)  # fmt: skip

TOWN_DESKS = (
    Desk("1", "综合受理窗口"),
    Desk("2", "社保民政窗口", True, ("shehui-baozhang", "tuixiu-yanglao", "yiliao-weisheng"),
         ("RSJ", "YBJ", "MZJ")),
)  # fmt: skip
# Towns (镇, codes 1xx) also handle rural housing and farming matters.
RURAL_DESK = Desk("3", "农业农村窗口", True, ("zhufang",), ("NYNCW", "GHZYJ"))
STATION_DESKS = (Desk("1", "便民代办窗口"),)
OUTLET_DESKS = (Desk("1", "政务服务代办窗口"),)


def _town_points() -> list[tuple[Point, tuple[Desk, ...]]]:
    out = []
    for code, name, _villages in TOWNS:
        is_town = code[6] == "1"
        point = Point(
            f"QJ-T{code[6:9]}",
            f"{name}便民服务中心",
            ServicePointKind.TOWN_CENTER,
            code,
            f"清江区{name}{'政府' if is_town else '办事处'}一楼",
            f"023-671{code[6:9]}00",
        )
        out.append((point, (*TOWN_DESKS, RURAL_DESK) if is_town else TOWN_DESKS))
    return out


def _station_points() -> list[tuple[Point, tuple[Desk, ...]]]:
    names = {v_code: v_name for _c, _n, villages in TOWNS for v_code, v_name in villages}
    return [
        (
            Point(
                f"QJ-V{code[6:]}",
                f"{names[code]}便民服务站",
                ServicePointKind.VILLAGE_STATION,
                code,
                f"清江区{names[code]}党群服务中心",
                "",
                "工作日 9:00-12:00，14:00-17:00",
            ),
            STATION_DESKS,
        )
        for code in STATION_VILLAGES
    ]


OUTLETS = (
    Point("QJ-POST01", "清江大道邮政营业所政务服务代办点", ServicePointKind.POST_OUTLET,
          "500199001000", "清江区清江大道56号", "023-67881001", "每日 9:00-17:30"),
    Point("QJ-POST02", "石门镇邮政所政务服务代办点", ServicePointKind.POST_OUTLET,
          "500199101000", "清江区石门镇正街12号", "023-67881002", "每日 9:00-17:00"),
    Point("QJ-MOB01", "中国移动龙溪营业厅政务服务代办点", ServicePointKind.MOBILE_OUTLET,
          "500199002000", "清江区龙溪街道松石大道88号", "023-67881003", "每日 9:00-21:00"),
)  # fmt: skip

# What each outlet may take, by short matter code; every one lists OUTLET among its channels.
OUTLET_MATTERS = {
    "QJ-POST01": (
        "GG-0501-00", "GG-0502-00", "XK-0301-01", "XK-0302-00", "XK-0401-00", "GG-0601-00",
        "GG-1101-00", "BA-0601-00",
    ),
    "QJ-POST02": ("GG-0501-00", "GG-0502-00", "XK-0301-01", "GG-0601-00", "JF-0502-00"),
    "QJ-MOB01": ("GG-0501-00", "GG-0502-00", "GG-0601-00", "BA-0601-00", "JF-0502-00"),
}  # fmt: skip

TOWN_CENTRES = _town_points()
STATIONS = _station_points()
ALL_POINTS = [
    (HALL, HALL_DESKS),
    *TOWN_CENTRES,
    *STATIONS,
    *((outlet, OUTLET_DESKS) for outlet in OUTLETS),
]

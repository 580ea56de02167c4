from django.db import models


class RegionLevel(models.TextChoices):
    DISTRICT = "DISTRICT", "区县"
    TOWN = "TOWN", "镇街"
    VILLAGE = "VILLAGE", "村社区"


class ServicePointKind(models.TextChoices):
    MAIN_HALL = "MAIN_HALL", "政务服务大厅"
    TOWN_CENTER = "TOWN_CENTER", "镇街便民服务中心"
    VILLAGE_STATION = "VILLAGE_STATION", "村社区便民服务站"
    POST_OUTLET = "POST_OUTLET", "邮政代办网点"
    MOBILE_OUTLET = "MOBILE_OUTLET", "通信运营商代办网点"


class WindowKind(models.TextChoices):
    COMPREHENSIVE = "COMPREHENSIVE", "综合窗口（无差别受理）"
    DOMAIN = "DOMAIN", "分领域窗口"


class Audience(models.TextChoices):
    PERSON = "PERSON", "个人"
    ENTERPRISE = "ENTERPRISE", "企业"


class ServiceObject(models.TextChoices):
    PERSON = "PERSON", "自然人"
    ENTERPRISE = "ENTERPRISE", "法人"
    BOTH = "BOTH", "自然人、法人"


class MatterType(models.TextChoices):
    LICENSING = "LICENSING", "行政许可"
    CONFIRMATION = "CONFIRMATION", "行政确认"
    ADJUDICATION = "ADJUDICATION", "行政裁决"
    BENEFIT = "BENEFIT", "行政给付"
    REWARD = "REWARD", "行政奖励"
    FILING = "FILING", "行政备案"
    OTHER_POWER = "OTHER_POWER", "其他行政权力"
    PUBLIC_SERVICE = "PUBLIC_SERVICE", "公共服务"


class MatterKind(models.TextChoices):
    IMMEDIATE = "IMMEDIATE", "即办件"
    PROMISED = "PROMISED", "承诺件"


class BusinessKind(models.TextChoices):
    MAIN = "", "主项"
    NEW = "NEW", "新办"
    CHANGE = "CHANGE", "变更"
    RENEW = "RENEW", "延续/换证"
    CANCEL = "CANCEL", "注销"


class Level(models.TextChoices):
    """Levels of government at which a matter is handled (行使层级)."""

    NATIONAL = "NATIONAL", "国家级"
    PROVINCIAL = "PROVINCIAL", "省级"
    CITY = "CITY", "市级"
    COUNTY = "COUNTY", "县级"
    TOWNSHIP = "TOWNSHIP", "乡镇级"
    VILLAGE = "VILLAGE", "村社区级"


class Channel(models.TextChoices):
    WINDOW = "WINDOW", "窗口办理"
    ONLINE = "ONLINE", "网上办理"
    MOBILE = "MOBILE", "掌上办理"
    OUTLET = "OUTLET", "网点代办"


class OnlineLevel(models.TextChoices):
    FULL_ONLINE = "FULL_ONLINE", "全程网办"
    ONLINE_PREREVIEW = "ONLINE_PREREVIEW", "网上预审"
    WINDOW_ONLY = "WINDOW_ONLY", "窗口办理"


class MaxVisits(models.IntegerChoices):
    ZERO = 0, "零跑动"
    ONE = 1, "只跑一次"
    TWO_OR_MORE = 2, "跑两次及以上"


class MatterStatus(models.TextChoices):
    DRAFT = "DRAFT", "草稿"
    PUBLISHED = "PUBLISHED", "已发布"
    SUPERSEDED = "SUPERSEDED", "已被新版本替代"
    RETIRED = "RETIRED", "已取消"


class StepKind(models.TextChoices):
    PROCESS = "PROCESS", "办理环节"
    SPECIAL = "SPECIAL", "特殊环节（不计入时限）"


class MaterialForm(models.TextChoices):
    ORIGINAL = "ORIGINAL", "原件"
    COPY = "COPY", "复印件"
    ORIGINAL_AND_COPY = "ORIGINAL_AND_COPY", "原件及复印件"


class MaterialMedium(models.TextChoices):
    PAPER = "PAPER", "纸质"
    ELECTRONIC = "ELECTRONIC", "电子"
    BOTH = "BOTH", "纸质或电子"


class MaterialSource(models.TextChoices):
    APPLICANT = "APPLICANT", "申请人自备"
    GOVERNMENT = "GOVERNMENT", "政府部门核发"
    INTERMEDIARY = "INTERMEDIARY", "中介机构出具"
    OTHER = "OTHER", "其他"


class CalendarSource(models.TextChoices):
    PACKAGE = "PACKAGE", "内置节假日数据"
    IMPORT = "IMPORT", "导入的官方安排"
    MANUAL = "MANUAL", "管理员维护"

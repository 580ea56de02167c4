"""Themes to browse the catalog by life event (个人) or enterprise lifecycle (法人)."""

from ..choices import Audience

# (code, name, audience, description)
THEMES = (
    ("shengyu-shouyang", "生育收养", Audience.PERSON, "生育登记、出生医学证明、新生儿落户"),
    ("huji", "户籍办理", Audience.PERSON, "出生登记、户口迁移、居住证"),
    ("zhengjian", "证件办理", Audience.PERSON, "居民身份证、证明开具"),
    ("jiaoyu", "教育科研", Audience.PERSON, "教师资格、学生资助、办学"),
    ("jiuye-chuangye", "就业创业", Audience.PERSON, "就业登记、创业补贴、失业保险"),
    ("shehui-baozhang", "社会保障", Audience.PERSON, "社会保障卡、社会救助、残疾人服务"),
    ("yiliao-weisheng", "医疗卫生", Audience.PERSON, "医保参保、异地就医、门诊特病"),
    ("hunyin", "婚姻登记", Audience.PERSON, "结婚、离婚、补领婚姻登记证"),
    ("zhufang", "住房保障", Audience.PERSON, "不动产登记、公积金、公租房"),
    ("tuixiu-yanglao", "退休养老", Audience.PERSON, "退休审批、养老金领取、高龄津贴"),
    ("churujing", "出境入境", Audience.PERSON, "护照、往来港澳台通行证及签注"),
    ("youfu-anzhi", "优待抚恤", Audience.PERSON, "退役军人优待、抚恤补助"),
    ("sheli-biangeng", "设立变更", Audience.ENTERPRISE, "办营业执照、变更登记、税务报到"),
    ("zhunying-zhunban", "准营准办", Audience.ENTERPRISE, "开业所需的各类经营许可"),
    ("touzi-shenpi", "投资审批", Audience.ENTERPRISE, "项目核准备案、用地、环评"),
    ("gongcheng-jianshe", "工程建设", Audience.ENTERPRISE, "规划许可、施工许可、竣工验收"),
    ("shuishou-caiwu", "税收财务", Audience.ENTERPRISE, "涉税事项、发票、财产行为税"),
    ("renli-ziyuan", "人力资源", Audience.ENTERPRISE, "员工参保、工伤认定、用工服务"),
    ("zhuxiao-tuichu", "注销退出", Audience.ENTERPRISE, "简易注销、许可注销"),
)

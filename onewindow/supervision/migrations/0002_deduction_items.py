"""The deduction items every hall starts with; the office edits names and points in the admin."""

from django.db import migrations

ITEMS = [
    ("LATE", "迟到早退", 1, False, 10),
    ("AWAY", "脱岗离岗", 2, False, 20),
    ("CHATTING", "闲聊、玩手机", 1, False, 30),
    ("BAD_RATING", "差评", 2, True, 40),
    ("OVERDUE", "超期办件", 3, True, 50),
    ("COMPLAINT", "有效投诉", 5, False, 60),
    ("PATROL", "巡查发现其他问题", 1, False, 70),
]


def seed(apps, schema_editor):
    DeductionItem = apps.get_model("supervision", "DeductionItem")
    for code, name, points, automatic, order in ITEMS:
        DeductionItem.objects.get_or_create(
            code=code,
            defaults={"name": name, "points": points, "automatic": automatic, "order": order},
        )
    apps.get_model("supervision", "AssessmentPolicy").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

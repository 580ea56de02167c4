from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="casematerial",
            name="check_result",
            field=models.CharField(
                choices=[
                    ("PROVIDED", "已提交"),
                    ("MISSING", "缺少"),
                    ("INVALID", "不符合要求"),
                    ("PLEDGED", "承诺后补"),
                ],
                default="PROVIDED",
                max_length=10,
                verbose_name="核验结果",
            ),
        ),
    ]

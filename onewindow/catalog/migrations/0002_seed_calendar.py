from django.db import migrations


def seed(apps, schema_editor):
    from onewindow.catalog.calendar import seed_from_package

    seed_from_package(apps.get_model("catalog", "HolidayDay"), apps.get_model("catalog", "CalendarYear"))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

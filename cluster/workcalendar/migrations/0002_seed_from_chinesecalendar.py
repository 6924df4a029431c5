"""The years `chinesecalendar` knows, as seeded arrangements (no 文号: the library has none).

A snapshot of the installed library: later years are entered in the console from the
State Council's notice, not by upgrading the package.
"""

from django.db import migrations

# chinese_calendar.constants.Holiday values, in the notices' words.
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def seed(apps, schema_editor):
    from chinese_calendar import constants

    Arrangement = apps.get_model("workcalendar", "HolidayArrangement")
    Day = apps.get_model("workcalendar", "ArrangedDay")
    by_year: dict[int, list] = {}
    for kind, table in (("holiday", constants.holidays), ("workday", constants.workdays)):
        for date, name in table.items():
            by_year.setdefault(date.year, []).append((date, kind, NAMES.get(name, name)))
    # The library lists only years whose notice it has; holidays tell which those are.
    years = sorted({date.year for date in constants.holidays})
    existing = set(Arrangement.objects.values_list("year", flat=True))
    for year in years:
        if year in existing:
            continue
        arrangement = Arrangement.objects.create(year=year, seeded_from_library=True)
        Day.objects.bulk_create(
            Day(arrangement=arrangement, date=date, kind=kind, name=name)
            for date, kind, name in sorted(by_year.get(year, []))
        )


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

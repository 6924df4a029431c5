from django.apps import AppConfig


class WorkCalendarConfig(AppConfig):
    name = "cluster.workcalendar"
    label = "workcalendar"
    verbose_name = "节假日安排"

from django.apps import AppConfig


class WebReportConfig(AppConfig):
    name = "sites.webreport"
    label = "webreport"
    verbose_name = "政府网站工作年度报表"

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo county and the fake-data builders (seed_demo, the bench, large test fixtures)."""

    name = "demo"
    verbose_name = "演示数据"

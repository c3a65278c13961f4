from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Domain-free pieces every app shares: periods, spreadsheets, lists, forms, validators."""

    name = "core"
    verbose_name = "基础组件"

from django.apps import AppConfig


class HomeConfig(AppConfig):
    """Each role's home page: composes figures and to-dos from every app; nothing imports it."""

    name = "home"
    verbose_name = "首页"

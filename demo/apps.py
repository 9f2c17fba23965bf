from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo catalogue, demo lots and the synthetic benchmark catalogue, with their commands.

    It sits on top of the house: it may import every app, and no app imports it.
    """

    name = "demo"
    verbose_name = "Dữ liệu minh hoạ"

"""The one child picker: a form widget that finds children in the user's scope by typing.

The widget renders the chosen children as removable chips (hidden inputs) and a search box;
js/child_picker.js asks children:pick (finder.child_pick) for matches: part of a name, the
ID's last 4 or a class, shown with school, class and masked ID. It replaces drop-downs and
check-box lists that would otherwise list every child of a county. The field's queryset
still decides what may be chosen, so a forged id outside the scope fails validation.
"""

from django import forms
from django.urls import reverse


class ChildPicker(forms.Widget):
    """Pick one child (`multiple=False`) or several; the value is the children's ids."""

    template_name = "children/_picker.html"

    def __init__(self, *, multiple: bool = False, open_only: bool = True, attrs=None):
        super().__init__(attrs)
        self.multiple = multiple
        self.open_only = open_only

    def value_from_datadict(self, data, files, name):
        """Return the list of ids (multiple) or the one id sent under `name`."""
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
        return data.get(name)

    def value_omitted_from_data(self, data, files, name) -> bool:
        return False if self.multiple else name not in data

    def format_value(self, value) -> list[str]:
        """Return the chosen ids as strings, whatever shape the value came in."""
        if value in (None, "", []):
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(getattr(v, "pk", v)) for v in values if str(getattr(v, "pk", v)).isdigit()]

    def get_context(self, name, value, attrs):
        """Add the chosen children (name, school, class) and the lookup URL to the context."""
        context = super().get_context(name, value, attrs)
        ids = context["widget"]["value"]
        queryset = getattr(self.choices, "queryset", None)
        picked = list(queryset.filter(pk__in=ids).select_related("school")) if ids else []
        url = reverse("children:pick") + ("?open=1" if self.open_only else "?")
        context["widget"].update({"picked": picked, "url": url, "multiple": self.multiple})
        return context

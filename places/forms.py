"""An address's province and commune in an admin form (places.mixins.AddressMixin's fields).

There are 3,321 communes, and many names recur from one province to the next ("Xã An Phú" three
times): a list of all of them is unusable, on a phone above all. The commune select lists the chosen
province's communes only, in Vietnamese order (their names are unique within a province), each led
by its name so that a keyboard's type-ahead finds it ("Sài Gòn (phường)", places.choices), and
`places/communes.js` lists the new province's (and clears the choice) when the province changes.
Without JavaScript, saving shows the new province's communes. What the form accepts is unchanged: the
field takes any commune, and AddressMixin.clean refuses one of another province with its message.

    class StorePageForm(CommunesOfTheChosenProvince, WagtailAdminPageForm): ...
"""

from django import forms
from django.urls import reverse_lazy

from .choices import place_choices
from .codes import parse_code
from .models import Commune


class CommuneSelect(forms.Select):
    class Media:
        js = ["places/communes.js"]  # a static file: the admin's Content Security Policy allows it


class CommunesOfTheChosenProvince:
    """For a model form with `province` and `commune` fields; see the module's docstring."""

    communes_url = reverse_lazy("places_communes")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "province" in self.fields and "commune" in self.fields:
            self._offer_the_chosen_provinces_communes()

    def _offer_the_chosen_provinces_communes(self):
        commune = self.fields["commune"]
        commune.widget = CommuneSelect(attrs=commune.widget.attrs)
        commune.widget.is_required = commune.required
        empty = [] if commune.empty_label is None else [("", commune.empty_label)]
        commune.choices = [*empty, *communes_of(chosen_province_code(self))]
        self.fields["province"].widget.attrs.update(
            {"data-commune-select": self["commune"].auto_id, "data-communes-url": self.communes_url}
        )


def chosen_province_code(form) -> int | None:
    """The province posted to `form`, else its initial one (None before one is chosen)."""
    value = form.data.get(form.add_prefix("province")) if form.is_bound else form.initial.get("province")
    return parse_code(value)


def communes_of(province_code: int | None) -> list[tuple[int, str]]:
    """The province's communes as choices, (code, label) led by the name ("Sài Gòn (phường)",
    places.choices), in Vietnamese order; none for no province."""
    if province_code is None:
        return []
    return place_choices(Commune.objects.filter(province_id=province_code).values_list("code", "name"))

"""Admin forms as a browser would send them, for tests that post them back (changed or hostile)."""

from bs4 import BeautifulSoup


def form_data(html):
    """Every field of the page's own form (the posted form with the most fields, not a menu's or the
    search box's) as the browser would send it: not the disabled ones, nor the `<template>`s of rows
    not added yet."""
    soup = BeautifulSoup(html, "html.parser")
    posted = [form for form in soup.select("form[method]") if form["method"].lower() == "post"]
    form = max(posted, key=lambda form: len(form.select("[name]")))
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        if field.find_parent("template") or field.has_attr("disabled"):
            continue
        name = field["name"]
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            values = [option.get("value", option.text) for option in field.select("option[selected]")]
            if field.has_attr("multiple"):
                data.setdefault(name, []).extend(values)
            else:
                data[name] = values[0] if values else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.get("type") not in ("submit", "button", "file"):
            data[name] = field.get("value", "")
    return data

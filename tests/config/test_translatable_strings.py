"""makemessages (xgettext) cannot see a string marked for translation inside an f-string's braces:
such a string never reaches locale/, so an English page shows it in Vietnamese. Two of them slipped
in (the pixel-limit advice, the recall's "phone them"); this keeps them out."""

import ast
from pathlib import Path

from django.conf import settings

TRANSLATING = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext", "npgettext"}
NOT_OURS = {".venv", "node_modules", "staticfiles", "var", "tests", "migrations", "bench"}


def project_sources():
    for path in Path(settings.BASE_DIR).rglob("*.py"):
        if not NOT_OURS & set(path.relative_to(settings.BASE_DIR).parts):
            yield path


def translations_inside_f_strings(tree):
    for f_string in (node for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)):
        for call in (node for node in ast.walk(f_string) if isinstance(node, ast.Call)):
            if isinstance(call.func, ast.Name) and call.func.id in TRANSLATING:
                yield call.lineno


def test_no_string_is_marked_for_translation_inside_an_f_string():
    found = [
        f"{path.relative_to(settings.BASE_DIR)}:{line}"
        for path in project_sources()
        for line in translations_inside_f_strings(ast.parse(path.read_text(), filename=str(path)))
    ]
    assert not found, "translate before the f-string (makemessages cannot see these): " + ", ".join(found)


def test_the_check_sees_one():
    assert list(translations_inside_f_strings(ast.parse("text = f\"{n} {_('Hãy gọi điện báo họ.')}\"")))

"""Gift combos' search text, written again with words split at punctuation and symbols, as the product
index and the search box split them ("Hộp quà Tết: kẹo" was stored with "tet:", which the word "tet"
followed by another word could not reach). Self-contained on purpose: the folding is copied here."""

import re
import unicodedata

from django.db import migrations

_WORD = re.compile(r"\w+", re.UNICODE)


def padded(text):
    decomposed = unicodedata.normalize("NFKD", text.translate(str.maketrans({"đ": "d", "Đ": "D"})))
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " " + " ".join(_WORD.findall(folded)) + " "


def refresh_search_text(apps, schema_editor):
    GiftComboPage = apps.get_model("catalogue", "GiftComboPage")
    for combo in GiftComboPage.objects.prefetch_related("components__pack_size__product"):
        titles = [c.pack_size.product.title for c in combo.components.all() if c.pack_size_id]
        text = padded(" ".join([combo.title, combo.summary, *titles]))
        if text != combo.search_text:
            GiftComboPage.objects.filter(pk=combo.pk).update(search_text=text)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0009_phones_validated_and_stored_e164")]

    operations = [migrations.RunPython(refresh_search_text, migrations.RunPython.noop)]

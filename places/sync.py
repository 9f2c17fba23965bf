"""Copy the current provinces and communes from the `vietnam-provinces` package into the database."""

import vietnam_provinces as vp

PROVINCE_PREFIXES = ("Thành phố ", "Tỉnh ")


def short_province_name(name: str) -> str:
    for prefix in PROVINCE_PREFIXES:
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return name


def sync_places(province_model, commune_model, progress=None) -> tuple[int, int]:
    """Insert or update every unit; models are passed in so that a data migration can call this too.

    Returns the number of provinces and communes now known.
    """
    provinces = [
        province_model(
            code=int(p.code), name=p.name, short_name=short_province_name(p.name), codename=p.codename
        )
        for p in vp.Province.iter_all()
    ]
    province_model.objects.bulk_create(
        provinces,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "short_name", "codename"],
    )
    communes = [
        commune_model(
            code=int(w.code),
            name=w.name,
            division_type=str(w.division_type),
            codename=w.codename,
            province_id=int(w.province_code),
        )
        for w in vp.Ward.iter_all()
    ]
    if progress is not None:  # a tqdm bar: now that the number of communes is known
        progress.reset(total=len(communes))
    for start in range(0, len(communes), 500):
        commune_model.objects.bulk_create(
            communes[start : start + 500],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "division_type", "codename", "province"],
        )
        if progress is not None:
            progress.update(min(500, len(communes) - start))
    return len(provinces), len(communes)

"""The page tree of a small storefront, one function per object, and which of it a test can take from a
snapshot instead of creating it.

The fixtures of the same names in `conftest.py` call these functions, and so does the SQLite snapshot
of each combination of them (`demo_database.py`): creating the pages costs ~0.1–0.2 s a test, restoring
a snapshot ~1 ms. A snapshot puts its objects in place before any fixture of the test runs, so only the
fixtures pytest would set up before anything that could see or change what they create come from it
(`from_a_snapshot`); the rest are created in the test, as always.
"""

import inspect

from wagtail.models import Page, Site

from catalogue.factories import (
    CategoryIndexPageFactory,
    CategoryPageFactory,
    PackSizeFactory,
    ProducerIndexPageFactory,
    ProducerPageFactory,
    ProductPageFactory,
)
from cms.models import HomePage


def make_home():
    """The home page as the default site's root, as `load_demo` sets it up."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="OCOP Việt", slug="trang-chu", hero_title="Sản phẩm OCOP"))
    # Port 80 whatever SITE_URL says (migrate points the Site at it): tests read http://localhost/.
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "port": 80}
    )
    return home


def make_category_index(home):
    return CategoryIndexPageFactory(parent=home)


def make_producer_index(home):
    return ProducerIndexPageFactory(parent=home)


def make_category(category_index):
    return CategoryPageFactory(parent=category_index, title="Kẹo dừa", slug="keo-dua")


def make_producer(producer_index):
    return ProducerPageFactory(
        parent=producer_index, title="Công ty TNHH Đông Á", slug="dong-a", kind="company"
    )


def make_product(producer, category):
    """A 5★ product with one pack size: "Hộp 400g", 45.000 ₫, 12 in stock."""
    product = ProductPageFactory(
        parent=producer,
        title="Kẹo dừa sầu riêng",
        slug="keo-dua-sau-rieng",
        ocop_stars=5,
        categories=[category],
    )
    PackSizeFactory(product=product, label="Hộp 400g", price=45_000, stock=12)
    return product


# Fixture name → the function making its object; the function's parameters name the fixtures it needs.
MAKERS = {
    "home": make_home,
    "category_index": make_category_index,
    "producer_index": make_producer_index,
    "category": make_category,
    "producer": make_producer,
    "product": make_product,
}


def make(names) -> dict:
    """Create the objects of these fixtures, in this order (each after those it needs), by name."""
    made = {}
    for name in names:
        maker = MAKERS[name]
        made[name] = maker(*(made[needed] for needed in inspect.signature(maker).parameters))
    return made


# --- Which fixtures of a test can come from a snapshot --------------------------------------------------

INDEPENDENT = "independent_of_the_page_tree"


def independent_of_the_page_tree(function):
    """Marks a fixture (put it below `@pytest.fixture`) that gives the same result whether it runs
    before the page tree's fixtures or after them, and changes nothing they create: it creates no
    pages or images and leaves the clock, the settings and the factories as page creation reads them.
    Clearing caches and creating users, groups, permissions (on pages that exist already too),
    addresses or the shop's settings is fine. Without the mark, a fixture pytest sets up before a
    page-tree fixture makes that fixture and every later one be created inside the test, as without
    snapshots."""
    setattr(function, INDEPENDENT, True)
    return function


def setup_order(item):
    """The test's fixtures as pytest sets them up: in `item.fixturenames`' order, each after the
    fixtures it requests, depth first (`FixtureDef.execute`). Yields (name, FixtureDef)."""
    name2fixturedefs = item._fixtureinfo.name2fixturedefs
    done = set()

    def visit(name, index):
        fixturedefs = name2fixturedefs.get(name)
        if not fixturedefs or -index > len(fixturedefs) or (name, index) in done:
            return
        done.add((name, index))
        fixturedef = fixturedefs[index]
        for requested in fixturedef.argnames:
            # An overriding fixture that requests its own name gets the definition it overrides.
            yield from visit(requested, index - 1 if requested == name else -1)
        yield name, fixturedef

    for name in item.fixturenames:
        yield from visit(name, -1)


def from_a_snapshot(item, conftest_module: str) -> tuple[str, ...]:
    """The page-tree fixtures of `item` that a snapshot can hold, in the order the test would create
    them: those defined in the root conftest (`conftest_module`; a module or class may override one)
    that pytest sets up before any fixture that is neither pytest's nor a plugin's, nor the root
    conftest's, nor marked `independent_of_the_page_tree`."""
    name2fixturedefs = item._fixtureinfo.name2fixturedefs
    names = []
    for name, fixturedef in setup_order(item):
        if name in MAKERS:
            if fixturedef is name2fixturedefs[name][-1] and fixturedef.func.__module__ == conftest_module:
                names.append(name)
                continue
            break  # an overridden one: it, and all that follow, are created in the test
        independent = (
            fixturedef.baseid == ""  # pytest's, pytest-django's, a parametrized argument
            or fixturedef.func.__module__ == conftest_module  # none of the root conftest's touches pages
            or getattr(fixturedef.func, INDEPENDENT, False)
        )
        if not independent:
            break
    return tuple(names)

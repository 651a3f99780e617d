"""Test options and session fixtures shared by the suite."""

import pytest


def pytest_addoption(parser):
    parser.addoption("--update-fixtures", action="store_true", default=False,
                     help="rewrite the findings: snapshots of the rule fixtures from what the rules report now")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The repository's demo district, built once per test session by the real
    ``mkdocs build --strict`` (tests/sitekit.py ``build_demo``); its ``site/`` folder."""
    from sitekit import build_demo

    return build_demo(tmp_path_factory.mktemp("demo") / "portal")

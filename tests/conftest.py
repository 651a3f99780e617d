"""Test options shared by the suite."""


def pytest_addoption(parser):
    parser.addoption("--update-fixtures", action="store_true", default=False,
                     help="rewrite the findings: snapshots of the rule fixtures from what the rules report now")

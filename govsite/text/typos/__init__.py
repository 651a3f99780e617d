"""Typo detection: a rulebook of certain typos, statistical detection of suspected
Chinese typos, and spelling of Latin-script words (《管理办法》第十一条（四）).

The rules in :mod:`govsite.rules.typo` are thin adapters around this package; the
benchmark (``benchmarks/bench_typos.py``) measures the same code.
"""

"""govsite: a publishing pipeline for district government portals.

The library owns every decision; the MkDocs hooks, the CLI and the CI workflows only
call it, so a rule behaves the same in ``mkdocs build``, in ``govsite check`` and in CI.
"""

__version__ = "0.1.0"

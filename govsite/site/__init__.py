"""What the portal is made of, independent of the static-site generator.

:mod:`govsite.site.catalog` reads units and pages into listings; :mod:`.pages` writes
the generated Markdown (unit homes, column lists); :mod:`.nav` builds the navigation
of units and columns. The MkDocs hooks only hand these to MkDocs, so the content model
outlives the generator (Material for MkDocs ends in 2027).
"""

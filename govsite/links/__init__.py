"""Links: inside the sources (build-time rules) and on the built site (link rot).

* :mod:`.markdown` finds the links of a page's Markdown body, with their lines;
* :mod:`.sitemap` knows which files and addresses the portal serves, without building it
  (authored pages, portal pages, generated unit homes and column lists);
* :mod:`.anchors` knows the anchors (``#id``) a page will have;
* :mod:`.rot` checks a built site for link rot (``govsite links``): :mod:`.scan` finds
  its pages and links, :mod:`.server` serves it, :mod:`.linkchecker` runs the real
  ``linkchecker``, :mod:`.urls` spells addresses one way, :mod:`.report` turns verdicts
  into problems per unit and page (:mod:`.output` renders them), with :mod:`.cache`
  and :mod:`.baddomains`;
* :mod:`.egress` keeps linkchecker off every non-public address (SSRF), after DNS and
  after redirects, and keeps internal addresses out of the published reports.
"""

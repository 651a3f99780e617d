"""Links: inside the sources (build-time rules) and on the built site (link rot).

* :mod:`.markdown` finds the links of a page's Markdown body, with their lines;
* :mod:`.sitemap` knows which files and addresses the portal serves, without building it
  (authored pages, portal pages, generated unit homes and column lists);
* :mod:`.anchors` knows the anchors (``#id``) a page will have;
* :mod:`.rot` runs the real ``linkchecker`` over a built site and attributes its
  verdicts to units and pages (``govsite links``), with :mod:`.server`,
  :mod:`.cache` and :mod:`.baddomains`;
* :mod:`.egress` keeps linkchecker off every non-public address (SSRF), after DNS and
  after redirects, and keeps internal addresses out of the published reports.
"""

"""三审三校 approvals as signatures bound to a page's content (第十一条).

An approval is a plain-text *record* under ``review/approvals/`` that says who
approved which page, at which content hash (:mod:`govsite.hashing`), in which review
role, when, and through which provider; next to it lies the record's signature
(``<record>.sig``). The build refuses a page unless drafter, checker and approver each
have a valid approval of its *current* hash, so any change to the text makes earlier
approvals stale.

Providers:

* ``ssh`` (the offline default): the reviewer signs the record with their own key,
  ``ssh-keygen -Y sign -n govsite-approval@qianjiang``; public keys are listed in
  ``review/allowed_signers`` with principal ``<person-id>@<unit-id>`` (person ids are
  unique within a unit only) and ``valid-after`` / ``valid-before`` dates; keys listed
  in ``review/revoked_keys`` never count.
* ``github`` / ``gitea``: a pull-request approval on the forge, folded as the forge
  does and imported by ``govsite review import``; the record carries the pull request
  number, its head commit, the review id and the reviewer's login, and is signed by a
  registered importer key (``review/forge_importers``), so a record typed by hand has
  no provenance.

Layout of ``review/``::

    review/allowed_signers          reviewers' public keys (ssh-keygen ALLOWED SIGNERS format)
    review/forge_importers          keys allowed to sign imported forge approvals
    review/revoked_keys             revoked public keys, one per line (may carry # comments)
    review/approvals/<unit>/<column>/<slug>/<UTC time>-<role>-<person>[-<forge>-pr<N>].approval
    review/approvals/.../<same name>.approval.sig

Records are append-only: a new approval is a new file; no command rewrites or deletes
one (``govsite review verify`` checks the git history for that). Private keys never
live in the repository: by default under ``~/.config/govsite/keys/`` (see
:mod:`govsite.review.keys`).

Modules: :mod:`.sshsig` (ssh-keygen), :mod:`.trust` (allowed signers, importers,
revocations), :mod:`.records` (the record format), :mod:`.store` (files under
``review/``), :mod:`.verify` (one record's verdict), :mod:`.gate` (one page's three
approvals), :mod:`.signing` (approve), :mod:`.forge` (import), :mod:`.history` (log),
:mod:`.bulk` (signing a whole demo site with throwaway keys).
"""

from __future__ import annotations

NAMESPACE = "govsite-approval@qianjiang"
"""The ssh-keygen signature namespace of approvals: a signature made for anything else
(git commits, another project) never verifies as an approval."""

REVIEW_DIR = "review"
APPROVALS_DIR = "review/approvals"
ALLOWED_SIGNERS = "review/allowed_signers"
FORGE_IMPORTERS = "review/forge_importers"
REVOKED_KEYS = "review/revoked_keys"
FORGES = ("github", "gitea")
PROVIDERS = ("ssh",) + FORGES
FORGE_NAMES = {"ssh": "SSH 签名", "github": "GitHub", "gitea": "Gitea"}


def principal(unit_id: str, person_id: str) -> str:
    """The allowed_signers principal of a roster person: ``<person-id>@<unit-id>``."""
    return f"{person_id}@{unit_id}"

"""The one vocabulary of approval states, shared by a record's verdict and a page's roles.

A record file gets a verdict (:mod:`.verify`): ``OK``, ``FORGED``, ``KEY_INVALID`` or
``WRONG_KEY``. A page's review role gets a state from the verdicts of its records
(:mod:`.gate`): ``OK``, ``KEY_INVALID``, ``WRONG``, ``STALE`` or ``MISSING``. The values
are the words ``govsite review status --format json`` prints.
"""

from __future__ import annotations

from enum import StrEnum


class ReviewStatus(StrEnum):
    OK = "ok"  # a genuine approval (of the current content, for a role)
    FORGED = "forged"  # record: no valid signature or provenance
    KEY_INVALID = "key_invalid"  # signed with a key revoked or outside its validity window
    WRONG_KEY = "wrong_key"  # record: signed with a key (or forge login) of someone else
    WRONG = "wrong"  # role: approvals of the current content exist, by the wrong signer or role
    STALE = "stale"  # role: this person approved an earlier content of the page
    MISSING = "missing"  # role: nothing at all

"""Typos and wording (《管理办法》第十一条（四））: certain typos, suspected Chinese typos,
misspelled Latin-script words. The logic lives in :mod:`govsite.typos`."""

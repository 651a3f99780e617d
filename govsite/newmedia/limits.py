"""What each platform accepts in one post (``govsite/data/newmedia_limits.yml``).

The numbers are data with a source each, so the platform owner follows a platform's
change without touching code; the schema below checks the file and names the line of
a mistake.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from pathlib import Path

from govsite.core.accounts import Platform
from govsite.core.schema import Issue, Opt, Schema
from govsite.core.yamlio import Located, load_config_file, load_config_text

DATA_FILE = "govsite/data/newmedia_limits.yml"


class ExportKind(StrEnum):
    WECHAT_DRAFT = "wechat_draft"  # the article JSON of WeChat's draft/add
    TEXT_MEDIA = "text_media"      # plain text and a list of media files (Weibo, Douyin, Toutiao)


def _positive(value: int) -> str | None:
    return None if value >= 1 else "应为正整数"


class PlatformLimits(Schema):
    source = Opt(str, required=True)
    """Where the numbers come from: the platform's documentation or editor, quoted."""
    title_max = Opt(int, check=_positive)
    """Most characters in the title (none: the platform shows no title)."""
    author_max = Opt(int, check=_positive)
    """Most characters in the author field."""
    digest_max = Opt(int, check=_positive)
    """Most characters in the digest (摘要)."""
    text_max = Opt(int, check=_positive)
    """Most characters of the text."""
    feed_chars = Opt(int, check=_positive)
    """Characters the feed shows before folding (a hint, never an error)."""
    images_max = Opt(int, check=_positive)
    """Most images in one post."""
    needs_cover = Opt(bool, False)
    """Whether a post must name a cover image (``cover``)."""
    export = Opt(str, required=True, choices=tuple(k.value for k in ExportKind))
    """wechat_draft | text_media: what ``govsite newmedia export`` writes."""

    def validate(self) -> Iterator[Issue]:
        if self.feed_chars is not None and self.text_max is not None and self.feed_chars > self.text_max:
            yield "feed_chars", "feed_chars 大于 text_max", "信息流显示字数不能超过正文上限"


class LimitsFile(Schema):
    platforms = Opt(dict, required=True, values=PlatformLimits)
    """Platform (as unit.yml writes it) -> its limits."""

    def validate(self) -> Iterator[Issue]:
        known = {p.value for p in Platform}
        for name in self.platforms:
            if name not in known:
                yield ("platforms", name), f"{name!r} 不是已知的平台", f"可用：{', '.join(sorted(known))}"


@dataclass(frozen=True)
class Limits:
    platform: Platform
    source: str
    title_max: int | None
    author_max: int | None
    digest_max: int | None
    text_max: int | None
    feed_chars: int | None
    images_max: int | None
    needs_cover: bool
    export: ExportKind


def limits_of(located: Located, rel: str) -> dict[Platform, Limits]:
    spec = LimitsFile.load(located.data, located, rel)
    return {Platform(name): Limits(Platform(name), p.source, p.title_max, p.author_max, p.digest_max, p.text_max,
                                   p.feed_chars, p.images_max, p.needs_cover, ExportKind(p.export))
            for name, p in spec.platforms.items()}


def load_limits(path: Path, rel: str) -> dict[Platform, Limits]:
    """Read a limits file from disk (the shipped one is read by :func:`limits`)."""
    return limits_of(load_config_file(path, rel), rel)


@lru_cache(maxsize=1)
def limits() -> dict[Platform, Limits]:
    text = resources.files("govsite.data").joinpath("newmedia_limits.yml").read_text("utf-8")
    return limits_of(load_config_text(text, DATA_FILE), DATA_FILE)


def for_platform(platform: Platform) -> Limits | None:
    """The limits of ``platform``; None for one that takes no posts from the repository
    (a mini program, an app)."""
    return limits().get(platform)

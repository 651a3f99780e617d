"""An attachment larger than the portal allows.

What: an allowed attachment larger than ``attachments.max_size_mb`` of ``govsite.yml``
    (default 50 MB).
Why: 第十四条 — the portal must stay usable and its repository and builds fast; a
    large video belongs on the platform's media service, and a huge file is also a
    way to smuggle content past review.
Example: a 300 MB recording of a meeting saved as ``units/czj/gzdt/huiyi.mp4``.
Fix: compress the file or split the document; publish long videos on the platform's
    media service and link to them; the platform owner may raise the limit in govsite.yml.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.attachments import MB
from govsite.core.files import ATTACHMENT, TreeFile, classify
from govsite.rules.base import Hit, RuleContext


def check(entry: TreeFile, ctx: RuleContext) -> Iterable[Hit]:
    types = ctx.project.attachment_types
    if classify(entry, types) == ATTACHMENT and entry.size > types.max_size:
        yield Hit(1, f"文件大小 {entry.size / MB:.1f} MB，超过上限 {types.max_size // MB} MB；"
                     "请压缩或拆分后重新提交，视频请发布到平台媒体服务后链接")

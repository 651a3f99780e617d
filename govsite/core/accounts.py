"""New-media accounts (政务新媒体账号) as a unit's ``unit.yml`` lists them (第六条, 第七条).

This module holds only the registry's shape, so that every layer can name an account;
what the 办法 allows (the kept list, the approval chain, cadence) is decided by the
``newmedia`` package and its rules.

```yaml
new_media:
  - id: qjcz-wx                 # folder of the account's posts: units/<unit>/newmedia/<id>/
    platform: wechat_subscription
    name: 黔江财政
    identifier: gh_0123456789ab  # the platform's own id of the account
    status: open                 # open | closing | closed
    opened: 2016-03-01
    approvals:                   # 第八条 / 第九条: one line per step of each action
      - {action: open, step: unit_principal, date: 2026-03-02, doc_number: 黔江财文〔2026〕3号}
      - {action: open, step: district_office, date: 2026-03-10, doc_number: 黔江府办函〔2026〕21号}
      - {action: open, step: municipal_office, date: 2026-03-20, doc_number: 渝府办函〔2026〕45号}
```
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from govsite.core.columns import valid_id
from govsite.core.schema import Opt, Schema


class Platform(StrEnum):
    """Where an account lives; the value is what ``unit.yml`` writes."""

    WECHAT = "wechat"                            # 微信公众号 (kind not stated)
    WECHAT_SUBSCRIPTION = "wechat_subscription"  # 微信订阅号
    WECHAT_SERVICE = "wechat_service"            # 微信服务号
    WEIBO = "weibo"                              # 新浪微博
    DOUYIN = "douyin"                            # 抖音号
    TOUTIAO = "toutiao"                          # 今日头条
    XIGUA = "xigua"                              # 西瓜视频
    MINIPROGRAM = "miniprogram"                  # 微信小程序
    APP = "app"                                  # 政务移动端 (第九条)

    @property
    def label(self) -> str:
        return PLATFORM_LABELS[self]

    @property
    def is_wechat(self) -> bool:
        return self in (Platform.WECHAT, Platform.WECHAT_SUBSCRIPTION, Platform.WECHAT_SERVICE)


PLATFORM_LABELS = {
    Platform.WECHAT: "微信公众号", Platform.WECHAT_SUBSCRIPTION: "微信订阅号",
    Platform.WECHAT_SERVICE: "微信服务号", Platform.WEIBO: "新浪微博", Platform.DOUYIN: "抖音号",
    Platform.TOUTIAO: "今日头条", Platform.XIGUA: "西瓜视频", Platform.MINIPROGRAM: "微信小程序",
    Platform.APP: "政务移动端（APP）",
}


class AccountStatus(StrEnum):
    OPEN = "open"        # 运营中
    CLOSING = "closing"  # 已决定关停，须在 15 个工作日内完成（第七条（一））
    CLOSED = "closed"    # 已关停注销


_DATE_HINT = "请写成 YYYY-MM-DD，如 2026-01-05"


class ApprovalAction(StrEnum):
    """What an approval chain authorises (第八条; ``create_app``: 第九条)."""

    OPEN = "open"              # 开设
    CLOSE = "close"            # 关停注销
    CHANGE = "change"          # 信息变更（名称、账号、类型等）
    CREATE_APP = "create_app"  # 新建政务移动端（APP）


class ApprovalStep(StrEnum):
    """The steps of a chain, in the order 第八条 names them."""

    UNIT_PRINCIPAL = "unit_principal"      # 本单位主要负责人同意
    DISTRICT_OFFICE = "district_office"    # 区政府办公室批准
    MUNICIPAL_OFFICE = "municipal_office"  # 市政府办公厅批准


def _not_blank(value: str) -> str | None:
    return "不能为空" if not value.strip() else None


class ApprovalSchema(Schema):
    """One step of an approval chain: who approved which action, when, by which document."""

    action = Opt(str, required=True, choices=tuple(a.value for a in ApprovalAction))
    """open | close | change | create_app."""
    step = Opt(str, required=True, choices=tuple(s.value for s in ApprovalStep))
    """unit_principal (本单位主要负责人) | district_office (区政府办公室) | municipal_office (市政府办公厅)."""
    date = Opt(dt.date, required=True, hint=_DATE_HINT)
    """Date of the consent or approval."""
    doc_number = Opt(str, required=True, check=_not_blank)
    """Number of the document that records it (文号), e.g. 黔江府办函〔2026〕21号."""


@dataclass(frozen=True)
class Approval:
    action: ApprovalAction
    step: ApprovalStep
    date: dt.date
    doc_number: str


class AccountSchema(Schema):
    id = Opt(str, required=True, check=valid_id)
    """Stable ASCII id; the folder ``units/<unit>/newmedia/<id>/`` holds the account's posts."""
    platform = Opt(str, required=True, choices=tuple(p.value for p in Platform))
    """wechat | wechat_subscription | wechat_service | weibo | douyin | toutiao | xigua | miniprogram | app."""
    name = Opt(str, required=True)
    """The account's public name, e.g. 黔江财政."""
    identifier = Opt(str, "")
    """The platform's own id of the account (WeChat ``gh_…``, Weibo uid, Douyin number)."""
    status = Opt(str, "open", choices=tuple(s.value for s in AccountStatus))
    """open | closing | closed."""
    opened = Opt(dt.date, hint=_DATE_HINT)
    """Date the account was opened."""
    closing = Opt(dt.date, hint=_DATE_HINT)
    """Date the decision to close it was taken (status closing or closed)."""
    closed = Opt(dt.date, hint=_DATE_HINT)
    """Date it was closed and deregistered (status closed)."""
    approvals = Opt(list, list, items=ApprovalSchema)
    """The approval chain of 第八条 / 第九条, one entry per step (judged by :mod:`govsite.newmedia.chain`)."""

    def validate(self):
        if self.status == AccountStatus.CLOSED and self.closed is None:
            yield "closed", "已关停的账号缺少关停日期 closed", "请写明注销完成的日期"
        if self.status != AccountStatus.OPEN and self.closing is None and self.closed is None:
            yield "closing", "关停中的账号缺少决定关停的日期 closing", "请写明决定关停的日期"


@dataclass(frozen=True)
class Account:
    unit_id: str
    id: str
    platform: Platform
    name: str
    identifier: str
    status: AccountStatus
    opened: dt.date | None
    closing: dt.date | None
    closed: dt.date | None
    approvals: tuple[Approval, ...]
    line: int | None  # line of the entry in unit.yml, for findings

    @property
    def is_open(self) -> bool:
        return self.status == AccountStatus.OPEN


def account_from(unit_id: str, spec: AccountSchema, line: int | None) -> Account:
    return Account(
        unit_id=unit_id, id=spec.id, platform=Platform(spec.platform), name=spec.name,
        identifier=spec.identifier, status=AccountStatus(spec.status), opened=spec.opened,
        closing=spec.closing, closed=spec.closed, line=line,
        approvals=tuple(Approval(ApprovalAction(a.action), ApprovalStep(a.step), a.date, a.doc_number.strip())
                        for a in spec.approvals),
    )

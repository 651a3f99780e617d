"""Personal numbers in text: resident ID numbers, bank card numbers, mobile numbers.

Each detector checks the number's own structure, so ordinary numbers do not fire:

* resident ID (GB 11643-1999): 17 digits and a check character (digit or X); the first
  two digits a province code, digits 7-14 a real birth date, the check character right
  (ISO 7064 MOD 11-2). Numbers introduced as a unified social credit code, an index
  number or another code are skipped.
* bank card: 16 to 19 digits (groups of four allowed) passing the Luhn check, and only
  after a card word (银行卡, 卡号, 账号 …) — a long number alone is not a card.
* mobile: 11 digits 1[3-9]…, optionally +86, grouped 3-4-4; landlines (023-7922xxxx)
  start with 0 and never match.

Unified social credit codes (GB 32100-2015: 18 characters with a MOD 31 check) are
recognised by :func:`is_uscc` so that they are never taken for an ID number.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from govsite.core.memo import memo
from govsite.core.pages import Page

if TYPE_CHECKING:
    from govsite.text.pagetext import Segment

PROVINCES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83", "91",
}
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

ID_RE = re.compile(r"(?<![0-9a-z])(\d{6}) ?(\d{8}) ?(\d{3}[\dx])(?![0-9a-z])", re.I)
CARD_RE = re.compile(r"(?<![0-9a-z])(\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?)(?![0-9a-z])", re.I)
MOBILE_RE = re.compile(r"(?<![0-9a-z+])(?:\+?86[ -]?)?(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?![0-9a-z])", re.I)

# A number introduced as one of these is a code, not a person's number.
CODE_WORDS = ("信用代码", "机构代码", "组织代码", "索引号", "编号", "文号", "订单号", "单号", "流水号",
              "代码", "批准号", "登记号", "许可证号", "证书号", "项目号", "合同号", "税号", "纳税人识别号")
CARD_WORDS = ("银行卡", "卡号", "账号", "帐号", "账户", "帐户", "借记卡", "信用卡", "储蓄卡", "银联卡", "社保卡", "开户行", "收款卡")
# An organisation's account (户名：某某局) is published on purpose (fees, donations).
_ORG_ACCOUNT_RE = re.compile(r"户名[:：]?\s*\S{0,24}?(?:局|委|办|中心|政府|公司|银行|医院|学校|学院|大学|研究所|站|队|协会|基金会|委员会|街道|镇|乡|处|厅|部|院|所)")


def id_valid(number: str, today: dt.date | None = None) -> bool:
    """An 18-character resident ID number with a valid province, birth date and check character."""
    number = number.upper()
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789X":
        return False
    if number[:2] not in PROVINCES:
        return False
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not dt.date(1900, 1, 1) <= born <= (today or dt.date.today()):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17]


def id_check_char(first17: str) -> str:
    """The check character of an ID number's first 17 digits."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS)) % 11]


def luhn_valid(number: str) -> bool:
    digits = [int(d) for d in number if d.isdigit()]
    if len(digits) < 2:
        return False
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def is_uscc(code: str) -> bool:
    """A unified social credit code (统一社会信用代码, GB 32100-2015) with a valid check character."""
    code = code.upper()
    if len(code) != 18 or any(c not in _USCC_CHARS for c in code):
        return False
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(code[:17], _USCC_WEIGHTS))
    return _USCC_CHARS[(31 - total % 31) % 31] == code[17]


def mask_id(number: str) -> str:
    return number[:10] + "******" + number[16:]


def mask_card(number: str) -> str:
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_mobile(number: str) -> str:
    return number[:3] + "****" + number[7:]


@dataclass(frozen=True)
class Found:
    kind: str       # id | card | mobile
    number: str     # digits only (X upper-case)
    start: int      # offset in the text searched
    end: int

    @property
    def masked(self) -> str:
        return {"id": mask_id, "card": mask_card, "mobile": mask_mobile}[self.kind](self.number)


# An ID number broken up to slip past a filter: groups of digits separated by spaces,
# hyphens, dots, Markdown emphasis, line breaks or a blanked comment (500114-19850101-1233,
# 500114**19850101**1233). Each separator run is short, and the groups must add up to
# exactly 18 characters; the number's own structure (province, birth date, check
# character) then decides, as for an ID written in one piece.
_CHUNK_RE = re.compile(r"\d+[x]?", re.I)
_CHUNK_GAP_RE = re.compile(r"[\s*_~\-.·]{1,16}")


def _split_ids(text: str, today: dt.date | None, taken: list[tuple[int, int]]) -> list[Found]:
    chunks = list(_CHUNK_RE.finditer(text))
    out: list[Found] = []
    for i, first in enumerate(chunks):
        if first.start() > 0 and text[first.start() - 1].isalnum():
            continue
        digits, j = first.group(), i
        while len(digits) < 18 and j + 1 < len(chunks):
            gap = text[chunks[j].end():chunks[j + 1].start()]
            if not _CHUNK_GAP_RE.fullmatch(gap) or digits[-1:] in "xX":
                break
            j += 1
            digits += chunks[j].group()
        last = chunks[j]
        if j == i or len(digits) != 18 or text[last.end():last.end() + 1].isalnum():
            continue
        if any(s < last.end() and first.start() < e for s, e in taken):
            continue
        if any(w in _before(text, first.start()) for w in CODE_WORDS):
            continue
        if id_valid(digits.upper(), today):
            out.append(Found("id", digits.upper(), first.start(), last.end()))
            taken.append((first.start(), last.end()))
    return out


def _before(text: str, start: int, width: int = 24) -> str:
    return text[max(0, start - width):start]


def find(text: str, today: dt.date | None = None) -> list[Found]:
    """Every resident ID, bank card (in a card context) and mobile number in ``text``
    (normalised text: half-width digits, lowercase x)."""
    out: list[Found] = []
    taken: list[tuple[int, int]] = []
    for m in ID_RE.finditer(text):
        number = "".join(m.groups()).upper()
        left = _before(text, m.start())
        if any(w in left for w in CODE_WORDS) or text[m.end():m.end() + 1] in ("/", "-"):
            continue
        if id_valid(number, today):
            out.append(Found("id", number, m.start(), m.end()))
            taken.append(m.span())
    out.extend(_split_ids(text, today, taken))
    for m in CARD_RE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        number = re.sub(r"[ -]", "", m.group(1))
        if not 16 <= len(number) <= 19 or not luhn_valid(number):
            continue
        left = _before(text, m.start(), 20)
        if not any(w in left for w in CARD_WORDS) or any(w in left for w in CODE_WORDS):
            continue
        if _ORG_ACCOUNT_RE.search(text[max(0, m.start() - 40):m.end() + 40]):
            continue
        out.append(Found("card", number, m.start(), m.end()))
        taken.append(m.span())
    for m in MOBILE_RE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        out.append(Found("mobile", "".join(m.groups()), m.start(), m.end()))
    return sorted(out, key=lambda f: f.start)


def _numbers_by_day(page: Page) -> dict[dt.date | None, list[tuple[Found, Segment]]]:
    return {}


def page_numbers(page: Page, today: dt.date | None = None) -> list[tuple[Found, Segment]]:
    """(Found, segment) for every personal number of the page's text (once per page and day)."""
    from govsite.text.pagetext import page_text

    by_day = memo(page, _numbers_by_day)
    if today not in by_day:
        by_day[today] = [(f, seg) for seg in page_text(page).segments for f in find(seg.norm.text, today)]
    return by_day[today]


def located(found: Found, seg: Segment) -> tuple[int, int]:
    """(file line, column) of a number found in a segment's normalised text."""
    return seg.where(seg.norm.source(found.start))

"""Pull-request approvals on GitHub and Gitea, imported as approval records.

``govsite review import --forge github|gitea --pr N`` reads the pull request
(``GET /repos/{owner}/{repo}/pulls/{n}``) and its reviews
(``GET /repos/{owner}/{repo}/pulls/{n}/reviews``, every page) through the forge's REST
API (GitHub: ``https://api.github.com``; Gitea: ``https://<host>/api/v1``), with the
token from ``GITHUB_TOKEN`` / ``GITEA_TOKEN`` when set.

The client fails closed: it follows no redirect to another origin (scheme, host and
port), so the token never leaves the API host; it reads every page of reviews (GitHub: ``Link: rel="next"``; Gitea: ``page`` until an
empty page, or until ``X-Total-Count`` items; a short page is not trusted to be the last,
since a server may cap ``limit`` below what was asked)
and refuses a pull request with more than :data:`MAX_PAGES` pages rather than judge
from part of them; a response larger than :data:`MAX_RESPONSE_BYTES` or slower than
:data:`DEADLINE` seconds is an error.

Reviews are folded as the forges mean them, per reviewer: only the reviewer's latest
``APPROVED``, ``CHANGES_REQUESTED`` (Gitea: ``REQUEST_CHANGES``) or dismissed review
(GitHub: state ``DISMISSED``; Gitea: ``dismissed: true``) counts, and it counts as an
approval only if it is ``APPROVED``, its ``commit_id`` is the pull request's head
commit, and on Gitea it is ``official`` and not ``stale``; comments and pending reviews
change nothing. The pull request's author never approves their own pull request.
Logins are ASCII names as the forges allow them (GitHub ``[A-Za-z0-9-]``, Gitea also
``_`` and ``.``) compared after Unicode NFKC + casefold; any other login (a Kelvin sign
U+212A in place of ``K``, a full-width letter) matches nobody.

Each approving login is mapped to a roster person through ``forge:`` in ``unit.yml``
**as the base commit has it** (``--base REF``; default: the pull request's base commit
as the forge reports it), never as the pull request has it, so a pull request cannot
map reviewers' logins to accounts it controls. For each page the pull request changes,
a record is written for every review role the page's ``reviewers`` gives that person,
with the hash of the page *at the head commit* (what the reviewer saw), the PR number,
the head commit, the review id and the login. The importer signs each record with its
own key (listed in ``review/forge_importers``): that signature is the record's
provenance.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import re
import tempfile
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from enum import StrEnum
from http.client import HTTPMessage
from pathlib import Path
from typing import IO, Any

from govsite.core import gitio
from govsite.core.errors import ConfigError, GovsiteError, UsageError
from govsite.core.pages import page_from_bytes
from govsite.core.paths import PagePath
from govsite.core.project import Project
from govsite.core.units import Person, Unit, load_unit
from govsite.review import FORGE_IMPORTERS, FORGE_NAMES, gate, keys, sshsig
from govsite.review.hashing import content_hash
from govsite.review.records import Record, RecordError, parse, utc_text
from govsite.review.roster import slots
from govsite.review.signing import now_utc, sign_record


class Standing(StrEnum):
    """A reviewer's standing at the pull request's head commit, after folding their reviews."""

    APPROVED = "approved"  # approved the head commit: imported
    WITHDRAWN = "withdrawn"  # the latest decisive review requested changes or was dismissed
    STALE = "stale"  # approved an earlier commit (or Gitea marks the review stale)
    UNOFFICIAL = "unofficial"  # Gitea: not an official review
    AUTHOR = "author"  # the pull request's author approving their own change
    BAD_LOGIN = "bad-login"  # a login the forge does not allow


APPROVED, WITHDRAWN, STALE = Standing.APPROVED, Standing.WITHDRAWN, Standing.STALE  # short names
UNOFFICIAL, AUTHOR, BAD_LOGIN = Standing.UNOFFICIAL, Standing.AUTHOR, Standing.BAD_LOGIN

MAX_RESPONSE_BYTES = 10 * 1024 * 1024
"""The largest response body read (a page of 100 reviews is well under 1 MB)."""
MAX_PAGES = 1000
"""Pages of reviews read at most (100 000 reviews on GitHub); past it the import fails."""
TIMEOUT = 30.0
"""Seconds one network operation (connect, one read) may take."""
DEADLINE = 120.0
"""Seconds one whole response may take, however slowly its bytes trickle in."""


class ForgeError(GovsiteError):
    """The forge could not be read (network, token, unknown pull request)."""


@dataclass(frozen=True)
class ForgeSpec:
    name: str
    default_api: str | None
    token_env: str
    size_param: str
    page_size: int
    auth_scheme: str
    headers: tuple[tuple[str, str], ...]
    login_re: re.Pattern[str]
    follow_link: bool  # pages by ``Link: rel="next"`` (GitHub) or by ``page`` numbers (Gitea, whose
    # links are built from its configured ROOT_URL, which may not be the API address used)


SPECS = {
    "github": ForgeSpec("github", "https://api.github.com", "GITHUB_TOKEN", "per_page", 100, "Bearer",
                        (("Accept", "application/vnd.github+json"), ("X-GitHub-Api-Version", "2022-11-28")),
                        re.compile(r"\A[A-Za-z0-9][A-Za-z0-9-]{0,38}\Z"), True),
    "gitea": ForgeSpec("gitea", None, "GITEA_TOKEN", "limit", 50, "token", (("Accept", "application/json"),),
                       re.compile(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,39}\Z"), False),
}


def canonical_login(forge: str, login: object) -> str | None:
    """The login as compared (NFKC + casefold), or None when it is not a login the forge
    allows: anything but ASCII letters, digits and the forge's separators never matches,
    so a look-alike (U+212A KELVIN SIGN folds to ``k``) cannot stand in for a roster login."""
    if not isinstance(login, str) or not SPECS[forge].login_re.match(login):
        return None
    return unicodedata.normalize("NFKC", login).casefold()


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of a URL, the default port made explicit."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or {"http": 80, "https": 443}.get(scheme)


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only within the API's origin: the token must never travel to
    another host or port (urllib would copy the ``Authorization`` header along)."""

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                         headers: HTTPMessage, newurl: str) -> urllib.request.Request | None:
        if origin(newurl) != origin(req.full_url):
            raise ForgeError(f"平台 API 把请求 {req.full_url} 重定向到另一个来源 {newurl}（HTTP {code}）；"
                             "为免泄露令牌，不跟随跨来源的重定向；请用 --api 直接指定正确的 API 地址")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_LINK_RE = re.compile(r'<([^>]*)>\s*((?:;\s*[^;,]*)*)')


def next_link(header: str | None) -> str | None:
    """The ``rel="next"`` target of an RFC 8288 ``Link`` header."""
    for target, params in _LINK_RE.findall(header or ""):
        rels = re.findall(r'rel\s*=\s*"?([^";]+)"?', params)
        if any("next" in r.split() for r in rels):
            return target
    return None


class Client:
    """GET JSON from a forge's REST API, within the limits above."""

    def __init__(self, spec: ForgeSpec, api: str, token: str | None = None, timeout: float = TIMEOUT,
                 deadline: float = DEADLINE, max_bytes: int = MAX_RESPONSE_BYTES, max_pages: int = MAX_PAGES) -> None:
        self.spec, self.api, self.token = spec, api.rstrip("/"), token
        self.timeout, self.deadline, self.max_bytes, self.max_pages = timeout, deadline, max_bytes, max_pages
        self.opener = urllib.request.build_opener(_SameOriginRedirects)

    def url(self, path: str, params: dict[str, Any] | None = None) -> str:
        return self.api + path + ("?" + urllib.parse.urlencode(params) if params else "")

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.fetch(self.url(path, params))[0]

    def get_all(self, path: str) -> list:
        """Every item of a paginated list, or ForgeError: never part of the list."""
        spec, name = self.spec, FORGE_NAMES[self.spec.name]
        url = self.url(path, {spec.size_param: spec.page_size, "page": 1})
        items: list = []
        for number in range(1, self.max_pages + 1):
            batch, headers = self.fetch(url)
            if not isinstance(batch, list):
                raise ForgeError(f"{name} 返回的列表格式不对：{url}")
            items.extend(batch)
            link = headers.get("Link") if spec.follow_link else None
            target = next_link(link)
            if target:
                target = urllib.parse.urljoin(url, target)
                if origin(target) != origin(self.api):
                    raise ForgeError(f"{name} 的分页链接指向另一个来源 {target}；为免泄露令牌，不跟随")
                url = target
                continue
            total = (headers.get("X-Total-Count") or "").strip()
            if not batch or link or (total.isdigit() and len(items) >= int(total)):
                return items  # an empty page, or the forge says this was the last one
            url = self.url(path, {spec.size_param: spec.page_size, "page": number + 1})
        raise ForgeError(f"{name} 的评审超过 {self.max_pages} 页，未能读全：{self.url(path)}；"
                         "只读一部分可能漏掉撤回的批准，故不导入")

    def fetch(self, url: str) -> tuple[Any, Any]:
        """(parsed JSON, response headers) of one GET."""
        request = urllib.request.Request(url, headers={"User-Agent": "govsite", **dict(self.spec.headers)})
        if self.token:
            request.add_header("Authorization", f"{self.spec.auth_scheme} {self.token}")
        name = FORGE_NAMES[self.spec.name]
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                body = self._read(response, url)
                headers = response.headers
        except urllib.error.HTTPError as err:
            err.close()
            if err.code in (401, 403):
                raise ForgeError(f"{name} 拒绝访问 {url}（HTTP {err.code}）；请检查环境变量 {self.spec.token_env} 中的令牌及其权限") from None
            if err.code == 404:
                hint = f"；私有仓库需要在环境变量 {self.spec.token_env} 中提供令牌" if not self.token else ""
                raise ForgeError(f"{name} 上找不到 {url}（HTTP 404）：请检查 --repo 和 --pr{hint}") from None
            raise ForgeError(f"{name} 返回错误 HTTP {err.code}：{url}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            raise ForgeError(f"无法连接 {name}（{url}）：{getattr(err, 'reason', err)}；请检查网络或 --api") from None
        try:
            return json.loads(body.decode("utf-8")), headers
        except (ValueError, RecursionError):
            raise ForgeError(f"{name} 的响应不是 JSON：{url}") from None

    def _read(self, response: http.client.HTTPResponse, url: str) -> bytes:
        name = FORGE_NAMES[self.spec.name]
        too_big = f"{name} 的响应超过上限 {self.max_bytes} 字节：{url}；不读取，也不导入"
        length = (response.headers.get("Content-Length") or "").strip()
        if length.isdigit() and int(length) > self.max_bytes:
            raise ForgeError(too_big)
        stop = time.monotonic() + self.deadline
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = response.read1(65536)  # one system call at a time, so the deadline is checked
            if not chunk:
                return b"".join(chunks)
            total += len(chunk)
            if total > self.max_bytes:
                raise ForgeError(too_big)
            if time.monotonic() > stop:
                raise ForgeError(f"{name} 的响应在 {self.deadline:g} 秒内未传完：{url}")
            chunks.append(chunk)


# -- reading a pull request ---------------------------------------------------------
@dataclass(frozen=True)
class Review:
    id: int
    login: str
    state: str  # APPROVED | CHANGES_REQUESTED | DISMISSED | COMMENTED | PENDING
    commit_id: str
    submitted_at: str | None
    url: str
    official: bool = True  # Gitea: the reviewer may approve (GitHub: always)
    stale: bool = False  # Gitea: the review is of an older commit


@dataclass(frozen=True)
class Folded:
    login: str
    status: Standing
    review: Review


_GITEA_STATES = {"REQUEST_CHANGES": "CHANGES_REQUESTED", "COMMENT": "COMMENTED", "REQUEST_REVIEW": "PENDING"}
_DECISIVE = ("APPROVED", "CHANGES_REQUESTED", "DISMISSED")


def normalise(forge: str, raw: dict) -> Review | None:
    """One review of either forge in one vocabulary; None for reviews without a user."""
    if not isinstance(raw, dict):
        return None
    user = raw.get("user")
    login = user.get("login") if isinstance(user, dict) else None
    if not isinstance(login, str) or not login or not isinstance(raw.get("id"), int):
        return None
    state = str(raw.get("state") or "").upper()
    official, stale = True, False
    if forge == "gitea":
        state = "DISMISSED" if raw.get("dismissed") else _GITEA_STATES.get(state, state)
        official, stale = raw.get("official") is True, raw.get("stale") is not False
    return Review(raw["id"], login, state, str(raw.get("commit_id") or ""), raw.get("submitted_at"),
                  str(raw.get("html_url") or raw.get("pull_request_url") or ""), official, stale)


def fold(reviews: list[Review], head: str, *, forge: str, author: str | None = None) -> dict[str, Folded]:
    """Each reviewer's standing at the head commit, keyed by canonical login (logins the
    forge does not allow are kept under their raw text, as BAD_LOGIN)."""
    latest: dict[str, Review] = {}
    for review in sorted(reviews, key=lambda r: r.id):
        if review.state in _DECISIVE:
            latest[canonical_login(forge, review.login) or review.login] = review
    owner = canonical_login(forge, author) if author is not None else None
    out: dict[str, Folded] = {}
    for key, review in latest.items():
        login = canonical_login(forge, review.login)
        if login is None:
            status = BAD_LOGIN
        elif review.state != "APPROVED":
            status = WITHDRAWN
        elif owner is not None and login == owner:
            status = AUTHOR
        elif review.commit_id != head or review.stale:
            status = STALE
        elif not review.official:
            status = UNOFFICIAL
        else:
            status = APPROVED
        out[key] = Folded(review.login, status, review)
    return out


def shown_login(folded: Folded) -> str:
    """A login fit to print: a login the forge does not allow is shown escaped (it may
    hold line breaks or look-alike letters)."""
    return ascii(folded.login) if folded.status == BAD_LOGIN else folded.login


_SHA_RE = re.compile(r"\A(?:[0-9a-f]{40}|[0-9a-f]{64})\Z")


def fetch(client: Client, forge: str, repo: str, number: int) -> tuple[dict, list[Review]]:
    name = FORGE_NAMES[forge]
    pull = client.get(f"/repos/{repo}/pulls/{number}")
    if not isinstance(pull, dict) or not isinstance(pull.get("head"), dict) or not pull["head"].get("sha"):
        raise ForgeError(f"{name} 返回的 PR #{number} 缺少 head.sha")
    if not isinstance(pull["head"]["sha"], str) or not _SHA_RE.match(pull["head"]["sha"]):
        raise ForgeError(f"{name} 返回的 PR #{number} 的 head.sha 不是提交编号")
    user = pull.get("user")
    if not isinstance(user, dict) or not isinstance(user.get("login"), str) or not user["login"]:
        raise ForgeError(f"{name} 返回的 PR #{number} 缺少作者（user.login），无法排除作者本人的批准")
    raw = client.get_all(f"/repos/{repo}/pulls/{number}/reviews")
    return pull, [r for r in (normalise(forge, item) for item in raw) if r is not None]


# -- where the forge is ---------------------------------------------------------------
_REMOTE_RE = re.compile(r"\A(?:(?:https?|ssh|git)://(?:[^@/]+@)?([^/:]+)(?::\d+)?/|[^@]+@([^:]+):)(.+?)(?:\.git)?/?\Z")
_REPO_RE = re.compile(r"\A[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+\Z")
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def parse_remote(url: str) -> tuple[str, str] | None:
    """(host, owner/name) of a git remote URL."""
    m = _REMOTE_RE.fullmatch(url.strip())
    if not m:
        return None
    path = m.group(3).strip("/")
    return (m.group(1) or m.group(2)), path


def client_for(project: Project, forge: str, repo: str | None, api: str | None, token: str | None) -> tuple[Client, str]:
    spec = SPECS[forge]
    remote = gitio.remote_url(project.root) if gitio.is_repository(project.root) else None
    parsed = parse_remote(remote) if remote else None
    repo = repo or (parsed[1] if parsed else None)
    if not repo or not _REPO_RE.match(repo) or ".." in repo:
        raise UsageError("无法从 git remote 得知仓库名，或仓库名不对；请用 --repo 所有者/仓库名 指定")
    if not api:
        if spec.default_api:
            api = spec.default_api
        elif parsed:
            api = f"https://{parsed[0]}/api/v1"
        else:
            raise UsageError("请用 --api 指定 Gitea 的 API 地址，如 https://git.example.gov.cn/api/v1")
    scheme, host, _ = origin(api)
    if scheme not in ("http", "https") or not host:
        raise UsageError(f"--api {api} 不是 http(s) 地址")
    if scheme == "http" and token and host not in _LOOPBACK:
        raise UsageError(f"--api {api} 不加密（http）；令牌只通过 https 发送")
    return Client(spec, api, token), repo


# -- the roster of the base commit ----------------------------------------------------
class BaseRosters:
    """``units/<id>/unit.yml`` as the base commit has it, loaded and validated exactly as
    ``load_unit`` does; the pull request's own copy is never read."""

    def __init__(self, root: Path, ref: str) -> None:
        sha = gitio.commit_or_none(root, ref)
        if sha is None:
            raise UsageError(f"本地仓库没有基准提交 {ref or '（未知）'}；请获取基准分支（fetch-depth: 0），或用 --base 指定")
        self.root, self.ref = root, sha  # resolved once: a branch that moves meanwhile changes nothing
        self._units: dict[str, Unit | None] = {}

    def unit(self, unit_id: str) -> Unit | None:
        if unit_id not in self._units:
            self._units[unit_id] = self._load(unit_id)
        return self._units[unit_id]

    def _load(self, unit_id: str) -> Unit | None:
        rel = f"units/{unit_id}/unit.yml"
        raw = gitio.blob_at(self.root, self.ref, rel)
        if raw is None:
            return None
        with tempfile.TemporaryDirectory(prefix="govsite-base-") as tmp:
            folder = Path(tmp) / "units" / unit_id
            folder.mkdir(parents=True)
            (folder / "unit.yml").write_bytes(raw)
            try:
                return load_unit(folder, Path(tmp))
            except ConfigError as err:
                raise ConfigError(f"{rel}（基准提交 {self.ref[:12]}）", err.line, err.what, err.fix) from None


def person_by_login(unit: Unit, forge: str, login: str) -> Person | None:
    """The roster person whose ``forge:`` login is ``login``: both canonical, equal after
    NFKC + casefold, and only one such person (two people with one login count for neither)."""
    wanted = canonical_login(forge, login)
    if wanted is None:
        return None
    found = [p for p in unit.people if canonical_login(forge, getattr(p, forge)) == wanted]
    return found[0] if len(found) == 1 else None


# -- import ------------------------------------------------------------------------
@dataclass
class ImportResult:
    pr: int
    head: str
    folded: dict[str, Folded]
    base: str = ""
    written: list[tuple[str, str, str, Path]] = field(default_factory=list)  # (page, role, person, record)
    existing: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _importer_key(project: Project, importer: str, keys_base: Path | None) -> tuple[Path, str]:
    """The importer's private key and its fingerprint; it must be registered."""
    key = keys.importer_key(keys.keys_dir(project.root, keys_base), importer)
    pub = key.with_name(key.name + ".pub")
    if not key.exists() or not pub.exists():
        raise UsageError(f"找不到导入者 {importer} 的密钥 {key}（及 .pub）；请运行 govsite review keygen --importer {importer}"
                         f"（并把公钥提交到 {FORGE_IMPORTERS}），或设置环境变量 {keys.ENV}")
    store = gate.verifier_for(project).store
    blob = sshsig.key_blob(pub.read_text("utf-8"))
    if not any(s.blob == blob and importer in s.principals for s in store.importers):
        raise UsageError(f"导入者 {importer} 的公钥未在 {FORGE_IMPORTERS} 中登记；请平台管理员登记后再导入")
    return key, sshsig.fingerprint(blob)


def _pages(project: Project, pull: dict, head: str, pages: list[str] | None) -> list[str]:
    root = project.root
    if not gitio.commit_exists(root, head):
        raise UsageError(f"本地仓库没有 PR 的最新提交 {head[:12]}；请先获取，如 git fetch origin pull/{pull.get('number')}/head"
                         "（GitHub）或 git fetch origin refs/pull/<N>/head（Gitea）")
    if pages:
        return [project.rel(Path(p)) for p in pages]
    base = _base_sha(pull)
    if not base or not gitio.commit_exists(root, base):
        raise UsageError(f"本地仓库没有 PR 的基准提交 {base[:12] or '（未知）'}，无法得知 PR 改了哪些页面；"
                         "请获取完整历史（fetch-depth: 0），或在命令后列出页面")
    return [c.path for c in gitio.changes(root, base, head) if c.status != "D"]


def _base_sha(pull: dict) -> str:
    sha = (pull.get("base") or {}).get("sha") if isinstance(pull.get("base"), dict) else None
    return sha if isinstance(sha, str) and _SHA_RE.match(sha) else ""


def _is_page(rel: str) -> bool:
    where = PagePath(rel)
    return (where.unit is not None or where.in_content) and rel.endswith(".md")


def _when(text: str | None, fallback: dt.datetime) -> str:
    if not text:
        return utc_text(fallback)
    try:
        return utc_text(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))
    except (TypeError, ValueError):
        return utc_text(fallback)


_WHY = {STALE: "针对的不是最新提交（或已过时），不计入", UNOFFICIAL: "不是正式评审（official: false），不计入",
        AUTHOR: "是 PR 作者本人的批准，不计入", BAD_LOGIN: "账号名不是平台允许的 ASCII 账号名，不计入"}


def import_pr(project: Project, forge: str, number: int, repo: str, client: Client, importer: str,
              pages: list[str] | None = None, keys_base: Path | None = None,
              now: dt.datetime | None = None, base: str | None = None) -> ImportResult:
    """Import the approvals of pull request ``number``; ``base`` is the commit whose
    rosters decide who may approve (default: the pull request's base commit)."""
    if forge not in SPECS:
        raise UsageError(f"未知的平台 {forge!r}；可选：{' | '.join(SPECS)}")
    if not gitio.is_repository(project.root):
        raise UsageError("导入平台审批需要在 git 仓库中运行（要读取 PR 最新提交中的页面和基准分支的人员名单）")
    now = now or now_utc()
    pull, reviews = fetch(client, forge, repo, number)
    head = pull["head"]["sha"]
    rosters = BaseRosters(project.root, base or _base_sha(pull))
    result = ImportResult(number, head, fold(reviews, head, forge=forge, author=pull["user"]["login"]), rosters.ref)
    name = FORGE_NAMES[forge]
    for f in result.folded.values():
        if f.status == WITHDRAWN:
            result.notes.append(f"{shown_login(f)} 的批准已被撤回（{'要求修改' if f.review.state == 'CHANGES_REQUESTED' else '已驳回'}），不计入")
        elif f.status in _WHY:
            result.notes.append(f"{shown_login(f)} 的批准{_WHY[f.status]}")
    approved = [f for f in result.folded.values() if f.status == APPROVED]
    if not approved:
        result.notes.append(f"PR #{number} 在最新提交 {head[:12]} 上没有有效的批准")
        return result
    key, fp = _importer_key(project, importer, keys_base)
    store = gate.verifier_for(project).store
    for rel in _pages(project, pull, head, pages):
        if not _is_page(rel) or project.roster_unit_id(rel) is None:
            continue
        raw = gitio.blob_at(project.root, head, rel)
        if raw is None:
            result.notes.append(f"{rel} 不在 PR 的最新提交中，跳过")
            continue
        page = page_from_bytes(project.root, rel, raw, project.limits)
        if page.over_limit is not None:
            result.notes.append(f"{rel} 超过大小限制，跳过：{page.over_limit[1]}")
            continue
        unit = rosters.unit(project.roster_unit_id(rel) or "")
        if unit is None:
            result.notes.append(f"{rel}：基准提交 {rosters.ref[:12]} 中没有 units/{project.roster_unit_id(rel)}/unit.yml；"
                                "新单位的人员名单须先合并，才能导入其平台审批")
            continue
        named = [(s.role, s.person) for s in slots(page, unit) if s.person is not None]
        existing = []
        for path in store.files_for(rel):
            try:
                existing.append(parse(path.read_bytes()))
            except (OSError, RecordError):
                continue
        for f in approved:
            person = person_by_login(unit, forge, f.login)
            if person is None:
                result.notes.append(f"{rel}：{name} 账号 {f.login} 未在基准提交 {rosters.ref[:12]} 的 units/{unit.id}/unit.yml "
                                    f"的 forge.{forge} 中登记，不计入")
                continue
            roles = [role for role, who in named if who.id == person.id]
            if not roles:
                result.notes.append(f"{rel}：{person.name}（{f.login}）不是该页 reviewers 中的审核人，不计入")
                continue
            for role in roles:
                record = Record(page=rel, unit=unit.id, title=str(page.meta.get("title") or ""), hash=content_hash(raw),
                                role=role, person=person.id, name=person.name, when=_when(f.review.submitted_at, now),
                                provider=forge, pr=str(number), head=head, review=str(f.review.id), login=f.login,
                                url=f.review.url, importer=importer, imported=utc_text(now), key=fp)
                if any(e.provider == forge and e.review == record.review and e.role == role and e.hash == record.hash
                       and e.person == person.id for e in existing):
                    result.existing.append((rel, role, person.id))
                    continue
                result.written.append((rel, role, person.id, sign_record(store, record, key)))
    gate.forget(project)
    return result

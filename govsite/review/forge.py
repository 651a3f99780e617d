"""Pull-request approvals on GitHub and Gitea, imported as approval records.

``govsite review import --forge github|gitea --pr N`` reads the pull request
(``GET /repos/{owner}/{repo}/pulls/{n}``) and its reviews
(``GET /repos/{owner}/{repo}/pulls/{n}/reviews``, every page) through the forge's REST
API (GitHub: ``https://api.github.com``; Gitea: ``https://<host>/api/v1``), with the
token from ``GITHUB_TOKEN`` / ``GITEA_TOKEN`` when set.

Reviews are folded as the forges do, per reviewer, in order: an ``APPROVED`` review
counts only if its ``commit_id`` is the pull request's head commit; a later
``CHANGES_REQUESTED`` (Gitea: ``REQUEST_CHANGES``) or a dismissal (GitHub: state
``DISMISSED``; Gitea: ``dismissed: true``) withdraws it; comments and pending reviews
change nothing. Each approving login is mapped to a roster person through ``forge:``
in ``unit.yml``; for each page the pull request changes, a record is written for every
review role the page's ``reviewers`` gives that person, with the hash of the page *at
the head commit* (what the reviewer saw), the PR number, the head commit, the review
id and the login. The importer signs each record with its own key (listed in
``review/forge_importers``): that signature is the record's provenance.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from govsite.core import gitio
from govsite.core.errors import GovsiteError, UsageError
from govsite.core.pages import page_from_bytes
from govsite.core.paths import PagePath
from govsite.core.project import Project
from govsite.review import FORGE_IMPORTERS, FORGE_NAMES, gate, keys, sshsig
from govsite.review.hashing import content_hash
from govsite.review.records import Record, RecordError, parse, utc_text
from govsite.review.roster import slots
from govsite.review.signing import now_utc, sign_record


class Standing(StrEnum):
    """A reviewer's standing at the pull request's head commit, after folding their reviews."""

    APPROVED = "approved"  # approved the head commit: imported
    STALE = "stale"  # approved an earlier commit: not imported
    WITHDRAWN = "withdrawn"  # a later review requested changes or dismissed the approval


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


SPECS = {
    "github": ForgeSpec("github", "https://api.github.com", "GITHUB_TOKEN", "per_page", 100, "Bearer",
                        (("Accept", "application/vnd.github+json"), ("X-GitHub-Api-Version", "2022-11-28"))),
    "gitea": ForgeSpec("gitea", None, "GITEA_TOKEN", "limit", 50, "token", (("Accept", "application/json"),)),
}


class Client:
    """GET JSON from a forge's REST API. Tests substitute an object with the same
    ``get(path, params)`` that returns recorded responses."""

    def __init__(self, spec: ForgeSpec, api: str, token: str | None = None, timeout: float = 30) -> None:
        self.spec, self.api, self.token, self.timeout = spec, api.rstrip("/"), token, timeout

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        url = self.api + path + ("?" + urllib.parse.urlencode(params) if params else "")
        request = urllib.request.Request(url, headers={"User-Agent": "govsite", **dict(self.spec.headers)})
        if self.token:
            request.add_header("Authorization", f"{self.spec.auth_scheme} {self.token}")
        name = FORGE_NAMES[self.spec.name]
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as err:
            if err.code in (401, 403):
                raise ForgeError(f"{name} 拒绝访问 {url}（HTTP {err.code}）；请检查环境变量 {self.spec.token_env} 中的令牌及其权限") from None
            if err.code == 404:
                hint = f"；私有仓库需要在环境变量 {self.spec.token_env} 中提供令牌" if not self.token else ""
                raise ForgeError(f"{name} 上找不到 {url}（HTTP 404）：请检查 --repo 和 --pr{hint}") from None
            raise ForgeError(f"{name} 返回错误 HTTP {err.code}：{url}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            raise ForgeError(f"无法连接 {name}（{url}）：{getattr(err, 'reason', err)}；请检查网络或 --api") from None
        except ValueError:
            raise ForgeError(f"{name} 的响应不是 JSON：{url}") from None


# -- reading a pull request ---------------------------------------------------------
@dataclass(frozen=True)
class Review:
    id: int
    login: str
    state: str  # APPROVED | CHANGES_REQUESTED | DISMISSED | COMMENTED | PENDING
    commit_id: str
    submitted_at: str | None
    url: str


@dataclass(frozen=True)
class Folded:
    login: str
    status: Standing
    review: Review


_GITEA_STATES = {"REQUEST_CHANGES": "CHANGES_REQUESTED", "COMMENT": "COMMENTED", "REQUEST_REVIEW": "PENDING"}


def normalise(forge: str, raw: dict) -> Review | None:
    """One review of either forge in one vocabulary; None for reviews without a user."""
    login = ((raw.get("user") or {}).get("login") or "").strip()
    if not login or raw.get("id") is None:
        return None
    state = str(raw.get("state") or "").upper()
    if forge == "gitea":
        state = "DISMISSED" if raw.get("dismissed") else _GITEA_STATES.get(state, state)
    return Review(int(raw["id"]), login, state, str(raw.get("commit_id") or ""), raw.get("submitted_at"),
                  str(raw.get("html_url") or raw.get("pull_request_url") or ""))


def fold(reviews: list[Review], head: str) -> dict[str, Folded]:
    """Each reviewer's standing at the head commit, keyed by lower-case login."""
    latest: dict[str, Review] = {}
    for review in sorted(reviews, key=lambda r: r.id):
        if review.state in ("APPROVED", "CHANGES_REQUESTED", "DISMISSED"):
            latest[review.login.lower()] = review
    out = {}
    for login, review in latest.items():
        if review.state == "APPROVED":
            status = Standing.APPROVED if review.commit_id == head else Standing.STALE
        else:
            status = Standing.WITHDRAWN
        out[login] = Folded(review.login, status, review)
    return out


def fetch(client: Client, forge: str, repo: str, number: int) -> tuple[dict, list[Review]]:
    spec = SPECS[forge]
    pull = client.get(f"/repos/{repo}/pulls/{number}")
    if not isinstance(pull, dict) or not isinstance(pull.get("head"), dict) or not pull["head"].get("sha"):
        raise ForgeError(f"{FORGE_NAMES[forge]} 返回的 PR #{number} 缺少 head.sha")
    reviews: list[Review] = []
    for page in range(1, 101):
        batch = client.get(f"/repos/{repo}/pulls/{number}/reviews", {spec.size_param: spec.page_size, "page": page})
        if not isinstance(batch, list):
            raise ForgeError(f"{FORGE_NAMES[forge]} 返回的评审列表格式不对（PR #{number}）")
        reviews.extend(r for r in (normalise(forge, raw) for raw in batch) if r is not None)
        if len(batch) < spec.page_size:
            break
    return pull, reviews


# -- where the forge is ---------------------------------------------------------------
_REMOTE_RE = re.compile(r"^(?:(?:https?|ssh|git)://(?:[^@/]+@)?([^/:]+)(?::\d+)?/|[^@]+@([^:]+):)(.+?)(?:\.git)?/?$")


def parse_remote(url: str) -> tuple[str, str] | None:
    """(host, owner/name) of a git remote URL."""
    m = _REMOTE_RE.match(url.strip())
    if not m:
        return None
    path = m.group(3).strip("/")
    return (m.group(1) or m.group(2)), path


def client_for(project: Project, forge: str, repo: str | None, api: str | None, token: str | None) -> tuple[Client, str]:
    spec = SPECS[forge]
    remote = gitio.remote_url(project.root) if gitio.is_repository(project.root) else None
    parsed = parse_remote(remote) if remote else None
    repo = repo or (parsed[1] if parsed else None)
    if not repo or repo.count("/") != 1:
        raise UsageError("无法从 git remote 得知仓库名；请用 --repo 所有者/仓库名 指定")
    if not api:
        if spec.default_api:
            api = spec.default_api
        elif parsed:
            api = f"https://{parsed[0]}/api/v1"
        else:
            raise UsageError("请用 --api 指定 Gitea 的 API 地址，如 https://git.example.gov.cn/api/v1")
    return Client(spec, api, token), repo


# -- import ------------------------------------------------------------------------
@dataclass
class ImportResult:
    pr: int
    head: str
    folded: dict[str, Folded]
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
    if not gitio.is_repository(root):
        raise UsageError("导入平台审批需要在 git 仓库中运行（要读取 PR 最新提交中的页面）")
    if not gitio.commit_exists(root, head):
        raise UsageError(f"本地仓库没有 PR 的最新提交 {head[:12]}；请先获取，如 git fetch origin pull/{pull.get('number')}/head"
                         "（GitHub）或 git fetch origin refs/pull/<N>/head（Gitea）")
    if pages:
        return [project.rel(Path(p)) for p in pages]
    base = ((pull.get("base") or {}).get("sha")) or ""
    if not base or not gitio.commit_exists(root, base):
        raise UsageError(f"本地仓库没有 PR 的基准提交 {base[:12] or '（未知）'}，无法得知 PR 改了哪些页面；"
                         "请获取完整历史（fetch-depth: 0），或在命令后列出页面")
    return [c.path for c in gitio.changes(root, base, head) if c.status != "D"]


def _is_page(rel: str) -> bool:
    return PagePath(rel).is_unit_page


def _when(text: str | None, fallback: dt.datetime) -> str:
    if not text:
        return utc_text(fallback)
    try:
        return utc_text(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        return utc_text(fallback)


def import_pr(project: Project, forge: str, number: int, repo: str, client: Client, importer: str,
              pages: list[str] | None = None, keys_base: Path | None = None,
              now: dt.datetime | None = None) -> ImportResult:
    if forge not in SPECS:
        raise UsageError(f"未知的平台 {forge!r}；可选：{' | '.join(SPECS)}")
    now = now or now_utc()
    pull, reviews = fetch(client, forge, repo, number)
    head = pull["head"]["sha"]
    result = ImportResult(number, head, fold(reviews, head))
    name = FORGE_NAMES[forge]
    for f in result.folded.values():
        if f.status == Standing.STALE:
            result.notes.append(f"{f.login} 的批准针对旧提交 {f.review.commit_id[:12]}，不是最新提交，不计入")
        elif f.status == Standing.WITHDRAWN:
            result.notes.append(f"{f.login} 的批准已被撤回（{'要求修改' if f.review.state == 'CHANGES_REQUESTED' else '已驳回'}），不计入")
    approved = [f for f in result.folded.values() if f.status == Standing.APPROVED]
    if not approved:
        result.notes.append(f"PR #{number} 在最新提交 {head[:12]} 上没有有效的批准")
        return result
    key, fp = _importer_key(project, importer, keys_base)
    store = gate.verifier_for(project).store
    for rel in _pages(project, pull, head, pages):
        unit_id = PagePath(rel).unit
        if unit_id is None or not _is_page(rel):
            continue
        raw = gitio.blob_at(project.root, head, rel)
        if raw is None:
            result.notes.append(f"{rel} 不在 PR 的最新提交中，跳过")
            continue
        page = page_from_bytes(project.root, rel, raw)
        unit = project.unit(unit_id)
        named = [s for s in slots(page, unit) if s.person is not None]
        existing = []
        for path in store.files_for(rel):
            try:
                existing.append(parse(path.read_bytes()))
            except (OSError, RecordError):
                continue
        for f in approved:
            person = unit.person_by_login(forge, f.login)
            if person is None:
                result.notes.append(f"{rel}：{name} 账号 {f.login} 未在 units/{unit.id}/unit.yml 的 forge.{forge} 中登记，不计入")
                continue
            roles = [s.role for s in named if s.person is not None and s.person.id == person.id]
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

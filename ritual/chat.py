"""Posting to the team's chat through its webhook: Slack, DingTalk, Feishu, WeCom, or any URL.

The URL and the secret come from the config file (ritual/config.py), never from the shared
team file. Each provider gets the payload shape it documents; DingTalk and Feishu custom robots
with a secret get their HMAC-SHA256 signature. A failure is one sentence.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from ritual.errors import RitualError
from ritual.i18n import _

PROVIDERS = ("slack", "dingtalk", "feishu", "wecom", "json")
STYLE = {
    "slack": "slack",
    "dingtalk": "markdown",
    "feishu": "plain",
    "wecom": "markdown",
    "json": "plain",
}


@dataclass(frozen=True)
class ChatConfig:
    provider: str
    url: str
    secret: str = ""
    post_on_end: bool = False


def chat_config(config: dict[str, Any], where: str) -> ChatConfig:
    """The ``[chat]`` table of the settings; refused with what to add when it is missing."""
    table = config.get("chat")
    if not isinstance(table, dict) or not table.get("url"):
        raise RitualError(
            _(
                "no chat webhook is set up: add a [chat] table with provider and url to {where}."
            ).format(where=where)
        )
    provider = str(table.get("provider", "json")).lower()
    if provider not in PROVIDERS:
        raise RitualError(
            _("chat provider {provider!r} is unknown: use one of {PROVIDERS}.").format(
                provider=provider, PROVIDERS=", ".join(PROVIDERS)
            )
        )
    url = str(table["url"])
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise RitualError(
            _("the chat url in {where} must start with https:// (or http://).").format(where=where)
        )
    return ChatConfig(provider, url, str(table.get("secret", "")), bool(table.get("post_on_end")))


def _b64_hmac(key: bytes, message: bytes) -> str:
    return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()


def build_request(
    cfg: ChatConfig, title: str, text: str, data: dict[str, Any], now_ms: int
) -> tuple[str, dict[str, Any]]:
    """The URL to post to and the JSON payload, as the provider's documentation gives them."""
    url, secret = cfg.url, cfg.secret
    if cfg.provider == "slack":
        return url, {"text": text}
    if cfg.provider == "dingtalk":
        if secret:
            timestamp = str(now_ms)
            sign = _b64_hmac(secret.encode(), f"{timestamp}\n{secret}".encode())
            sep = "&" if urllib.parse.urlsplit(url).query else "?"
            url += f"{sep}timestamp={timestamp}&sign={urllib.parse.quote_plus(sign)}"
        return url, {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    if cfg.provider == "feishu":
        payload: dict[str, Any] = {"msg_type": "text", "content": {"text": text}}
        if secret:
            timestamp = str(now_ms // 1000)
            payload["timestamp"] = timestamp
            payload["sign"] = _b64_hmac(f"{timestamp}\n{secret}".encode(), b"")
        return url, payload
    if cfg.provider == "wecom":
        return url, {"msgtype": "markdown", "markdown": {"content": text}}
    return url, {"title": title, "text": text, "standup": data}


def redacted(url: str) -> str:
    """The URL without its query (where DingTalk and WeCom keep their tokens), for messages."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def send(cfg: ChatConfig, url: str, payload: dict[str, Any], timeout: float = 10) -> None:
    """POST the payload; the chat's own error codes count as failures too."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if cfg.provider == "json" and cfg.secret:
        digest = hmac.new(cfg.secret.encode(), body, hashlib.sha256).hexdigest()
        headers["X-Ritual-Signature"] = f"sha256={digest}"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    where = redacted(url)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = response.read(65536)
    except urllib.error.HTTPError as exc:
        raise RitualError(
            _("{where} refused the post: HTTP {code} {reason}.").format(
                where=where, code=exc.code, reason=exc.reason
            )
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise RitualError(
            _("cannot reach {where}: {reason}.").format(where=where, reason=reason)
        ) from None
    try:
        reply = json.loads(answer or b"{}")
    except ValueError:
        return  # Slack answers "ok" as plain text
    if isinstance(reply, dict):
        code = reply.get("errcode", reply.get("code", reply.get("StatusCode", 0)))
        if code not in (0, None):
            message = reply.get("errmsg") or reply.get("msg") or reply.get("StatusMessage") or ""
            raise RitualError(
                _("{where} refused the post: {code} {message}.").format(
                    where=where, code=code, message=message
                )
            )

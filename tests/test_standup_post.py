"""``ritual standup post``: each chat's payload and signature, checked by a local server (bound
to 127.0.0.1 by the test; nothing leaves this machine)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.parse
from pathlib import Path

import pytest
from helpers.cli import ritual
from helpers.webhook import Hook

from ritual.clock import ManualClock
from ritual.standup import Standup
from storage.standup_repo import StandupRepo
from storage.store import Store
from storage.team_repo import TeamRepo

SECRET = "SECdeadbeef"


@pytest.fixture
def hook():
    h = Hook()
    yield h
    h.server.shutdown()


@pytest.fixture
def held(store: Store, clock: ManualClock) -> Path:
    team = TeamRepo(store)
    team.update_team(name="Checkout")
    for name in ("Ann", "Ben <!channel>", "[Eve](http://phish.example)"):
        team.add_member(name)
    repo = StandupRepo(store)
    date = repo.today()
    repo.act(date, Standup.start)
    clock.advance(130)
    repo.act(date, lambda s, now: s.add_blocker("Staging <down> & out", "Ann", "Ann", now))
    repo.act(date, Standup.next)
    clock.advance(40)
    repo.act(date, lambda s, now: s.add_parking("![](http://track.example/p.png)", "Ann", now))
    repo.act(date, Standup.end)
    return store.path


def configure(tmp_path: Path, monkeypatch, **chat: str) -> None:
    lines = ["[chat]"] + [f"{k} = {json.dumps(v)}" for k, v in chat.items()]
    path = tmp_path / "config.toml"
    path.write_text("\n".join(lines) + "\n")
    monkeypatch.setenv("RITUAL_CONFIG", str(path))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")  # a proxy set for the machine stays out of it
    monkeypatch.setenv("no_proxy", "127.0.0.1")


def post(db: Path, *args: str):
    return ritual(db, "standup", "post", "2026-11-26", *args)


def test_slack_gets_text_with_its_control_characters_escaped(held, hook, tmp_path, monkeypatch):
    hook.reply = b"ok"
    configure(tmp_path, monkeypatch, provider="slack", url=f"{hook.url}/services/T/B/X")
    done = post(held)
    assert done.returncode == 0, done.stderr
    assert "Posted the stand-up of 2026-11-26 to slack" in done.stdout
    [req] = hook.requests
    assert req["path"] == "/services/T/B/X"
    text = hook.payload()["text"]
    assert text.startswith("*Stand-up 2026-11-26 — Checkout*")
    assert "Ann 2:10 (+0:10)" in text
    assert "Ben &lt;!channel&gt;" in text and "<!channel>" not in text
    assert "Staging &lt;down&gt; &amp; out (Ann)" in text


def test_dingtalk_is_signed_and_markdown_is_escaped(held, hook, tmp_path, monkeypatch):
    configure(
        tmp_path,
        monkeypatch,
        provider="dingtalk",
        url=f"{hook.url}/robot/send?access_token=tok",
        secret=SECRET,
    )
    done = post(held)
    assert done.returncode == 0, done.stderr
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(hook.requests[0]["path"]).query)
    assert query["access_token"] == ["tok"]
    timestamp = query["timestamp"][0]
    expected = base64.b64encode(
        hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(), hashlib.sha256).digest()
    ).decode()
    assert query["sign"] == [expected]
    body = hook.payload()
    assert body["msgtype"] == "markdown" and body["markdown"]["title"].startswith("Stand-up")
    text = body["markdown"]["text"]
    assert "\\[Eve\\](http://phish.example)" in text  # a name is no link
    assert "!\\[\\](http://track.example/p.png)" in text  # a topic is no image
    assert "tok" not in done.stdout  # the token stays out of what is printed


def test_feishu_signs_in_the_body(held, hook, tmp_path, monkeypatch):
    hook.reply = b'{"code": 0, "msg": "success"}'
    configure(tmp_path, monkeypatch, provider="feishu", url=f"{hook.url}/hook/x", secret=SECRET)
    assert post(held).returncode == 0
    body = hook.payload()
    assert body["msg_type"] == "text" and "Staging <down> & out" in body["content"]["text"]
    string_to_sign = f"{body['timestamp']}\n{SECRET}".encode()
    expected = base64.b64encode(hmac.new(string_to_sign, b"", hashlib.sha256).digest()).decode()
    assert body["sign"] == expected


def test_wecom_and_any_url_as_json(held, hook, tmp_path, monkeypatch):
    configure(tmp_path, monkeypatch, provider="wecom", url=f"{hook.url}/cgi-bin/webhook/send?key=k")
    assert post(held).returncode == 0
    assert hook.payload()["msgtype"] == "markdown"
    assert "Parking lot" in hook.payload()["markdown"]["content"]
    configure(tmp_path, monkeypatch, provider="json", url=f"{hook.url}/any", secret=SECRET)
    assert post(held).returncode == 0
    req = hook.requests[-1]
    digest = hmac.new(SECRET.encode(), req["body"], hashlib.sha256).hexdigest()
    assert req["headers"]["X-Ritual-Signature"] == f"sha256={digest}"
    data = hook.payload()["standup"]
    assert data["date"] == "2026-11-26" and data["blockers"][0]["text"] == "Staging <down> & out"


def test_dry_run_sends_nothing_and_failures_are_one_line(held, hook, tmp_path, monkeypatch):
    configure(tmp_path, monkeypatch, provider="dingtalk", url=f"{hook.url}/r?access_token=t")
    dry = post(held, "--dry-run")
    assert dry.returncode == 0 and hook.requests == []
    shown = json.loads(dry.stdout)
    assert shown["provider"] == "dingtalk" and "access_token" not in shown["url"]
    hook.reply = b'{"errcode": 310000, "errmsg": "sign not match"}'
    refused = post(held)
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        f"ritual: {hook.url}/r refused the post: 310000 sign not match."
    ]
    hook.status, hook.reply = 500, b"boom"
    assert "HTTP 500" in post(held).stderr
    hook.server.shutdown()
    hook.server.server_close()
    gone = post(held)
    assert gone.returncode == 2 and gone.stderr.startswith("ritual: cannot reach")


def test_no_chat_configured_says_where_to_add_it(held, tmp_path, monkeypatch):
    monkeypatch.setenv("RITUAL_CONFIG", str(tmp_path / "none.toml"))
    done = post(held)
    assert done.returncode == 2 and "add a [chat] table" in done.stderr
    (tmp_path / "none.toml").write_text("[chat\n")
    broken = post(held)
    assert broken.returncode == 2 and "is not valid TOML" in broken.stderr


async def test_the_facilitators_app_posts_the_digest_when_the_stand_up_ends(
    store: Store, clock: ManualClock, hook, monkeypatch
) -> None:
    """With ``post_on_end = true`` in the config, ending the meeting posts it once."""
    import os

    from helpers.pilot import settle

    from screens.app import RitualApp
    from screens.services import Services

    config = Path(os.environ["RITUAL_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'[chat]\nprovider = "slack"\nurl = "{hook.url}/x"\npost_on_end = true\n')
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    hook.reply = b"ok"
    TeamRepo(store).add_member("Ann")
    app = RitualApp(Services(store, clock, "alice"), mode="standup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        clock.advance(30)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        await app.workers.wait_for_complete()
    [request] = hook.requests
    assert json.loads(request["body"])["text"].startswith("*Stand-up 2026-11-26")

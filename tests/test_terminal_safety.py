"""Every text of the team file is untrusted input to every teammate's terminal.

A teammate with write access to the shared file (or a script of theirs) can put anything in any
text. These tests put terminal escape sequences, C1 controls, NUL, a right-to-left override and
Textual markup into every text field of every record, open every screen and dialog of ritual on
a real pseudo-terminal, and read the raw bytes the app wrote: none of it may steer the terminal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.cli import ritual
from helpers.pty_terminal import Terminal, screen_text, sequences

from ritual.text import UNSAFE_CHARS

# Title to "PWNED", clear the screen, blink, a one-byte CSI (C1), NUL, right-to-left override,
# Textual markup. The markup comes first so it still shows where a long title is cut.
PAYLOAD = "[b]markup[/b]\x1b]0;PWNED\x07\x1b[2J\x1b[5m\x9b\x00\u202eZ"
BENIGN = "[b]markup[/b] plain text"

# Strings that are not free text: the app parses them (dates, instants, even when empty) or they
# name one of a few values. Every other string field, including one added later, gets the payload.
STRUCTURED_KEYS = {
    *("column", "priority", "status", "state", "decision", "timezone", "field"),
    *("date", "due", "done_at", "when", "start", "end", "started_at", "ended_at"),
    *("since", "heartbeat", "at", "carried_from", "baseline_at", "carried_decision"),
    *("column_since", "blocked_since"),
}
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]*)?$")


def hostile(value: Any, key: str, payload: str, counter: Iterator[int]) -> Any:
    """``value`` with every free-text string replaced by a unique copy of ``payload``."""
    if isinstance(value, dict):
        return {k: hostile(v, k, payload, counter) for k, v in value.items()}
    if isinstance(value, list):
        return [hostile(v, key, payload, counter) for v in value]
    if isinstance(value, str) and key not in STRUCTURED_KEYS and not _ISO.match(value):
        return f"{key[:4]}{next(counter)}{payload}"  # unique: names and titles stay distinct
    return value


def text_fields(docs: dict[str, Any]) -> set[tuple[str, str]]:
    """(table, field) of every string field a document of the file holds."""
    found = set()
    for table, rows in docs.items():
        for doc in rows.values():
            for k, v in doc.items():
                if isinstance(v, str) or (isinstance(v, list) and v and isinstance(v[0], str)):
                    found.add((table, k))
    return found


def team_file(tmp_path: Path, payload: str) -> Path:
    """The demo team, every text of every record replaced by ``payload``; each record also
    carries a conflict copy (whose text the card and review views show)."""
    db = tmp_path / "team.json"
    assert ritual(db, "demo").returncode == 0
    docs = json.loads(db.read_text())
    counter = iter(range(1_000_000))
    for table, rows in docs.items():
        if table == "meta":
            continue
        for doc in rows.values():
            doc["conflicts"] = [
                {"field": "notes", "text": "x", "by": "x", "at": "2026-11-30T08:00:00+00:00"}
            ]
            if table == "cards" or table == "review_items":
                doc["conflicts"][0]["field"] = "description"
    docs["team"]["1"]["overtime_bell"] = False  # the app's own bell is not the payload's
    hostile_docs = {
        table: rows if table == "meta" else hostile(rows, table, payload, counter)
        for table, rows in docs.items()
    }
    db.write_text(json.dumps(hostile_docs, ensure_ascii=False))
    return db


def test_the_hostile_file_puts_the_payload_in_every_text_field(tmp_path: Path) -> None:
    db = team_file(tmp_path, PAYLOAD)
    docs = json.loads(db.read_text())
    fields = text_fields(docs)
    assert len(fields) > 40  # members, cards, iterations, stand-ups, notes, reviews ...
    for table, name in fields:
        values = [d[name] for d in docs[table].values() if name in d]
        if name in STRUCTURED_KEYS or all(isinstance(v, str) and _ISO.match(v) for v in values):
            continue
        for v in values:
            for s in v if isinstance(v, list) else [v]:
                assert s.endswith(PAYLOAD), (table, name, s)


# What ritual may write, and Textual does: cursor moves, colours and attributes, private modes
# (alternate screen, mouse, paste, sync), keyboard protocol and mode queries, and its own OSC 8
# (links), 22 (pointer shape) and 52 (clipboard). Anything else came from somewhere else.
_ALLOWED = re.compile(
    rb"\x1b\[\d+;\d+H|\x1b\[[0-9;:]*m|\x1b\[\?[0-9;]+[hl]|\x1b\[\?\d+\$p|\x1b\[[<>=]?\d*u"
    rb"|\x1b\](?:8;[^\x07\x1b]*|22;[a-z-]*|52;c;[A-Za-z0-9+/=]*)(?:\x07|\x1b\\)"
)
_BLINK_OR_CONCEAL = {"5", "6", "8"}


def _sgr_attributes(seq: bytes) -> list[str]:
    """The attribute parameters of one SGR sequence (colour arguments skipped)."""
    params, out, i = seq[2:-1].decode().replace(":", ";").split(";"), [], 0
    while i < len(params):
        p = params[i]
        if p in ("38", "48", "58"):
            i += 2 if i + 1 < len(params) and params[i + 1] == "5" else 4
        else:
            out.append(p)
        i += 1
    return out


def assert_terminal_safe(raw: bytes) -> None:
    """Nothing but Textual's own sequences and plain text reached the terminal."""
    raw.decode("utf-8")  # strict: a lone C1 byte such as 0x9b (one-byte CSI) would fail here
    found = sequences(raw)
    foreign = sorted({s for s in found if not _ALLOWED.fullmatch(s)})
    assert not foreign, f"sequences the app does not write itself: {foreign[:10]}"
    assert raw.count(b"\x1b") == sum(s.count(b"\x1b") for s in found), "a stray ESC"
    sgr = [s for s in found if s.endswith(b"m")]
    assert not any(_BLINK_OR_CONCEAL & set(_sgr_attributes(s)) for s in sgr), "blink from text"
    text = screen_text(raw)
    bad = {hex(ord(c)) for c in text if re.match(f"[{UNSAFE_CHARS}]", c) and c not in "\r\n"}
    assert not bad, f"control, bidirectional or invisible characters on screen: {bad}"
    assert "\x07" not in text


def assert_markup_shown_as_typed(raw: bytes) -> None:
    text = screen_text(raw)
    assert "[b]markup" in text  # the payload was on screen, as typed
    # Markup read as markup would show "markup" bold without its tags ("\\[b\\]" is how the
    # minutes' Markdown source writes them).
    shown_bare = r"(?<!\[b\])(?<!\[b\\\])markup(?!\[/b\])(?!\[/)(?!\\\[/)(?!…)"
    assert not re.search(shown_bare, text), "markup interpreted"


# Every screen and dialog, per ritual: keys to press and a text that shows it opened.
SCENARIOS: dict[str, list[tuple[tuple[str, ...], str | None]]] = {
    "home": [
        ((), "Iteration board"),
        (("t",), "Save"),  # team form (team name)
        (("escape",), None),
        (("ctrl+p",), "Quit"),  # command palette
        (("escape",), None),
    ],
    "board": [
        ((), "Search"),
        (("enter",), "Clear conflicts"),  # card detail, with a conflict copy
        (("escape",), None),
        (("e",), "Blocked"),  # card edit form
        (("escape",), None),
        (("n",), "Why the scope changes"),  # a new card in the sprint under way: why?
        (("enter",), "labels, comma separated"),  # then the new card form
        (("escape",), None),
        (("f",), "Apply"),  # filter
        (("escape",), None),
        (("slash",), "OK"),  # search prompt
        (("escape",), None),
        (("question_mark",), "New iteration"),  # help
        (("escape",), None),
        (("i",), "Save"),  # new iteration
        (("escape",), None),
        (("c",), "Close iteration"),  # close iteration
        (("escape",), None),
        (("w",), "OK"),  # WIP limit prompt
        (("escape",), None),
        (("d",), "Delete (y)"),  # delete confirmation names the card
        (("n",), None),
        (("ctrl+p",), "Close the current iteration"),  # command palette on the board
        (("escape",), None),
    ],
    "standup": [
        ((), "Start"),  # before
        (("space",), "Pause"),  # running
        (("e",), "Save"),  # notes (member name in the title)
        (("escape",), None),
        (("b",), "Add"),  # blocker
        (("escape",), None),
        (("k",), "Add"),  # parking lot
        (("escape",), None),
        (("t",), "Save"),  # settings
        (("escape",), None),
        (("h",), "Escape closes"),  # history
        (("enter",), "Escape closes"),  # a past day's summary
        (("escape",), None),
        (("x",), "End"),  # end? (confirmation)
        (("y",), None),  # summary
        (("ctrl+p",), "Quit"),
        (("escape",), None),
    ],
    "review": [
        ((), "Actions"),  # review list
        (("e",), "Save"),  # review form (members, title)
        (("escape",), None),
        (("A",), "Show done"),  # action items
        (("escape",), None),
        (("enter",), None),  # meeting
        (("e",), "Save"),  # requirement form
        (("escape",), None),
        (("d",), "Save"),  # decision form
        (("escape",), None),
        (("t",), "Save"),  # action form
        (("escape",), None),
        (("w",), None),  # notes editor
        (("escape",), None),
        (("v",), None),  # minutes
        (("escape",), None),
        (("g",), None),  # go to
        (("escape",), None),
        (("ctrl+p",), "Quit"),
        (("escape",), None),
    ],
}
_NAMED = {"slash": "/", "question_mark": "?"}


def run_scenario(db: Path, mode: str) -> bytes:
    term = Terminal([mode], db, "maya")
    try:
        for keys, expect in SCENARIOS[mode]:
            if keys:
                term.press(*(_NAMED.get(k, k) for k in keys), expect=expect)
            else:
                term.wait_for(expect or "", timeout=30)
                term.settle()
        term.press("ctrl+q")
    finally:
        term.close()
    return term.output


@pytest.mark.parametrize("mode", list(SCENARIOS))
def test_no_text_of_the_team_file_steers_the_terminal(tmp_path: Path, mode: str) -> None:
    raw = run_scenario(team_file(tmp_path, PAYLOAD), mode)
    assert b"PWNED" in raw  # the payload's text was on screen, its controls were not
    assert_terminal_safe(raw)
    assert_markup_shown_as_typed(raw)


def test_the_check_sees_a_payload_that_gets_through() -> None:
    """The assertions above fail on what the payload would do unfiltered."""
    for leak in (b"\x1b]0;PWNED\x07", b"\x1b[2J", b"\x1b[5m", "\x9b".encode(), b"\xc2\x9b"):
        with pytest.raises(AssertionError):
            assert_terminal_safe(b"\x1b[1;1Hok" + leak)
    with pytest.raises(AssertionError):
        assert_terminal_safe("a\u202eb".encode())
    with pytest.raises(AssertionError):
        assert_markup_shown_as_typed(b"[b]markup[/b] and markup")
    assert_terminal_safe(b"\x1b[1;1H\x1b[38;5;5;1mok\x1b]22;default\x07")


# -- what leaves by the command line: JSON, Markdown, CSV -----------------------------------


def test_json_output_escapes_c1_and_bidi_and_reads_back_the_same(tmp_path: Path) -> None:
    db = team_file(tmp_path, PAYLOAD)
    stored = sorted(d["name"] for d in json.loads(db.read_text())["members"].values())
    out = ritual(db, "member", "list", "--json")
    assert out.returncode == 0, out.stderr
    assert not re.search(f"[{UNSAFE_CHARS}]", out.stdout.replace("\n", ""))
    assert "\\u009b" in out.stdout and "\\u202e" in out.stdout
    assert sorted(m["name"] for m in json.loads(out.stdout)) == stored  # nothing lost
    for export in (("board",), ("review", "1"), ("standup",)):
        out = ritual(db, "export", *export, "--format", "json")
        assert out.returncode == 0, out.stderr
        json.loads(out.stdout)
        assert not re.search(f"[{UNSAFE_CHARS}]", out.stdout.replace("\n", ""))


LIVE = "[the runbook](http://phish.example) ![](http://track.example/p.png) <b>x</b> <!-- c -->"


@pytest.mark.parametrize("export", [("board",), ("review", "1"), ("standup",)])
def test_markdown_exports_make_no_link_image_or_html_from_user_text(
    tmp_path: Path, export: tuple[str, ...]
) -> None:
    from markdown_it import MarkdownIt

    db = team_file(tmp_path, LIVE)
    out = ritual(db, "export", *export)
    assert out.returncode == 0, out.stderr
    assert "phish.example" in out.stdout  # the user text is there, as text
    tokens = MarkdownIt("commonmark").enable("table").parse(out.stdout)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"link_open", "image", "html_inline", "html_block"}, kinds


def test_csv_defuses_formulas_and_cells_starting_with_tab_or_return() -> None:
    import csv
    import io

    from ritual.export_board import board_csv, csv_cell
    from ritual.iteration import Card

    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_cell(start + "HYPERLINK(1)") == "'" + start + "HYPERLINK(1)"
    assert csv_cell("plain") == "plain"
    card = Card(1, "=cmd|' /C calc'!A0", description="\tx\r=1+1", labels=["+a"])
    rows = list(csv.reader(io.StringIO(board_csv([card]))))
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["title"].startswith("'=") and cells["description"].startswith("'\t")
    assert cells["labels"].startswith("'+")

"""A retro as Markdown (to paste into the wiki or chat) or JSON (for scripts).

Facts with how each was computed, reflections by group with their votes (once the vote is
over: never while people still vote), discussion notes, action items with their state (and the
card each became), and the last retro's actions as they were settled. User text is escaped by
ritual.markdown, as in the other exports. Drafts are never here: they are not in the file.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ritual.i18n import _, ngettext
from ritual.markdown import md_block, md_text
from ritual.retro import Retro, prompt_label, state_label
from ritual.retro_facts import Fact
from ritual.text import clean, one_line


def retro_json(retro: Retro, facts: list[Fact], card_columns: dict[int, str]) -> dict[str, Any]:
    groups = []
    for g in retro.discussion_order():
        groups.append(
            {
                "n": g.n,
                "title": one_line(g.title),
                "votes": g.votes if retro.votes_visible else None,
                "notes": clean(g.notes),
                "reflections": [
                    {"prompt": r.prompt, "text": one_line(r.text), "author": r.author}
                    for r in retro.in_group(g.n)
                ],
            }
        )
    return {
        "iteration": one_line(retro.iteration_name),
        "phase": retro.phase,
        "started_at": retro.started_at,
        "ended_at": retro.ended_at,
        "facilitator": one_line(retro.facilitator),
        "anonymous": retro.anonymous,
        "votes_per_person": retro.votes_per_person,
        "voters": retro.voters if retro.votes_visible else None,
        "facts": [asdict(f) for f in facts],
        "ungrouped": [
            {"prompt": r.prompt, "text": one_line(r.text), "author": r.author}
            for r in retro.shown_reflections()
            if r.group == 0
        ],
        "groups": groups,
        "actions": [
            {
                "n": a.n,
                "text": one_line(a.text),
                "owner": one_line(a.owner),
                "due": a.due,
                "state": a.state,
                "card_id": a.card_id,
                "card_column": card_columns.get(a.card_id or 0, ""),
                "kept_from": a.kept_from,
            }
            for a in retro.actions
        ],
        "last_retro_actions": retro.reviewed,
    }


def retro_markdown(retro: Retro, facts: list[Fact], card_columns: dict[int, str]) -> str:
    """The retro as Markdown: headings and fixed words in the language in use (prompts the
    templates give too), user text literal (escaped)."""
    colon = _(": ")
    out = ["## " + _("Retro: {iteration}").format(iteration=md_text(retro.iteration_name)), ""]
    out += [
        _("Phase: {phase} · facilitated by {facilitator}").format(
            phase=retro.label, facilitator=md_text(retro.facilitator or "—")
        ),
        "",
    ]
    out += ["### " + _("Facts"), ""]
    for f in facts:
        out.append(f"- **{md_text(f.label)}**{colon}{md_text(f.value)} — _{md_text(f.how)}_")
    if retro.reviewed:
        out += ["", "### " + _("Last retro's actions"), ""]
        for x in retro.reviewed:
            decision = state_label(str(x.get("decision", "")))
            out.append(f"- {md_text(x.get('text', ''))}{colon}{md_text(decision)}")
    out += ["", "### " + _("Reflections"), ""]
    if not retro.reflections:
        out.append("_" + _("None revealed.") + "_")
    for g in retro.discussion_order():
        votes = (
            " (" + ngettext("{n} vote", "{n} votes", g.votes).format(n=g.votes) + ")"
            if retro.votes_visible
            else ""
        )
        out.append(f"#### {md_text(g.title)}{votes}")
        out.append("")
        for r in retro.in_group(g.n):
            by = f" — {md_text(r.author)}" if r.author else ""
            out.append(f"- {md_text(prompt_label(r.prompt))}{colon}{md_text(r.text)}{by}")
        if g.notes.strip():
            out += ["", _("Notes:") + "  ", md_block(g.notes)]
        out.append("")
    loose = [r for r in retro.shown_reflections() if r.group == 0]
    if loose:
        out += ["#### " + _("Not grouped"), ""]
        out += [f"- {md_text(prompt_label(r.prompt))}{colon}{md_text(r.text)}" for r in loose]
        out.append("")
    out += ["### " + _("Action items"), ""]
    if not retro.actions:
        out.append("_" + _("None.") + "_")
    else:
        headers = (_("Action"), _("Owner"), _("Due"), _("State"), _("Card"))
        out += ["| # | " + " | ".join(headers) + " |", "|---|---|---|---|---|---|"]
        for a in retro.actions:
            card = f"#{a.card_id} ({card_columns.get(a.card_id, '?')})" if a.card_id else ""
            out.append(
                f"| {a.n} | {md_text(a.text)} | {md_text(a.owner)} | {a.due} | "
                f"{state_label(a.state)} | {card} |"
            )
    return "\n".join(out).rstrip("\n") + "\n"

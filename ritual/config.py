"""Settings that do not belong in the shared team file, which every teammate can read.

The chat webhook and its secret live here (later the keymap, language and theme too). Two TOML
files are read, the host's first, then the person's, a table of the second overriding the same
table of the first key by key: ``/etc/ritual/config.toml`` for the team's host, and
``config.toml`` in the user's config directory (``~/.config/ritual/`` on Linux), or the file
``$RITUAL_CONFIG`` names. Nothing is read or made at import time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ritual.errors import RitualError
from ritual.i18n import _

ENV_CONFIG = "RITUAL_CONFIG"
SYSTEM_CONFIG = Path("/etc/ritual/config.toml")


def user_config_path() -> Path:
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path as base

    return base("ritual", appauthor=False) / "config.toml"


def config_paths() -> list[Path]:
    """Where settings are read from, the later overriding the earlier."""
    return [SYSTEM_CONFIG, user_config_path()]


def load_config(paths: list[Path] | None = None) -> dict[str, Any]:
    """The merged settings; a file that is missing counts as empty, one that cannot be read
    or parsed is refused with a sentence naming it."""
    merged: dict[str, Any] = {}
    for path in config_paths() if paths is None else paths:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise RitualError(
                _("{path} cannot be read ({strerror}).").format(path=path, strerror=exc.strerror)
            ) from None
        import tomllib  # only once a file is there: most starts have none (issue 17)

        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise RitualError(
                _("{path} is not valid TOML ({exc}); fix or remove it.").format(path=path, exc=exc)
            ) from None
        for key, value in data.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    return merged


def keymap(config: dict[str, Any]) -> dict[str, str]:
    """The ``[keymap]`` table: binding ids (shown in each screen's ``?`` list) to keys, e.g.
    ``open-board = "b,f2"``. Anything else there is refused with a sentence, so a typo is
    found at start rather than silently ignored."""
    table = config.get("keymap", {})
    if not isinstance(table, dict):
        raise RitualError(_('[keymap] in the config file must be a table of binding id = "keys".'))
    out: dict[str, str] = {}
    for binding_id, keys in table.items():
        if not isinstance(keys, str) or not keys.strip():
            raise RitualError(
                _('[keymap] {binding_id} must be keys in quotes, e.g. {binding_id} = "f2".').format(
                    binding_id=binding_id
                )
            )
        out[binding_id] = keys.replace(" ", "")
    return out


def save_setting(section: str, key: str, value: str, path: Path | None = None) -> Path:
    """Set ``[section] key = "value"`` in the person's config file, keeping everything else
    in it as written (comments too). A file that does not parse is refused, never overwritten;
    the new text is checked by parsing it back, then replaces the old one atomically."""
    import json
    import tomllib

    target = user_config_path() if path is None else path
    try:
        old = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        old = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise RitualError(
            _("{target} cannot be read ({exc}): {key} was not saved.").format(
                target=target, exc=exc, key=key
            )
        ) from None
    try:
        tomllib.loads(old)
    except tomllib.TOMLDecodeError as exc:
        raise RitualError(
            _("{target} is not valid TOML ({exc}): {key} was not saved.").format(
                target=target, exc=exc, key=key
            )
        ) from None
    line = f"{key} = {json.dumps(value, ensure_ascii=True)}"
    new = _with_setting(old, section, key, line)
    parsed = tomllib.loads(new)
    if parsed.get(section, {}).get(key) != value:
        raise RitualError(
            _("{target}: [{section}] could not be edited safely; set {line} there.").format(
                target=target, section=section, line=line
            )
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(new, encoding="utf-8")
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _with_setting(text: str, section: str, key: str, line: str) -> str:
    lines = text.splitlines()
    header = f"[{section}]"
    start = next((i for i, ln in enumerate(lines) if ln.strip() == header), None)
    if start is None:
        before = text.rstrip("\n")
        return (before + "\n\n" if before else "") + f"{header}\n{line}\n"
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")),
        len(lines),
    )
    for i in range(start + 1, end):
        if lines[i].split("=", 1)[0].strip() == key:
            lines[i] = line
            return "\n".join(lines) + "\n"
    lines.insert(start + 1, line)
    return "\n".join(lines) + "\n"

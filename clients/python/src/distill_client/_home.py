"""Where `distill serve` keeps its certificate and token: the Distill home (mirrors src/config/user-dirs.ts)."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Mapping, Optional


def distill_home(env: Optional[Mapping[str, str]] = None, platform: Optional[str] = None, homedir: Optional[str] = None) -> Path:
    """The Distill home: ``$DISTILL_HOME``, else ``%APPDATA%\\Distill`` (Windows),
    ``~/Library/Application Support/Distill`` (macOS), ``$XDG_CONFIG_HOME/distill`` or ``~/.config/distill``.

    Cost: a few string operations, no file access.

    >>> str(distill_home({"DISTILL_HOME": "/srv/distill"}, "linux", "/home/ana"))
    '/srv/distill'
    >>> str(distill_home({}, "linux", "/home/ana"))
    '/home/ana/.config/distill'
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    home = Path(homedir) if homedir is not None else Path.home()
    explicit = env.get("DISTILL_HOME", "")
    if explicit != "":
        return Path(explicit).resolve() if homedir is None else Path(explicit)
    if platform.startswith("win"):
        appdata = env.get("APPDATA", "")
        return (Path(appdata) if appdata != "" else home / "AppData" / "Roaming") / "Distill"
    if platform == "darwin":
        return home / "Library" / "Application Support" / "Distill"
    xdg = env.get("XDG_CONFIG_HOME", "")
    base = Path(xdg) if xdg != "" and os.path.isabs(xdg) else home / ".config"
    return base / "distill"


def read_token(home: Path) -> Optional[str]:
    """The token `distill serve` stored in ``<home>/token``, or None when there is none."""
    try:
        token = (home / "token").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return token if token != "" else None

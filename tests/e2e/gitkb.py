"""A team KB shared through git for the GUI tests (docs/team.md): a bare repository on disk is
the team's server, clones are laptops. No network: every remote is a folder."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git(cwd: Path, *args: str) -> str:
    out = subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True, text=True, timeout=60)
    return out.stdout


def clone(server: Path, dest: Path, name: str, email: str) -> Path:
    """A laptop: a clone of `server` at `dest` whose commits are by `name <email>`."""
    subprocess.run(["git", "clone", "--quiet", str(server), str(dest)], check=True, capture_output=True, timeout=60)
    git(dest, "config", "user.name", name)
    git(dest, "config", "user.email", email)
    return dest


def team_server(
    base: Path,
    files: dict[str, str],
    laptops: dict[str, str] | None = None,
    author: tuple[str, str] = ("Lead", "lead@example.com"),
    message: str = "team KB",
) -> tuple[Path, dict[str, Path]]:
    """Makes `base/team-kb.git`, a bare repository whose `main` holds `files` (path → text) in
    one commit by `author`, and clones it once per laptop (`laptop-<key>`, committing as the
    value, email `<key>@example.com`). Returns the server and the laptops by key."""
    base.mkdir(parents=True, exist_ok=True)
    server = base / "team-kb.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "--initial-branch=main", str(server)], check=True, timeout=60)
    seed = clone(server, base / "seed", *author)
    for rel, text in files.items():
        (seed / rel).parent.mkdir(parents=True, exist_ok=True)
        (seed / rel).write_text(text, encoding="utf-8")
    git(seed, "add", ".")
    git(seed, "commit", "--quiet", "-m", message)
    git(seed, "push", "--quiet", "origin", "HEAD:main")
    clones = {key: clone(server, base / f"laptop-{key}", who, f"{key}@example.com") for key, who in (laptops or {}).items()}
    return server, clones

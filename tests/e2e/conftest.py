"""Fixtures for the end-to-end GUI tests: one real Fieldguide app per test module, driven
through tauri-driver (started by tests/e2e/run.sh, which also provides the KB, the data dir and
the display), plus waits and a screenshot of the window when a test fails.

Use from a test module::

    def test_something(app):
        app.search("vpn")                      # type into #search-input, wait for results
        app.open_result(0)                     # click a result, wait for the reader
        app.restart_app()                      # quit and start again, same KB and data dir
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any, Callable

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.remote.remote_connection import RemoteConnection
from selenium.webdriver.remote.webelement import WebElement

from helpers import DEFAULT_TIMEOUT, wait_until

REQUIRED_ENV = ("FIELDGUIDE_E2E_URL", "FIELDGUIDE_E2E_APP", "FIELDGUIDE_E2E_KB")


def pytest_configure(config: pytest.Config) -> None:
    missing = [k for k in REQUIRED_ENV if not os.environ.get(k)]
    if missing:
        pytest.exit(
            f"missing {', '.join(missing)}: run the GUI tests through `bash tests/e2e/run.sh`",
            returncode=2,
        )


ARTIFACTS = Path(os.environ.get("FIELDGUIDE_E2E_ARTIFACTS", "/tmp/fieldguide-e2e"))
KB = Path(os.environ.get("FIELDGUIDE_E2E_KB", "."))
OPENED_LOG = Path(os.environ.get("FIELDGUIDE_E2E_OPENED", "/dev/null"))
DATA_DIR = Path(os.environ.get("FIELDGUIDE_DATA_DIR", "/nonexistent"))
PRISTINE_KB = Path(os.environ.get("FIELDGUIDE_E2E_PRISTINE_KB", "/nonexistent"))


class App:
    """One running Fieldguide window behind a WebDriver session."""

    def __init__(self, kb: Path | None = KB) -> None:
        # None: started without `--kb` (the first-run screen, or the KB opened last time).
        self.kb = kb
        self.driver: webdriver.Remote | None = None
        # Extra command-line arguments of the next start (e.g. ["--search", "vpn"]).
        self.args: list[str] = []
        self.start()

    # ---------------------------------------------------------------- lifecycle

    def start(self) -> None:
        # A second instance would open the KB read-only: wait for the previous one to let go.
        wait_kb_unlocked()
        opts = ArgOptions()
        opts.set_capability("browserName", "wry")
        opts.set_capability(
            "tauri:options",
            {"application": os.environ["FIELDGUIDE_E2E_APP"], "args": [*(["--kb", str(self.kb)] if self.kb else []), *self.args]},
        )
        url = os.environ["FIELDGUIDE_E2E_URL"]
        conn = RemoteConnection(client_config=ClientConfig(remote_server_addr=url, timeout=60))
        self.driver = webdriver.Remote(command_executor=conn, options=opts)
        self.driver.implicitly_wait(0)
        self.driver.set_script_timeout(10)
        if self.kb:
            self.wait_ready()
        else:
            self.wait_for("#search-input")

    def quit(self) -> None:
        if self.driver is not None:
            try:
                self.driver.quit()
            except WebDriverException:
                pass
            self.driver = None

    def restart_app(self, args: list[str] | None = None) -> None:
        """Quits the app and starts a new process on the same KB, data dir (FIELDGUIDE_DATA_DIR)
        and webview storage, e.g. to test that a session resumes after a restart. `args`: extra
        command-line arguments for this process only."""
        self.quit()
        self.args = list(args or [])
        try:
            self.start()
        finally:
            self.args = []

    def wait_ready(self, timeout: float = 20) -> None:
        """Waits until the UI is up and the KB is open (header shows `N docs`)."""
        self.wait_for("#search-input", timeout=timeout)
        self.wait_until(
            lambda: re.match(r"^\d+ docs?$", self.js("return document.querySelector('#kb-root .kb-count')?.textContent || ''"))
            and int(self.js("return parseInt(document.querySelector('#kb-root .kb-count').textContent)")) > 0,
            timeout=timeout,
            message="the KB never finished opening (#kb-root .kb-count)",
        )
        assert not self.find("#kb-root .badge.readonly"), "the KB opened read-only (another instance holds its lock?)"

    def reset(self) -> None:
        """Back to a fresh UI (no query, no filters, nothing open) without restarting the app:
        the page is reloaded at `#/` (same process, KB, data and webview storage)."""
        self.js("window.__e2eStale = 1; history.replaceState(null, '', '#/'); location.reload();")
        self.wait_until(lambda: self.js("return window.__e2eStale === undefined"), message="the page did not reload")
        self.wait_ready()

    # ---------------------------------------------------------------- waits & queries

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def wait_until(self, cond: Callable[[], Any], timeout: float = DEFAULT_TIMEOUT, message: str = "") -> Any:
        return wait_until(cond, timeout=timeout, message=message)

    def wait_for(self, css: str, timeout: float = DEFAULT_TIMEOUT, visible: bool = True) -> WebElement:
        """The first element matching `css` once it exists (and is displayed, if `visible`)."""

        def found() -> WebElement | None:
            for el in self.driver.find_elements(By.CSS_SELECTOR, css):
                try:
                    if not visible or el.is_displayed():
                        return el
                except StaleElementReferenceException:
                    continue
            return None

        return self.wait_until(found, timeout=timeout, message=f"no {'visible ' if visible else ''}element {css!r}")

    def find(self, css: str) -> list[WebElement]:
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def results(self, settle: float = 0.3, timeout: float = DEFAULT_TIMEOUT) -> list[dict[str, str]]:
        """The result list once it is stable: no search in flight and the same hits for `settle`
        seconds (typing is debounced, so an older list may still be on screen right after a key)."""
        snapshot_js = """
            const pane = document.querySelector('.search-pane');
            return {busy: pane.classList.contains('busy'),
                    hits: [...document.querySelectorAll('#results > .result')].map(r => ({
                      path: r.dataset.path, kind: r.dataset.kind,
                      title: r.querySelector('.result-title')?.textContent || '',
                      selected: r.classList.contains('selected')}))};
        """
        last: Any = None
        since = time.monotonic()
        deadline = time.monotonic() + timeout
        while True:
            snap = self.js(snapshot_js)
            now = time.monotonic()
            if snap != last:
                last, since = snap, now
            elif not snap["busy"] and now - since >= settle:
                return snap["hits"]
            if now > deadline:
                raise AssertionError(f"the result list never settled: {snap}")
            time.sleep(0.05)

    def search(self, query: str, expect_hits: bool = True) -> list[dict[str, str]]:
        """Replaces the query (as typed keys) and returns the settled hits."""
        box = self.wait_for("#search-input")
        box.clear()
        box.send_keys(query)
        hits = self.results()
        if expect_hits:
            assert hits, f"no results for {query!r}"
        return hits

    def doc_title(self) -> str:
        return self.js("const t = document.querySelector('#doc-title'); return t && !t.closest('[hidden]') ? t.textContent : null;") or ""

    def wait_doc(self, title: str | None = None, path: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> str:
        """Waits until the reader shows a document (with this title / at this route path)."""

        def shown() -> str | None:
            t = self.doc_title()
            if not t or self.js("return document.querySelector('#reader').classList.contains('loading')"):
                return None
            if title is not None and t != title:
                return None
            if path is not None and self.route_path() != path:
                return None
            return t

        return self.wait_until(shown, timeout=timeout, message=f"reader never showed title={title!r} path={path!r} (shows {self.doc_title()!r})")

    def route_path(self) -> str | None:
        return self.js(
            "const m = /^#\\/doc\\/([^?]+)/.exec(location.hash);"
            "return m ? m[1].split('/').map(decodeURIComponent).join('/') : null;"
        )

    def open_doc(self, path: str) -> str:
        """Opens a document by route (as a bookmark would) and waits for it."""
        self.js("location.hash = '#/doc/' + arguments[0].split('/').map(encodeURIComponent).join('/');", path)
        return self.wait_doc(path=path)

    def active_id(self) -> str:
        return self.js("return document.activeElement ? document.activeElement.id : ''") or ""

    def screenshot(self, path: Path) -> None:
        """PNG of the window, captured from the X display (ImageMagick `import`; the window fills
        the Xvfb screen). WebKitWebDriver's own screenshot command is only the fallback: with
        accelerated compositing off (src-tauri/src/webview.rs) it can wait forever for a paint
        while a modal <dialog> is open, or some seconds after a scroll of the record form,
        although the window is painted and answers input (issue #18)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if shutil.which("import"):
            subprocess.run(["import", "-window", "root", str(path)], check=True, timeout=30)
            return
        self.driver.save_screenshot(str(path))


def wait_kb_unlocked(timeout: float = 15) -> None:
    """Waits until no process holds a KB's writer lock (`<data dir>/kbs/*/fieldguide.lock`,
    an flock taken by `Kb::open`): after a WebDriver quit the old app may still be exiting."""
    for lock in DATA_DIR.glob("kbs/*/fieldguide.lock"):
        with lock.open("a") as f:

            def free() -> bool:
                try:
                    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return False
                fcntl.flock(f, fcntl.LOCK_UN)
                return True

            wait_until(free, timeout=timeout, message=f"{lock} is still locked by a running app")


def front_matter_title(rel: str, kb: Path = KB) -> str:
    """The `title:` of a KB document, read from the file itself (an oracle independent of the app)."""
    text = (kb / rel).read_text(encoding="utf-8")
    m = re.search(r"^title:\s*(.+?)\s*$", text.split("\n---", 1)[0], re.M)
    assert m, f"{rel} has no title in its front matter"
    t = m.group(1)
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "\"'":
        t = t[1:-1].replace('\\"', '"') if t[0] == '"' else t[1:-1].replace("''", "'")
    return t


def opened_urls() -> list[str]:
    """URLs the app handed to the system opener (recorded by run.sh's xdg-open stand-in)."""
    try:
        return [l for l in OPENED_LOG.read_text().splitlines() if l.strip()]
    except FileNotFoundError:
        return []


def fresh_state() -> None:
    """Puts the KB back as run.sh made it (files other modules wrote, edited or deleted) and
    empties the data dir (index, journal) and the webview's storage. No app may be running."""
    wait_kb_unlocked()
    for p in sorted(KB.rglob("*"), reverse=True):  # children before their folders
        rel = p.relative_to(KB)
        if not (PRISTINE_KB / rel).exists() or (p.is_dir() != (PRISTINE_KB / rel).is_dir()):
            shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()
    for src in PRISTINE_KB.rglob("*"):
        dst = KB / src.relative_to(PRISTINE_KB)
        if src.is_dir():
            dst.mkdir(parents=True, exist_ok=True)
        elif not dst.is_file() or dst.read_bytes() != src.read_bytes():
            shutil.copyfile(src, dst)  # a new mtime, so the app sees the change
    for d in state_dirs():
        # The previous app's web processes may still be flushing caches while they exit.
        for _ in range(30):
            shutil.rmtree(d, ignore_errors=True)
            if not d.exists():
                break
            time.sleep(0.1)
        d.mkdir(parents=True, exist_ok=True)


def state_dirs() -> list[Path]:
    """The per-run folders run.sh made for the app's state (never a developer's real ones)."""
    run_dir = Path(os.environ["FIELDGUIDE_E2E_RUN_DIR"])
    dirs = [DATA_DIR] + [Path(os.environ[k]) for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME") if k in os.environ]
    for d in dirs:
        assert run_dir in d.parents, f"{d} is not inside this run's folder {run_dir}: refusing to empty it"
    return dirs


@pytest.fixture(scope="module")
def app_session(request: pytest.FixtureRequest):
    """A new app per test module, on a KB and data dir as run.sh made them."""
    fresh_state()
    app = App()
    yield app
    app.quit()


@pytest.fixture
def app(app_session: App, request: pytest.FixtureRequest) -> App:
    """A fresh UI in this module's app (use `app.restart_app()` for a new process)."""
    if app_session.driver is None:
        app_session.start()
    app_session.reset()
    return app_session


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        app = item.funcargs.get("app") or item.funcargs.get("app_session")
        if isinstance(app, App) and app.driver is not None:
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)
            try:
                app.screenshot(ARTIFACTS / f"{name}.png")
                (ARTIFACTS / f"{name}.html").write_text(app.driver.page_source, encoding="utf-8")
                report.sections.append(("e2e artifacts", f"screenshot: {ARTIFACTS / (name + '.png')}"))
            except Exception as e:  # the window may be gone; never hide the test's own failure
                report.sections.append(("e2e artifacts", f"no screenshot: {e!r}"))

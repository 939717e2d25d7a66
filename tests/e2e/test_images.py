"""KB images in the real window: screenshots inside the KB load through the app's `fgasset`
scheme; images outside the KB (`../`, encoded `%2e%2e`, a symlink out), remote images, missing
files and non-images show their alt text and load nothing — checked in the DOM, against a local
HTTP server that counts requests, and by asking the scheme handler for the escapes directly."""

from __future__ import annotations

import http.server
import struct
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from conftest import KB, App, front_matter_title
from helpers import XSS_TRACES_JS

GOOD = "articles/e2e/images.md"
HOSTILE = "articles/e2e/images-hostile.md"
PNG = KB / "articles/e2e/media/e2e-screen.png"
OUTSIDE = KB.parent / "outside.png"  # a real PNG just outside the KB folder
SETTLE = 0.5

IMAGES_JS = r"""
return [...document.querySelectorAll('#doc-body img')].map(i => ({
  src: i.getAttribute('src'), alt: i.getAttribute('alt'), complete: i.complete,
  width: i.naturalWidth, height: i.naturalHeight,
  attrs: [...i.attributes].map(a => a.name).sort()}));
"""
ALT_SPANS_JS = "return [...document.querySelectorAll('#doc-body span.image-alt')].map(s => s.textContent)"

# Loads `arguments[0]` as an image in the page; 'load' or 'error'.
PROBE_JS = r"""
const done = arguments[arguments.length - 1];
const img = new Image();
const timer = setTimeout(() => done('timeout'), 5000);
img.onload = () => { clearTimeout(timer); done('load ' + img.naturalWidth); };
img.onerror = () => { clearTimeout(timer); done('error'); };
img.src = arguments[0];
"""


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG header: an oracle independent of the app."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", head[16:24])


class Beacon(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        Beacon.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(OUTSIDE.read_bytes())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def beacon() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Beacon)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module", autouse=True)
def outside_files() -> Iterator[None]:
    """A valid PNG outside the KB and a symlink to it inside: if either escape were served, the
    image would load."""
    OUTSIDE.write_bytes(PNG.read_bytes())
    link = KB / "articles/e2e/media/outside-link.png"
    link.unlink(missing_ok=True)
    link.symlink_to(OUTSIDE)
    yield
    link.unlink(missing_ok=True)
    OUTSIDE.unlink(missing_ok=True)


def probe(app: App, url: str) -> str:
    return app.driver.execute_async_script(PROBE_JS, url)


def wait_images_settled(app: App) -> list[dict]:
    return app.wait_until(
        lambda: (imgs := app.js(IMAGES_JS)) and all(i["complete"] for i in imgs) and imgs,
        message="the document's images never finished loading",
    )


def test_kb_screenshots_load(app: App) -> None:
    app.open_doc(GOOD)
    assert app.doc_title() == front_matter_title(GOOD)
    imgs = wait_images_settled(app)
    width, height = png_size(PNG)
    assert len(imgs) == 3, imgs
    for img in imgs:
        assert img["width"] == width and img["height"] == height, f"did not load: {img}"
        assert img["src"].endswith("/articles/e2e/media/e2e-screen.png"), img
        assert img["src"].startswith(("fgasset://localhost/", "http://fgasset.localhost/")), img
        # Only these attributes reach the page: no handler, no srcset, no style.
        assert set(img["attrs"]) <= {"src", "alt", "title", "width", "height"}, img
    assert [i["alt"] for i in imgs] == ["Green test screen", "Rooted test screen", "Raw HTML screen"]
    assert app.js("return document.querySelector('#doc-body img').title") == "The e2e screen"
    # Fits the reader: never wider than the document column.
    assert app.js(
        "const i = document.querySelector('#doc-body img');"
        "return i.getBoundingClientRect().width <= document.querySelector('#doc-body').clientWidth"
    )
    time.sleep(SETTLE)
    assert app.js(XSS_TRACES_JS)["xss"] is None


def test_images_outside_the_kb_and_remote_images_show_alt_text_and_load_nothing(app: App) -> None:
    app.open_doc(HOSTILE)
    time.sleep(SETTLE)
    assert app.js(IMAGES_JS) == [], "an image that must not load is in the page"
    spans = app.js(ALT_SPANS_JS)
    assert spans == [
        "[image: Escaping image]",
        "[image: Encoded escape]",
        "[image: Symlinked image]",
        "[image: Remote beacon]",
        "[image: Raw remote beacon]",
        "[image: Not an image]",
        "[image: Missing image]",
    ], spans
    html = app.js("return document.querySelector('#doc-body').innerHTML")
    for leak in ["example.com", "outside.png", "outside-link", "%2e", "missing.png", "fgasset"]:
        assert leak not in html, f"{leak!r} reached the page: {html}"
    loaded = app.js("return performance.getEntriesByType('resource').map(e => e.name)")
    assert not [u for u in loaded if "example.com" in u or "outside" in u], loaded


def test_a_remote_image_makes_no_request(app: App, beacon: str) -> None:
    # The detector works: a request from outside the app is counted.
    Beacon.hits.clear()
    urllib.request.urlopen(f"{beacon}/detector-check.png", timeout=5).read()
    assert Beacon.hits == ["/detector-check.png"]
    Beacon.hits.clear()
    doc = "articles/e2e/images-beacon.md"
    (KB / doc).write_text(
        "---\ntitle: Beacon images (e2e)\n---\nzqximagebeacon\n\n"
        f"![Markdown beacon]({beacon}/md.png)\n\n"
        f'<img src="{beacon}/raw.png" alt="Raw beacon">\n\n'
        f'<p><img src="media/e2e-screen.png" srcset="{beacon}/srcset.png 2x" alt="Srcset beacon"></p>\n'
    )
    app.wait_until(lambda: app.search("zqximagebeacon"), message="the new document was never indexed")
    app.open_doc(doc)
    imgs = wait_images_settled(app)
    time.sleep(SETTLE)
    assert [i["alt"] for i in imgs] == ["Srcset beacon"] and "srcset" not in imgs[0]["attrs"], imgs
    assert app.js(ALT_SPANS_JS) == ["[image: Markdown beacon]", "[image: Raw beacon]"]
    assert Beacon.hits == [], f"the page requested {Beacon.hits}"
    # Even markup that got past the sanitizer could not reach it: the CSP blocks remote images.
    assert probe(app, f"{beacon}/csp.png") == "error"
    assert Beacon.hits == [], f"the CSP let through {Beacon.hits}"


def test_the_scheme_handler_serves_only_kb_images(app: App) -> None:
    app.open_doc(GOOD)
    src = wait_images_settled(app)[0]["src"]
    base = src[: src.index("articles/")]
    width, _ = png_size(PNG)
    assert probe(app, src) == f"load {width}"
    for path in [
        "%2e%2e/outside.png",
        "%2E%2E%2Foutside.png",
        "articles/%2e%2e/%2e%2e/outside.png",
        "articles/e2e/media/outside-link.png",  # symlink out of the KB
        "articles/e2e/images.md",  # not an image
        "articles/e2e/media/missing.png",
        urllib.parse.quote(str(OUTSIDE), safe=""),  # an absolute path
    ]:
        assert probe(app, base + path) == "error", f"{path} was served"
    # Another host on the scheme is not the KB.
    if base.startswith("fgasset://"):
        assert probe(app, "fgasset://evil.example/articles/e2e/media/e2e-screen.png") == "error"


def test_the_shipped_runbook_diagram_loads(app: App) -> None:
    doc = "runbooks/network/wifi-8021x-eap-tls.md"
    app.open_doc(doc)
    imgs = wait_images_settled(app)
    width, height = png_size(KB / "runbooks/network/media/eap-tls-path.png")
    assert [(i["width"], i["height"]) for i in imgs] == [(width, height)], imgs
    assert "RADIUS" in imgs[0]["alt"]


FLOW_IMAGES_JS = r"""
return [...document.querySelectorAll('#flow-player .flow-step-body img')].map(i => ({
  src: i.getAttribute('src'), alt: i.getAttribute('alt'), complete: i.complete,
  width: i.naturalWidth, height: i.naturalHeight}));
"""


def test_flow_steps_show_kb_images(app: App) -> None:
    """A screenshot in a flow step loads like one in the reader (trainees compare screens)."""
    flow = KB / "flows/e2e-image-flow.md"
    flow.write_text(
        "---\ntitle: Screen check (e2e)\nkind: flow\n---\nCompare the screen.\n\n"
        "## Does the screen look like this? {#start}\n"
        "![Green test screen](../articles/e2e/media/e2e-screen.png)\n\n"
        "The imagewombat screen.\n- [Yes](#done)\n\n## Done {#done}\nResolved.\n"
    )
    try:
        app.reset()
        app.wait_until(
            lambda: "flows/e2e-image-flow.md" in [h["path"] for h in app.search("imagewombat", expect_hits=False)],
            message="the new flow was never indexed",
        )
        app.wait_for("#results .result[data-path='flows/e2e-image-flow.md'] .start-flow").click()
        imgs = app.wait_until(
            lambda: (i := app.js(FLOW_IMAGES_JS)) and all(x["complete"] for x in i) and i,
            message="the step's image never finished loading",
        )
        width, height = png_size(PNG)
        assert [(i["alt"], i["width"], i["height"]) for i in imgs] == [("Green test screen", width, height)], imgs
        assert imgs[0]["src"].endswith("/articles/e2e/media/e2e-screen.png"), imgs
        assert app.js(
            "const i = document.querySelector('#flow-player .flow-step-body img');"
            "return i.getBoundingClientRect().width <= i.closest('.flow-step-body').clientWidth"
        ), "the image is wider than the step"
    finally:
        flow.unlink(missing_ok=True)
        app.js("location.hash = '#/'")

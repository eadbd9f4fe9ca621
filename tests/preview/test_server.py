"""Check `brief preview`'s server: what it serves and refuses, where it listens, the state it gives, and how it stops."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from compiler.errors import UsageError
from compiler.preview.provenance import editor_template, place
from compiler.preview.server import contained, is_loopback
from tests.preview.conftest import BRIEF, limit_pages


def get(url: str, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """Send GET `path` as written (no normalisation of `..` or escapes) and return the status, headers and body."""
    address = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=bool(headers and "Host" in headers), skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def state(url: str) -> dict:
    status, _, body = get(url, "/_brief/state.json")
    assert status == 200
    return json.loads(body)


def test_it_listens_on_loopback_on_a_free_port_and_serves_the_print_html_with_the_preview_added(sample, start_preview):
    preview = start_preview(sample, BRIEF, "--no-open")
    address = urllib.parse.urlsplit(preview.url)
    assert address.hostname == "127.0.0.1" and address.port > 0
    preview.wait_for("build 1: ok")
    status, headers, body = get(preview.url, "/")
    page = body.decode("utf-8")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert '<script src="/_brief/preview.js" defer></script>' in page and "/_brief/preview.css" in page
    assert 'class="fn" id="fn-1" data-note="1"' in page  # the print HTML's footnotes
    assert "file://" not in page and "/_brief/fonts/LiberationSerif-Regular.ttf" in page
    assert "script-src 'self'" in headers["content-security-policy"] and headers["cache-control"] == "no-store"
    for asset in ("/_brief/preview.js", "/_brief/preview.css", "/_brief/panel.css", "/_brief/fonts/LiberationSans-Bold.ttf"):
        assert get(preview.url, asset)[0] == 200, asset
    data = state(preview.url)
    assert data["ok"] and data["build"] == 1 and data["problems"] == []
    assert data["report"]["profile"] == "ccpr" and data["report"]["line"].startswith("profile ccpr: ")
    assert "html" in data and "html" not in json.loads(get(preview.url, f"/_brief/state.json?paper={data['paper']}")[2])


def test_it_serves_the_style_folder_and_nothing_outside_it(sample, start_preview, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the browser", encoding="utf-8")
    style = sample / "styles" / "un-submission"
    (style / "leak.css").symlink_to(secret)
    (style / "up").symlink_to(tmp_path)
    preview = start_preview(sample, BRIEF, "--no-open")
    preview.wait_for("build 1: ok")
    status, _, body = get(preview.url, "/paper.css")
    assert status == 200 and body == (style / "paper.css").read_bytes()  # what a style sheet's relative address names
    refused = [
        "/../../secret.txt", "/%2e%2e/%2e%2e/secret.txt", "/..%2f..%2fsecret.txt", "/%2E%2E%2F%2E%2E%2Fsecret.txt",
        "/..%5c..%5csecret.txt", "//" + str(secret).lstrip("/"), "/" + urllib.parse.quote(str(secret), safe=""),
        "/leak.css", "/up/secret.txt", "/%2e%2e/%2e%2e/briefs/kazakhstan-ccpr-2011.yaml", "/../../../../../../etc/passwd",
        "/_brief/fonts/..%2f..%2f..%2fstyle.py", "/_brief/..%2fstyle.py", "/_brief/fonts/LICENSE-Liberation.txt",
        "/_brief/base.html", "/paper.css%00.txt", "/.",
    ]
    for path in refused:
        status, _, body = get(preview.url, path)
        assert status == 404 and b"not for the browser" not in body, path


def test_a_request_for_another_host_is_refused(sample, start_preview):
    preview = start_preview(sample, BRIEF, "--no-open")
    port = urllib.parse.urlsplit(preview.url).port
    assert get(preview.url, "/", {"Host": f"attacker.example:{port}"})[0] == 400  # a rebound DNS name
    assert get(preview.url, "/", {"Host": f"localhost:{port}"})[0] == 200


def test_ctrl_c_stops_the_server_its_builds_and_its_worker_with_an_event_stream_open(sample, start_preview):
    limit_pages(sample)  # a worker process counts the pages (of the DOCX, in LibreOffice)
    preview = start_preview(sample, BRIEF, "--no-open")
    preview.wait_for("build 1: ok")
    deadline = time.monotonic() + 60
    while state(preview.url)["pages_pending"] and time.monotonic() < deadline:
        time.sleep(0.2)
    data = state(preview.url)
    assert data["report"]["pages"] > 0 and any(r["rule"] == "pages" for r in data["report"]["rules"])
    address = urllib.parse.urlsplit(preview.url)
    stream = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    stream.request("GET", "/_brief/events")
    events = stream.getresponse()
    assert events.getheader("content-type").startswith("text/event-stream")
    assert events.readline() == b"retry: 1000\n"
    group = preview.process.pid
    started = time.monotonic()
    os.killpg(group, signal.SIGINT)  # what Ctrl-C in a terminal sends: to the whole process group
    assert preview.process.wait(timeout=20) == 0
    assert time.monotonic() - started < 10
    while time.monotonic() - started < 20:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("processes of brief preview's group are still running")
    stream.close()
    assert "brief preview: stopped" in preview.output()


def test_sigterm_stops_it_too(sample, start_preview):
    preview = start_preview(sample, BRIEF, "--no-open")
    preview.process.send_signal(signal.SIGTERM)
    assert preview.process.wait(timeout=20) == 0
    assert "brief preview: stopped" in preview.output()


def test_usage_errors_are_one_line_and_exit_2(sample):
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "compiler", "preview", *args], cwd=sample, capture_output=True, text=True,
                              timeout=60, env={**os.environ, "BRIEF_NO_SERVER": "1"})

    for args, message in [((BRIEF, "--port", "70000"), "--port: expected a port number"),
                          ((BRIEF, "--editor-url", "javascript:alert(1)//{path}"), "--editor-url"),
                          (("briefs/none.yaml",), "no brief file 'briefs/none.yaml'")]:
        done = run(*args, "--no-open")
        assert done.returncode == 2 and message in done.stderr and len(done.stderr.splitlines()) == 1, done.stderr


def test_a_port_in_use_is_a_usage_error(sample, start_preview):
    preview = start_preview(sample, BRIEF, "--no-open")
    port = str(urllib.parse.urlsplit(preview.url).port)
    done = subprocess.run([sys.executable, "-m", "compiler", "preview", BRIEF, "--no-open", "--port", port], cwd=sample,
                          capture_output=True, text=True, timeout=60, env={**os.environ, "BRIEF_NO_SERVER": "1"})
    assert done.returncode == 2 and f"cannot listen on 127.0.0.1 port {port}" in done.stderr


def test_only_loopback_addresses_count_as_loopback():
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.3.4.5", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.4", "example.org"))


def test_contained_keeps_to_the_folder(tmp_path):
    folder = tmp_path / "style"
    (folder / "img").mkdir(parents=True)
    (folder / "img" / "logo.png").write_bytes(b"png")
    (tmp_path / "outside.txt").write_text("x", encoding="utf-8")
    (folder / "out").symlink_to(tmp_path / "outside.txt")
    assert contained(folder, "img/logo.png") == (folder / "img" / "logo.png").resolve()
    for path in ("../outside.txt", "img/../../outside.txt", str(tmp_path / "outside.txt"), "out", "img", "", "a\x00b", "x" * 5000):
        assert contained(folder, path) is None, path


def test_the_editor_url_template_is_checked_and_filled(tmp_path):
    assert editor_template("") == ""
    template = editor_template("vscode://file/{path}:{line}")
    found = place(str(tmp_path / "a b.yaml"), 12, template)
    assert found["editor_url"] == f"vscode://file/{urllib.parse.quote(str(tmp_path))}/a%20b.yaml:12"
    assert found["file_url"] == (tmp_path / "a b.yaml").as_uri() and found["line"] == 12
    assert "editor_url" not in place(str(tmp_path / "a.yaml"), 3, "")
    for bad in ("javascript:alert(1)/{path}", "JavaScript:x{path}", "data:text/html,{path}", "vscode://file/", "{path}",
                "idea://open?file={path}&col={column}"):
        with pytest.raises(UsageError):
            editor_template(bad)


def test_the_state_says_the_brief_has_errors_and_keeps_the_last_good_paper(sample, start_preview):
    preview = start_preview(sample, BRIEF, "--no-open")
    preview.wait_for("build 1: ok")
    good = state(preview.url)
    brief = sample / BRIEF
    text = brief.read_text(encoding="utf-8")
    brief.write_text(text.replace("date: 2011-07-12", "date: 2011-13-45"), encoding="utf-8")
    preview.wait_for("build 2: 1 error, the last good paper stays")
    broken = state(preview.url)
    assert not broken["ok"] and broken["paper"] == good["paper"] and broken["provenance"] == good["provenance"]
    line = text.splitlines().index("date: 2011-07-12") + 1
    checked = subprocess.run([sys.executable, "-m", "compiler", "check", BRIEF], cwd=sample, capture_output=True, text=True,
                             timeout=120, env={**os.environ, "BRIEF_NO_SERVER": "1"})
    errors = [p["text"] for p in broken["problems"]]
    assert errors == [out for out in checked.stdout.splitlines() if re.match(rf"{BRIEF}:\d+: (?!warning)", out)]
    assert errors[0].startswith(f"{BRIEF}:{line}: date: ")
    assert broken["problems"][0]["place"]["file_url"] == Path(brief).as_uri()
    brief.write_text(text, encoding="utf-8")
    preview.wait_for("build 3: ok")
    assert state(preview.url)["ok"]


def test_a_bug_in_a_build_is_shown_as_a_problem_and_the_next_save_builds_again(sample, monkeypatch, capsys):
    from compiler.context import Context
    from compiler.preview import server
    from compiler.workspace import Workspace

    monkeypatch.chdir(sample)
    preview = server.Preview(Workspace(sample), sample / BRIEF, Context.of_process())
    assert preview.rebuild().page is not None
    monkeypatch.setattr(server, "build", lambda *args: 1 / 0)
    failed = preview.rebuild()
    assert failed.page is None and "internal error" in failed.problems[0]["message"] and "ZeroDivisionError" in capsys.readouterr().err
    data = preview.state(None)
    assert not data["ok"] and data["paper"] == 1 and "html" in data  # the last good paper stays
    monkeypatch.undo()
    monkeypatch.chdir(sample)
    assert preview.rebuild().page is not None and preview.state(1)["ok"]


def test_another_interface_only_when_asked_and_with_a_warning(sample, monkeypatch, capsys):
    from compiler import cli
    from compiler.preview import server

    calls = []
    monkeypatch.setattr(server, "preview", lambda *args: calls.append(args) or 0)
    monkeypatch.chdir(sample)
    assert cli.main(["preview", BRIEF, "--no-open"]) == 0
    assert calls[-1][3] == "127.0.0.1" and capsys.readouterr().err == ""
    assert cli.main(["preview", BRIEF, "--host", "0.0.0.0", "--port", "8000", "--editor-url", "vscode://file/{path}"]) == 0
    assert calls[-1][3:7] == ("0.0.0.0", 8000, True, "vscode://file/{path}")
    err = capsys.readouterr().err
    assert err.startswith("brief preview: warning: listening on 0.0.0.0, not on this machine's loopback interface")
    monkeypatch.setenv("BRIEF_EDITOR_URL", "vscodium://file/{path}:{line}")
    assert cli.main(["preview", BRIEF, "--no-open", "--host", "::1"]) == 0
    assert calls[-1][3] == "::1" and calls[-1][6] == "vscodium://file/{path}:{line}" and capsys.readouterr().err == ""


def test_the_browser_is_opened_on_a_desktop_and_never_a_text_browser_without_one(monkeypatch):
    import webbrowser

    from compiler.preview import server

    opened, said = [], []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    monkeypatch.setattr(sys, "platform", "linux")
    server._open("http://127.0.0.1:5/", {"TERM": "xterm"}, said.append)
    assert opened == [] and said == ["brief preview: no display to open a browser on; open http://127.0.0.1:5/ yourself"]
    server._open("http://127.0.0.1:5/", {"DISPLAY": ":0"}, said.append)
    assert opened == ["http://127.0.0.1:5/"] and len(said) == 1


class Later:
    """A pool whose jobs finish when the test says, with the result or the error it gives."""

    def __init__(self):
        from concurrent.futures import Future

        self.future_type = Future
        self.futures = []
        self.jobs = []  # the format (or page count) each submitted job renders

    def submit(self, fn, *args):
        future = self.future_type()
        self.futures.append(future)
        self.jobs.append(args[2])
        return future

    def shutdown(self, wait=True, cancel_futures=False):
        pass


def test_pages_counted_after_the_build_judge_the_rules_unless_a_build_came_since(sample, monkeypatch):
    from compiler.context import Context
    from compiler.preview.server import Preview
    from compiler.render import Rendered
    from compiler.render.jobs import WORD_PAGES
    from compiler.workspace import Workspace

    monkeypatch.chdir(sample)
    brief = limit_pages(sample)
    said: list[str] = []
    preview = Preview(Workspace(sample), brief, Context.of_process(), say=said.append)
    preview.pool = pool = Later()
    preview.rebuild()
    assert preview.state(None)["pages_pending"] and preview.state(None)["report"]["pages"] is None
    # treaty-body-10p limits the pages of a Word file: counted on the DOCX, as `brief check` counts them
    assert pool.jobs == [WORD_PAGES]
    pool.futures[0].set_result((Rendered(b"", 12, "docx"), [], 0))
    data = preview.state(None)
    assert not data["pages_pending"] and data["report"]["pages"] == 12 and data["report"]["pages_of"] == "docx"
    assert any(w["message"].startswith("treaty-body-10p: 12 pages (the DOCX as LibreOffice lays it out)")
               for w in data["warnings"]), data["warnings"]
    preview.rebuild()  # build 2 ...
    preview.rebuild()  # ... and 3 before build 2's pages are counted: build 2's count is not used
    pool.futures[1].set_result((Rendered(b"", 40), [], 0))
    assert preview.state(None)["pages_pending"] and preview.state(None)["report"]["pages"] is None
    pool.futures[2].set_exception(RuntimeError("no layout"))
    assert not preview.state(None)["pages_pending"]
    assert said[-1] == "brief preview: build 3: the pages could not be counted: RuntimeError: no layout"


def test_a_dead_page_counting_worker_is_replaced(sample, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    from compiler.context import Context
    from compiler.preview import server
    from compiler.workspace import Workspace

    monkeypatch.chdir(sample)
    brief = limit_pages(sample)

    class Broken(Later):
        def submit(self, fn, *args):
            raise BrokenProcessPool("a worker died")

    preview = server.Preview(Workspace(sample), brief, Context.of_process())
    preview.pool = Broken()
    made = []
    monkeypatch.setattr("compiler.render.jobs.worker_pool", lambda workers=None: made.append(Later()) or made[-1])
    preview.rebuild()
    assert preview.pool is made[0] and len(made[0].futures) == 1

"""Tests of what a hostile style folder can make `brief` read or write: nothing outside the style
folder and the product's assets (templates included, symbolic links resolved), no traceback for
a refused attachment, and no HTML beyond the limit."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from compiler.errors import RenderError
from compiler.render import html, pdf
from compiler.style import Style, find_style
from tests.sample_document import sample_document

SECRET = "the-secret-of-another-file"


@pytest.fixture(scope="module")
def un() -> Style:
    return find_style("un-submission", None)


def hostile_style(un: Style, folder: Path, paper_html: str, name: str = "hostile") -> Style:
    """Return a copy of the UN style in `folder` whose paper.html is `paper_html`."""
    target = folder / name
    shutil.copytree(un.folder, target)
    (target / "paper.html").write_text(paper_html, encoding="utf-8")
    return find_style(name, folder)


def test_an_attachment_outside_the_style_is_a_render_error_not_a_traceback(un, tmp_path):
    (tmp_path / "secret.txt").write_text(SECRET)
    style = hostile_style(un, tmp_path / "styles", '{% extends "base.html" %}\n{% block head %}'
                          f'<link rel="attachment" href="{(tmp_path / "secret.txt").as_uri()}">{{% endblock %}}\n')
    with pytest.raises(RenderError, match="refused to fetch") as caught:
        pdf.render(sample_document(), style)
    assert "outside the style folder" in caught.value.problems[0].message


def test_a_build_with_an_attachment_to_etc_passwd_exits_5_with_one_line(workspace, run):
    workspace.write("styles/hostile/style.yaml", (find_style("un-submission", None).folder / "style.yaml").read_text())
    workspace.write("styles/hostile/paper.html", '{% extends "base.html" %}\n'
                    '{% block head %}<link rel="attachment" href="file:///etc/passwd">{% endblock %}\n')
    workspace.write("briefs/paper.yaml", (workspace.root / "briefs/paper.yaml").read_text() + "style: hostile\n")
    code, out, err = run("build", "--to", "pdf", "-q")
    assert code == 5, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "refused to fetch 'file:///etc/passwd'" in err
    assert not (workspace.root / "output" / "paper.pdf").exists()


def test_an_attachment_inside_the_style_folder_is_allowed(un, tmp_path):
    style = hostile_style(un, tmp_path / "styles", '{% extends "base.html" %}\n'
                          '{% block head %}<link rel="attachment" href="notes.txt">{% endblock %}\n')
    (style.folder / "notes.txt").write_text("read me")
    assert pdf.render(sample_document(), style).data.startswith(b"%PDF")


@pytest.mark.parametrize("how", ["symlink", "dotdot", "absolute", "symlinked-folder"])
def test_a_template_cannot_include_a_file_outside_the_style(un, tmp_path, how):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    styles = tmp_path / "styles"
    include = {"symlink": "leak.html", "dotdot": "../../secret.txt", "absolute": str(secret),
               "symlinked-folder": "outside/secret.txt"}[how]
    style = hostile_style(un, styles, '{% extends "base.html" %}\n{% block head %}'
                          f'{{% include "{include}" %}}{{% endblock %}}\n')
    (style.folder / "leak.html").symlink_to(secret)
    (style.folder / "outside").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(RenderError) as caught:
        html.render(sample_document(), style)
    assert SECRET not in str(caught.value)
    assert "template" in caught.value.problems[0].message


def test_a_template_may_include_its_own_files_and_a_link_that_stays_inside(un, tmp_path):
    style = hostile_style(un, tmp_path / "styles", '{% extends "base.html" %}\n'
                          '{% block head %}{% include "part.html" %}{% include "alias.html" %}{% endblock %}\n')
    (style.folder / "part.html").write_text("<meta name=part content=mine>")
    (style.folder / "alias.html").symlink_to(style.folder / "part.html")
    page = html.render(sample_document(), style).data.decode()
    assert page.count("<meta name=part content=mine>") == 2


def test_a_style_writing_a_huge_page_is_a_render_error(un, tmp_path):
    style = hostile_style(un, tmp_path / "styles", '{% extends "base.html" %}\n{% block head %}'
                          '{% for i in range(100000) %}{{ "x" * 1000000 }}{% endfor %}{% endblock %}\n')
    for render in (html.render, pdf.render):
        with pytest.raises(RenderError, match="larger than 50,000,000 characters"):
            render(sample_document(), style)

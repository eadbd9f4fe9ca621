"""Check the sample workspace: its store, its briefs, and its quotes against the corpus."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from compiler.store.load import load_store, normalise_for_quotes, quote_in
from tests.conftest import CORPUS, REPO


@pytest.fixture(scope="module")
def store():
    loaded, problems = load_store(REPO / "sources", REPO)
    assert problems == []
    return loaded


def test_sample_workspace_checks_clean(run, monkeypatch):
    monkeypatch.chdir(REPO)
    code, out, err = run("check")
    assert code == 0, out + err
    assert "error" not in out and err == ""


def test_every_sample_passes_its_editorial_rules_under_strict_setting_aside_only_old_background_facts(run, monkeypatch):
    monkeypatch.chdir(REPO)
    code, out, err = run("check", "--strict")
    assert code == 0, out + err
    allowed = {(path.name, entry["rule"]) for path in sorted((REPO / "briefs").glob("*.yaml"))
               for entry in yaml.safe_load(path.read_text(encoding="utf-8")).get("allow", [])}
    assert {rule for _, rule in allowed} == {"old-fact"}, allowed


def test_without_references_back_the_ccpr_paper_rests_on_the_coalitions_own_press_release(run, monkeypatch, tmp_path):
    """The CCPR sample meets the self-sourcing rule because its summary and reviews refer to paragraphs (notes.refer_back)."""
    import shutil

    for folder in ("briefs", "sources", "styles"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    style = tmp_path / "styles" / "un-submission" / "style.yaml"
    style.write_text(style.read_text(encoding="utf-8") + "notes: {refer_back: false}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run("check", "briefs/kazakhstan-ccpr-2011.yaml", "--strict")
    assert code == 4 and "43 of 90 notes (48 %) cite the submitting organisations' own documents" in out, out


def test_sample_store_has_enough_facts_from_each_document_and_theme(store):
    assert len(store.sources) == 7  # five NGO documents with facts, two UPR reports with recommendations
    assert len(store.facts) >= 90
    assert len(store.recommendations) >= 30
    per_doc = Counter(f.source for f in store.facts.values())
    assert min(per_doc.values()) >= 10, per_doc
    top_themes = {t.split(".")[0] for f in store.facts.values() for t in f.themes}
    assert len(top_themes) >= 12


def test_every_sample_fact_has_text_themes_date_tags_and_quote(store):
    for fact in store.facts.values():
        assert fact.text and fact.themes and fact.date and fact.tags and fact.quote, fact.id


def test_themes_cover_the_required_ids_with_vocabulary_labels(store):
    required = "media assembly association religion labor elections torture fair-trial defenders migrants women minorities lgbt death-penalty".split()
    for ident in required:
        theme = store.themes[ident]
        assert theme.instruments and theme.description and theme.labels.get("upr-info") and theme.labels.get("uhri"), ident


def test_builtin_taxonomy_matches_the_sample_one():
    builtin = yaml.safe_load((REPO / "compiler" / "data" / "themes.yaml").read_text(encoding="utf-8"))
    sample = yaml.safe_load((REPO / "sources" / "themes.yaml").read_text(encoding="utf-8"))
    assert builtin == sample


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
def test_every_quote_is_verbatim_in_its_corpus_document(store):
    texts = [normalise_for_quotes(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]
    missing = [f.id for f in store.facts.values() if not any(quote_in(f.quote, t) for t in texts)]
    assert missing == []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
def test_sample_sources_archive_no_full_texts():
    for path in (REPO / "sources").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "text:" not in re.findall(r"^text:", text, re.M), path


def test_sample_briefs_exist_with_their_profiles():
    briefs = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (REPO / "briefs").glob("*.yaml")}
    assert {"kazakhstan-ccpr-2011", "kazakhstan-labour-2016", "kazakhstan-upr-joint"} <= set(briefs)
    assert briefs["kazakhstan-ccpr-2011"]["profile"] == "ccpr"
    assert [s["theme"] for s in briefs["kazakhstan-ccpr-2011"]["sections"]] == ["media", "assembly", "religion"]
    assert len(briefs["kazakhstan-ccpr-2011"]["submitted_by"]) == 3
    assert briefs["kazakhstan-upr-joint"]["profile"] == "upr-joint"
    assert len({s.get("theme") for s in briefs["kazakhstan-upr-joint"]["sections"]}) >= 6


def test_every_sample_recommendation_is_assessed_and_every_evidence_is_a_fact(store):
    assert set(store.assessments) == set(store.recommendations)
    for ident, assessments in store.assessments.items():
        for assessment in assessments:
            assert assessment.by in {"KIBHR", "IPHR", "NHC"}, ident
            assert (assessment.status == "no-information") == (not assessment.evidence), ident
            assert all(e in store.facts for e in assessment.evidence), ident

from __future__ import annotations

from monazite.ingest.boilerplate import clean_text, normalise_whitespace

BODY = ("MP Materials reported that its Mountain Pass mine produced rare earth concentrate throughout 2024, "
        "and that separated NdPr oxide output rose as the new circuits came online. ") * 4


def test_trailing_comment_form_and_inline_hints_removed() -> None:
    text = f"Headline\nMP Materials announced (opens in a new tab) results.\n{BODY}\nLeave a Reply"
    cleaned, removed = clean_text(text)
    assert "(opens in a new tab)" not in cleaned
    assert not cleaned.endswith("Leave a Reply")
    assert cleaned.startswith("Headline\nMP Materials announced results.")
    assert "removed_comment_form:1" in removed and "removed_opens_in_new_tab:1" in removed


def test_sidebar_and_newsletter_tail_cut() -> None:
    tail = ("Search\nRecent Reex News\nAnother headline\nBy Daniel\nBio text.\n0 Comments\nSubmit a Comment\n"
            "Straight Into Your Inbox\nReceive a Daily News Update.")
    cleaned, removed = clean_text(f"{BODY}\n{tail}")
    assert cleaned == BODY.strip()
    assert "removed_sidebar:1" in removed


def test_marker_words_early_in_article_are_kept() -> None:
    text = f"Search\n{BODY}\nThe end of the article."
    cleaned, _ = clean_text(text)
    assert cleaned.startswith("Search\n") and cleaned.endswith("The end of the article.")


def test_wordpress_comments_and_stray_tags() -> None:
    text = f"{BODY}\n©!-- /wp:paragraph -->\n<!-- wp:heading -->\n<pclass=msonormal>Kept words</pclass=msonormal> and <5% stays"
    cleaned, removed = clean_text(text)
    assert "wp:" not in cleaned and "msonormal" not in cleaned
    assert "Kept words and <5% stays" in cleaned
    assert "removed_wp_comment:1" in removed


def test_article_text_untouched_otherwise() -> None:
    assert clean_text(BODY)[0] == BODY.strip()


def test_normalise_whitespace() -> None:
    assert normalise_whitespace("a \u00a0 b  \r\n\n\n\nc  ") == "a b\n\nc"


def test_a_long_run_of_spaces_before_the_tab_hint_is_cleaned_whole() -> None:
    text, removed = clean_text("Read the filing" + " " * 50_000 + "here (opens in a new tab) today.")
    assert text == "Read the filing here today." and removed == ["removed_opens_in_new_tab:1"]


def test_comments_are_removed_and_unclosed_openings_left_as_text() -> None:
    text, removed = clean_text("Keep <!-- wp:paragraph --> this <!-- /wp --> line. Then <!-- never closed")
    assert text == "Keep this line. Then <!-- never closed" and removed == ["removed_html_comment:2"]
    hostile = "<!-- a " * 30_000 + "and the body."
    text, removed = clean_text(hostile)
    assert text.endswith("and the body.") and removed == []


def test_soft_hyphens_are_removed_and_reported() -> None:
    text, removed = clean_text("The sepa\u00adration plant in Pori ships ox\u00adide to magnet makers.")
    assert text == "The separation plant in Pori ships oxide to magnet makers."
    assert "removed_soft_hyphen:2" in removed

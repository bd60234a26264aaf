"""The page a closed survey's own link shows once its inspection publishes: only an approved page,
in the respondent's language or else English, for their age band, with figures withheld below the
threshold, in the respondent layout with its quick exit and nothing from another host."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from tests.told_us_pages import add_answers, close_and_publish, write_page

KIDS = "kids-token-1"


def main_text(page) -> str:
    return " ".join(BeautifulSoup(page.html, "html.parser").find("main").get_text().split())


def test_an_open_survey_shows_its_start_page_even_with_a_published_page(app, surveys, respondent):
    with app.app_context():
        write_page(KIDS, "8-11", "en", told_us="Most of you feel safe.")
        close_and_publish(KIDS, close=False)
    page = respondent(KIDS).get(f"/s/{KIDS}")
    assert page.status == 200
    assert "Most of you feel safe." not in page.text
    assert respondent(KIDS).get(f"/s/{KIDS}/what-you-told-us/8-11").location == f"/s/{KIDS}"


def test_a_closed_survey_shows_only_an_approved_page_of_a_published_inspection(app, surveys, respondent):
    with app.app_context():
        write_page(KIDS, "8-11", "en", told_us="Most of you feel safe.", approved=False)
        close_and_publish(KIDS, publish=False)
    person = respondent(KIDS)
    for path in (f"/s/{KIDS}", f"/s/{KIDS}/what-you-told-us/8-11"):
        closed = person.get(path)
        assert closed.status == 410 and "This survey has closed" in closed.text
        assert "Most of you feel safe." not in closed.text

    with app.app_context():
        close_and_publish(KIDS)  # published now, but the page is still not approved
    assert person.get(f"/s/{KIDS}").status == 410
    assert person.get(f"/s/{KIDS}/what-you-told-us/8-11").status == 410


def test_an_approved_page_waits_for_the_inspection_to_publish(app, surveys, respondent):
    with app.app_context():
        write_page(KIDS, "8-11", "en", told_us="Most of you feel safe.")
        close_and_publish(KIDS, publish=False)
    person = respondent(KIDS)
    assert person.get(f"/s/{KIDS}").status == 410
    assert person.get(f"/s/{KIDS}/what-you-told-us/8-11").status == 410
    with app.app_context():
        close_and_publish(KIDS)
    assert "Most of you feel safe." in person.get(f"/s/{KIDS}").text


def test_one_band_with_a_page_is_shown_straight_away_with_its_sections(app, surveys, respondent):
    with app.app_context():
        write_page(KIDS, "8-11", "en", told_us="Most of you feel safe.\n\nSome of you want more time.",
                   examples="Someone wanted their worker to call back sooner.",
                   will_do="Workers will call back within a day.")
        write_page(KIDS, "12-17", "en", approved=False)
        close_and_publish(KIDS)
    page = respondent(KIDS).get(f"/s/{KIDS}")
    assert page.status == 200
    soup = BeautifulSoup(page.html, "html.parser")
    assert soup.find("h1").get_text(strip=True) == "What you told us"
    assert "8 to 11 years old" in main_text(page)
    paragraphs = [p.get_text(strip=True) for p in soup.select("main p")]
    assert "Most of you feel safe." in paragraphs and "Some of you want more time." in paragraphs
    assert "Someone wanted their worker to call back sooner." in [li.get_text(strip=True)
                                                                  for li in soup.select("main li")]
    assert "Workers will call back within a day." in paragraphs
    assert "Told us, 12-17" not in page.text  # the unapproved band is not offered
    assert "Read what people of another age told us" not in page.text


def test_several_bands_are_chosen_first_and_an_unwritten_band_says_the_survey_closed(
    app, surveys, respondent
):
    with app.app_context():
        write_page(KIDS, "5-7", "en", told_us="The youngest said this.")
        write_page(KIDS, "12-17", "en", told_us="The oldest said this.")
        close_and_publish(KIDS)
    person = respondent(KIDS)
    chooser = person.get(f"/s/{KIDS}")
    assert chooser.status == 200
    links = {a.get_text(strip=True): a["href"]
             for a in BeautifulSoup(chooser.html, "html.parser").select("main a")}
    assert links == {"5 to 7 years old": f"/s/{KIDS}/what-you-told-us/5-7",
                     "12 to 17 years old": f"/s/{KIDS}/what-you-told-us/12-17"}
    youngest = person.get(links["5 to 7 years old"])
    assert "The youngest said this." in youngest.text and "The oldest said this." not in youngest.text
    assert "Read what people of another age told us" in youngest.text
    assert person.get(f"/s/{KIDS}/what-you-told-us/8-11").status == 410  # closed, nothing to show
    assert person.get(f"/s/{KIDS}/what-you-told-us/nonsense").status == 404
    assert person.get("/s/no-such-token/what-you-told-us/5-7").status == 404


def test_the_respondents_language_is_shown_else_english(app, surveys, respondent):
    with app.app_context():
        write_page(KIDS, "12-17", "en", told_us="In English.")
        write_page(KIDS, "12-17", "pl", told_us="Po polsku.")
        write_page(KIDS, "12-17", "gd", told_us="Unapproved Gaelic.", approved=False)
        close_and_publish(KIDS)

    polish = respondent(KIDS).get(f"/s/{KIDS}?lang=pl")
    assert "Po polsku." in polish.text and "In English." not in polish.text
    assert '<html lang="pl"' in polish.html

    for language in ("gd", "ar"):
        page = respondent(KIDS).get(f"/s/{KIDS}?lang={language}")
        assert "In English." in page.text and "Unapproved Gaelic." not in page.text
        soup = BeautifulSoup(page.html, "html.parser")
        # The English text keeps its own language and direction inside a page in another.
        stored = [div for div in soup.select("main div[lang]") if "In English." in div.get_text()]
        assert stored and stored[0]["lang"] == "en" and stored[0]["dir"] == "ltr"
        assert soup.select_one(".govuk-inset-text"), "no word that the page is in English"
    arabic = respondent(KIDS).get(f"/s/{KIDS}?lang=ar")
    assert '<html lang="ar" dir="rtl"' in arabic.html

    english = respondent(KIDS).get(f"/s/{KIDS}")
    assert not BeautifulSoup(english.html, "html.parser").select_one("main .govuk-inset-text")


def test_figures_are_shown_as_a_percentage_of_those_who_answered(app, surveys, respondent):
    with app.app_context():
        # 8-11: 6 answered, 4 positively (very happy, happy); 12-17: 5 answered, 1 positively.
        add_answers(KIDS, "8-11", "feel_overall",
                    ["very_happy", "happy", "happy", "very_happy", "sad", "okay"])
        add_answers(KIDS, "12-17", "feel_overall", ["good", "bad", "bad", "okay", "okay"])
        for band in ("8-11", "12-17"):
            write_page(KIDS, band, "en", told_us=f"Page {band}.", question_keys=["feel_overall"])
        close_and_publish(KIDS)
    person = respondent(KIDS)
    younger = main_text(person.get(f"/s/{KIDS}/what-you-told-us/8-11"))
    assert "How do you feel most days?" in younger  # the band's own wording
    assert "67% gave a positive answer. Number of people who answered: 6." in younger
    older = main_text(person.get(f"/s/{KIDS}/what-you-told-us/12-17"))
    assert "How do you feel about your life at the moment?" in older
    assert "20% gave a positive answer. Number of people who answered: 5." in older


@pytest.mark.parametrize("band", [
    "5-7",  # 3 answered: fewer than the threshold
    "8-11",  # 6 answered, but beside the total it would give away the 3 aged 5 to 7
])
def test_figures_are_withheld_below_the_threshold_and_where_they_would_give_one_away(
    app, surveys, respondent, band
):
    with app.app_context():
        add_answers(KIDS, "5-7", "feel_overall", ["happy", "happy", "sad"])
        add_answers(KIDS, "8-11", "feel_overall", ["happy"] * 6)
        write_page(KIDS, band, "en", told_us=f"Page {band}.", question_keys=["feel_overall"])
        close_and_publish(KIDS)
    withheld = main_text(respondent(KIDS).get(f"/s/{KIDS}"))
    assert "How do you feel most days?" in withheld
    assert "We do not show this number" in withheld
    assert "%" not in withheld and "Number of people who answered" not in withheld


def test_no_answer_is_ever_shown_only_what_inspectors_wrote(app, surveys, respondent):
    words = "my worker never phones me back when I ask"
    with app.app_context():
        add_answers(KIDS, "12-17", "feel_overall", ["good"] * 6, text=words)
        write_page(KIDS, "12-17", "en", told_us="Some of you want calls returned.",
                   question_keys=["feel_overall", "what_is_good"])
        close_and_publish(KIDS)
    page = respondent(KIDS).get(f"/s/{KIDS}")
    assert page.status == 200 and words not in page.text
    # A free-text question has no figure, even if its key was stored.
    assert "Is there anything good" not in main_text(page)


def test_the_page_keeps_the_quick_exit_help_and_headers_and_loads_nothing_from_elsewhere(
    app, surveys, respondent
):
    with app.app_context():
        write_page("parent-token-1", "all", "en", told_us="Parents told us this.")
        close_and_publish("parent-token-1")
    response = respondent("parent-token-1").client.get("/s/parent-token-1")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Parents told us this." in html
    assert "govuk-exit-this-page" in html and 'href="/leave"' in html and 'href="/help"' in html
    assert "Parentline Scotland" in html  # the help numbers for the survey's audience
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    for attribute in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not attribute.startswith(("http:", "https:", "//")), attribute
    assert "style=" not in html

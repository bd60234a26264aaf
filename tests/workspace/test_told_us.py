"""Inspectors write a "what you told us" page per survey, age band and language, approve it and
publish: nothing reaches a survey's link before approval and publication, an edit needs approval
again, examples copied from an answer are refused, and every change is audited."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlalchemy import select

from participation.extensions import db
from participation.models import AuditRecord, ToldUsPage
from tests.told_us_pages import add_answers
from tests.workspace.responses import survey_of

CHILDREN = "test-children"


def page_path(app, inspection: int, band: str = "8-11", language: str = "en", key: str = "children") -> str:
    with app.app_context():
        survey = survey_of(inspection, key).id
    return f"/inspections/{inspection}/what-you-told-us/{survey}/{band}/{language}"


def write(client, path: str, **fields):
    form = {"told_us": "Most of you feel safe.", "examples": "", "will_do": "Workers will call back sooner.",
            **fields}
    return client.post(path, form)


def approve(client, path: str):
    preview = client.get(path + "/preview")
    token = preview.soup.find("input", attrs={"name": "revision"})["value"]
    return client.post(path + "/approve", {"csrf_token": preview.csrf(), "revision": token})


def set_published(client, inspection: int, published: bool):
    action = "publish" if published else "withdraw"
    return client.post(f"/inspections/{inspection}/what-you-told-us/{action}",
                       csrf_from=f"/inspections/{inspection}/what-you-told-us/")


def close(app, inspection: int, key: str = "children") -> None:
    with app.app_context():
        survey_of(inspection, key).is_open = False
        db.session.commit()


def shown(respondent, token: str = CHILDREN, language: str | None = None) -> str | None:
    """Return the main text of what the survey's link shows, or None if it says it has closed."""
    page = respondent(token).get(f"/s/{token}" + (f"?lang={language}" if language else ""))
    if page.status == 410:
        return None
    assert page.status == 200, page.status
    return " ".join(BeautifulSoup(page.html, "html.parser").find("main").get_text().split())


def audit_actions(app, inspection: int) -> list[tuple[str, str, str]]:
    with app.app_context():
        records = db.session.scalars(
            select(AuditRecord)
            .where(AuditRecord.inspection_id == inspection, AuditRecord.action.like("told_us%"))
            .order_by(AuditRecord.id)
        )
        return [(record.action, record.actor, record.detail or "") for record in records]


def test_a_page_shows_only_once_approved_and_published_and_an_edit_hides_it_until_approved_again(
    app, inspection, signed_in, respondent
):
    client, staff = signed_in("inspector")
    path = page_path(app, inspection)
    close(app, inspection)

    saved = write(client, path)
    assert saved.status == 302 and saved.location.endswith(path + "/preview")
    preview = client.follow(saved)
    assert "Needs approval" in preview.text and "Most of you feel safe." in preview.text
    assert shown(respondent) is None  # written, not approved, not published

    assert set_published(client, inspection, True).status == 302
    assert shown(respondent) is None  # published, but not approved

    assert approve(client, path).status == 302
    assert "Most of you feel safe." in shown(respondent)
    with app.app_context():
        page = db.session.scalar(select(ToldUsPage))
        assert page.approved_by == staff.email and page.approved_at is not None

    # Saving the same words again changes nothing and keeps the approval.
    write(client, path)
    assert "Most of you feel safe." in shown(respondent)

    # A change hides the page until someone approves it again.
    changed = write(client, path, told_us="Most of you feel safe now.")
    assert "This page is approved" not in client.follow(changed).text
    assert shown(respondent) is None
    approve(client, path)
    assert "Most of you feel safe now." in shown(respondent)

    set_published(client, inspection, False)
    assert shown(respondent) is None


def test_an_open_survey_keeps_its_start_page_whatever_is_published(app, inspection, signed_in, respondent):
    client, _staff = signed_in("inspector")
    path = page_path(app, inspection)
    write(client, path)
    approve(client, path)
    set_published(client, inspection, True)
    page = respondent(CHILDREN).get(f"/s/{CHILDREN}")
    assert page.status == 200 and "Most of you feel safe." not in page.text
    assert "Start" in page.text
    overview = client.get(f"/inspections/{inspection}/what-you-told-us/")
    assert "Open: its link shows the survey until it closes." in overview.text


def test_a_language_without_an_approved_page_falls_back_to_english(app, inspection, signed_in, respondent):
    client, _staff = signed_in("inspector")
    close(app, inspection)
    english, polish = page_path(app, inspection), page_path(app, inspection, language="pl")
    write(client, english, told_us="In English.")
    approve(client, english)
    # The Polish page starts from the English page's figures and shows its words to translate from.
    form = client.get(polish)
    assert "The English page, to translate from" in form.text and "In English." in form.text
    assert form.soup.find("textarea", attrs={"name": "told_us"})["lang"] == "pl"
    write(client, polish, told_us="Po polsku.")
    set_published(client, inspection, True)

    assert "In English." in shown(respondent, language="pl")  # Polish not approved yet
    approve(client, polish)
    assert "Po polsku." in shown(respondent, language="pl")
    assert "In English." in shown(respondent, language="ar")


def test_the_form_offers_each_question_with_its_figure_withheld_below_the_threshold(
    app, inspection, signed_in
):
    with app.app_context():
        add_answers(CHILDREN, "8-11", "feel_overall",
                    ["very_happy", "happy", "happy", "very_happy", "sad", "okay"])
        add_answers(CHILDREN, "8-11", "feel_safe", ["always", "never"])
    client, _staff = signed_in("inspector")
    form = client.get(page_path(app, inspection))
    hints = {item.select_one("input")["value"]: " ".join(item.select_one(".govuk-hint").get_text().split())
             for item in form.soup.select(".govuk-checkboxes__item")}
    assert hints["feel_overall"] == "67% positive, 6 answered"
    assert hints["feel_safe"] == "Withheld: too few answered"
    assert "what_is_good" not in hints  # free text has no figure


def test_more_figures_than_allowed_or_missing_words_are_refused_with_an_error_summary(
    app, inspection, signed_in
):
    client, _staff = signed_in("inspector")
    path = page_path(app, inspection)
    keys = [item["value"] for item in client.get(path).soup.select("input[name=questions]")][:5]
    too_many = client.post(path, {"told_us": "Words.", "will_do": "Words.", "questions": keys})
    assert too_many.status == 400 and "Choose 4 figures or fewer" in too_many.errors()
    empty = client.post(path, {"told_us": " ", "will_do": ""})
    assert empty.status == 400
    assert empty.errors() == ["Write what they told the inspection", "Write what the partnership will do"]
    unknown = client.post(path, {"told_us": "Words.", "will_do": "Words.", "questions": ["no_such_question"]})
    assert unknown.status == 400
    with app.app_context():
        assert db.session.scalar(select(ToldUsPage)) is None


def test_an_example_that_repeats_an_answer_is_refused(app, inspection, signed_in, respondent):
    with app.app_context():
        add_answers(CHILDREN, "12-17", "feel_overall", ["good"] * 5,
                    text="I wish my social worker would phone me back when I leave a message")
    client, _staff = signed_in("inspector")
    path = page_path(app, inspection, band="12-17")
    copied = write(client, path, examples="Fine example.\nMy Social Worker would phone me back, when I")
    assert copied.status == 400
    assert copied.errors() == [
        "Example 2 repeats the words of an answer. Write each example in your own words"]
    written = write(client, path, examples="Some of you want workers to return calls sooner.")
    assert written.status == 302


def test_approving_a_page_that_changed_after_it_was_read_is_refused(app, inspection, signed_in):
    first, _ = signed_in("inspector")
    second, _ = signed_in("inspector")
    path = page_path(app, inspection)
    write(first, path)
    preview = first.get(path + "/preview")
    read_revision = preview.soup.find("input", attrs={"name": "revision"})["value"]
    write(second, path, told_us="Changed meanwhile.")
    refused = first.post(path + "/approve", {"csrf_token": preview.csrf(), "revision": read_revision})
    assert refused.status == 400
    assert refused.errors() == ["The page has changed since you opened it. Read it again, then approve it"]
    with app.app_context():
        assert not db.session.scalar(select(ToldUsPage)).approved


def test_addresses_of_no_page_are_not_found(app, inspection, other_inspection, signed_in):
    client, _staff = signed_in("inspector")
    assert client.get(page_path(app, inspection, band="all")).status == 404  # children have age bands
    assert client.get(page_path(app, inspection, band="8-11", key="parents")).status == 404
    assert client.get(page_path(app, inspection, language="fr")).status == 404
    with app.app_context():
        elsewhere = survey_of(other_inspection, "children").id
    assert client.get(f"/inspections/{inspection}/what-you-told-us/{elsewhere}/8-11/en").status == 404
    assert client.get(page_path(app, inspection) + "/preview").location.endswith(page_path(app, inspection))


def test_writing_approving_and_publishing_are_audited_without_the_words(app, inspection, signed_in):
    client, staff = signed_in("inspector")
    path = page_path(app, inspection)
    write(client, path, told_us="Secret-looking words.")
    approve(client, path)
    set_published(client, inspection, True)
    set_published(client, inspection, True)  # already published: nothing new to record
    set_published(client, inspection, False)
    actions = audit_actions(app, inspection)
    assert [action for action, _actor, _detail in actions] == [
        "told_us_saved", "told_us_approved", "told_us_published", "told_us_withdrawn"]
    assert all(actor == staff.email for _action, actor, _detail in actions)
    assert "band 8-11, language en, revision 1" in actions[0][2]
    assert not any("Secret-looking" in detail for _action, _actor, detail in actions)


def test_the_inspection_pages_link_to_it_for_inspectors_only(app, inspection, signed_in):
    for role, sees in (("inspector", True), ("coordinator", False), ("volunteer", False)):
        client, _staff = signed_in(role)
        overview = client.get(f"/inspections/{inspection}/")
        links = [a.get_text(strip=True) for a in overview.soup.select(".app-inspection-nav a")]
        assert ("What you told us" in links) is sees, role


def test_markup_and_control_characters_typed_into_a_page_are_shown_as_text(
    app, inspection, signed_in, respondent
):
    client, _staff = signed_in("inspector")
    close(app, inspection)
    path = page_path(app, inspection)
    saved = write(client, path, told_us="<script>alert(1)</script> safe\x00ly",
                  examples="<img src=x onerror=alert(1)>", will_do="<b>bold</b>")
    assert saved.status == 302
    approve(client, path)
    set_published(client, inspection, True)
    for html in (client.get(path + "/preview").html, respondent(CHILDREN).get(f"/s/{CHILDREN}").html):
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; safely" in html


def test_a_paragraph_that_quotes_an_answer_of_any_survey_is_refused(app, inspection, signed_in):
    with app.app_context():
        add_answers("test-parents", None, "treated_with_respect", ["agree"],
                    text="Nobody ever told us what would happen at the next meeting")
    client, _staff = signed_in("inspector")
    copied = write(client, page_path(app, inspection),
                   told_us="Most of you feel safe.\n\n"
                           "One said: nobody EVER told us what would happen, at the next.",
                   will_do="Workers will say what will happen at the next meeting.")
    assert copied.status == 400
    assert copied.errors() == ["This repeats the words of an answer. Write it in your own words"]


def test_figures_are_kept_as_approved_and_a_response_sent_since_needs_approval_again(
    app, inspection, signed_in, respondent
):
    with app.app_context():
        add_answers(CHILDREN, "8-11", "feel_overall", ["happy"] * 3 + ["sad"] * 3)
    client, _staff = signed_in("inspector")
    path = page_path(app, inspection)
    write(client, path, questions=["feel_overall"])
    approve(client, path)
    set_published(client, inspection, True)
    close(app, inspection)
    assert "50% gave a positive answer." in shown(respondent)

    with app.app_context():  # sent while the survey was open again, say
        add_answers(CHILDREN, "8-11", "feel_overall", ["happy"] * 4)
    assert shown(respondent) is None
    preview = client.get(path + "/preview")
    assert "4 responses have been sent since it was approved" in preview.text
    assert "70% gave a positive answer." in preview.text  # the figures approving would keep
    assert approve(client, path).status == 302
    assert "70% gave a positive answer." in shown(respondent)
    actions = audit_actions(app, inspection)
    assert [action for action, _actor, _detail in actions].count("told_us_approved") == 2
    assert actions[-1][2].endswith("figures of 10 responses")


def test_the_demo_drafts_are_written_once_and_never_shown_before_approval(app, inspection, respondent):
    from participation.models import Inspection
    from participation.workspace.told_us.demo import write_demo_drafts

    close(app, inspection)
    with app.app_context():
        demo = db.session.get(Inspection, inspection)
        assert write_demo_drafts(demo) == 2
        assert write_demo_drafts(demo) == 0
        assert not any(page.approved for page in db.session.scalars(select(ToldUsPage)))
    assert shown(respondent) is None

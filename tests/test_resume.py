"""A resume code lets a respondent carry on another device; guessing codes is limited."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from participation.extensions import db
from participation.models import Response
from participation.respond.codes import normalise_resume_code
from tests.journeys import definition

CODE = re.compile(r'id="resume-code">([0-9A-Z-]+)<')


def code_for(person) -> str:
    page = person.get_code()
    assert page.status == 200
    return CODE.search(page.html).group(1)


def test_a_parent_carries_on_with_a_code_on_another_device(app, surveys, respondent):
    phone = respondent(surveys["parents"])
    phone.begin()
    phone.answer(1, answer="prefer_not_to_say")
    phone.answer(2, answer="prefer_not_to_say")
    code = code_for(phone)
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code)

    laptop = respondent(surveys["parents"])
    page = laptop.post(f"{laptop.base}/resume", {"code": code.lower().replace("-", " ")})
    assert page.status == 302
    assert page.location.endswith("/q/3")  # the first question not yet answered
    check = laptop.get(f"{laptop.base}/check")
    assert check.status == 200
    assert laptop.submit().location.endswith("/done")
    # The first device's session was handed over, so it can no longer see the answers.
    assert phone.get(f"{phone.base}/check").status == 302


def test_a_wrong_code_gets_an_error_summary(surveys, respondent):
    person = respondent(surveys["parents"])
    page = person.post(f"{person.base}/resume", {"code": "AAAA-BBBB-CCCC"})
    assert page.status == 400
    assert "govuk-error-summary" in page.html
    assert "could not find that code" in page.html


def test_an_empty_code_gets_an_error_summary(surveys, respondent):
    person = respondent(surveys["parents"])
    page = person.post(f"{person.base}/resume", {"code": ""})
    assert page.status == 400
    assert "Enter the code" in page.html


def test_an_expired_code_says_so(app, surveys, respondent):
    phone = respondent(surveys["parents"])
    phone.begin()
    code = code_for(phone)
    with app.app_context():
        response = db.session.scalar(select(Response))
        response.resume_expires_on = dt.date.today() - dt.timedelta(days=1)
        db.session.commit()
    page = respondent(surveys["parents"]).post(f"/s/{surveys['parents']}/resume", {"code": code})
    assert page.status == 400
    assert "This code has expired" in page.html


def test_a_code_stops_working_once_the_answers_are_sent(app, surveys, respondent):
    phone = respondent(surveys["parents"])
    phone.begin()
    code = code_for(phone)
    phone.submit()
    page = respondent(surveys["parents"]).post(f"/s/{surveys['parents']}/resume", {"code": code})
    assert page.status == 400


def test_codes_are_stored_only_as_keyed_hashes(app, surveys, respondent):
    phone = respondent(surveys["parents"])
    phone.begin()
    code = code_for(phone).replace("-", "")
    with app.app_context():
        response = db.session.scalar(select(Response))
        assert code not in (response.resume_code_hash or "")
        assert len(response.resume_code_hash) == 64


def test_misread_letters_are_forgiven():
    assert normalise_resume_code("abcd-efgh-jkmo") == "ABCDEFGHJKM0"
    assert normalise_resume_code("1111 2222 333I") == "111122223331"
    assert normalise_resume_code("too short") is None


def test_guessing_one_code_is_limited(app, surveys, respondent):
    person = respondent(surveys["parents"])
    limit = int(app.config["RESUME_LIMIT_PER_CODE"].split()[0])
    statuses = [
        person.post(f"{person.base}/resume", {"code": "AAAA-BBBB-CCCC"}).status for _ in range(limit + 1)
    ]
    assert statuses[:limit] == [400] * limit
    assert statuses[limit] == 429
    # A different code from the same address (a school behind one address) still works.
    other = respondent(surveys["parents"])
    assert other.post(f"/s/{surveys['parents']}/resume", {"code": "DDDD-EEEE-FFFF"}).status == 400


def test_the_too_many_tries_page_is_friendly(app, surveys, respondent):
    person = respondent(surveys["parents"])
    limit = int(app.config["RESUME_LIMIT_PER_CODE"].split()[0])
    for _ in range(limit):
        person.post(f"{person.base}/resume", {"code": "AAAA-BBBB-CCCC"})
    page = person.post(f"{person.base}/resume", {"code": "aaaabbbbcccc"})  # same code, typed differently
    assert page.status == 429
    assert "Too many tries" in page.html


def test_a_resumed_child_sees_their_own_age_band_wording(app, surveys, respondent):
    phone = respondent(surveys["children"])
    phone.begin()
    phone.about("5-7")
    code = code_for(phone)
    tablet = respondent(surveys["children"])
    tablet.post(f"{tablet.base}/resume", {"code": code})
    page = tablet.get(f"{tablet.base}/q/1")
    assert definition(app, "children").questions[0].wording("5-7").text in page.text

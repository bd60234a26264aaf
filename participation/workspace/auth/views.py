"""Sign-in pages, in order: password, two-factor (set up or checked), a new password if one is due."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import select

from participation.access import public
from participation.extensions import db
from participation.models import User
from participation.workspace.access import signed_in, signing_in
from participation.workspace.audit import AuditAction, record
from participation.workspace.auth import throttle
from participation.workspace.auth import two_factor as tf
from participation.workspace.auth.forms import (
    ChangePasswordForm,
    CodeForm,
    NewPasswordForm,
    RecoveryCodeForm,
    SignInForm,
)
from participation.workspace.auth.passwords import hash_secret, matches
from participation.workspace.auth.session import (
    CHOOSE_PASSWORD,
    ENROL,
    PENDING,
    SIGNED_OUT_REASON,
    VERIFY,
    SignedInUser,
    complete_sign_in,
    end_every_session,
    pending_step,
    pending_user,
    second_factor_passed,
    sign_out,
    start_pending,
    step_url,
)
from participation.workspace.extensions import workspace_limiter
from participation.workspace.forms import ActionForm

blueprint = Blueprint("auth", __name__)


def address_limit():
    """A ceiling on sign-in requests from one address, whatever the account (a flood)."""
    from flask import current_app

    return workspace_limiter.limit(
        lambda: current_app.config["WORKSPACE_SIGN_IN_LIMIT_PER_ADDRESS"],
        key_func=lambda: throttle.address_key(),
        methods=["POST"],
    )


def safe_next(target: str | None) -> str | None:
    """Keep a return address only if it is a page of this workspace (no open redirect)."""
    root = request.script_root + "/"
    if target and target.startswith(root) and not target.startswith("//") and "\\" not in target:
        return target
    return None


def wait_page(form, wait: throttle.Wait):
    """Refuse a sign-in for now, saying how long to wait."""
    message = _(
        "You have tried to sign in too many times. Wait %(minutes)s minutes, then try again.",
        minutes=wait.minutes,
    )
    return render_template("workspace/auth/sign_in.html", form=form, problem=message), 429


def count_failure(action: AuditAction, email: str, actor: User | str) -> None:
    """Count and record a failed password or code."""
    if throttle.count_failure(email):
        record(
            AuditAction.SIGN_IN_FAILURES_MANY_ADDRESSES,
            actor=actor,
            detail="failures for this account from several addresses: answers slowed down",
        )
    record(action, actor=actor)
    db.session.commit()


@blueprint.route("/sign-in", methods=["GET", "POST"])
@address_limit()
@public
def sign_in():
    """Ask for an email address and password."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignInForm()
    reason = session.pop(SIGNED_OUT_REASON, None) if request.method == "GET" else None
    if not form.validate_on_submit():
        return render_template("workspace/auth/sign_in.html", form=form, reason=reason), (
            400 if form.errors else 200
        )
    email = form.email.data.lower()
    wait = throttle.wait_needed(email)
    if wait is not None:
        record(AuditAction.SIGN_IN_WAIT, actor=email)
        db.session.commit()
        return wait_page(form, wait)
    user = db.session.scalar(select(User).where(User.email == email))
    if not matches(user.password_hash if user else None, form.password.data) or not user.active:
        # Not an address: perhaps a password typed in the wrong box, which the audit must not keep.
        typed = email if "@" in email else "(not an email address)"
        count_failure(AuditAction.SIGN_IN_FAILED, email, user or typed)
        form.email.errors.append(_("The email address or password is not right"))
        return render_template("workspace/auth/sign_in.html", form=form), 400
    step = start_pending(user)
    session[PENDING] = {**session[PENDING], "next": safe_next(request.args.get("next"))}
    return redirect(step_url(step))


def at_step(step: str):
    """Return the pending user if signing in is at this step; else None (redirect elsewhere)."""
    return pending_user() if pending_step() == step else None


def code_refused(user: User, template: str, message: str, **context):
    """Count and record a wrong code, and show the page again with the message."""
    count_failure(AuditAction.TWO_FACTOR_FAILED, user.email, user)
    context["form"].code.errors.append(message)
    return render_template(template, **context), 400


def second_factor(form, template: str, accept: Callable[[User, str], bool], refusal: str):
    """Check a code typed at the two-factor step (accept says if it is good); sign in if it is."""
    user = at_step(VERIFY)
    if user is None:
        return redirect(step_url(pending_step()))
    if not form.validate_on_submit():
        return render_template(template, form=form), 400 if form.errors else 200
    wait = throttle.wait_needed(user.email)
    if wait is not None:
        session.pop(PENDING, None)
        return wait_page(SignInForm(formdata=None), wait)
    if not accept(user, form.code.data):
        return code_refused(user, template, refusal, form=form)
    db.session.commit()  # the code is spent (its time step, or the recovery code) before anything else
    throttle.forget_failures(user.email)
    return redirect(second_factor_passed(user))


@blueprint.route("/two-factor", methods=["GET", "POST"])
@address_limit()
@signing_in
def two_factor():
    """Ask for the code from the authenticator app."""
    return second_factor(
        CodeForm(), "workspace/auth/two_factor.html", tf.verify_code,
        _("The code is not right. Enter the code your app shows now"),
    )


def spend_recovery_code(user: User, code: str) -> bool:
    """Spend a recovery code and record how many are left; say whether it was good."""
    if not tf.use_recovery_code(user, code):
        return False
    left = tf.unused_recovery_codes(user)
    record(AuditAction.RECOVERY_CODE_USED, actor=user, detail=f"{left} recovery codes left")
    return True


@blueprint.route("/two-factor/recovery-code", methods=["GET", "POST"])
@address_limit()
@signing_in
def recovery_code():
    """Accept a single-use recovery code instead of an app's code."""
    return second_factor(
        RecoveryCodeForm(), "workspace/auth/recovery_code.html", spend_recovery_code,
        _("That recovery code is not right, or it has been used"),
    )


@blueprint.route("/two-factor/set-up", methods=["GET", "POST"])
@address_limit()
@signing_in
def set_up_two_factor():
    """Enrol an authenticator app with a QR code, then show the recovery codes once."""
    user = at_step(ENROL)
    if user is None:
        return redirect(step_url(pending_step()))
    state = session[PENDING]
    if "secret" not in state:
        state = session[PENDING] = {**state, "secret": tf.new_secret()}
    secret = state["secret"]
    form = CodeForm()
    context = {
        "form": form,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "qr_code": tf.qr_code_svg(tf.provisioning_uri(user, secret), _("QR code to set up your app")),
    }
    template = "workspace/auth/set_up_two_factor.html"
    if not form.validate_on_submit():
        return render_template(template, **context), 400 if form.errors else 200
    step = tf.accepted_step(secret, form.code.data, None)
    if step is None:
        return code_refused(
            user, template, _("The code is not right. Enter the code your app shows now"), **context
        )
    user.totp_secret, user.totp_last_step = secret, step
    codes = tf.new_recovery_codes(user)
    record(AuditAction.TWO_FACTOR_ENROLLED, actor=user)
    db.session.commit()
    throttle.forget_failures(user.email)
    return render_template(
        "workspace/auth/recovery_codes.html", codes=codes, next_url=second_factor_passed(user)
    )


@blueprint.route("/choose-password", methods=["GET", "POST"])
@signing_in
def choose_password():
    """Replace a one-time password given by an admin."""
    user = at_step(CHOOSE_PASSWORD)
    if user is None:
        return redirect(step_url(pending_step()))
    form = NewPasswordForm(email=user.email)
    if form.validate_on_submit():
        if matches(user.password_hash, form.password.data):
            form.password.errors.append(_("Choose a password that is different from the one you were given"))
        else:
            user.password_hash = hash_secret(form.password.data)
            user.must_change_password = False
            record(AuditAction.PASSWORD_CHANGED, actor=user)
            return redirect(complete_sign_in(user))
    return render_template("workspace/auth/choose_password.html", form=form), 400 if form.errors else 200


@blueprint.post("/sign-out")
@signed_in
def sign_out_now():
    """Sign out (every session of this user)."""
    sign_out(current_user.user, reason="signed_out")
    return redirect(url_for("auth.sign_in"))


@blueprint.get("/account")
@signed_in
def account():
    """Show the user's own details, roles, and what they can change."""
    return render_template(
        "workspace/auth/account.html",
        csrf_form=ActionForm(),
        unused_codes=tf.unused_recovery_codes(current_user.user),
    )


@blueprint.route("/account/password", methods=["GET", "POST"])
@signed_in
def change_password():
    """Change one's own password (which signs out every other session)."""
    user = current_user.user
    form = ChangePasswordForm(email=user.email)
    if form.validate_on_submit():
        if not matches(user.password_hash, form.current.data):
            form.current.errors.append(_("Your current password is not right"))
        else:
            user.password_hash = hash_secret(form.password.data)
            record(AuditAction.PASSWORD_CHANGED)
            end_every_session(user)
            db.session.commit()
            signed_in_at = session.get("signed_in_at")
            login_user(SignedInUser(user))  # this session carries the new token; others end
            session["signed_in_at"] = signed_in_at
            return render_template("workspace/auth/password_changed.html")
    return render_template("workspace/auth/change_password.html", form=form), 400 if form.errors else 200


@blueprint.post("/account/recovery-codes")
@signed_in
def replace_recovery_codes():
    """Replace the recovery codes with new ones, shown once."""
    user = current_user.user
    codes = tf.new_recovery_codes(user)
    record(AuditAction.RECOVERY_CODES_REPLACED)
    db.session.commit()
    return render_template(
        "workspace/auth/recovery_codes.html", codes=codes, next_url=url_for("auth.account")
    )

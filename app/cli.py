"""flask commands: create-admin, sync and rotate-encryption-key."""

import click
import sqlalchemy as sa

from app import audit
from app.extensions import db
from app.models import AuditEntry, Company, User
from app.rotation import rotate_encryption_key
from app.settings.forms import email_error, password_error


def init_app(app):
    app.cli.add_command(create_admin)
    app.cli.add_command(sync)
    app.cli.add_command(rotate_encryption_key)


@click.command("create-admin")
@click.argument("email")
@click.option("--company", "company_name", help="Company name; created if new.")
@click.password_option()
def create_admin(email, company_name, password):
    """Create an admin user (and the company on a fresh install)."""
    email = User.normalise_email(email)
    # The same rules as Settings > Users > Add user.
    if problem := email_error(email):
        raise click.ClickException(problem)
    if problem := password_error(password):
        raise click.ClickException(f"Password: {problem}")
    if db.session.scalar(sa.select(User).where(User.email == email)):
        raise click.ClickException(f"A user with email {email} already exists.")
    company = None
    if company_name:
        company = db.session.scalar(
            sa.select(Company).where(Company.name == company_name)
        )
        company = company or Company(name=company_name)
    else:
        companies = db.session.scalars(sa.select(Company)).all()
        if len(companies) != 1:
            raise click.ClickException("Say which company with --company NAME.")
        company = companies[0]
    user = User(company=company, email=email, role=User.ADMIN)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record(
        AuditEntry.USER_ADDED,
        f"{email} added as admin from the command line",
        company_id=company.id,
        details={"user": email, "role": User.ADMIN},
    )
    db.session.commit()
    click.echo(f"Admin {email} created for {company.name}.")


@click.command("sync")
@click.option("--company", "company_id", type=int, help="Only this company (id).")
@click.option("--wait", is_flag=True, help="Run here and now instead of queueing.")
@click.option("--due", "only_due", is_flag=True, help="Only companies whose "
              "automatic sync is due (for cron).")  # fmt: skip
def sync(company_id, wait, only_due):
    """Sync every connected company with its accounts package (for cron)."""
    from app.models import AccountsConnection
    from app.sync import engine, runs, schedule
    from app.sync.kinds import switched_on
    from app.sync.options import options_for

    if only_due:
        targets = [(c, p, o) for c, p, o in schedule.due()]
    else:
        query = sa.select(AccountsConnection).where(
            AccountsConnection.status == AccountsConnection.CONNECTED
        )
        if company_id:
            query = query.where(AccountsConnection.company_id == company_id)
        targets = [
            (row.company_id, row.provider, options_for(row.company_id))
            for row in db.session.scalars(query).all()
        ]
    if not targets:
        click.echo("Nothing to sync: no connected company matched.")
        return
    failed = False
    for target_company, provider, options in targets:
        run, created = runs.start(
            target_company,
            provider,
            switched_on(options),
            trigger="command",
            enqueue=not wait,
        )
        if not created:
            click.echo(f"Company {target_company}: run {run.id} is already active.")
            continue
        if wait:
            engine.run_sync(run.id)
            db.session.refresh(run)
            failed = failed or run.status == run.FAILED
            click.echo(f"Company {target_company}: run {run.id} {run.status_label}.")
        else:
            click.echo(f"Company {target_company}: run {run.id} queued.")
    if failed:
        raise SystemExit(1)

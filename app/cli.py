"""flask commands: seed-demo and create-admin."""

import click
import sqlalchemy as sa

from app.extensions import db
from app.models import Company, User


def init_app(app):
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_admin)


@click.command("seed-demo")
def seed_demo():
    """Load the demo company and its data; does nothing if it is already there."""
    from app.demo import seed

    created = seed()
    click.echo("Demo data loaded." if created else "Demo data already present.")


@click.command("create-admin")
@click.argument("email")
@click.option("--company", "company_name", help="Company name; created if new.")
@click.password_option()
def create_admin(email, company_name, password):
    """Create an admin user (and the company on a fresh install)."""
    email = User.normalise_email(email)
    if db.session.scalar(sa.select(User).where(User.email == email)):
        raise click.ClickException(f"A user with email {email} already exists.")
    if len(password) < 8:
        raise click.ClickException("Use a password of at least 8 characters.")
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
    db.session.commit()
    click.echo(f"Admin {email} created for {company.name}.")

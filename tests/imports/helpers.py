"""Uploading, previewing and confirming imports as a browser would."""

import html
import io
import re

import sqlalchemy as sa

from app.extensions import db

URL = "/reports/imports/"


def csv_text(rows, delimiter=","):
    """Rows of cells as CSV text; cells are quoted when they need it."""
    import csv

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def upload(client, kind, data, name="import.csv"):
    """POST the file as multipart form data, as the upload form does."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return client.post(
        URL,
        data={"kind": kind, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def upload_id(response):
    """The id of the upload a successful POST redirected to."""
    assert response.status_code == 302, response.get_data(as_text=True)
    match = re.search(r"/reports/imports/(\d+)$", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def preview(client, upload):
    response = client.get(f"{URL}{upload}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def seen(page):
    """The fingerprint the preview's confirm form posts; "" when there is no form."""
    match = re.search(r'name="fingerprint" value="([^"]*)"', page)
    return match.group(1) if match else ""


def valid_count(page):
    return int(re.search(r'data-rows-valid="(\d+)"', page).group(1))


def confirm(client, upload, fingerprint=None):
    """Confirm as the preview's button would: with the fingerprint it shows."""
    if fingerprint is None:
        fingerprint = seen(preview(client, upload))
    return client.post(f"{URL}{upload}/confirm", data={"fingerprint": fingerprint})


def upload_and_confirm(client, kind, data):
    response = confirm(client, upload_id(upload(client, kind, data)))
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def errors(page):
    """{(row, column): message} from the preview's problem table."""
    found = re.findall(
        r'<tr data-row="(\d+)"><td class="num">\d+</td><td>(.*?)</td><td>(.*?)</td>',
        page,
    )
    return {
        (int(row), html.unescape(column)): html.unescape(message)
        for row, column, message in found
    }


def count(model, company=None):
    query = sa.select(sa.func.count()).select_from(model)
    if company is not None:
        query = query.where(model.company_id == company.id)
    return db.session.scalar(query)

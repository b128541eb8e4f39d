"""The emulator's two blueprints: identity (OAuth, connections, admin) and the API."""

from flask import Blueprint

identity = Blueprint("xero", __name__, url_prefix="/xero")
api = Blueprint("xero_api", __name__, url_prefix="/xero/api.xro/2.0")

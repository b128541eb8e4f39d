"""Request bodies as the real services take them: junk is a 400, never a 500."""

from flask.json.provider import DefaultJSONProvider


class JunkRefusingJSON(DefaultJSONProvider):
    """Werkzeug turns a ValueError from loads into a 400 (or None when silent);
    JSON nested thousands deep raises RecursionError instead, so say it is bad."""

    def loads(self, s, **kwargs):
        # 1e400 is a float overflow to the real services' parsers, not infinity.
        kwargs.setdefault("parse_float", finite_float)
        kwargs.setdefault("parse_constant", refuse_constant)
        try:
            return super().loads(s, **kwargs)
        except RecursionError as error:
            raise ValueError("JSON nested too deeply") from error


def finite_float(text):
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"number out of range: {text[:40]}")
    return value


def refuse_constant(name):
    raise ValueError(f"{name} is not JSON")


def json_object():
    """The body as a JSON object ({} when empty); anything else is a 400."""
    from flask import abort, jsonify, make_response, request

    data = request.get_json(silent=True)
    if data is None and not request.get_data():
        return {}
    if not isinstance(data, dict):
        abort(make_response(jsonify(error="the body must be a JSON object"), 400))
    return data

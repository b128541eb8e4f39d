"""The sandbox shell: home page, fault settings, request log, mounting."""


def test_home_page_lists_emulators(sandbox_url, http):
    response = http.get(sandbox_url + "/")
    assert response.status_code == 200
    assert "Accounts package sandboxes" in response.text


def test_faults_are_off_by_default_then_set_and_cleared(sandbox_url, http):
    url = sandbox_url + "/_admin/faults/xero/tenant-1"
    assert http.get(url).json()["error_rate"] == 0
    response = http.put(url, json={"error_rate": 0.5, "throttle_burst": 3})
    assert response.json()["error_rate"] == 0.5
    assert response.json()["throttle_burst"] == 3
    assert http.put(url, json={"nonsense": 1}).status_code == 400
    assert http.put(url, json={"latency_ms": "slow"}).status_code == 400
    assert http.delete(url).status_code == 204
    assert http.get(url).json()["throttle_burst"] == 0
    assert http.get(sandbox_url + "/_admin/faults/sage/x").status_code == 404


def test_request_log_starts_empty(sandbox_url, http):
    assert http.get(sandbox_url + "/_admin/requests").json() == []


def test_the_demo_mounts_the_sandbox_under_the_app(make_app, monkeypatch, tmp_path):
    from sandbox import mount

    monkeypatch.setenv("SANDBOX_DATABASE_URL", f"sqlite:///{tmp_path / 'sandbox.db'}")
    app = make_app()
    assert app.test_client().get("/sandbox/").status_code == 404  # not by itself
    mount(app)
    response = app.test_client().get("/sandbox/")
    assert response.status_code == 200
    assert b"Accounts package sandboxes" in response.data
    sandbox = app.extensions["sandbox"]
    with sandbox.app_context():
        from sandbox.storage import sandbox_db

        sandbox_db.engine.dispose()

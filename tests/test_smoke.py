from tests import factories


def test_invoice_list_for_signed_in_user(client, auth, company):
    factories.make_invoice(company)
    auth.login()
    response = client.get("/invoices/")
    assert response.status_code == 200
    assert b"INV-00001" in response.data

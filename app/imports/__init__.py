"""CSV imports of contacts, purchase invoices and codes, previewed before saving."""

"""Credit notes: money given back to a customer, usually against an invoice."""

"""Help pages for office staff."""

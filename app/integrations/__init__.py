"""Settings > Accounts Integration: connecting a company to Xero or QuickBooks."""

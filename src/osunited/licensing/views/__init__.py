"""The licensing pages, one module per area, each listing its URL patterns."""

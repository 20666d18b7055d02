"""The catalog's views, one module per area; `catalog.urls` joins their patterns."""

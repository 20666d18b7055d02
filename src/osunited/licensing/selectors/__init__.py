"""Every read of the licensing app, one module per area; callers import from the module."""

"""Every write of the licensing app, one module per area (packages, reviews, notes, survey,
office hours, chooser); callers import from the module."""

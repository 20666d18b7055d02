"""Capacity building (CPF 4.5) and the OSEE framework: the learning catalogue and paths, events
with registration and attendance, certificates and Open Badges, Train the Trainer, mentorship,
recommendations from an entity's assessment gaps, and the OSPO strategy tools."""

"""The platform's form renderer: a URL, an e-mail address or a slug typed into a right-to-left
page reads left to right (issue #21), in the platform's forms and allauth's alike."""

import re

from django import forms
from django.test import Client


class Contact(forms.Form):
    name = forms.CharField()
    website = forms.URLField(assume_scheme="https")
    email = forms.EmailField()
    typed = forms.CharField(widget=forms.TextInput({"type": "email"}))
    chosen = forms.URLField(assume_scheme="https", widget=forms.URLInput({"dir": "auto"}))
    slug = forms.SlugField()


def test_urls_email_addresses_and_slugs_read_left_to_right() -> None:
    form = Contact()

    assert 'dir="ltr"' in str(form["website"])
    assert 'dir="ltr"' in str(form["email"])
    assert 'dir="ltr"' in str(form["typed"])
    assert 'dir="ltr"' in str(form["slug"])
    assert "dir=" not in str(form["name"])
    assert 'dir="auto"' in str(form["chosen"])
    assert 'dir="ltr"' not in str(form["chosen"])


def test_allauths_sign_in_form_reads_the_address_left_to_right(db: None) -> None:
    page = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert '<html lang="ar" dir="rtl">' in page
    login = re.search(r'<input[^>]*name="login"[^>]*>', page)
    assert login is not None
    assert 'dir="ltr"' in login.group()

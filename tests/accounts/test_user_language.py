"""A signed-in user's language choice follows them to every device and to their e-mails."""

from django.utils import translation

from osunited.accounts.services import in_language_of


def test_choosing_a_language_remembers_it_for_the_user(client, cast):
    client.force_login(cast.carol)
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert response.status_code == 302
    cast.carol.refresh_from_db()
    assert cast.carol.language == "fr"


def test_an_unknown_language_is_not_remembered(client, cast):
    client.force_login(cast.carol)
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    cast.carol.refresh_from_db()
    assert cast.carol.language == ""


def test_a_new_device_shows_the_users_language(client, cast):
    cast.carol.language = "ar"
    cast.carol.save()
    client.force_login(cast.carol)  # a browser with no language cookie
    response = client.get("/")
    assert response["Content-Language"] == "ar"
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_the_language_chosen_on_this_browser_wins_over_the_saved_one(client, cast):
    cast.carol.language = "ar"
    cast.carol.save()
    client.force_login(cast.carol)
    client.cookies["django_language"] = "es"
    response = client.get("/")
    assert response["Content-Language"] == "es"


def test_what_is_sent_to_a_user_is_in_their_language(cast):
    cast.carol.language = "fr"
    with in_language_of(cast.carol):
        assert translation.get_language() == "fr"
    with in_language_of(None):
        assert translation.get_language() == "en"

"""Data texts in the six UN languages: per-language sidecar files beside each data file, a
fallback chain (exact language, language, English) and whether a UN translator reviewed each
text. Pure Python; knows nothing of Django. The engines take a `language` and give `Text`s.

    >>> from osunited.texts import fallback_chain
    >>> fallback_chain("zh-hans")
    ('zh-hans', 'zh', 'en')

See docs/translations.md for the files, the commands and the review."""

from osunited.texts._data import DataTexts, Translate, recorded_texts
from osunited.texts._exchange import (
    CHUNK_SIZE,
    ExchangeError,
    ImportReport,
    export_untranslated,
    import_translations,
)
from osunited.texts._sidecar import (
    Entry,
    Problem,
    Sidecar,
    forget_sidecars,
    read_sidecar,
    sidecar_generation,
)
from osunited.texts._text import (
    ENGLISH,
    OTHER_UN_LANGUAGES,
    Text,
    fallback_chain,
    is_english,
    language_code,
    text_direction,
)

__all__ = [
    "CHUNK_SIZE",
    "ENGLISH",
    "OTHER_UN_LANGUAGES",
    "DataTexts",
    "Entry",
    "ExchangeError",
    "ImportReport",
    "Problem",
    "Sidecar",
    "Text",
    "Translate",
    "export_untranslated",
    "fallback_chain",
    "forget_sidecars",
    "import_translations",
    "is_english",
    "language_code",
    "read_sidecar",
    "recorded_texts",
    "sidecar_generation",
    "text_direction",
]

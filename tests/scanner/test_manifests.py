"""Licenses declared in package manifests, read without running anything."""

from pathlib import Path

import pytest

from osunited.scanner.licenses._manifests import (
    MANIFEST_NAMES,
    MANIFEST_SUFFIXES,
    DeclaredLicense,
    declared_licenses,
    is_manifest,
    normalise_license,
)


def declared(path: str, text: str) -> list[tuple[str, str | None]]:
    return [(found.raw, found.spdx) for found in declared_licenses(path, text.encode())]


def only(path: str, text: str) -> DeclaredLicense:
    [found] = declared_licenses(path, text.encode())
    return found


# --- npm and its JSON kin ---------------------------------------------------------------------

PACKAGE_JSON = """{
  "name": "left-pad",
  "version": "1.3.0",
  "description": "String left pad",
  "license": "MIT OR Apache-2.0",
  "dependencies": {}
}
"""


def test_it_reads_the_license_of_a_package_json_with_its_line() -> None:
    assert declared_licenses("web/package.json", PACKAGE_JSON.encode()) == [
        DeclaredLicense(
            path="web/package.json",
            line=5,
            ecosystem="npm",
            raw="MIT OR Apache-2.0",
            spdx="MIT OR Apache-2.0",
        )
    ]


def test_it_reads_the_legacy_license_object_and_licenses_array_of_npm() -> None:
    text = """{
      "name": "old",
      "license": {"type": "ISC", "url": "https://opensource.org/licenses/ISC"},
      "licenses": [
        {"type": "MIT", "url": "https://example.org/mit"},
        {"type": "Apache 2.0", "url": "https://example.org/apache"}
      ]
    }"""
    assert declared("package.json", text) == [
        ("ISC", "ISC"),
        ("MIT", "MIT"),
        ("Apache 2.0", "Apache-2.0"),
    ]


@pytest.mark.parametrize("value", ["UNLICENSED", "SEE LICENSE IN LICENSE.md"])
def test_it_keeps_an_npm_license_that_is_no_spdx_expression_as_raw(value: str) -> None:
    assert declared("package.json", f'{{"license": "{value}"}}') == [(value, None)]


def test_it_reads_every_license_of_a_composer_array() -> None:
    text = '{"name": "acme/lib", "license": ["LGPL-2.1-only", "GPL-3.0-or-later"]}'
    found = declared_licenses("composer.json", text.encode())
    assert [(f.ecosystem, f.raw, f.spdx) for f in found] == [
        ("composer", "LGPL-2.1-only", "LGPL-2.1-only"),
        ("composer", "GPL-3.0-or-later", "GPL-3.0-or-later"),
    ]


@pytest.mark.parametrize(
    ("name", "ecosystem"),
    [("bower.json", "bower"), ("elm.json", "elm"), ("vcpkg.json", "vcpkg")],
)
def test_it_reads_the_license_of_other_json_manifests(name: str, ecosystem: str) -> None:
    found = only(name, '{"name": "x", "license": "BSD-3-Clause"}')
    assert (found.ecosystem, found.spdx) == (ecosystem, "BSD-3-Clause")


@pytest.mark.parametrize(
    "text",
    [
        '{"name": "x", "license": ',  # broken
        '{"license": 42}',
        '{"license": null, "licenses": {"url": "https://example.org"}}',
        '{"license": {"type": 5}, "licenses": [1, null, {"type": ["MIT"]}, [["MIT"]]]}',
        '["license", "MIT"]',
        '"MIT"',
        "[" * 100_000 + "]" * 100_000,  # deeper than the JSON parser recurses
        "",
    ],
)
def test_a_malformed_package_json_declares_nothing(text: str) -> None:
    assert declared("package.json", text) == []


# --- Python -----------------------------------------------------------------------------------


def test_it_reads_a_pep_639_license_expression_and_license_files() -> None:
    text = """[project]
name = "osunited"
license = "Apache-2.0"
license-files = ["LICENSE", "licenses/*.txt"]
"""
    assert [
        (f.raw, f.spdx, f.line) for f in declared_licenses("pyproject.toml", text.encode())
    ] == [
        ("Apache-2.0", "Apache-2.0", 3),
        ("file:LICENSE", None, 4),
        ("file:licenses/*.txt", None, 4),
    ]


def test_it_reads_pep_621_license_tables_and_classifiers() -> None:
    text = """[project]
name = "legacy"
license = {text = "BSD 3-Clause"}
classifiers = [
    "Programming Language :: Python :: 3",
    "License :: OSI Approved",
    "License :: OSI Approved :: BSD License",
]
"""
    assert declared("pyproject.toml", text) == [
        ("BSD 3-Clause", "BSD-3-Clause"),
        ("License :: OSI Approved :: BSD License", None),
    ]


def test_a_pep_621_license_file_is_a_file_reference_without_spdx() -> None:
    found = only("pyproject.toml", '[project]\nname = "x"\nlicense = {file = "LICENSE.txt"}\n')
    assert (found.raw, found.spdx, found.points_to_file, found.line) == (
        "file:LICENSE.txt",
        None,
        True,
        3,
    )


def test_it_reads_the_poetry_license() -> None:
    text = """[tool.black]
line-length = 100

[tool.poetry]
name = "thing"
license = "GPL-2.0+"
"""
    found = only("pyproject.toml", text)
    assert (found.raw, found.spdx, found.line) == ("GPL-2.0+", "GPL-2.0-or-later", 6)


@pytest.mark.parametrize(
    "text",
    [
        '[project\nlicense = "MIT"',  # broken
        "[project]\nlicense = 42\n",
        '[project]\nlicense = {file = 3, text = ["MIT"]}\nlicense-files = "LICENSE"\n',
        'project = "MIT"\ntool = 3\n',
    ],
)
def test_a_malformed_pyproject_declares_nothing_or_only_what_is_well_typed(text: str) -> None:
    assert declared("pyproject.toml", text) in ([], [("file:LICENSE", None)])


def test_it_reads_setup_cfg_metadata() -> None:
    text = """[metadata]
name = thing
license = MIT
license_files = LICENSE, NOTICE
classifiers =
    Development Status :: 5 - Production/Stable
    License :: OSI Approved :: MIT License

[options]
packages = find:
"""
    found = declared_licenses("pkg/setup.cfg", text.encode())
    assert [(f.raw, f.spdx, f.line) for f in found] == [
        ("MIT", "MIT", 3),
        ("file:LICENSE", None, 4),
        ("file:NOTICE", None, 4),
        ("License :: OSI Approved :: MIT License", "MIT", 7),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "license = MIT\n",  # no section header
        "[options]\nlicense = MIT\n",
        "[metadata]\nlicense = UNKNOWN\n",
        "[metadata]\nname = a\n[metadata]\nname = b\n  bad indent\n\x00",
    ],
)
def test_a_setup_cfg_without_a_declared_license_declares_nothing(text: str) -> None:
    assert declared("setup.cfg", text) == []


def test_setup_py_is_parsed_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"""import shutil
from setuptools import setup

open({str(marker)!r}, "w").write("setup.py was executed")
shutil.rmtree({str(tmp_path)!r})
raise SystemExit("setup.py was executed")

LICENSE = "Apache License 2.0"

setup(
    name="harmful",
    license=LICENSE,
    classifiers=[
        "License :: OSI Approved :: Apache Software License",
        "Operating System :: OS Independent",
    ],
)
"""
    found = declared_licenses("setup.py", text.encode())
    assert [(f.raw, f.spdx, f.line) for f in found] == [
        ("Apache License 2.0", "Apache-2.0", 8),
        ("License :: OSI Approved :: Apache Software License", None, 14),
    ]
    assert not marker.exists()
    assert tmp_path.exists()


def test_it_reads_a_license_expression_from_setuptools_setup() -> None:
    text = (
        'import setuptools\nsetuptools.setup(license_expression="MIT", license_files=["COPYING"])\n'
    )
    assert declared("setup.py", text) == [("MIT", "MIT"), ("file:COPYING", None)]


def test_it_reads_a_python_2_setup_py_as_text() -> None:
    text = """print "installing"
setup(name='old', license='GPLv2+',
      classifiers=['License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)'])
"""
    found = declared_licenses("setup.py", text.encode())
    assert [(f.raw, f.spdx, f.line) for f in found] == [
        ("GPLv2+", "GPL-2.0-or-later", 2),
        (
            "License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)",
            "GPL-2.0-or-later",
            3,
        ),
    ]


@pytest.mark.parametrize(
    "text",
    ["-" * 200_000 + "1", "not " * 200_000 + "x", "lambda: " * 200_000 + "1", "(" * 100_000],
)
def test_a_setup_py_too_deep_for_the_parser_is_read_as_text(text: str) -> None:
    assert declared("setup.py", text + '\nsetup(license="MIT")\n') == [("MIT", "MIT")]
    assert declared("conanfile.py", text) == []


def test_a_setup_py_with_a_computed_or_unknown_license_declares_nothing() -> None:
    text = 'setup(license=read("LICENSE"), classifiers=CLASSIFIERS)\nsetup(license="UNKNOWN")\n'
    assert declared("setup.py", text) == []


CORE_METADATA = """Metadata-Version: 2.4
Name: sample
Version: 1.0
License-Expression: MIT AND (Apache-2.0 OR BSD-2-Clause)
License-File: LICENSE
Classifier: Programming Language :: Python
Classifier: License :: OSI Approved :: MIT License

License: this body line is the description, not a header
"""


@pytest.mark.parametrize("name", ["PKG-INFO", "sample-1.0.dist-info/METADATA"])
def test_it_reads_python_core_metadata(name: str) -> None:
    found = declared_licenses(name, CORE_METADATA.encode())
    assert [(f.raw, f.spdx, f.line) for f in found] == [
        ("MIT AND (Apache-2.0 OR BSD-2-Clause)", "MIT AND (Apache-2.0 OR BSD-2-Clause)", 4),
        ("file:LICENSE", None, 5),
        ("License :: OSI Approved :: MIT License", "MIT", 7),
    ]


def test_it_reads_the_legacy_license_field_of_core_metadata() -> None:
    text = "Metadata-Version: 1.1\nName: old\nLicense: GNU GPLv3\nLicense: UNKNOWN\n"
    assert declared("PKG-INFO", text) == [("GNU GPLv3", "GPL-3.0-only")]


def test_a_metadata_file_that_is_not_python_core_metadata_declares_nothing() -> None:
    text = 'name: "zlib"\nLicense: MIT\nthird_party {\n  license_type: NOTICE\n}\n'
    assert declared("third_party/zlib/METADATA", text) == []


def test_it_reads_the_license_of_a_conanfile_without_running_it(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"""from conan import ConanFile
open({str(marker)!r}, "w")

class ZlibConan(ConanFile):
    name = "zlib"
    license = ("Zlib", "MIT")
"""
    found = declared_licenses("conanfile.py", text.encode())
    assert [(f.ecosystem, f.raw, f.spdx, f.line) for f in found] == [
        ("conan", "Zlib", "Zlib", 6),
        ("conan", "MIT", "MIT", 6),
    ]
    assert not marker.exists()


# --- Cargo -------------------------------------------------------------------------------------


def test_it_reads_cargo_package_license_and_license_file() -> None:
    text = """[package]
name = "serde"
version = "1.0.0"
license = "MIT OR Apache-2.0"
license-file = "LICENSE-CUSTOM"

[dependencies]
"""
    found = declared_licenses("crates/serde/Cargo.toml", text.encode())
    assert [(f.ecosystem, f.raw, f.spdx, f.line) for f in found] == [
        ("cargo", "MIT OR Apache-2.0", "MIT OR Apache-2.0", 4),
        ("cargo", "file:LICENSE-CUSTOM", None, 5),
    ]


def test_it_reads_cargo_s_legacy_slash_form_as_a_choice() -> None:
    assert declared("Cargo.toml", '[package]\nlicense = "MIT/Apache-2.0"\n') == [
        ("MIT/Apache-2.0", "MIT OR Apache-2.0")
    ]


def test_it_reads_the_workspace_license_but_not_an_inherited_one() -> None:
    text = '[workspace.package]\nlicense = "Apache-2.0"\n\n[package]\nlicense.workspace = true\n'
    assert declared("Cargo.toml", text) == [("Apache-2.0", "Apache-2.0")]


# --- Maven -------------------------------------------------------------------------------------

POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.example</groupId>
  <artifactId>demo</artifactId>
  <licenses>
    <license>
      <name>The Apache Software License, Version 2.0</name>
      <url>https://www.apache.org/licenses/LICENSE-2.0.txt</url>
    </license>
    <license>
      <url>https://opensource.org/licenses/MIT</url>
    </license>
  </licenses>
  <dependencies>
    <dependency><licenses><license><name>GPL</name></license></licenses></dependency>
  </dependencies>
</project>
"""


def test_it_reads_the_licenses_of_a_maven_pom_by_name_or_url() -> None:
    found = declared_licenses("pom.xml", POM.encode())
    assert [(f.ecosystem, f.raw, f.spdx, f.line) for f in found] == [
        ("maven", "The Apache Software License, Version 2.0", "Apache-2.0", 9),
        ("maven", "https://opensource.org/licenses/MIT", "MIT", 13),
    ]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<project><licenses><license><name>&lol9;</name></license></licenses></project>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<project><licenses><license><name>&secret;</name></license></licenses></project>
"""


@pytest.mark.parametrize("name", ["pom.xml", "App.csproj", "App.nuspec"])
@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_hostile_xml_declares_nothing(name: str, text: str) -> None:
    assert declared(name, text) == []


@pytest.mark.parametrize(
    "text",
    ["<project><licenses><license><name>MIT</name>", "", "not xml", "<a>\x00</a>"],
)
def test_a_broken_pom_declares_nothing(text: str) -> None:
    assert declared("pom.xml", text) == []


# --- NuGet -------------------------------------------------------------------------------------


def test_it_reads_the_package_license_expression_of_a_csproj() -> None:
    text = """<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <PackageLicenseExpression>Apache-2.0 OR MIT</PackageLicenseExpression>
  </PropertyGroup>
</Project>
"""
    found = only("src/App/App.csproj", text)
    assert (found.ecosystem, found.raw, found.spdx, found.line) == (
        "nuget",
        "Apache-2.0 OR MIT",
        "Apache-2.0 OR MIT",
        4,
    )


def test_it_reads_license_expressions_files_and_urls_of_a_nuspec() -> None:
    text = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata>
    <id>Acme</id>
    <license type="expression">MIT</license>
    <license type="file">docs/LICENSE.txt</license>
    <licenseUrl>https://licenses.nuget.org/BSD-2-Clause</licenseUrl>
  </metadata>
</package>
"""
    assert declared("Acme.nuspec", text) == [
        ("MIT", "MIT"),
        ("file:docs/LICENSE.txt", None),
        ("https://licenses.nuget.org/BSD-2-Clause", "BSD-2-Clause"),
    ]


def test_it_reads_directory_build_props() -> None:
    text = (
        "<Project><PropertyGroup><PackageLicenseFile>LICENSE</PackageLicenseFile>"
        "</PropertyGroup></Project>"
    )
    assert declared("Directory.Build.props", text) == [("file:LICENSE", None)]


# --- Ruby, Elixir, R, Haskell, Perl, publiccode -------------------------------------------------


def test_it_reads_a_gemspec_as_text() -> None:
    text = """Gem::Specification.new do |spec|
  spec.name = "rails"
  spec.license = "MIT"
  spec.licenses = %w[Ruby BSD-2-Clause]
  system("rm -rf /")
end
"""
    found = declared_licenses("rails.gemspec", text.encode())
    assert [(f.ecosystem, f.raw, f.spdx, f.line) for f in found] == [
        ("rubygems", "MIT", "MIT", 3),
        ("rubygems", "Ruby", "Ruby", 4),
        ("rubygems", "BSD-2-Clause", "BSD-2-Clause", 4),
    ]


def test_it_reads_a_quoted_gemspec_licenses_array() -> None:
    assert declared("x.gemspec", "s.licenses = ['Apache 2', \"GPL-2.0\"]") == [
        ("Apache 2", "Apache-2.0"),
        ("GPL-2.0", "GPL-2.0-only"),
    ]


def test_it_reads_the_licenses_of_a_mix_exs() -> None:
    text = """defmodule Plug.MixProject do
  defp package do
    [
      licenses: ["Apache-2.0"],
      links: %{"GitHub" => "https://github.com/elixir-plug/plug"}
    ]
  end
end
"""
    found = only("mix.exs", text)
    assert (found.ecosystem, found.spdx, found.line) == ("hex", "Apache-2.0", 4)


@pytest.mark.parametrize(
    ("license", "spdx"),
    [
        ("GPL (>= 2)", "GPL-2.0-or-later"),
        ("MIT + file LICENSE", "MIT"),
        ("GPL-2 | GPL-3", "GPL-2.0-only OR GPL-3.0-only"),
        ("LGPL (>= 2.1)", "LGPL-2.1-or-later"),
        ("BSD_3_clause + file LICENSE", "BSD-3-Clause"),
        ("Apache License (== 2.0)", "Apache-2.0"),
        ("file LICENSE", None),
    ],
)
def test_it_reads_the_license_field_of_an_r_description(license: str, spdx: str | None) -> None:
    text = f"Package: ggplot2\nVersion: 3.5.0\nLicense: {license}\nEncoding: UTF-8\n"
    found = only("DESCRIPTION", text)
    assert (found.ecosystem, found.raw, found.spdx, found.line) == ("r", license, spdx, 3)


def test_it_joins_a_continued_r_license_field() -> None:
    text = "Package: x\nLicense: GPL-2 |\n    GPL-3\n"
    assert declared("DESCRIPTION", text) == [("GPL-2 | GPL-3", "GPL-2.0-only OR GPL-3.0-only")]


def test_a_description_file_that_is_no_r_package_declares_nothing() -> None:
    assert declared(".git/description", "Unnamed repository; License: MIT\n") == []


def test_it_reads_the_license_of_a_cabal_file() -> None:
    text = """cabal-version: 1.12
name:           aeson
license:        BSD3
license-file:   LICENSE

library
  exposed-modules: Data.Aeson
"""
    found = declared_licenses("aeson.cabal", text.encode())
    assert [(f.ecosystem, f.raw, f.spdx, f.line) for f in found] == [
        ("hackage", "BSD3", "BSD-3-Clause", 3),
        ("hackage", "file:LICENSE", None, 4),
    ]


def test_it_reads_the_legal_license_of_publiccode_yml() -> None:
    text = """publiccodeYmlVersion: "0.4"
name: Medusa
legal:
  license: AGPL-3.0-or-later
  mainCopyrightOwner: City of Roma
"""
    found = only("publiccode.yml", text)
    assert (found.ecosystem, found.spdx, found.line) == ("publiccode", "AGPL-3.0-or-later", 4)


def test_a_publiccode_yml_with_python_tags_is_not_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"legal:\n  license: !!python/object/apply:os.system ['touch {marker}']\n"
    assert declared("publiccode.yml", text) == []
    assert not marker.exists()


def test_a_yaml_alias_bomb_declares_nothing() -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    assert declared("publiccode.yml", "\n".join(levels) + "\nlegal: *a9\n") == []


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("META.json", '{"meta-spec": {"version": 2}, "license": ["perl_5"]}'),
        ("META.yml", "meta-spec:\n  version: 1.4\nlicense: perl\n"),
    ],
)
def test_it_reads_the_license_of_cpan_meta_files(name: str, text: str) -> None:
    found = only(name, text)
    assert (found.ecosystem, found.spdx) == ("cpan", "Artistic-1.0-Perl OR GPL-1.0-or-later")


def test_a_meta_json_that_is_not_cpan_metadata_declares_nothing() -> None:
    assert declared("site/meta.json", '{"title": "x", "license": "MIT"}') == []


# --- SPDX normalisation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "spdx"),
    [
        # Valid and deprecated SPDX ids and expressions.
        ("MIT", "MIT"),
        ("mit or apache-2.0", "MIT OR Apache-2.0"),
        ("GPL-2.0", "GPL-2.0-only"),
        ("GPL-2.0+", "GPL-2.0-or-later"),
        ("GPL-3.0+", "GPL-3.0-or-later"),
        ("LGPL-2.1+", "LGPL-2.1-or-later"),
        ("AGPL-3.0", "AGPL-3.0-only"),
        ("GPL-2.0-with-classpath-exception", "GPL-2.0-only WITH Classpath-exception-2.0"),
        (
            "GPL-2.0-or-later WITH Classpath-exception-2.0",
            "GPL-2.0-or-later WITH Classpath-exception-2.0",
        ),
        ("LicenseRef-Acme-EULA OR MIT", "LicenseRef-Acme-EULA OR MIT"),
        # Free-text names.
        ("Apache License 2.0", "Apache-2.0"),
        ("Apache License, Version 2.0", "Apache-2.0"),
        ("Apache 2", "Apache-2.0"),
        ("Apache-2", "Apache-2.0"),
        ("BSD 3-Clause", "BSD-3-Clause"),
        ("New BSD License", "BSD-3-Clause"),
        ("GPLv3", "GPL-3.0-only"),
        ("GPL (>= 2)", "GPL-2.0-or-later"),
        ("MIT License", "MIT"),
        ("The MIT License (MIT)", "MIT"),
        ("ISC License", "ISC"),
        ("MPL 2.0", "MPL-2.0"),
        ("AGPLv3", "AGPL-3.0-only"),
        ("Unlicense", "Unlicense"),
        ("The Unlicense", "Unlicense"),
        ("CC0", "CC0-1.0"),
        ("Eclipse Public License - v 2.0", "EPL-2.0"),
        ("European Union Public Licence 1.2", "EUPL-1.2"),
        ("Apache 2.0 or MIT", "Apache-2.0 OR MIT"),
        ("MIT/Apache-2.0", "MIT OR Apache-2.0"),
        # Names that stand for no single SPDX license.
        ("BSD", None),
        ("GPL", None),
        ("GNU General Public License", None),
        ("CDDL", None),
        ("Public Domain", None),
        ("Proprietary", None),
        ("UNLICENSED", None),
        ("Commercial", None),
        ("See LICENSE", None),
        ("MIT WITH Apache-2.0", None),
        ("MIT OR", None),
        ("(MIT", None),
        ("", None),
        ("   ", None),
        ("Permission is hereby granted, free of charge, " * 20, None),
    ],
)
def test_it_normalises_declared_names_to_spdx(raw: str, spdx: str | None) -> None:
    assert normalise_license(raw) == spdx


@pytest.mark.parametrize(
    ("classifier", "spdx"),
    [
        ("License :: OSI Approved :: MIT License", "MIT"),
        ("License :: OSI Approved :: Apache Software License", None),
        ("License :: OSI Approved :: BSD License", None),
        ("License :: OSI Approved :: GNU General Public License v3 (GPLv3)", "GPL-3.0-only"),
        (
            "License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)",
            "LGPL-3.0-or-later",
        ),
        ("License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)", "MPL-2.0"),
        ("License :: OSI Approved :: ISC License (ISCL)", "ISC"),
        ("License :: OSI Approved :: Python Software Foundation License", "PSF-2.0"),
        ("License :: OSI Approved :: The Unlicense (Unlicense)", "Unlicense"),
        ("License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication", "CC0-1.0"),
        ("License :: OSI Approved :: Blue Oak Model License (BlueOak-1.0.0)", "BlueOak-1.0.0"),
        ("License :: OSI Approved", None),
        ("License :: Public Domain", None),
        ("License :: Other/Proprietary License", None),
    ],
)
def test_it_maps_trove_classifiers_to_spdx(classifier: str, spdx: str | None) -> None:
    assert normalise_license(classifier) == spdx


# --- Which files are manifests -----------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "package.json",
        "web/Package.JSON",
        "pyproject.toml",
        "lib/PKG-INFO",
        "x.dist-info/METADATA",
        "Cargo.toml",
        "pom.xml",
        "src/App/App.csproj",
        "Acme.nuspec",
        "Directory.Build.props",
        "rails.gemspec",
        "DESCRIPTION",
        "aeson.cabal",
        "publiccode.yaml",
        "mix.exs",
        "META.json",
        "conanfile.py",
        "windows\\setup.py",
    ],
)
def test_it_recognises_manifests_by_name(path: str) -> None:
    assert is_manifest(path)


@pytest.mark.parametrize(
    "path",
    ["README.md", "package.json.bak", "LICENSE", ".csproj", "pubspec.yaml", "go.mod", "src/x.py"],
)
def test_it_does_not_take_other_files_for_manifests(path: str) -> None:
    assert not is_manifest(path)
    assert declared_licenses(path, b'{"license": "MIT"}') == []


def test_manifest_names_are_lower_case_file_names() -> None:
    assert "package.json" in MANIFEST_NAMES
    assert ".csproj" in MANIFEST_SUFFIXES
    assert all(name == name.casefold() and "/" not in name for name in MANIFEST_NAMES)


GARBAGE = [
    bytes(range(256)) * 4,
    b"\xff\xfe\x00\x00" + "license = MIT".encode("utf-16"),
    b"\x00" * 64,
    b"{[(<" * 5000,
]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pyproject.toml", "a = " + "[" * 100_000),
        ("Cargo.toml", "a = " + "{ b = " * 100_000),
        ("publiccode.yml", "[" * 100_000),
        ("META.yml", "a:\n" + "".join(" " * n + "b:\n" for n in range(1, 3000))),
        ("pom.xml", "<a>" * 100_000),
        ("App.csproj", "<a>" * 100_000 + "</a>" * 100_000),
    ],
)
def test_deeply_nested_manifests_declare_nothing(name: str, text: str) -> None:
    assert declared(name, text) == []


@pytest.mark.parametrize("content", GARBAGE)
@pytest.mark.parametrize(
    "name", sorted(MANIFEST_NAMES) + [f"x{s}" for s in sorted(MANIFEST_SUFFIXES)]
)
def test_no_manifest_reader_raises_on_garbage(name: str, content: bytes) -> None:
    assert isinstance(declared_licenses(name, content), list)


def test_invalid_utf8_in_a_manifest_does_not_hide_its_license() -> None:
    content = b'{"description": "caf\xe9", "license": "MIT"}'
    assert [f.spdx for f in declared_licenses("package.json", content)] == ["MIT"]

"""Small valid manifests and lockfiles, one or more per file name the scanner reads: the seeds
the property tests mutate."""

from __future__ import annotations

DEPENDENCY_FILES: dict[str, bytes] = {
    "package.json": b"""{"name": "app", "version": "1.0.0", "license": "MIT",
 "dependencies": {"lodash": "^4.17.21", "mylib": "git+https://github.com/u/mylib.git"},
 "devDependencies": {"jest": "29.7.0"}, "workspaces": ["packages/*"]}
""",
    "package-lock.json": b"""{"name": "app", "version": "1.0.0", "lockfileVersion": 3,
 "packages": {
  "": {"name": "app", "dependencies": {"debug": "^4.1.0"}, "devDependencies": {"jest": "^29"}},
  "node_modules/debug": {"version": "4.3.4", "license": "MIT", "dependencies": {"ms": "2.1.3"}},
  "node_modules/ms": {"version": "2.1.3"},
  "node_modules/jest": {"version": "29.7.0", "dev": true}
 },
 "dependencies": {"debug": {"version": "4.3.4", "requires": {"ms": "2.1.3"},
   "dependencies": {"ms": {"version": "2.1.3"}}}}}
""",
    "yarn.lock": b"""# yarn lockfile v1

"@babel/core@^7.24.0", "@babel/core@7.24.0":
  version "7.24.0"
  resolved "https://registry.yarnpkg.com/@babel/core/-/core-7.24.0.tgz"
  dependencies:
    debug "^4.1.0"

debug@^4.1.0:
  version "4.3.4"
""",
    "pnpm-lock.yaml": b"""lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      '@babel/core':
        specifier: 7.24.0
        version: 7.24.0
    devDependencies:
      jest:
        specifier: ^29.7.0
        version: 29.7.0(debug@4.3.4)

packages:

  '@babel/core@7.24.0':
    resolution: {integrity: sha512-a}

snapshots:

  '@babel/core@7.24.0':
    dependencies:
      debug: 4.3.4

  debug@4.3.4: {}
""",
    "requirements.txt": b"""# pinned
django==5.2.1 ; python_version >= "3.11"
requests[socks]>=2.31,<3  # http
-r more-requirements.txt
-e git+https://github.com/u/pkg.git#egg=pkg
./local/pkg
celery==5.4.0 \\
    --hash=sha256:abcdef
""",
    "pyproject.toml": b"""[project]
name = "app"
license = "MIT"
dependencies = ["django>=5.2", "pyyaml==6.0.2"]

[project.optional-dependencies]
test = ["pytest>=8"]

[dependency-groups]
dev = ["ruff", {include-group = "test"}]
test = ["pytest"]

[tool.poetry.dependencies]
python = "^3.11"
flask = {version = "^3.0", optional = true}
""",
    "poetry.lock": b"""[[package]]
name = "django"
version = "5.2.1"
optional = false
python-versions = ">=3.10"

[package.dependencies]
asgiref = ">=3.8.1"

[[package]]
name = "asgiref"
version = "3.8.1"
category = "dev"

[metadata]
lock-version = "2.0"
""",
    "Pipfile.lock": b"""{"_meta": {"hash": {"sha256": "x"}},
 "default": {"django": {"version": "==5.2.1", "hashes": ["sha256:a"]}},
 "develop": {"pytest": {"version": "==8.3.0"}, "local": {"path": "."}}}
""",
    "uv.lock": b"""version = 1

[[package]]
name = "app"
version = "1.0.0"
source = { editable = "." }
dependencies = [{ name = "django" }]

[package.dev-dependencies]
dev = [{ name = "ruff" }]

[[package]]
name = "django"
version = "5.2.1"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "ruff"
version = "0.8.0"
source = { registry = "https://pypi.org/simple" }
""",
    "go.mod": b"""module example.com/unicef/app

go 1.22

require github.com/spf13/cobra v1.8.0

require (
\tgolang.org/x/text v0.14.0 // indirect
\tgithub.com/old/lib v1.0.0
)

replace github.com/old/lib => github.com/new/lib v1.2.0
""",
    "Cargo.toml": b"""[package]
name = "demo"
version = "0.1.0"
license = "MIT OR Apache-2.0"

[dependencies]
serde = { version = "1.0", features = ["derive"] }
rand = "0.8"
helper = { path = "../helper" }

[dev-dependencies]
tokio = { version = "1", optional = true }

[target.'cfg(unix)'.dependencies]
libc = "0.2"
""",
    "Cargo.lock": b"""version = 3

[[package]]
name = "demo"
version = "0.1.0"
dependencies = [
 "serde",
 "rand 0.8.5",
]

[[package]]
name = "rand"
version = "0.8.5"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "serde"
version = "1.0.195"
source = "registry+https://github.com/rust-lang/crates.io-index"
""",
    "composer.lock": b"""{"packages": [{"name": "monolog/monolog", "version": "3.5.0",
  "license": ["MIT"], "require": {"php": ">=8.1"}}],
 "packages-dev": [{"name": "phpunit/phpunit", "version": "10.5.0"}]}
""",
    "pom.xml": b"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.unicef</groupId>
  <artifactId>app</artifactId>
  <version>1.0</version>
  <properties><junit.version>5.10.0</junit.version></properties>
  <licenses><license><name>Apache-2.0</name></license></licenses>
  <dependencies>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <version>${junit.version}</version>
      <scope>test</scope>
    </dependency>
    <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId>
      <version>33.0.0-jre</version></dependency>
  </dependencies>
</project>
""",
    "gradle.lockfile": b"""# This is a Gradle generated file for dependency locking.
com.google.guava:guava:33.0.0-jre=compileClasspath,runtimeClasspath
junit:junit:4.13.2=testCompileClasspath
empty=annotationProcessor
""",
    "buildscript-gradle.lockfile": b"""org.jetbrains.kotlin:kotlin-gradle-plugin:1.9.22=classpath
empty=
""",
    "build.gradle": b"""plugins { id 'java' }
dependencies {
    implementation 'com.google.guava:guava:33.0.0-jre'
    testImplementation group: 'junit', name: 'junit', version: '4.13.2'
    implementation libs.okhttp
    api(project(':core'))
}
""",
    "build.gradle.kts": b"""dependencies {
    implementation("com.squareup.okhttp3:okhttp:4.12.0")
    testImplementation(kotlin("test"))
    implementation(libs.bundles.ktor)
    runtimeOnly(platform("org.springframework.boot:spring-boot-dependencies:3.2.0"))
}
""",
    "gradle/libs.versions.toml": b"""[versions]
okhttp = "4.12.0"

[libraries]
okhttp = { module = "com.squareup.okhttp3:okhttp", version.ref = "okhttp" }
junit = { group = "junit", name = "junit", version = "4.13.2" }

[bundles]
ktor = ["okhttp", "junit"]
""",
    "Gemfile.lock": b"""GEM
  remote: https://rubygems.org/
  specs:
    rails (7.1.2)
      actionpack (= 7.1.2)
    actionpack (7.1.2)

PLATFORMS
  ruby

DEPENDENCIES
  rails (~> 7.1)

BUNDLED WITH
   2.5.3
""",
    "packages.lock.json": b"""{"version": 1, "dependencies": {"net8.0": {
  "Newtonsoft.Json": {"type": "Direct", "requested": "[13.0.3, )", "resolved": "13.0.3"},
  "System.Memory": {"type": "Transitive", "resolved": "4.5.5"}}}}
""",
    "pubspec.lock": b"""packages:
  http:
    dependency: "direct main"
    description:
      name: http
      url: "https://pub.dev"
    source: hosted
    version: "1.1.0"
  test:
    dependency: "direct dev"
    source: hosted
    version: "1.24.0"
sdks:
  dart: ">=3.0.0 <4.0.0"
""",
}

LICENSE_MANIFESTS: dict[str, bytes] = {
    "package.json": DEPENDENCY_FILES["package.json"],
    "composer.json": b'{"name": "u/app", "license": ["MIT", "GPL-2.0-or-later"]}',
    "bower.json": b'{"name": "app", "licenses": [{"type": "MIT"}, "Apache-2.0"]}',
    "pyproject.toml": DEPENDENCY_FILES["pyproject.toml"],
    "setup.cfg": b"[metadata]\nname = app\nlicense = MIT\nlicense_files = LICENSE\n",
    "setup.py": b"from setuptools import setup\nsetup(name='app', license='MIT',\n"
    b"      classifiers=['License :: OSI Approved :: MIT License'])\n",
    "PKG-INFO": b"Metadata-Version: 2.4\nName: app\nLicense-Expression: MIT\n"
    b"Classifier: License :: OSI Approved :: MIT License\n",
    "conanfile.py": b"from conan import ConanFile\nclass App(ConanFile):\n    license = 'MIT'\n",
    "Cargo.toml": DEPENDENCY_FILES["Cargo.toml"],
    "pom.xml": DEPENDENCY_FILES["pom.xml"],
    "Directory.Build.props": b"<Project><PropertyGroup>"
    b"<PackageLicenseExpression>MIT</PackageLicenseExpression></PropertyGroup></Project>",
    "app.csproj": b'<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup>'
    b"<PackageLicenseExpression>Apache-2.0 OR MIT</PackageLicenseExpression>"
    b"<PackageLicenseFile>LICENSE.txt</PackageLicenseFile></PropertyGroup></Project>",
    "app.nuspec": b'<package><metadata><license type="expression">MIT</license>'
    b"</metadata></package>",
    "DESCRIPTION": b"Package: app\nVersion: 1.0\nLicense: GPL (>= 2) | file LICENSE\n",
    "mix.exs": b'defmodule App.MixProject do\n  def project, do: [licenses: ["Apache-2.0"]]\nend\n',
    "app.gemspec": b'Gem::Specification.new do |s|\n  s.licenses = ["MIT", "Ruby"]\nend\n',
    "app.cabal": b"name: app\nlicense: BSD-3-Clause\nlicense-file: LICENSE\n",
    "publiccode.yml": b"publiccodeYmlVersion: '0.4'\nlegal:\n  license: AGPL-3.0-or-later\n",
    "META.json": b'{"name": "App", "license": ["perl_5"], "meta-spec": {"version": 2}}',
    "META.yml": b"name: App\nlicense: perl\ngenerated_by: hand\n",
    "elm.json": b'{"type": "package", "license": "BSD-3-Clause"}',
    "vcpkg.json": b'{"name": "app", "license": "MIT"}',
}

"""Turn the authors of a source document into the forms a reference prints them in.

A source's `author` list holds organisations and persons. An entry written as text
("Human Rights Watch", "Dilnoza Karimova") is printed as written and sorted as
written: the store cannot tell a person from an organisation by its name. An entry
written as a mapping, `{family: Karimova, given: Dilnoza}` (CSL-JSON's shape, which the
importers write for persons), is a person: printed "Dilnoza Karimova" in notes,
inverted "Karimova, Dilnoza" at the head of an entry of the list of sources, and
sorted by the family name. A name with a particle keeps it in `family`
("van den Berg"), and is sorted under it as written.
"""

from __future__ import annotations

from typing import NamedTuple, Union


class Person(NamedTuple):
    """A person's name split as a reference needs it: family name, given names."""

    family: str
    given: str = ""


Name = Union[str, Person]
"""One author: an organisation or a name as written (text), or a person (family and given names)."""


def as_name(value: object) -> Name:
    """Return an author as the store holds it: text, or a Person of a mapping or a `[family, given]` record."""
    if isinstance(value, Person):
        return value
    if isinstance(value, dict):
        return Person(str(value.get("family", "")), str(value.get("given", "")))
    if isinstance(value, (list, tuple)):
        return Person(*value)
    return str(value)


def written(name: Name) -> str:
    """Return the name as a note prints it: "Dilnoza Karimova", "Human Rights Watch"."""
    if isinstance(name, Person):
        return f"{name.given} {name.family}".strip()
    return name


def inverted(name: Name) -> str:
    """Return the name as the list of sources heads an entry with it: "Karimova, Dilnoza" (text as written)."""
    if isinstance(name, Person):
        return f"{name.family}, {name.given}" if name.given else name.family
    return name


def family(name: Name) -> str:
    """Return the part of the name a reference is sorted and shortened by: the family name, else the whole."""
    return name.family if isinstance(name, Person) else name


def sort_key(name: Name) -> tuple[str, str]:
    """Return the key the list of sources sorts by: family name (an organisation's name), then given names."""
    if isinstance(name, Person):
        return (name.family.casefold(), name.given.casefold())
    return (name.casefold(), "")

"""Edit a DOCX in LibreOffice itself, as a partner would, with change recording on; save it as Word 2007 XML.

Run with the system Python that has LibreOffice's UNO bridge (Debian's python3-uno),
not the project's venv:

    /usr/bin/python3 tests/tools/uno_edit.py EDITS.json

EDITS.json holds {"input", "output", "profile" (a folder for a private LibreOffice
profile), "author" (the partner's name, for tracked changes), "edits": [...]}. Each
edit names a bookmark (an anchor of the paper) and works at a character offset from
the start of its paragraph:

- {"op": "insert", "bookmark", "offset", "text"}: type text;
- {"op": "delete", "bookmark", "offset", "length"}: delete characters;
- {"op": "replace", "bookmark", "offset", "length", "text"}: select and retype;
- {"op": "comment", "bookmark", "offset", "length", "text"}: a comment on the words;
- {"op": "paragraph", "bookmark", "text", "style"?}: a new paragraph after the
  bookmark's paragraph (in the style given, e.g. "Heading 1").
- {"op": "note", "index", "text"}: type text at the end of the paper's `index`th
  footnote (from 0).

Prints nothing on success; exits 1 with a message otherwise.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def connect(port, office):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(300):
        if office.poll() is not None:
            sys.exit(f"soffice stopped (exit {office.returncode}) before accepting a connection")
        try:
            return resolver.resolve(f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
        except Exception:  # noqa: BLE001 - not listening yet
            time.sleep(0.2)
    sys.exit("soffice did not accept a connection within 60 s")


def set_author(context, author):
    """Name the user whose changes LibreOffice records (Tools > Options > User Data)."""
    provider = context.ServiceManager.createInstanceWithContext("com.sun.star.configuration.ConfigurationProvider", context)
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess", (prop("nodepath", "/org.openoffice.UserProfile/Data"),))
    given, _, family = author.partition(" ")
    access.setPropertyValue("givenname", given)
    access.setPropertyValue("sn", family)
    access.commitChanges()


def cursor_at(document, edit):
    """Return a text cursor at `offset` characters from the start of the bookmark's paragraph."""
    anchor = document.getBookmarks().getByName(edit["bookmark"]).getAnchor()
    cursor = anchor.getText().createTextCursorByRange(anchor.getStart())
    cursor.gotoStartOfParagraph(False)
    if edit.get("offset"):
        cursor.goRight(edit["offset"], False)
    return cursor


def apply(document, edit):
    op = edit["op"]
    if op == "note":
        text = document.getFootnotes().getByIndex(edit["index"]).getText()
        text.insertString(text.getEnd(), edit["text"], False)
        return
    cursor = cursor_at(document, edit)
    text = cursor.getText()
    if op == "insert":
        text.insertString(cursor, edit["text"], False)
    elif op in ("delete", "replace"):
        cursor.goRight(edit["length"], True)
        cursor.setString(edit.get("text", ""))
    elif op == "comment":
        cursor.goRight(edit["length"], True)
        annotation = document.createInstance("com.sun.star.text.textfield.Annotation")
        annotation.Author = edit.get("author", "")
        annotation.Content = edit["text"]
        text.insertTextContent(cursor, annotation, edit.get("absorb", True))
    elif op == "paragraph":
        cursor.gotoEndOfParagraph(False)
        text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
        if edit.get("style"):
            cursor.ParaStyleName = edit["style"]
            cursor.NumberingStyleName = ""
        text.insertString(cursor, edit["text"], False)
    else:
        sys.exit(f"unknown edit {op!r}")


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        job = json.load(handle)
    profile = f"-env:UserInstallation=file://{job['profile']}"
    # a new profile's first start restarts soffice, which would drop the connection: make the profile first
    subprocess.run(["soffice", "--headless", "--terminate_after_init", profile], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=300, start_new_session=True)
    port = free_port()
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         f"--accept=socket,host=127.0.0.1,port={port};urp;", profile],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        context = connect(port, office)
        set_author(context, job["author"])
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        # the model alone, without a view: LibreOffice 7.4 without its GUI packages aborts when a view shows a comment
        document = context.ServiceManager.createInstanceWithContext("com.sun.star.text.TextDocument", context)
        document.load((prop("URL", uno.systemPathToFileUrl(os.path.abspath(job["input"]))),
                       prop("FilterName", "MS Word 2007 XML")))
        document.RecordChanges = True
        for edit in job["edits"]:
            apply(document, edit)
        document.storeToURL(uno.systemPathToFileUrl(os.path.abspath(job["output"])),
                            (prop("FilterName", "MS Word 2007 XML"),))
        document.close(True)
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - the bridge closes as the office quits
            pass
        office.wait(timeout=60)
    finally:  # soffice is a script starting soffice.bin: end the whole process group
        try:
            os.killpg(office.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        office.wait()


if __name__ == "__main__":
    main()

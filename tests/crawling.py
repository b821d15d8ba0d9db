"""Reading what a response shows a person, whatever its kind: pages, calendar files and PDFs
(whose text is read back out, as a person would read it)."""

import io

from pypdf import PdfReader


def response_text(response):
    if "pdf" in response.get("Content-Type", ""):
        pages = PdfReader(io.BytesIO(response.content)).pages
        return "".join(page.extract_text() for page in pages)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()

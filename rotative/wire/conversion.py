"""From a parsed agency item to the fields of an article page."""

import json

from lxml import html as lxml_html

from rotative.wire.parsing import WireItem, signoff

BLOCK_TAGS = {"p", "ul", "ol"}
HEADING_TAGS = {"h2", "h3", "h4"}


def body_blocks(body_html: str) -> list[dict]:
    """StreamField blocks from the sanitised body: paragraphs, intertitles and quotes."""
    if not body_html.strip():
        return []
    fragments = lxml_html.fragments_fromstring(body_html)
    blocks = []
    for fragment in fragments:
        if isinstance(fragment, str):
            if fragment.strip():
                blocks.append({"type": "paragraph", "value": f"<p>{_escape(fragment.strip())}</p>"})
            continue
        tag = fragment.tag
        if tag in HEADING_TAGS:
            text = fragment.text_content().strip()
            if text:
                blocks.append({"type": "intertitle", "value": text})
        elif tag == "blockquote":
            text = fragment.text_content().strip()
            if text:
                blocks.append({"type": "quote", "value": {"text": text, "attribution": ""}})
        elif tag in BLOCK_TAGS:
            markup = lxml_html.tostring(fragment, encoding="unicode").strip()
            if fragment.text_content().strip():
                blocks.append({"type": "paragraph", "value": markup})
        else:
            text = fragment.text_content().strip()
            if text:
                blocks.append({"type": "paragraph", "value": f"<p>{_escape(text)}</p>"})
    return blocks


def _escape(text: str) -> str:
    from django.utils.html import escape

    return escape(text)


def chapo_and_body(item_description: str, body_html: str) -> tuple[str, str]:
    """The chapô is the agency summary, else the first paragraph (then left out of the body)."""
    # Stored before sign-offs were cut at parsing: an older dispatch drops them here too.
    blocks = body_blocks(signoff.strip_html(body_html)[0])
    chapo = item_description.strip()
    if not chapo:
        for index, block in enumerate(blocks):
            if block["type"] == "paragraph":
                chapo = lxml_html.fromstring(block["value"]).text_content().strip()
                del blocks[index]
                break
    return chapo, json.dumps(blocks)


def agency_of(item: WireItem) -> str:
    return (item.provider or item.creditline or "").strip()[:40]

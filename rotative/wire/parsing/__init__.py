"""Agency wire parsing: a pure function from bytes to typed items.

    from rotative.wire.parsing import parse, WireParseError
    items = parse(data)  # list[WireItem]: a newsMessage may carry several items

`parse` raises only WireParseError, whose `reason` is a French sentence for the wire desk.
"""

from .items import Concept, ItemLink, Picture, Rendition, WireItem, WireParseError
from .parse import parse

__all__ = ["Concept", "ItemLink", "Picture", "Rendition", "WireItem", "WireParseError", "parse"]

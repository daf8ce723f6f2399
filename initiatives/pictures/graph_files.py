"""The city–network–initiative graph as a file for Gephi, Kumu, networkx and the like: GraphML or GEXF 1.2.

Pure, as the pictures are: records in (nodes and edges as plain dataclasses), text out, written piece by piece so
that a large graph is streamed rather than held whole. Nodes have a kind (city, network, initiative, body), a name,
the address of their page and, for cities, a country; edges a kind (membership, participation, initiative-network,
initiative-body), the role, the year, the first quote that sources them and the address of its paragraph.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

NODE_ATTRIBUTES = (("kind", "string"), ("name", "string"), ("url", "string"), ("country", "string"))
EDGE_ATTRIBUTES = (("kind", "string"), ("role", "string"), ("year", "int"), ("quote", "string"), ("source", "string"))
GRAPHML_TYPES = {"string": "string", "int": "int"}
GEXF_TYPES = {"string": "string", "int": "integer"}
CONTENT_TYPES = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml"}


@dataclass(frozen=True)
class FileNode:
    id: str  # "city:los-angeles"
    kind: str
    name: str
    url: str
    country: str = ""


@dataclass(frozen=True)
class FileEdge:
    source: str
    target: str
    kind: str
    role: str
    year: int | None
    quote: str
    source_url: str

    def values(self) -> dict:
        return {"kind": self.kind, "role": self.role, "year": self.year, "quote": self.quote, "source": self.source_url}


def _present(values: dict) -> Iterator[tuple[str, object]]:
    return ((name, value) for name, value in values.items() if value not in (None, ""))


def _node_values(node: FileNode) -> dict:
    return {"kind": node.kind, "name": node.name, "url": node.url, "country": node.country}


def graphml(nodes: Iterable[FileNode], edges: Iterable[FileEdge], description: str) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    yield f"  <desc>{escape(description)}</desc>\n"
    for owner, attributes in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
        for name, kind in attributes:
            yield f'  <key id="{owner}_{name}" for="{owner}" attr.name="{name}" attr.type="{GRAPHML_TYPES[kind]}"/>\n'
    yield '  <graph id="citydip" edgedefault="undirected">\n'
    for node in nodes:
        data = "".join(f'<data key="node_{name}">{escape(str(value))}</data>' for name, value in _present(_node_values(node)))
        yield f"    <node id={quoteattr(node.id)}>{data}</node>\n"
    for number, edge in enumerate(edges):
        data = "".join(f'<data key="edge_{name}">{escape(str(value))}</data>' for name, value in _present(edge.values()))
        yield f'    <edge id="e{number}" source={quoteattr(edge.source)} target={quoteattr(edge.target)}>{data}</edge>\n'
    yield "  </graph>\n</graphml>\n"


def gexf(nodes: Iterable[FileNode], edges: Iterable[FileEdge], description: str) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n'
    yield f"  <meta><creator>citydip</creator><description>{escape(description)}</description></meta>\n"
    yield '  <graph defaultedgetype="undirected" mode="static">\n'
    for owner, attributes in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
        yield f'    <attributes class="{owner}">\n'
        for name, kind in attributes:
            yield f'      <attribute id="{name}" title="{name}" type="{GEXF_TYPES[kind]}"/>\n'
        yield "    </attributes>\n"
    yield "    <nodes>\n"
    for node in nodes:
        values = "".join(f'<attvalue for="{name}" value={quoteattr(str(value))}/>' for name, value in _present(_node_values(node)))
        yield f"      <node id={quoteattr(node.id)} label={quoteattr(node.name)}><attvalues>{values}</attvalues></node>\n"
    yield "    </nodes>\n    <edges>\n"
    for number, edge in enumerate(edges):
        values = "".join(f'<attvalue for="{name}" value={quoteattr(str(value))}/>' for name, value in _present(edge.values()))
        yield (
            f'      <edge id="e{number}" source={quoteattr(edge.source)} target={quoteattr(edge.target)} '
            f"label={quoteattr(edge.role)}><attvalues>{values}</attvalues></edge>\n"
        )
    yield "    </edges>\n  </graph>\n</gexf>\n"


WRITERS = {"graphml": graphml, "gexf": gexf}

"""A fake Elasticsearch node at the client's transport boundary: records what the engine sends
and answers with canned JSON, so the real client (serialisation, bulk helpers, DSL) runs unchanged."""

import json

from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node import NodeApiResponse
from elasticsearch import Elasticsearch


class FakeNode(BaseNode):
    calls: list = []
    routes: dict = {}
    error: Exception | None = None

    def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
        if FakeNode.error is not None:
            raise FakeNode.error
        path = target.split("?")[0]
        bulk = path.endswith("/_bulk")
        decoded = decode(body, lines=bulk)
        FakeNode.calls.append({"method": method, "path": path, "target": target, "body": decoded})
        status, payload = 200, bulk_ok(decoded) if bulk else {"acknowledged": True}
        for (route_method, route_path), answer in FakeNode.routes.items():
            if route_method == method and (path == route_path or path.endswith(route_path)):
                status, payload = answer
        meta = ApiResponseMeta(
            status=status,
            http_version="1.1",
            headers=HttpHeaders({"content-type": "application/json", "x-elastic-product": "Elasticsearch"}),
            duration=0.0,
            node=self.config,
        )
        return NodeApiResponse(meta, json.dumps(payload).encode())


def decode(body, lines=False):
    if not body:
        return None
    text = body.decode()
    if lines:  # bulk: one JSON document a line
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return json.loads(text)


def bulk_ok(lines):
    items = []
    for line in lines or []:
        for op in ("index", "delete"):
            if op in line:
                items.append({op: {"_id": line[op]["_id"], "status": 200, "result": "ok"}})
    return {"took": 1, "errors": False, "items": items}


def fake_client():
    return Elasticsearch("http://es.test:9200", node_class=FakeNode, max_retries=0)


def search_answer(ids, aggregations=None, total=None):
    return (
        200,
        {
            "took": 1,
            "timed_out": False,
            "hits": {
                "total": {"value": len(ids) if total is None else total, "relation": "eq"},
                "hits": [{"_index": "ocop-products", "_id": str(i), "_score": 1.0} for i in ids],
            },
            "aggregations": aggregations or {},
        },
    )

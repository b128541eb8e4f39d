"""The demo's own tools: its seed company and the embedded Redis.

Like sandbox/, not part of the product and outside the production install:
`python3 run.py` starts the embedded Redis and seeds the demo company, the tests
and benches use both; a real install names its Redis in REDIS_URL.
"""

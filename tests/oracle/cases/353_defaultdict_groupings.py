from collections import defaultdict

edges = [("a", "b"), ("a", "c"), ("b", "c"), ("c", "a")]
graph = defaultdict(set)
for src, dst in edges:
    graph[src].add(dst)
print(sorted((k, sorted(v)) for k, v in graph.items()))
tree = defaultdict(lambda: defaultdict(int))
for path in ["x/y", "x/z", "x/y", "w/y"]:
    top, leaf = path.split("/")
    tree[top][leaf] += 1
print({k: dict(v) for k, v in tree.items()})
seen = defaultdict(list, {"pre": [0]})
seen["pre"].append(1)
seen["new"].append(2)
print(seen, seen.get("missing"), "missing" in seen)

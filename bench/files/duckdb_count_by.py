"""DuckDB baseline: events per `type` of a UserALE NDJSON file, printed as {"total": n, "groups": k}.

    python duckdb_count_by.py columns <file>   # read_ndjson with the one column declared (DuckDB reads only it)
    python duckdb_count_by.py auto <file>      # read_json_auto (schema inferred from a sample, then read)
"""
import json
import sys

import duckdb

mode, path = sys.argv[1], sys.argv[2]
con = duckdb.connect()
if mode == "columns":
    source = f"read_ndjson('{path}', columns={{'type': 'VARCHAR'}}, ignore_errors=true)"
else:
    source = f"read_json_auto('{path}', format='newline_delimited', ignore_errors=true)"
rows = con.execute(f"SELECT type, count(*) FROM {source} GROUP BY type").fetchall()
print(json.dumps({"total": sum(r[1] for r in rows), "groups": len(rows)}))

def in_enum($xs): . as $v | any($xs[]; . == $v);
def keys_exact($p; $required):
  if type != "object" then "\($p): expected an object, got \(type)"
  else
    (. as $o | $required[] | . as $k | select($o | has($k) | not) | "\($p): missing required field \"\($k)\""),
    (keys_unsorted[] | select(in_enum($required) | not) | "\($p): unexpected field \"\(.)\"")
  end;
if type != "object" then "report: expected a JSON object, got \(type)"
else
  keys_exact("report"; ["status", "checked_at", "summary", "findings"]),
  (if (.status | in_enum(["ok", "critical", "error"])) then empty else "status: must be ok, critical or error" end),
  (if (.checked_at | type == "string" and test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")) then empty else "checked_at: must be an RFC 3339 UTC time such as 2026-01-31T06:00:00Z" end),
  (if (.summary | type == "string" and length > 0) then empty else "summary: must be a non-empty string" end),
  (if (.findings | type) != "array" then "findings: expected an array"
   else
     (.findings | range(0; length) as $i | .[$i] | "findings[\($i)]" as $p
       | keys_exact($p; ["url", "http_code", "seconds", "severity", "error"]),
         (if type == "object" then
           (if (.severity | in_enum(["ok", "critical", "error"])) then empty else "\($p).severity: must be ok, critical or error" end),
           (if .severity == "error" and .error == null then "\($p).error: must explain the failure when severity is \"error\"" else empty end),
           (if .severity != "error" and .http_code == null then "\($p).http_code: required unless severity is \"error\"" else empty end),
           (if .severity == "ok" and (.http_code | type == "number" and . >= 200 and . < 300 | not) then "\($p).severity: ok needs a 2xx http_code" else empty end)
         else empty end)),
     ((if (.findings | length) == 0 then "error"
       elif any(.findings[]; .severity == "error") then "error"
       elif any(.findings[]; .severity == "critical") then "critical"
       else "ok" end) as $want
       | if (.status | in_enum(["ok", "critical", "error"])) and .status != $want
         then "status: is \(.status | tojson) but the findings require \($want | tojson)" else empty end)
   end)
end

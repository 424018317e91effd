import json
import sys

event = json.load(sys.stdin)
command = event.get("tool_input", {}).get("command", "")
if "echo" in command:
    print(json.dumps({"decision": "deny", "reason": "echo is not allowed"}))
else:
    print(json.dumps({"decision": "approve"}))

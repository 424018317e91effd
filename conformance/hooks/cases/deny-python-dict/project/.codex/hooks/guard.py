import json
import sys

event = json.load(sys.stdin)
if event.get("tool_name") == "Bash":
    print({"decision": "block", "reason": "shell commands are blocked here"})

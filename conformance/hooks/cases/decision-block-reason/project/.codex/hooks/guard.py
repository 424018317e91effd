import json
import sys

event = json.load(sys.stdin)
if event.get("tool_name") == "Bash":
    print(json.dumps({"decision": "block", "reason": "shell commands are blocked here"}))
sys.exit(0)

let input = "";
process.stdin.on("data", (chunk) => {
  input += chunk;
});
process.stdin.on("end", () => {
  const event = JSON.parse(input);
  if (event.tool_name === "Bash") {
    console.log({ decision: "block", reason: "shell commands are blocked here" });
  }
});

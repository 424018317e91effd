process.stdout.write(`${JSON.stringify({ decision: "block" })}\n`);

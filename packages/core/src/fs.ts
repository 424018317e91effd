/** Writes a file through a temporary sibling and a rename, so readers never see half of it. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  // Loaded on first write: only `--fix` and the generators write, and start-up stays light.
  const { default: writeFileAtomicImpl } = await import("write-file-atomic");
  await writeFileAtomicImpl(path, typeof data === "string" ? data : Buffer.from(data));
}

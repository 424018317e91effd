import writeFileAtomicImpl from "write-file-atomic";

/** Writes a file through a temporary sibling and a rename, so readers never see half of it. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await writeFileAtomicImpl(path, typeof data === "string" ? data : Buffer.from(data));
}

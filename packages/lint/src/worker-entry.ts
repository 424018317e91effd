/** The lint worker for runs without plugins (a caller with plugins gives its own script). */
import { serveLintWorker } from "./engine/worker.js";

await serveLintWorker([]);

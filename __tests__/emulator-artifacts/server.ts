/** A loopback server with only the artifact service: enough for the real `@actions/artifact` client. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createArtifactService, runtimeTokenFor, type ArtifactService } from '../../emulator/artifacts/index.ts';

export interface ArtifactServer {
  readonly origin: string;
  readonly service: ArtifactService;
  /** Errors the service's handler failed with: a healthy service has none, whatever clients do. */
  readonly failures: unknown[];
  /** Resolves once every request received so far has been fully handled. */
  settled(): Promise<void>;
  /** Points the client's environment at this server, as the job `jobId` of run `runId`. */
  actAs(runId: number, jobId: number): void;
  close(): Promise<void>;
}

export async function startArtifactServer(blobDir: string): Promise<ArtifactServer> {
  let origin = '';
  const service = createArtifactService({ blobDir, publicUrl: () => origin });
  const failures: unknown[] = [];
  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    // Never leave the handler's promise unhandled: a rejection would fail whatever test runs then.
    const done = service.handle(req, res, new URL(req.url ?? '/', origin)).then(
      (served) => {
        if (!served) res.writeHead(404).end();
      },
      (error: unknown) => {
        failures.push(error);
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      },
    );
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    service,
    failures,
    async settled() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    actAs(runId, jobId) {
      process.env.ACTIONS_RUNTIME_TOKEN = runtimeTokenFor({ owner: 'octo', repo: 'app', runId, jobId });
      process.env.ACTIONS_RESULTS_URL = `${origin}/`;
      process.env.GITHUB_SERVER_URL = 'https://github.localhost';
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

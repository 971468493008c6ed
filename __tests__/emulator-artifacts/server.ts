/** A loopback server with only the artifact service: enough for the real `@actions/artifact` client. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createArtifactService, runtimeTokenFor, type ArtifactService } from '../../emulator/artifacts/index.ts';

export interface ArtifactServer {
  readonly origin: string;
  readonly service: ArtifactService;
  /** Points the client's environment at this server, as the job `jobId` of run `runId`. */
  actAs(runId: number, jobId: number): void;
  close(): Promise<void>;
}

export async function startArtifactServer(blobDir: string): Promise<ArtifactServer> {
  let origin = '';
  const service = createArtifactService({ blobDir, publicUrl: () => origin });
  const server = createServer((req, res) => {
    void service.handle(req, res, new URL(req.url ?? '/', origin)).then((served) => {
      if (!served) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    service,
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

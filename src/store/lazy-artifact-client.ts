/**
 * `@actions/artifact`, loaded on first use. Publish never needs it, and loading it is a large share
 * of the bundle's start-up time and memory; store, collect and cleanup pay for it only when they
 * actually talk to the artifact service.
 */
import type { ArtifactClientPort } from '../ports.ts';

export class LazyArtifactClient implements ArtifactClientPort {
  private client: Promise<ArtifactClientPort> | undefined;

  private load(): Promise<ArtifactClientPort> {
    this.client ??= import('@actions/artifact').then((m) => new m.DefaultArtifactClient() as ArtifactClientPort);
    return this.client;
  }

  async uploadArtifact(
    ...args: Parameters<ArtifactClientPort['uploadArtifact']>
  ): ReturnType<ArtifactClientPort['uploadArtifact']> {
    return (await this.load()).uploadArtifact(...args);
  }

  async listArtifacts(
    ...args: Parameters<ArtifactClientPort['listArtifacts']>
  ): ReturnType<ArtifactClientPort['listArtifacts']> {
    return (await this.load()).listArtifacts(...args);
  }

  async downloadArtifact(
    ...args: Parameters<ArtifactClientPort['downloadArtifact']>
  ): ReturnType<ArtifactClientPort['downloadArtifact']> {
    return (await this.load()).downloadArtifact(...args);
  }

  async deleteArtifact(
    ...args: Parameters<ArtifactClientPort['deleteArtifact']>
  ): ReturnType<ArtifactClientPort['deleteArtifact']> {
    return (await this.load()).deleteArtifact(...args);
  }
}
